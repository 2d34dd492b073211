/**
 * The Dashboard sheet on the file path (issue 14 item 6): `leadflow refresh
 * --json` run as a user runs it (the built command in a child process) on a
 * real .xlsx built for each hand-computed case, the dashboard read back from
 * the saved file with an independent reader (the exceljs-based test adapter), and the `dashboard`
 * key of the JSON. Also: the sheet comes first among the review sheets, in a
 * new workbook and in one refreshed before the dashboard existed.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { strFromU8, strToU8, unzipSync, zipSync } from "fflate";
import { computeAll } from "../../src/domain/engine";
import { bookFromTables } from "../../src/domain/rows";
import { defaultSettings } from "../../src/domain/settings/defaults";
import { planReview, reviewSheetTables } from "../../src/domain/plan/reviewSheets";
import { chooseReviewSheets } from "../../src/domain/plan/sheets";
import { refresh } from "../../src/operations/refresh";
import { FastXlsxPort } from "../../src/workbook/xlsx/package/fastPort";
import { XlsxWorkbook } from "../support/exceljs";
import { buildWorkbook } from "../support/refreshBooks";
import { AS_OF, CASES, KPI_ROWS, TODAY, type DashboardCase } from "./cases";

const ROOT = join(__dirname, "..", "..");

function leadflow(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(ROOT, "bin", "leadflow.js"), ...args], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 180000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The sheet names in workbook order, from xl/workbook.xml. */
function sheetOrder(bytes: Uint8Array): string[] {
  const wb = strFromU8(unzipSync(bytes)["xl/workbook.xml"]!);
  return [...wb.matchAll(/<sheet\b[^>]*\bname="([^"]*)"/g)].map((m) => m[1]!);
}

const INSTALL_SHEETS = ["线索信息", "跟进记录", "转化分析", "渠道投入", "配置", "字段说明"];

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "leadflow-dashboard-"));
  execFileSync(process.execPath, [join(ROOT, "scripts", "build-cli.mjs")], { cwd: ROOT });
}, 120000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(CASES.map((c) => [c.name, c] as [string, DashboardCase]))("refresh --json on a file: %s", (name, c) => {
  let json: { dashboard: { period: string; kpis: { key: string; value: unknown }[]; findings: { text: string }[] } };
  let wb: XlsxWorkbook;
  let kpiHeaders: string[];
  let findingHeaders: string[];
  let head: unknown[][];
  let kpis: { label: unknown; value: unknown; format: string }[];
  let findings: unknown[];
  let bytes: Uint8Array;

  beforeAll(async () => {
    const path = join(dir, `${name.replace(/[^a-z]+/gi, "-")}.xlsx`);
    writeFileSync(path, await buildWorkbook(c.rows));
    const r = leadflow(["refresh", path, "--today", TODAY, "--json"]);
    expect(r.stderr).toMatch(/100% done/);
    expect(r.code).toBe(0);
    json = JSON.parse(r.stdout.trim());
    bytes = new Uint8Array(readFileSync(path));
    wb = await XlsxWorkbook.fromBytes(bytes, { label: "dashboard.xlsx" });
    const t = await wb.readTables(["ReviewDashboard", "ReviewFindings"]);
    const kt = t.get("ReviewDashboard")!;
    const ft = t.get("ReviewFindings")!;
    expect([kt.table.sheet, kt.table.address.split(":")[0], ft.table.sheet, ft.table.address.split(":")[0]]).toEqual([
      "看板",
      "A6",
      "看板",
      "D6",
    ]);
    kpiHeaders = kt.table.headers;
    findingHeaders = ft.table.headers;
    kpis = kt.values.map((r, i) => ({
      label: r[0],
      value: r[1],
      format: wb.numberFormat("看板", `B${kt.firstRow + i}`),
    }));
    findings = ft.values.map((r) => r[0]).filter((v) => v !== null && v !== "");
    head = await wb.readRange("看板", "A1:B4");
  }, 120000);

  test("the KPI table: labels, hand-computed values, number formats (counts, %, money, days)", () => {
    expect(kpiHeaders).toEqual(["指标", "数值"]);
    expect(kpis).toEqual(KPI_ROWS.map(([key, label, format]) => ({ label, value: c.kpis[key], format })));
  });

  test("the findings table: the engine's sentences in the workbook's language, one a row", () => {
    expect(findingHeaders).toEqual(["发现"]);
    expect(findings).toEqual(c.findings);
  });

  test("the title names the period and the as-of date", () => {
    expect(head[0]![0]).toBe("看板（全部，截至 2024-06-30）");
    expect(head[1]).toEqual(["统计周期", "全部"]);
    expect(head[2]![0]).toBe("截至日期");
  });

  test("refresh --json has the key dashboard with the same KPIs and findings", () => {
    expect(json.dashboard.period).toBe("全部");
    expect(Object.fromEntries(json.dashboard.kpis.map((k) => [k.key, k.value]))).toEqual(c.kpis);
    expect(json.dashboard.findings.map((f) => f.text)).toEqual(c.findings);
  });

  test("the dashboard is the first review sheet, right after the input sheets", () => {
    const order = sheetOrder(bytes);
    expect(order.slice(0, 7)).toEqual([...INSTALL_SHEETS, "看板"]);
    expect(order.indexOf("看板")).toBeLessThan(order.indexOf("渠道效果"));
  });
});

describe("a workbook refreshed before the dashboard existed", () => {
  /**
   * The review sheets as the previous version wrote them (no dashboard), and a
   * user's sheet after them with a print area: a sheet-scoped name, whose
   * localSheetId is the sheet's position in the workbook (ECMA-376 Part 1,
   * §18.2.5 definedName: "localSheetId … the sheet index in this workbook"),
   * and the workbook view's active tab on it (§18.2.30 workbookView activeTab).
   */
  async function previousVersionFile(): Promise<Uint8Array> {
    const port = new FastXlsxPort(await buildWorkbook(CASES[4]!.rows));
    const state = await port.readState();
    const settings = defaultSettings("zh-CN");
    const tables = await port.readTables(["Leads", "FollowUps", "Conversion", "ChannelCosts"]);
    const raw = Object.fromEntries(
      [...tables].map(([n, t]) => [n, { headers: t.table.headers, values: t.values, firstRow: t.firstRow }]),
    );
    const result = computeAll(bookFromTables(raw, 5), settings, { period: { kind: "all" }, asOf: AS_OF });
    const chosen = chooseReviewSheets(state, "zh-CN", reviewSheetTables());
    await port.apply([
      ...planReview({
        review: result.review,
        locale: "zh-CN",
        asOf: AS_OF,
        refreshedAt: AS_OF,
        hideContacts: false,
        sheetNames: chosen.names,
      }),
      ...chosen.changes,
      { op: "ensureSheet", sheet: "我的报表" },
      { op: "writeCells", sheet: "我的报表", topLeft: "A1", cells: [["我的数字", 42]] },
    ]);
    const files = unzipSync(port.save());
    const order = sheetOrder(zipSync(files));
    const mine = order.indexOf("我的报表");
    let wb = strFromU8(files["xl/workbook.xml"]!);
    const name = `<definedName name="_xlnm.Print_Area" localSheetId="${mine}">'我的报表'!$A$1:$B$1</definedName>`;
    wb = wb.includes("<definedNames>")
      ? wb.replace("<definedNames>", `<definedNames>${name}`)
      : wb.replace("</sheets>", `</sheets><definedNames>${name}</definedNames>`);
    // The user left the workbook on their own sheet.
    wb = wb
      .replace(/<bookViews>[\s\S]*?<\/bookViews>/, "")
      .replace("<sheets>", `<bookViews><workbookView activeTab="${mine}"/></bookViews><sheets>`);
    files["xl/workbook.xml"] = strToU8(wb);
    return zipSync(files);
  }

  test("the new dashboard goes in front of the review sheets; a user's sheet-scoped name keeps its sheet", async () => {
    const before = await previousVersionFile();
    const oldOrder = sheetOrder(before);
    expect(oldOrder).not.toContain("看板");
    expect(oldOrder.slice(6)).toEqual(["渠道效果", "阶段漏斗", "转化拆分", "销售效果评估", "待跟进", "我的报表"]);

    const port = new FastXlsxPort(before);
    await refresh(port, { period: { kind: "all" }, asOf: AS_OF, now: new Date(2024, 5, 30, 18) });
    const after = port.save();
    const order = sheetOrder(after);
    // Sheets the issue 14 refresh adds besides the dashboard go at the end.
    expect(order.slice(6)).toEqual([
      "看板",
      "渠道效果",
      "阶段漏斗",
      "转化拆分",
      "销售效果评估",
      "待跟进",
      "我的报表",
      "流失分析",
      "趋势",
      "预测",
      "评分复盘",
      "透视",
    ]);
    const wb = strFromU8(unzipSync(after)["xl/workbook.xml"]!);
    const localSheetId = Number(/name="_xlnm\.Print_Area" localSheetId="(\d+)"/.exec(wb)![1]);
    expect(order[localSheetId]).toBe("我的报表");
    expect(order[Number(/<workbookView\b[^>]*activeTab="(\d+)"/.exec(wb)![1])]).toBe("我的报表");

    // The next refresh finds its dashboard and moves nothing.
    const again = new FastXlsxPort(after);
    await refresh(again, { period: { kind: "all" }, asOf: AS_OF, now: new Date(2024, 5, 30, 19) });
    expect(sheetOrder(again.save())).toEqual(order);
  });
});
