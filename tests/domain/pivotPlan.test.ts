/**
 * The Leads PivotTable as plan data (src/domain/plan/pivot.ts): the default layout (source on
 * rows, status on columns, count of lead IDs) over the headers as the Leads table spells them.
 */
import { tableDefs } from "../../src/domain/fields/definitions";
import { PIVOT_NAME, planPivot } from "../../src/domain/plan/pivot";

const LEADS = tableDefs(6).Leads;

describe("planPivot", () => {
  test("a Chinese workbook: 透视, 线索来源 × 线索状态, 线索数 counting 线索编号", () => {
    const headers = ["线索编号", "客户名称", "线索来源", "线索状态", "负责人"];
    expect(planPivot({ headers }, LEADS, "zh-CN")).toEqual({
      op: "pivotTable",
      name: PIVOT_NAME,
      sheet: "透视",
      topLeft: "A3",
      sourceTable: "Leads",
      rows: ["线索来源"],
      columns: ["线索状态"],
      values: [{ column: "线索编号", caption: "线索数", summarizeBy: "count" }],
    });
  });

  test("an English workbook: Pivot, Source × Status, Lead count", () => {
    const c = planPivot({ headers: ["Lead ID", "Customer", "Source", "Status"] }, LEADS, "en-US");
    expect(c).toMatchObject({
      sheet: "Pivot",
      rows: ["Source"],
      columns: ["Status"],
      values: [{ column: "Lead ID", caption: "Lead count", summarizeBy: "count" }],
    });
  });

  test("the table's own headers, whatever the language chosen now (a Chinese workbook refreshed in English)", () => {
    const c = planPivot({ headers: ["线索编号", " 线索来源 ", "线索状态"] }, LEADS, "en-US");
    expect(c).toMatchObject({ sheet: "Pivot", rows: [" 线索来源 "], columns: ["线索状态"] });
    expect(c && c.op === "pivotTable" && c.values[0]!.column).toBe("线索编号");
  });

  test("no Leads table, or one without a column of the layout: no PivotTable", () => {
    expect(planPivot(undefined, LEADS, "zh-CN")).toBeNull();
    expect(planPivot({ headers: ["线索编号", "线索来源"] }, LEADS, "zh-CN")).toBeNull();
    expect(planPivot({ headers: ["线索来源", "线索状态"] }, LEADS, "zh-CN")).toBeNull();
  });
});
