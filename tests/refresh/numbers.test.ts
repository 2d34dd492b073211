/**
 * Every review number of a small hand-computed case (engine/review.ts), read back
 * from the refreshed workbook's review tables — through both the generic
 * (exceljs) path and the fast zip path.
 */
import { refresh } from "../../src/operations/refresh";
import { FastXlsxPort } from "../../src/workbook/xlsx/package/fastPort";
import type { CellValue } from "../../src/domain/types";
import { buildWorkbook, d, openBytes, rowsByHeader } from "../support/refreshBooks";
import { ROWS } from "./cases";

const NOW = new Date(2024, 5, 1, 18, 0, 0);
const AS_OF = d(2024, 6, 1);

type Rows = Record<string, CellValue>[];
async function reviewTables(bytes: Uint8Array): Promise<Record<string, Rows>> {
  const wb = await openBytes(bytes);
  const names = [
    "ReviewChannels",
    "ReviewFunnel",
    "ReviewBySource",
    "ReviewByIndustry",
    "ReviewByOwner",
    "ReviewByGrade",
    "ReviewSales",
    "ReviewDue",
    "Leads",
    "Conversion",
  ];
  const t = await wb.readTables(names);
  return Object.fromEntries(names.map((n) => [n, rowsByHeader(t.get(n)!.table.headers, t.get(n)!.values)]));
}

const close = (x: CellValue, y: number) => {
  expect(typeof x).toBe("number");
  expect(x as number).toBeCloseTo(y, 9);
};

let source: Uint8Array;
const refreshed: Record<string, Uint8Array> = {};

beforeAll(async () => {
  source = await buildWorkbook(ROWS);
  const generic = await openBytes(source);
  await refresh(generic, { period: { kind: "all" }, asOf: AS_OF, now: NOW });
  refreshed.generic = await generic.toBytes();
  const fast = new FastXlsxPort(source);
  await refresh(fast, { period: { kind: "all" }, asOf: AS_OF, now: NOW });
  refreshed.fast = fast.save();
});

describe.each(["generic", "fast"])("review numbers (%s path)", (path) => {
  let t: Record<string, Rows>;
  beforeAll(async () => {
    t = await reviewTables(refreshed[path]);
  });

  test("channels: leads, valid, converted, rate, average deal, cost per lead, ROI, grade", () => {
    const web = t.ReviewChannels.find((r) => r["渠道"] === "官网注册")!;
    expect([web["线索数"], web["有效线索数"], web["转化数"]]).toEqual([2, 1, 0]);
    expect(web["转化率"]).toBe(0);
    expect(web["平均客单价"]).toBeNull();
    expect(web["投入成本"]).toBe(10000);
    expect(web["单条线索成本"]).toBe(10000);
    expect(web["ROI"]).toBeNull();
    expect(web["渠道评级"]).toBe("差");
    const show = t.ReviewChannels.find((r) => r["渠道"] === "展会推荐")!;
    expect([show["线索数"], show["有效线索数"], show["转化数"]]).toEqual([2, 2, 1]);
    close(show["转化率"], 0.5);
    close(show["平均客单价"], 450000);
    close(show["单条线索成本"], 15000);
    close(show["ROI"], (450000 - 15000) / 15000);
    expect(show["渠道评级"]).toBe("优秀");
    // Every Settings source has a row, even without leads; the total is outside the table.
    expect(t.ReviewChannels).toHaveLength(7);
    expect(t.ReviewChannels.some((r) => r["渠道"] === "合计")).toBe(false);
  });

  test("funnel: entered (skipped stages count as passed), lost, loss rate, pass-through, average days", () => {
    const f = t.ReviewFunnel;
    expect(f.map((r) => r["进入数"])).toEqual([4, 3, 2, 1, 1]);
    expect(f.map((r) => r["流失数"])).toEqual([0, 1, 0, 0, 0]);
    close(f[1]["流失率"], 1 / 3);
    close(f[0]["进入下一阶段比例"], 3 / 4);
    close(f[1]["进入下一阶段比例"], 2 / 3);
    close(f[2]["进入下一阶段比例"], 1 / 2);
    close(f[3]["进入下一阶段比例"], 1);
    expect(f[4]["进入下一阶段比例"]).toBeNull();
    // L3 1,7,10,5; L4 2 and 9 (lost: close − entry); L1 4,4 from the dates Refresh filled.
    close(f[0]["平均停留天数"], (1 + 2 + 4) / 3);
    close(f[1]["平均停留天数"], (7 + 9 + 4) / 3);
    close(f[2]["平均停留天数"], 10);
    close(f[3]["平均停留天数"], 5);
    expect(f[4]["平均停留天数"]).toBeNull();
  });

  test("breakdowns: converted / total leads and average cycle days", () => {
    const src = t.ReviewBySource.find((r) => r["线索来源"] === "展会推荐")!;
    expect([src["线索数"], src["成交数"]]).toEqual([2, 1]);
    close(src["转化率"], 0.5);
    close(src["平均转化周期(天)"], 24);
    const ind = Object.fromEntries(t.ReviewByIndustry.map((r) => [r["所属行业"], [r["线索数"], r["成交数"]]]));
    expect(ind).toMatchObject({ 制造业: [2, 1], IT: [1, 0], 金融: [1, 0], 零售业: [0, 0] });
    const own = Object.fromEntries(t.ReviewByOwner.map((r) => [r["责任人"], [r["线索数"], r["成交数"], r["转化率"]]]));
    expect(own).toEqual({ 王芳: [2, 1, 0.5], 李强: [2, 0, 0] });
    const grade = Object.fromEntries(
      t.ReviewByGrade.map((r) => [r["等级"], [r["线索数"], r["成交数"], r["平均转化周期(天)"]]]),
    );
    expect(grade).toEqual({ A: [1, 1, 24], B: [0, 0, null], C: [3, 0, null], D: [0, 0, null] });
  });

  test("sales review: team and each owner, both metrics", () => {
    const s = Object.fromEntries(t.ReviewSales.map((r) => [`${r["维度"]}|${r["指标"]}`, r]));
    expect(s["团队|新签客户数"]["实际"]).toBe(1);
    expect(s["团队|销售额"]["实际"]).toBe(450000);
    close(s["团队|销售额"]["转化率"], 1 / 3);
    close(s["团队|销售额"]["平均转化周期(天)"], 24);
    close(s["团队|销售额"]["平均客单价"], 450000);
    expect(s["王芳|销售额"]["实际"]).toBe(450000);
    close(s["王芳|新签客户数"]["转化率"], 1 / 2);
    expect(s["李强|新签客户数"]["实际"]).toBe(0);
    expect(s["李强|新签客户数"]["转化率"]).toBe(0);
    expect(s["团队|销售额"]["目标"]).toBeNull();
    expect(t.ReviewSales).toHaveLength(6);
  });

  test("due list: the open overdue lead with its days overdue, grade, owner and next step", () => {
    expect(t.ReviewDue).toHaveLength(1);
    const r = t.ReviewDue[0];
    // Grade C cadence 7 days from the last follow-up on 05-14 → due 05-21, 11 days overdue on 06-01.
    expect([r["线索编号"], r["等级"], r["责任人"], r["逾期天数"], r["下一步计划"], r["联系方式"]]).toEqual([
      "L-1",
      "C",
      "王芳",
      11,
      "电话跟进报价",
      "13800000001",
    ]);
    close(r["应跟进日期"], d(2024, 5, 21));
  });

  test("owned cells: last follow-up, stage since, no-reply run; Conversion copies, filled dates, new rows", () => {
    const l = Object.fromEntries(t.Leads.map((r) => [r["线索编号"], r]));
    close(l["L-1"]["最近跟进"], d(2024, 5, 14, 16, 30));
    close(l["L-1"]["阶段开始"], d(2024, 5, 12));
    expect(l["L-1"]["连续无回应"]).toBe(2);
    expect(l["L-3"]["最近跟进"]).toBeNull();
    close(l["L-3"]["阶段开始"], d(2024, 5, 25));
    expect(l["L-3"]["连续无回应"]).toBe(0);
    const c = t.Conversion;
    expect(c.map((r) => r["线索编号"])).toEqual(["L-3", "L-4", "L-1", "L-2"]);
    expect([c[0]["线索来源"], c[0]["所属行业"], c[0]["责任人"]]).toEqual(["展会推荐", "制造业", "王芳"]);
    close(c[0]["录入时间"], d(2024, 5, 1));
    expect(c[2]["线索来源"]).toBe("官网注册");
    close(c[2]["阶段1进入时间"], d(2024, 5, 4));
    close(c[2]["阶段2进入时间"], d(2024, 5, 8));
    close(c[2]["阶段3进入时间"], d(2024, 5, 12));
    expect(c[2]["阶段4进入时间"]).toBeNull();
    expect(c[3]["阶段1进入时间"]).toBeNull();
  });
});

test("both paths give the same cell values on every sheet", async () => {
  const sheetsOf = async (bytes: Uint8Array) => {
    const wb = await openBytes(bytes);
    const state = await wb.readState();
    const out: Record<string, CellValue[][]> = {};
    for (const s of state.sheets)
      out[s.name] = (await wb.readRange(s.name, "A1:AZ400")).map((r) => r.map((v) => (v === "" ? null : v)));
    return out;
  };
  const g = await sheetsOf(refreshed.generic);
  const f = await sheetsOf(refreshed.fast);
  // The Leads PivotTable's sheet is the package engine's alone (tests/xlsx/pivot.test.ts); its cells are Excel's.
  expect(f["透视"]?.every((r) => r.every((v) => v === null))).toBe(true);
  delete f["透视"];
  expect(Object.keys(f).sort()).toEqual(Object.keys(g).sort());
  for (const name of Object.keys(g)) {
    const rows = Math.max(g[name].length, f[name].length);
    for (let r = 0; r < rows; r++) {
      const a = (g[name][r] ?? []).map((v) => (typeof v === "number" ? Number(v.toPrecision(12)) : v));
      const b = (f[name][r] ?? []).map((v) => (typeof v === "number" ? Number(v.toPrecision(12)) : v));
      while (a.length && a[a.length - 1] === null) a.pop();
      while (b.length && b[b.length - 1] === null) b.pop();
      expect([name, r + 1, b]).toEqual([name, r + 1, a]);
    }
  }
});
