import type { Change } from "../../src/domain/plan/changes";
import { protect } from "../../src/operations/protect";
import { createOfficeService } from "../../src/service/officeService";
import { BUSY_PROPERTY } from "../../src/workbook/office/busy";
import { SelectableOfficeWorkbook } from "../../src/workbook/office/selection";
import { WorkbookError } from "../../src/workbook/port";
import { type FakeExcelHost, installFakeExcel } from "../fakes/excel";
import { failure } from "../support/officeFake";

/**
 * Issue 11 items 7, 10 and 11 on the Office path, with two runtimes (task pane and
 * ribbon command) on one fake workbook.
 *
 * Item 10: Office.js documents no lock between two add-in runtimes writing to one
 * workbook (each Excel.run batch runs whole, nothing orders two operations). The
 * marker is LeadFlow's own, so the test interleaves two runtimes on one workbook.
 *
 * Item 11: "Don't call suspendScreenUpdatingUntilNextSync repeatedly (such as in a
 * loop). Repeated calls will cause the Excel window to flicker."
 * (learn.microsoft.com/office/dev/add-ins/excel/performance, "Suspend screen updating")
 * — the fake counts the calls.
 */
const NOW = new Date(2024, 5, 3, 10, 0, 0);

function runtime(host: FakeExcelHost, now?: () => number) {
  const wb = new SelectableOfficeWorkbook({ run: host.run, requirements: host.requirements, ...(now ? { now } : {}) });
  return { wb, service: createOfficeService(() => wb) };
}

/** Holds `wb`'s next apply until `open()` is called; `entered` resolves when it is waiting. */
function pauseNextApply(wb: SelectableOfficeWorkbook) {
  const apply = wb.apply.bind(wb);
  let open!: () => void;
  let entered!: () => void;
  const gate = new Promise<void>((r) => (open = r));
  const waiting = new Promise<void>((r) => (entered = r));
  wb.apply = async (changes: Change[], progress) => {
    wb.apply = apply;
    entered();
    await gate;
    return apply(changes, progress);
  };
  return { open, waiting };
}

async function installed(excelApi = "1.9") {
  const host = installFakeExcel({ excelApi });
  host.state.addSheet("Sheet1");
  const pane = runtime(host);
  await pane.service.install({ locale: "en-US" });
  await pane.service.addSample(60);
  return { host, pane };
}

describe("busy marker: one writer at a time", () => {
  test("while the pane refreshes, the ribbon's refresh and an install are refused in both languages; afterwards they run", async () => {
    const { host, pane } = await installed();
    const ribbon = runtime(host);
    const paused = pauseNextApply(pane.wb);
    const first = pane.service.refresh({ kind: "all" }, () => undefined);
    await paused.waiting;
    expect(host.state.customProperties.has(BUSY_PROPERTY)).toBe(true);

    for (const attempt of [
      () => ribbon.service.refresh({ kind: "all" }, () => undefined),
      () => ribbon.service.install({ locale: "en-US" }),
      () => ribbon.service.newLead({ customer: "Zed" } as never),
    ]) {
      const e = (await failure(attempt())) as WorkbookError;
      expect(e).toBeInstanceOf(WorkbookError);
      expect(e.code).toBe("busy");
      expect(e.message).toContain("LeadFlow is already updating this workbook");
      expect(e.message).toContain("LeadFlow 正在更新此工作簿");
    }
    // A direct write of the other runtime is refused too (the marker is checked before every apply).
    const direct = (await failure(ribbon.wb.apply([{ op: "setProperty", key: "x", value: "y" }]))) as WorkbookError;
    expect(direct.code).toBe("busy");
    expect(host.state.customProperties.has("x")).toBe(false);

    paused.open();
    await first;
    expect(host.state.customProperties.has(BUSY_PROPERTY)).toBe(false);
    await expect(ribbon.service.refresh({ kind: "all" }, () => undefined)).resolves.toBeDefined();
    expect(host.state.customProperties.has(BUSY_PROPERTY)).toBe(false);
  });

  test("the marker is released when the operation fails", async () => {
    const { host, pane } = await installed();
    host.faults = { rejectSync: { at: host.stats.syncs + 6, code: "GeneralException" } };
    await failure(pane.service.refresh({ kind: "all" }, () => undefined));
    host.faults = {};
    expect(host.state.customProperties.has(BUSY_PROPERTY)).toBe(false);
  });

  test("a stale marker (a crashed run) is taken over; a fresh one is not", async () => {
    const { host } = await installed();
    let clock = NOW.getTime();
    const ribbon = runtime(host, () => clock);
    host.state.customProperties.set(BUSY_PROPERTY, JSON.stringify({ owner: "crashed", at: clock - 60_000 }));
    expect(((await failure(ribbon.service.refresh({ kind: "all" }, () => undefined))) as WorkbookError).code).toBe(
      "busy",
    );
    clock += 5 * 60_000; // the claim is now six minutes old
    await expect(ribbon.service.refresh({ kind: "all" }, () => undefined)).resolves.toBeDefined();
    expect(host.state.customProperties.has(BUSY_PROPERTY)).toBe(false);
  });
});

describe("screen updating suspended once per write operation", () => {
  test("a refresh and an add-sample (several applies, many payload chunks) each suspend screen updating once", async () => {
    const { host, pane } = await installed("1.9");
    await protect(pane.wb); // writes now go unprotect → changes → protect: three applies per write
    // Small requests: the writes span many syncs.
    const small = new SelectableOfficeWorkbook({
      run: host.run,
      requirements: host.requirements,
      maxRequestBytes: 60_000,
    });
    const service = createOfficeService(() => small);
    host.resetStats();
    await service.addSample(300);
    expect(host.stats.syncs).toBeGreaterThan(10);
    expect(host.stats.screenUpdatingSuspensions).toBe(1);
    host.resetStats();
    await service.refresh({ kind: "all" }, () => undefined);
    expect(host.stats.syncs).toBeGreaterThan(5);
    expect(host.stats.screenUpdatingSuspensions).toBe(1);
  });
});

describe("install and add sample write through LeadFlow's protection (issue 11 item 7)", () => {
  test("on a workbook LeadFlow protected, add sample and install (upgrade) work and the sheets stay protected", async () => {
    const { host, pane } = await installed("1.8");
    await protect(pane.wb);
    expect(host.state.mustSheet("Leads").protection.on).toBe(true);
    const before = host.state.tableBody("Leads").length;
    await pane.service.addSample(10);
    await pane.service.install({ locale: "en-US" });
    expect(host.state.tableBody("Leads").length).toBe(before + 10);
    expect(host.state.mustSheet("Leads").protection.on).toBe(true);
  });
});
