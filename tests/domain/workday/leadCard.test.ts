import { prepare } from "../../../src/domain/engine/review";
import { tableDefs } from "../../../src/domain/fields/definitions";
import type { LeadBook } from "../../../src/domain/model";
import type { Settings } from "../../../src/domain/settings/schema";
import { planFollowUp, planLeadChange } from "../../../src/domain/workday/leadEdits";
import { leadCard } from "../../../src/domain/workday/leadCard";
import { book, conv, d, en, fu, lead, zh } from "../../support/engineCases";

const asOf = d(2024, 5, 20, 15);
const card = (b: LeadBook, id = "L-1", s: Settings = zh) => leadCard(b, s, prepare(b, s, asOf), id, asOf);

describe("lead card", () => {
  const theLead = lead({ leadId: "L-1", stage: "需求挖掘", row: 7 });
  const b = book({
    leads: [lead({ leadId: "L-0", customer: "别家" }), theLead],
    followUps: [
      fu({ leadId: "L-1", at: d(2024, 5, 2, 10), stage: "初步接洽", method: "电话", nextStep: "约拜访", row: 2 }),
      fu({ leadId: "L-1", at: d(2024, 5, 6, 14), stage: "需求挖掘", method: "拜访", intent: "高", row: 3 }),
      fu({ leadId: "L-1", at: d(2024, 5, 6, 9), stage: "需求挖掘", method: "邮件", row: 4 }),
      fu({ leadId: "L-1", at: null, stage: "需求挖掘", row: 5 }),
      fu({ leadId: "L-0", at: d(2024, 5, 19), row: 6 }),
    ],
    conversion: [conv({ leadId: "L-1", stageAt: [d(2024, 5, 1), null, null, null, null], row: 9 })],
  });

  test("shows the lead's fields, grade with each factor out of its maximum, and the alert", () => {
    const c = card(b)!;
    expect(c).toMatchObject({ leadId: "L-1", row: 7, customer: theLead.customer, contact: "张伟" });
    expect(c.phone).toBe("13812345678");
    expect(c.factors.map((f) => [f.field, f.points, f.max])).toEqual([
      ["budget", 20, 30],
      ["urgency", 15, 25],
      ["decisionAccess", 15, 25],
      ["companySize", 12, 20],
    ]);
    expect([c.score, c.grade, c.gradeOverridden]).toEqual([62, "B", false]);
    // Last follow-up 5/6 + cadence B (3 days) = 5/9; on 5/20 that is 11 days overdue.
    expect([c.nextDue, c.alertKind, c.alertDays, c.alert]).toEqual([d(2024, 5, 9), "overdue", 11, "逾期 11 天"]);
  });

  test("stage path: typed and filled entry dates, days per stage, today's days at the current stage", () => {
    const c = card(b)!;
    expect(c.stagePath.slice(0, 3)).toEqual([
      { stage: "初步接洽", index: 0, enteredAt: d(2024, 5, 1), days: 5, current: false },
      { stage: "需求挖掘", index: 1, enteredAt: d(2024, 5, 6), days: 14, current: true },
      { stage: "方案呈现", index: 2, enteredAt: null, days: null, current: false },
    ]);
    expect(c.daysInStage).toBe(14);
  });

  test("timeline: this lead's follow-ups, newest first (time of day, then row), undated last", () => {
    expect(card(b)!.timeline.map((t) => [t.row, t.method])).toEqual([
      [3, "拜访"],
      [4, "邮件"],
      [2, "电话"],
      [5, "电话"],
    ]);
  });

  test("hidden contacts leave the phone off the card", () => {
    const c = card(b, "L-1", { ...zh, hideContacts: true })!;
    expect([c.phone, c.contactsHidden]).toEqual(["", true]);
  });

  test("override and conversion result", () => {
    const won = book({
      leads: [lead({ leadId: "L-1", gradeOverride: " a ", status: "已成交", stage: "成交维护" })],
      conversion: [
        conv({
          leadId: "L-1",
          result: "成功",
          // The copy of the created date Refresh fills (the cycle counts from it).
          createdAt: d(2024, 5, 1, 9, 30),
          closedAt: d(2024, 5, 15),
          amount: 300000,
          stageAt: [d(2024, 5, 1), d(2024, 5, 3), d(2024, 5, 8), d(2024, 5, 10), d(2024, 5, 15)],
        }),
      ],
    });
    const c = card(won)!;
    expect([c.grade, c.gradeOverridden, c.open, c.alert]).toEqual(["A", true, false, ""]);
    expect(c.conversion).toMatchObject({ result: "成功", role: "won", amount: 300000, cycleDays: 14 });
    expect(c.stagePath.map((s) => s.days)).toEqual([2, 5, 2, 5, null]);
  });

  test("an unknown lead ID has no card", () => {
    expect(card(b, "L-404")).toBeNull();
    expect(card(b, "")).toBeNull();
  });
});

describe("write plans", () => {
  const l = lead({ leadId: "L-1", stage: "需求挖掘", status: "跟进中", owner: "王芳", row: 12 });
  const input = { at: d(2024, 5, 20, 10), method: "电话" };

  test("a stage change records a follow-up at the new stage and changes the Stage cell", () => {
    const p = planLeadChange(l, zh, { stage: "方案呈现" }, input);
    expect(p).toEqual({
      ok: true,
      leadCells: [{ field: "stage", row: 12, from: "需求挖掘", to: "方案呈现" }],
      followUp: expect.objectContaining({
        leadId: "L-1",
        at: input.at,
        method: "电话",
        stage: "方案呈现",
        by: "王芳",
        summary: "阶段：需求挖掘 → 方案呈现",
      }),
    });
  });

  test("stage and status together, English summary, the seller's summary kept", () => {
    const e = lead({ leadId: "L-2", stage: "Proposal", status: "In progress", row: 3 });
    const p = planLeadChange(e, en, { stage: "Negotiation", status: "Won" }, input);
    expect(p.ok && p.followUp.summary).toBe("Stage: Proposal → Negotiation; Status: In progress → Won");
    expect(p.ok && p.leadCells.map((c) => c.field)).toEqual(["stage", "status"]);
    const own = planLeadChange(e, en, { status: "Lost" }, { ...input, summary: "chose a rival" });
    expect(own.ok && [own.followUp.summary, own.followUp.stage]).toEqual(["chose a rival", "Proposal"]);
  });

  test("an off-list stage or status, or no change, is refused with a message in both languages", () => {
    const bad = planLeadChange(l, zh, { stage: "不存在", status: "也不存在" }, input);
    expect(bad.ok ? [] : bad.messages.map((m) => m.code)).toEqual(["unknown-stage", "unknown-status"]);
    const same = planLeadChange(l, zh, { stage: "需求挖掘" }, input);
    expect(same.ok ? null : same.messages[0]).toMatchObject({ code: "no-change", message: { zh: expect.any(String) } });
  });

  test("logging a follow-up is prefilled with the lead and uses the FollowUps field keys quick entry reads", () => {
    const p = planFollowUp(l, { ...input, nextStep: "发报价" });
    expect(p.ok && [p.followUp.leadId, p.followUp.stage, p.followUp.by, p.leadCells]).toEqual([
      "L-1",
      "需求挖掘",
      "王芳",
      [],
    ]);
    const keys = new Set(tableDefs(5).FollowUps.fields.map((f) => f.key));
    expect(p.ok && Object.keys(p.followUp).filter((k) => !keys.has(k))).toEqual([]);
  });
});
