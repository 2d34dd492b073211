/** The review-sheet planner on a hand-made Review: layout, names, headers, formats, text safety. */
import type { Review } from "../../src/domain/engine";
import type { Change } from "../../src/domain/plan/changes";
import { planReview, reviewJson, REVIEW_TABLES } from "../../src/domain/plan/reviewSheets";
import { formatDate } from "../../src/domain/parse/dates";

function review(): Review {
  return {
    period: "2024-Q2",
    asOf: 45450,
    channels: [
      {
        channel: '=HYPERLINK("x")',
        source: '=HYPERLINK("x")',
        isTotal: false,
        leads: 4,
        valid: 3,
        converted: 1,
        conversionRate: 1 / 3,
        avgDeal: 1000,
        cost: 300,
        costPerLead: 100,
        roi: 9,
        grade: "优秀",
      },
      {
        channel: "合计",
        source: "",
        isTotal: true,
        leads: 4,
        valid: 3,
        converted: 1,
        conversionRate: 1 / 3,
        avgDeal: 1000,
        cost: 300,
        costPerLead: 100,
        roi: 9,
        grade: "优秀",
      },
    ],
    funnel: [
      { stage: 1, stageName: "初步接洽", entered: 4, lost: 1, lossRate: 0.25, passThrough: null, avgDays: null },
    ],
    bySource: [{ value: "官网注册", key: "官网注册", leads: 4, converted: 1, conversionRate: 0.25, avgCycleDays: 10 }],
    byIndustry: [],
    byOwner: [{ value: "+86 王芳", key: "+86 王芳", leads: 4, converted: 1, conversionRate: 0.25, avgCycleDays: null }],
    byGrade: [],
    sales: [],
    due: [
      {
        leadId: "线索-20240501-001",
        customer: "@客户",
        owner: "王芳",
        grade: "A",
        nextDue: 45440,
        daysOverdue: 10,
        alert: "逾期10天",
        nextStep: "-报价",
        phone: "13812345678",
        row: 2,
        dormant: false,
      },
    ],
  };
}

const tables = (changes: Change[]) =>
  changes.filter((c): c is Extract<Change, { op: "replaceTable" }> => c.op === "replaceTable");

describe("planReview", () => {
  test("every block becomes a table with its stable name on its sheet, headers localized", () => {
    const zh = tables(
      planReview({ review: review(), locale: "zh-CN", asOf: 45450, refreshedAt: 45450.5, hideContacts: false }),
    );
    expect(zh.map((t) => [t.table, t.sheet, t.topLeft])).toEqual([
      ["ReviewChannels", "渠道效果", "A6"],
      ["ReviewFunnel", "阶段漏斗", "A6"],
      ["ReviewBySource", "转化拆分", "A6"],
      ["ReviewByIndustry", "转化拆分", "G6"],
      ["ReviewByOwner", "转化拆分", "M6"],
      ["ReviewByGrade", "转化拆分", "S6"],
      ["ReviewSales", "销售效果评估", "A6"],
      ["ReviewDue", "待跟进", "A6"],
    ]);
    expect(zh[0].headers.slice(0, 5)).toEqual(["渠道", "线索数", "有效线索数", "转化数", "转化率"]);
    const en = tables(
      planReview({ review: review(), locale: "en-US", asOf: 45450, refreshedAt: 45450.5, hideContacts: false }),
    );
    expect(en[0].sheet).toBe("Channel review");
    expect(en[0].headers[4]).toBe("Conversion rate");
    expect(Object.values(REVIEW_TABLES).sort()).toEqual(en.map((t) => t.table).sort());
  });

  test("rates, amounts and dates get their formats; the total row sits under the table, outside it", () => {
    const changes = planReview({
      review: review(),
      locale: "zh-CN",
      asOf: 45450,
      refreshedAt: 45450.5,
      hideContacts: false,
    });
    const ch = tables(changes)[0];
    expect(ch.rows).toHaveLength(1);
    expect(ch.numberFormats?.[ch.headers.indexOf("转化率")]).toBe("0.00%");
    expect(ch.numberFormats?.[ch.headers.indexOf("平均客单价")]).toBe("#,##0.00");
    const due = tables(changes).find((t) => t.table === "ReviewDue")!;
    expect(due.numberFormats?.[due.headers.indexOf("应跟进日期")]).toBe("yyyy-mm-dd");
    const total = changes.find((c) => c.op === "writeCells" && c.sheet === "渠道效果" && c.topLeft === "A8");
    expect(total).toMatchObject({ cells: [["合计", 4, 3, 1, 1 / 3, 1000, 300, 100, 9, "优秀"]] });
  });

  test("each sheet states the period, the as-of date and the refreshed-at stamp", () => {
    const changes = planReview({
      review: review(),
      locale: "en-US",
      asOf: 45450,
      refreshedAt: 45450.5,
      hideContacts: false,
    });
    const stamps = changes.filter(
      (c): c is Extract<Change, { op: "writeCells" }> => c.op === "writeCells" && c.topLeft === "A1",
    );
    expect(stamps).toHaveLength(5);
    for (const s of stamps)
      expect(s.cells.slice(1)).toEqual([
        ["Period", "2024-Q2"],
        ["As of", 45450],
        ["Refreshed at", 45450.5],
      ]);
  });

  test("user text is passed on as plain strings (never formula cells)", () => {
    const t = tables(planReview({ review: review(), locale: "zh-CN", asOf: 1, refreshedAt: 1, hideContacts: false }));
    expect(t[0].rows[0][0]).toBe('=HYPERLINK("x")');
    expect(t.find((x) => x.table === "ReviewDue")!.rows[0].slice(0, 2)).toEqual(["线索-20240501-001", "@客户"]);
  });

  test("hideContacts drops the phone column of the due list (and its JSON key)", () => {
    const shown = tables(
      planReview({ review: review(), locale: "zh-CN", asOf: 1, refreshedAt: 1, hideContacts: false }),
    ).find((t) => t.table === "ReviewDue")!;
    const hidden = tables(
      planReview({ review: review(), locale: "zh-CN", asOf: 1, refreshedAt: 1, hideContacts: true }),
    ).find((t) => t.table === "ReviewDue")!;
    expect(shown.headers).toContain("联系方式");
    expect(hidden.headers).not.toContain("联系方式");
    expect(hidden.rows[0]).not.toContain("13812345678");
    expect(reviewJson(review(), true).due[0]).not.toHaveProperty("phone");
  });

  test("the previous content of each review sheet is cleared, including an old total row", () => {
    const changes = planReview({
      review: review(),
      locale: "zh-CN",
      asOf: 1,
      refreshedAt: 1,
      hideContacts: false,
      existingTables: [{ name: "ReviewChannels", sheet: "渠道效果", address: "A6:J40" }],
    });
    expect(changes.find((c) => c.op === "clearRange" && c.sheet === "渠道效果")).toMatchObject({ address: "A1:J41" });
  });

  test("JSON: field keys, fractions, null for missing", () => {
    const j = reviewJson(review(), false);
    expect(Object.keys(j)).toEqual([
      "channels",
      "funnel",
      "bySource",
      "byIndustry",
      "byOwner",
      "byGrade",
      "sales",
      "due",
    ]);
    expect(j.channels[0]).toMatchObject({ channel: '=HYPERLINK("x")', conversionRate: 1 / 3, roi: 9, isTotal: false });
    expect(j.funnel[0]).toMatchObject({ passThrough: null, avgDays: null });
    // Dates are ISO text, not serial numbers.
    const due = review().due[0];
    expect(typeof due.nextDue).toBe("number");
    expect(j.due[0].nextDue).toBe(formatDate(due.nextDue!));
    expect(j.due[0].nextDue).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(j.byOwner[0].avgCycleDays).toBeNull();
  });
});
