import {
  ALERT_WORDING,
  alertText,
  conversionColumns,
  fillStageDates,
  gradeOf,
  leadActivity,
  leadColumns,
  scoreLead,
} from "../../src/domain/engine";
import { book, conv, d, en, fu, lead, zh } from "../support/engineCases";

describe("scoreLead and gradeOf", () => {
  test("seed: 50万以上 / 1个月内 / 已对接决策者 / 年营收5亿以上 scores 100 and grades A", () => {
    const s = scoreLead(
      lead({ budget: "50万以上", urgency: "1个月内", decisionAccess: "已对接决策者", companySize: "年营收5亿以上" }),
      zh,
    );
    expect(s).toEqual({ budgetPts: 30, urgencyPts: 25, accessPts: 25, sizePts: 20, score: 100 });
    expect(gradeOf(s.score, "", zh)).toBe("A");
  });
  test("each scored option gets its default Settings points", () => {
    // 20 + 15 + 15 + 12 = 62 → B
    const s = scoreLead(lead(), zh);
    expect(s).toEqual({ budgetPts: 20, urgencyPts: 15, accessPts: 15, sizePts: 12, score: 62 });
    expect(gradeOf(s.score, "", zh)).toBe("B");
    const low = scoreLead(
      lead({ budget: "未明确", urgency: "3个月以上", decisionAccess: "仅对接执行者", companySize: "年营收1亿以下" }),
      zh,
    );
    expect(low.score).toBe(0 + 5 + 5 + 8);
  });
  test("a value outside the list, or blank, scores 0", () => {
    expect(
      scoreLead(lead({ budget: "100万", urgency: "", decisionAccess: "Decision maker", companySize: " " }), zh).score,
    ).toBe(0);
  });
  test("English settings score English options", () => {
    expect(
      scoreLead(
        lead({
          budget: "500k or more",
          urgency: "Within 1 month",
          decisionAccess: "Decision maker",
          companySize: "Revenue over 500M",
        }),
        en,
      ).score,
    ).toBe(100);
  });
  test("grade boundaries belong to the higher grade; override wins", () => {
    expect(gradeOf(80, "", zh)).toBe("A");
    expect(gradeOf(79, "", zh)).toBe("B");
    expect(gradeOf(60, "", zh)).toBe("B");
    expect(gradeOf(59, "", zh)).toBe("C");
    expect(gradeOf(100, "D", zh)).toBe("D");
    expect(gradeOf(10, " a ", zh)).toBe("A");
    expect(gradeOf(90, "E", zh)).toBe("A");
    expect(gradeOf(90, "暂缓", zh)).toBe("A");
    expect(gradeOf(75, "", { ...zh, gradeThresholds: { a: 70, b: 50 } })).toBe("A");
  });
});

describe("conversionColumns", () => {
  test("seed §2.3: stages 05-02, 05-03, 05-10, 05-20, 05-25 → 1, 7, 10, 5; won on 05-25 → cycle 24", () => {
    const row = conv({
      createdAt: d(2024, 5, 1),
      stageAt: [d(2024, 5, 2), d(2024, 5, 3), d(2024, 5, 10), d(2024, 5, 20), d(2024, 5, 25)],
      result: "成功",
      closedAt: d(2024, 5, 25),
      amount: 450000,
    });
    expect(conversionColumns(row, zh)).toEqual({ stageDays: [1, 7, 10, 5], cycleDays: 24, lostAtStage: "" });
  });
  test("times of day never make fractional days (INT of each date)", () => {
    const row = conv({
      createdAt: d(2024, 5, 1, 18),
      stageAt: [d(2024, 5, 2, 23), d(2024, 5, 3, 1), null, null, null],
      result: "成功",
      closedAt: d(2024, 5, 25, 8),
    });
    expect(conversionColumns(row, zh)).toEqual({ stageDays: [1, null, null, null], cycleDays: 24, lostAtStage: "" });
  });
  test("lost: the last stage entered ends on the close date and names the loss stage", () => {
    const row = conv({
      createdAt: d(2024, 5, 1),
      stageAt: [d(2024, 5, 2), d(2024, 5, 6), null, null, null],
      result: "失败",
      closedAt: d(2024, 5, 16),
    });
    expect(conversionColumns(row, zh)).toEqual({
      stageDays: [4, 10, null, null],
      cycleDays: null,
      lostAtStage: "需求挖掘",
    });
  });
  test("lost without a close date: no extra duration; lost with no stage date: no stage", () => {
    expect(
      conversionColumns(conv({ stageAt: [d(2024, 5, 2), null, null, null, null], result: "失败" }), zh).stageDays,
    ).toEqual([null, null, null, null]);
    expect(conversionColumns(conv({ result: "失败", closedAt: d(2024, 5, 9) }), zh).lostAtStage).toBe("");
  });
  test("lost at the last stage has no duration column to fill", () => {
    const all = [d(2024, 5, 2), d(2024, 5, 3), d(2024, 5, 10), d(2024, 5, 20), d(2024, 5, 25)];
    const c = conversionColumns(conv({ stageAt: all, result: "失败", closedAt: d(2024, 6, 30) }), zh);
    expect(c.stageDays).toEqual([1, 7, 10, 5]);
    expect(c.lostAtStage).toBe("成交维护");
  });
  test("a gap leaves both neighbours blank; open rows have no cycle", () => {
    const c = conversionColumns(
      conv({
        createdAt: d(2024, 5, 1),
        stageAt: [d(2024, 5, 2), null, d(2024, 5, 10), d(2024, 5, 12), null],
        result: "持续跟进",
        closedAt: d(2024, 6, 1),
      }),
      zh,
    );
    expect(c).toEqual({ stageDays: [null, null, 2, null], cycleDays: null, lostAtStage: "" });
  });
  test("won without a created date has no cycle", () => {
    expect(conversionColumns(conv({ result: "成功", closedAt: d(2024, 6, 1) }), zh).cycleDays).toBeNull();
  });
  test("the number of stages follows Settings", () => {
    const six = { ...zh, lists: { ...zh.lists, stage: [...zh.lists.stage, { value: "复购" }] } };
    const c = conversionColumns(conv({ stageAt: [1000, 1001, 1003, 1006, 1010, 1015] }), six);
    expect(c.stageDays).toEqual([1, 2, 3, 4, 5]);
  });
});

describe("leadActivity", () => {
  test("last follow-up is the latest date, whatever the row order", () => {
    const b = book({
      leads: [lead({ leadId: "L-1" }), lead({ leadId: "L-2" })],
      followUps: [
        fu({ at: d(2024, 5, 9), nextStep: "late" }),
        fu({ at: d(2024, 5, 3), nextStep: "early" }),
        fu({ leadId: "L-2", at: null }),
      ],
    });
    const a = leadActivity(b, zh);
    expect(a.get("L-1")!.lastFollowUp).toBe(d(2024, 5, 9));
    expect(a.get("L-1")!.lastNextStep).toBe("late");
    expect(a.get("L-1")!.lastFollowUpRow).toBe(b.followUps[0].row);
    expect(a.get("L-2")).toEqual({
      lastFollowUp: null,
      stageSince: null,
      noReplyRun: 0,
      lastNextStep: "",
      lastFollowUpRow: null,
    });
  });
  test("no-reply run counts the latest follow-ups in a row (by date desc, ties by row)", () => {
    const b = book({
      leads: [lead()],
      followUps: [
        fu({ at: d(2024, 5, 10), feedback: "无回应" }),
        fu({ at: d(2024, 5, 2), feedback: "无回应" }), // older than a reply: not in the run
        fu({ at: d(2024, 5, 5), feedback: "提出异议" }),
        fu({ at: d(2024, 5, 8), feedback: "无回应" }),
        fu({ at: d(2024, 5, 6), feedback: "无回应" }),
      ],
    });
    expect(leadActivity(b, zh).get("L-1")!.noReplyRun).toBe(3);
    // Same date: the later row is the later follow-up.
    const tie = book({
      leads: [lead()],
      followUps: [fu({ at: d(2024, 5, 5), feedback: "无回应" }), fu({ at: d(2024, 5, 5), feedback: "无" })],
    });
    expect(leadActivity(tie, zh).get("L-1")!.noReplyRun).toBe(0);
    const tie2 = book({
      leads: [lead()],
      followUps: [fu({ at: d(2024, 5, 5), feedback: "无" }), fu({ at: d(2024, 5, 5), feedback: "无回应" })],
    });
    expect(leadActivity(tie2, zh).get("L-1")!.noReplyRun).toBe(1);
  });
  test("stage since: Conversion's date for the current stage, else the first follow-up at that stage (date part)", () => {
    const fus = [
      fu({ at: d(2024, 5, 7, 15), stage: "需求挖掘" }),
      fu({ at: d(2024, 5, 4, 11), stage: "需求挖掘" }),
      fu({ at: d(2024, 5, 2), stage: "初步接洽" }),
    ];
    const noConv = book({ leads: [lead({ stage: "需求挖掘" })], followUps: fus });
    expect(leadActivity(noConv, zh).get("L-1")!.stageSince).toBe(d(2024, 5, 4));
    const withConv = book({
      ...noConv,
      conversion: [conv({ stageAt: [d(2024, 5, 1), d(2024, 5, 3), null, null, null] })],
    });
    expect(leadActivity(withConv, zh).get("L-1")!.stageSince).toBe(d(2024, 5, 3));
    const unknownStage = book({ leads: [lead({ stage: "没有这个阶段" })], followUps: fus });
    expect(leadActivity(unknownStage, zh).get("L-1")!.stageSince).toBeNull();
  });
});

describe("fillStageDates", () => {
  test("blank stage dates get the date of the first follow-up at that stage; typed dates are never replaced", () => {
    const b = book({
      leads: [lead()],
      followUps: [
        fu({ at: d(2024, 5, 9, 16), stage: "需求挖掘" }),
        fu({ at: d(2024, 5, 6, 9), stage: "需求挖掘" }),
        fu({ at: d(2024, 5, 2, 9), stage: "初步接洽" }),
        fu({ at: d(2024, 5, 12, 9), stage: "方案呈现" }),
        fu({ at: null, stage: "商务谈判" }),
        fu({ at: d(2024, 5, 13), stage: "不存在" }),
        fu({ leadId: "L-9", at: d(2024, 5, 1), stage: "商务谈判" }),
      ],
      conversion: [conv({ stageAt: [d(2024, 5, 1), null, d(2024, 5, 11), null, null] })],
    });
    const fills = fillStageDates(b, zh);
    expect(fills).toEqual([{ conversionRow: b.conversion[0].row, index: 0, stageIndex: 1, value: d(2024, 5, 6) }]);
  });
});

describe("leadColumns and alerts", () => {
  const asOf = d(2024, 6, 1);
  const act = (p: Partial<{ lastFollowUp: number | null; stageSince: number | null; noReplyRun: number }> = {}) => ({
    lastFollowUp: null,
    stageSince: null,
    noReplyRun: 0,
    lastNextStep: "",
    lastFollowUpRow: null,
    ...p,
  });
  test("next due = INT(last follow-up, else created) + cadence of the grade", () => {
    const b = lead(); // grade B → 3 days
    expect(leadColumns(b, act({ lastFollowUp: d(2024, 5, 30, 17) }), zh, asOf).nextDue).toBe(d(2024, 6, 2));
    expect(leadColumns(b, act(), zh, asOf).nextDue).toBe(d(2024, 5, 4));
    expect(leadColumns(lead({ createdAt: null }), act(), zh, asOf).nextDue).toBeNull();
    expect(leadColumns(lead({ gradeOverride: "D" }), act({ lastFollowUp: d(2024, 5, 20) }), zh, asOf).nextDue).toBe(
      d(2024, 6, 19),
    );
  });
  test("overdue N days when as-of is past the due date", () => {
    const c = leadColumns(lead(), act({ lastFollowUp: d(2024, 5, 20) }), zh, asOf + 0.7);
    expect(c.nextDue).toBe(d(2024, 5, 23));
    expect([c.alertKind, c.alertDays, c.alert]).toEqual(["overdue", 9, "逾期 9 天"]);
    // With English Settings the Chinese options score 0 → grade C → 7-day cadence.
    expect(leadColumns(lead(), act({ lastFollowUp: d(2024, 5, 20) }), en, asOf).alert).toBe("Overdue 5 d");
    // Due today is not overdue.
    expect(leadColumns(lead(), act({ lastFollowUp: d(2024, 5, 29) }), zh, asOf).alertKind).toBeNull();
  });
  test("dormant: by status, by inactivity ≥ dormant days, by the no-reply run", () => {
    expect(leadColumns(lead({ status: "休眠" }), act({ lastFollowUp: d(2024, 5, 31) }), zh, asOf).alert).toBe("休眠");
    expect(leadColumns(lead(), act({ lastFollowUp: asOf - 90 }), zh, asOf).alertKind).toBe("dormant");
    expect(leadColumns(lead(), act({ lastFollowUp: asOf - 89 }), zh, asOf).alertKind).toBe("overdue");
    expect(leadColumns(lead(), act({ lastFollowUp: d(2024, 5, 31), noReplyRun: 3 }), en, asOf).alert).toBe("Dormant");
    expect(leadColumns(lead(), act({ lastFollowUp: d(2024, 5, 31), noReplyRun: 2 }), zh, asOf).alert).toBe("");
  });
  test("stalled N days when the current stage has a limit and the lead is past it", () => {
    const limited = {
      ...zh,
      lists: { ...zh.lists, stage: zh.lists.stage.map((s, i) => (i === 0 ? { ...s, limitDays: 14 } : s)) },
    };
    const l = lead({ stage: "初步接洽" });
    const fresh = act({ lastFollowUp: d(2024, 5, 31), stageSince: d(2024, 5, 10) });
    const c = leadColumns(l, fresh, limited, asOf);
    expect([c.alertKind, c.alertDays, c.alert]).toEqual(["stalled", 22, "停滞 22 天"]);
    expect(leadColumns(l, act({ lastFollowUp: d(2024, 5, 31), stageSince: d(2024, 5, 18) }), limited, asOf).alert).toBe(
      "",
    );
    expect(leadColumns(l, fresh, zh, asOf).alert).toBe(""); // no limit set
    expect(leadColumns(lead({ stage: "需求挖掘" }), fresh, limited, asOf).alert).toBe("");
  });
  test("closed leads never alert; blank or unknown status counts as open", () => {
    for (const status of ["已成交", "已流失", "无效"]) {
      const c = leadColumns(lead({ status }), act({ lastFollowUp: d(2023, 1, 1) }), zh, asOf);
      expect([c.open, c.alert]).toEqual([false, ""]);
    }
    expect(leadColumns(lead({ status: "" }), act({ lastFollowUp: d(2024, 5, 1) }), zh, asOf).alertKind).toBe("overdue");
  });
  test("alert wording lives in one table for both locales", () => {
    expect(alertText("overdue", 3, "zh-CN")).toBe(
      ALERT_WORDING["zh-CN"].overdue.prefix + "3" + ALERT_WORDING["zh-CN"].overdue.suffix,
    );
    expect(alertText("stalled", 12, "en-US")).toBe("Stalled 12 d");
    expect(alertText(null, null, "en-US")).toBe("");
  });
});
