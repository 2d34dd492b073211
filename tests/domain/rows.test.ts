import { tableDefs } from "../../src/domain/fields/definitions";
import { serialFromYmd } from "../../src/domain/parse/dates";
import {
  bookFromTables,
  headerIndex,
  parseChannelCosts,
  parseConversion,
  parseFollowUps,
  parseLeads,
} from "../../src/domain/rows";

const defs = tableDefs(5);
const zhHeaders = (name: keyof typeof defs) => defs[name].fields.map((f) => f.header.zh);

describe("headerIndex", () => {
  test("matches zh or en headers, trimmed; ignores unknown headers; lists missing keys", () => {
    const { index, missing } = headerIndex(defs.ChannelCosts, [" Channel ", "备注", "投入成本(元)"]);
    expect([...index.entries()]).toEqual([
      ["channel", 0],
      ["cost", 2],
    ]);
    expect(missing).toEqual(["period"]);
  });
  test("the first of two equal headers wins; blank headers never match", () => {
    const { index } = headerIndex(defs.ChannelCosts, ["", "渠道名称", "渠道名称", null]);
    expect(index.get("channel")).toBe(1);
  });
  test("every field of every table finds its own column by either header", () => {
    for (const def of Object.values(defs)) {
      for (const locale of ["zh", "en"] as const) {
        const { index, missing } = headerIndex(
          def,
          def.fields.map((f) => f.header[locale]),
        );
        expect(missing).toEqual([]);
        def.fields.forEach((f, i) => expect(index.get(f.key)).toBe(i));
      }
    }
  });
});

describe("parse rows", () => {
  test("leads: text trimmed, dates as serials or Dates, missing columns blank, row numbers kept", () => {
    const headers = ["线索编号", "客户名称", "联系方式", "录入时间", "预计成交时间", "多余的列", "预算范围"];
    const leads = parseLeads({
      headers,
      firstRow: 5,
      values: [
        ["线索-20240501-001", "  华东机械\u3000", 13812345678, 45413 + 9.5 / 24, 45444, "x", "50万以上"],
        [null, "", null, null, null, "only in an unknown column", ""],
        ["线索-20240501-002", "某公司", "010-12345678", "不是日期", new Date(2024, 5, 1), null, null],
      ],
    });
    expect(leads).toHaveLength(2);
    expect(leads[0]).toMatchObject({
      row: 5,
      leadId: "线索-20240501-001",
      customer: "华东机械",
      phone: "13812345678",
      createdAt: serialFromYmd(2024, 5, 1, 9, 30),
      expectedClose: serialFromYmd(2024, 6, 1),
      budget: "50万以上",
      status: "",
      stage: "",
    });
    expect(leads[1]).toMatchObject({ row: 7, createdAt: null, expectedClose: serialFromYmd(2024, 6, 1) });
  });
  test("a date typed as text is not a date in a workbook (the formulas' ISNUMBER sees blank): read as null", () => {
    const headers = ["线索编号", "客户名称", "录入时间", "预计成交时间"];
    const [lead] = parseLeads({
      headers,
      firstRow: 2,
      values: [["线索-20240501-001", "华东机械", "2024/5/1 9:30", "2024-06"]],
    });
    expect(lead).toMatchObject({ customer: "华东机械", createdAt: null, expectedClose: null });
    const [f] = parseFollowUps({
      headers: ["Lead ID", "Date", "Due"],
      firstRow: 2,
      values: [["L-1", "2024-05-01", "45415"]],
    });
    expect(f).toMatchObject({ at: null, dueDate: null });
  });
  test("a blank row is skipped even when calculated columns show values in it", () => {
    const headers = zhHeaders("Leads");
    const blank = headers.map((h) => (h === "评分" ? 0 : h === "等级" ? "C" : h === "跟进提醒" ? "" : null));
    const typed = headers.map((h) => (h === "客户名称" ? "某公司" : null));
    const leads = parseLeads({ headers, firstRow: 2, values: [blank, typed] });
    expect(leads.map((l) => [l.row, l.customer])).toEqual([[3, "某公司"]]);
  });
  test("follow-ups", () => {
    const [f] = parseFollowUps({
      headers: ["Lead ID", "Date", "Feedback", "Due"],
      firstRow: 2,
      values: [["L-1", 45413.5, " 无回应 ", new Date(2024, 4, 3)]],
    });
    expect(f).toMatchObject({
      row: 2,
      leadId: "L-1",
      at: 45413.5,
      feedback: "无回应",
      dueDate: serialFromYmd(2024, 5, 3),
      method: "",
    });
  });
  test("conversion: stage dates by number (text is blank), amounts like 45万", () => {
    const headers = zhHeaders("Conversion");
    const row = headers.map(() => null as string | number | null);
    const put = (key: string, v: string | number) => (row[defs.Conversion.fields.findIndex((f) => f.key === key)] = v);
    put("leadId", "L-1");
    put("stage1At", serialFromYmd(2024, 5, 2));
    put("stage2At", "2024-05-03");
    put("stage3At", 45422);
    put("result", "成功");
    put("amount", "45万");
    put("closedAt", "2024.05.25");
    const [c] = parseConversion({ headers, firstRow: 2, values: [row] }, 5);
    expect(c.stageAt).toEqual([serialFromYmd(2024, 5, 2), null, 45422, null, null]);
    expect(c).toMatchObject({ amount: 450000, result: "成功", closedAt: null });
    // A 6-stage table reads six dates; a column it lacks reads blank.
    const [six] = parseConversion({ headers, firstRow: 2, values: [row] }, 6);
    expect(six.stageAt).toHaveLength(6);
    expect(six.stageAt[5]).toBeNull();
  });
  test("channel costs: a period Excel turned into a date reads as its month; a bad cost is null", () => {
    const costs = parseChannelCosts({
      headers: zhHeaders("ChannelCosts"),
      firstRow: 2,
      values: [
        ["展会推荐", new Date(2024, 4, 1), "10万"],
        ["官网注册", serialFromYmd(2024, 6, 1), 500],
        ["其他", "2024-Q2", "-5"],
      ],
    });
    expect(costs.map((c) => [c.period, c.cost])).toEqual([
      ["2024-05", 100000],
      ["2024-06", 500],
      ["2024-Q2", null],
    ]);
  });
  test("bookFromTables: missing tables read as empty", () => {
    const b = bookFromTables(
      { ChannelCosts: { headers: zhHeaders("ChannelCosts"), firstRow: 2, values: [["展会推荐", "2024-05", 1]] } },
      5,
    );
    expect(b.leads).toEqual([]);
    expect(b.channelCosts).toHaveLength(1);
  });
});
