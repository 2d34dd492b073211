/**
 * Refresh records when it ran and for which period in the workbook (issue 15
 * item 5): two custom document properties the pane reads when it opens. On the
 * file path: `leadflow refresh` on a real .xlsx, then the properties read back
 * from the saved file; on the Office path: the operation over the fake Excel
 * object model, then a new service (a reopened pane) reads them.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { nowSerial } from "../../src/operations/context";
import {
  PROPERTY_REFRESHED_AT,
  PROPERTY_REFRESHED_PERIOD,
  readRefreshRecord,
} from "../../src/domain/plan/refreshRecord";
import { FastXlsxPort } from "../../src/workbook/xlsx/package/fastPort";
import { install } from "../../src/operations/install";
import { refresh } from "../../src/operations/refresh";
import { createOfficeService } from "../../src/service/officeService";
import { SelectableOfficeWorkbook } from "../../src/workbook/office/selection";
import { uninstallFakeExcel } from "../fakes/excel";
import { officeOnFake } from "../support/officeFake";

const ROOT = join(__dirname, "..", "..");

function leadflow(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(ROOT, "bin", "leadflow.js"), ...args], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 180000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

async function properties(path: string): Promise<Record<string, string>> {
  const port = new FastXlsxPort(new Uint8Array(readFileSync(path)));
  return (await port.readState()).properties;
}

describe("the .xlsx path: leadflow refresh records its time and period", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "leadflow-refresh-record-"));
    spawnSync(process.execPath, [join(ROOT, "scripts", "build-cli.mjs")], { cwd: ROOT });
  }, 120000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("a fresh workbook has no record; after refresh --period 2024-06 it has the time and the period", async () => {
    const path = join(dir, "w.xlsx");
    expect(leadflow(["init", path, "--sample", "20", "--seed", "5"]).code).toBe(0);
    expect(readRefreshRecord(await properties(path))).toBeNull();

    const before = nowSerial(new Date());
    const r = leadflow(["refresh", path, "--period", "2024-06"]);
    expect(r.code).toBe(0);
    const after = nowSerial(new Date());

    const props = await properties(path);
    expect(props[PROPERTY_REFRESHED_PERIOD]).toBe("2024-06");
    const record = readRefreshRecord(props)!;
    expect(record.period).toEqual({ kind: "month", year: 2024, month: 6 });
    // The time the command ran, as an Excel serial (local date and time).
    expect(record.refreshedAt).toBeGreaterThanOrEqual(before - 1e-6);
    expect(record.refreshedAt).toBeLessThanOrEqual(after + 1e-6);
  }, 180000);

  test("a second refresh (all time) replaces the record", async () => {
    const path = join(dir, "w2.xlsx");
    expect(leadflow(["init", path, "--sample", "5", "--seed", "2"]).code).toBe(0);
    expect(leadflow(["refresh", path, "--period", "2024-Q2"]).code).toBe(0);
    expect((await properties(path))[PROPERTY_REFRESHED_PERIOD]).toBe("2024-Q2");
    expect(leadflow(["refresh", path]).code).toBe(0);
    const record = readRefreshRecord(await properties(path))!;
    expect(record.period).toEqual({ kind: "all" });
  }, 180000);
});

describe("the Office path: the refresh plan sets the properties; a reopened pane reads them", () => {
  afterEach(() => uninstallFakeExcel());

  test("refresh, then a new service over the same workbook says when and for which period", async () => {
    const { host } = officeOnFake();
    const wb = new SelectableOfficeWorkbook({ run: host.run, requirements: host.requirements });
    await install(wb, { locale: "en-US" });
    const now = new Date(2025, 5, 30, 10, 30);
    const result = await refresh(wb, { period: { kind: "quarter", year: 2025, quarter: 2 }, now });
    expect(result.changes).toEqual(
      expect.arrayContaining([
        { op: "setProperty", key: PROPERTY_REFRESHED_AT, value: String(nowSerial(now)) },
        { op: "setProperty", key: PROPERTY_REFRESHED_PERIOD, value: "2025-Q2" },
      ]),
    );
    // A pane opened afterwards (nothing cached in it) reads the record from the workbook.
    const reopened = createOfficeService(() => wb);
    expect(await reopened.lastRefreshed()).toBe(nowSerial(now));
    expect(await reopened.lastRefresh()).toEqual({
      refreshedAt: nowSerial(now),
      period: { kind: "quarter", year: 2025, quarter: 2 },
    });
  });
});
