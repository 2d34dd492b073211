import type { ChannelCost, ConversionRow, FollowUp, Lead, LeadBook } from "../../src/domain/model";
import { serialFromYmd, ymdFromSerial } from "../../src/domain/parse/dates";
import type { Settings } from "../../src/domain/settings/schema";
import type { Serial } from "../../src/domain/types";

/**
 * A deterministic, realistic LeadBook for property tests, demos and
 * benchmarks (same seed → same book). Pure: a small PRNG, no I/O. Some values
 * are deliberately off-list or blank, as in real workbooks.
 */
export interface SampleOptions {
  leads: number;
  seed: number;
  /** First day leads are created on (default 2024-01-01) and the span in days (default 365). */
  from?: Serial;
  days?: number;
  /** Average follow-ups per lead (default 4). */
  followUpsPerLead?: number;
  owners?: string[];
}

/** mulberry32: tiny, fast, good enough for test data. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function sampleBook(settings: Settings, opts: SampleOptions): LeadBook {
  const rnd = prng(opts.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const optionOf = (key: keyof Settings["lists"]): string => {
    const list = settings.lists[key];
    const r = rnd();
    if (r < 0.02) return "";
    if (r < 0.03 || list.length === 0) return "other value";
    return pick(list).value;
  };
  const from = opts.from ?? serialFromYmd(2024, 1, 1);
  const span = opts.days ?? 365;
  const owners = opts.owners ?? ["王芳", "李强", "张敏", "陈刚", "刘洋"];
  const stages = settings.lists.stage.map((s) => s.value);
  const statusOf = (role: string) => settings.lists.status.find((s) => s.role === role)?.value ?? "";
  const resultOf = (role: string) => settings.lists.result.find((s) => s.role === role)?.value ?? "";
  const noReply = settings.lists.feedback.find((s) => s.role === "noReply")?.value ?? "";
  const perLead = opts.followUpsPerLead ?? 4;
  const leads: Lead[] = [];
  const followUps: FollowUp[] = [];
  const conversion: ConversionRow[] = [];
  for (let i = 0; i < opts.leads; i++) {
    const createdAt = from + Math.floor(rnd() * span) + Math.floor(rnd() * 96) / 96;
    const leadId = `L-${String(i + 1).padStart(6, "0")}`;
    const outcome = rnd();
    const role =
      outcome < 0.15
        ? "won"
        : outcome < 0.35
          ? "lost"
          : outcome < 0.4
            ? "invalid"
            : outcome < 0.45
              ? "dormant"
              : "open";
    const reached = role === "won" ? stages.length - 1 : Math.floor(rnd() * Math.max(1, stages.length - 1));
    // Stage entry dates, ascending; a few left blank for Refresh to fill.
    const stageAt: (Serial | null)[] = new Array(stages.length).fill(null);
    let t = Math.floor(createdAt);
    for (let k = 0; k <= reached; k++) {
      t += Math.floor(rnd() * 12);
      stageAt[k] = rnd() < 0.85 ? t : null;
    }
    const closedAt = role === "won" ? t : role === "lost" ? t + Math.floor(rnd() * 20) : null;
    leads.push({
      row: i + 2,
      leadId,
      customer: `客户${i + 1}有限公司`,
      contact: "联系人",
      phone: `138${String(10_000_000 + Math.floor(rnd() * 89_999_999)).slice(0, 8)}`,
      industry: optionOf("industry"),
      companySize: optionOf("companySize"),
      needType: optionOf("needType"),
      needDesc: "需求",
      budget: optionOf("budget"),
      urgency: optionOf("urgency"),
      decisionAccess: optionOf("decisionAccess"),
      expectedClose: null,
      source: optionOf("source"),
      sourceDetail: "",
      competitor: "",
      status: role === "open" ? pick([statusOf("new"), statusOf("open")]) : statusOf(role),
      stage: stages[reached] ?? "",
      owner: rnd() < 0.02 ? "" : pick(owners),
      createdAt: rnd() < 0.01 ? null : createdAt,
      gradeOverride: rnd() < 0.05 ? pick(["A", "B", "C", "D"]) : "",
    });
    const n = Math.floor(rnd() * (2 * perLead + 1));
    let at = createdAt;
    let k = 0;
    for (let j = 0; j < n; j++) {
      at += rnd() * 6;
      if (k < reached && rnd() < 0.4) k++;
      followUps.push({
        row: followUps.length + 2,
        leadId,
        at: rnd() < 0.01 ? null : at,
        method: optionOf("method"),
        counterpart: "对象",
        summary: "内容",
        intent: optionOf("intent"),
        feedback: rnd() < 0.2 ? noReply : optionOf("feedback"),
        objection: "",
        stage: stages[k] ?? "",
        nextStep: `下一步${j + 1}`,
        dueDate: Math.floor(at) + 3,
        by: pick(owners),
      });
    }
    conversion.push({
      row: i + 2,
      leadId,
      source: "",
      industry: "",
      owner: "",
      createdAt: null,
      stageAt,
      result:
        role === "won" ? resultOf("won") : role === "lost" ? resultOf("lost") : rnd() < 0.5 ? resultOf("open") : "",
      closedAt,
      amount: role === "won" ? Math.round(50_000 + rnd() * 950_000) : null,
      lossReason: role === "lost" ? optionOf("lossReason") : "",
      keyMoment: "",
      notes: "",
    });
  }
  const channelCosts: ChannelCost[] = [];
  const firstYear = ymdFromSerial(from).year;
  for (const s of settings.lists.source) {
    for (let q = 1; q <= 4; q++) {
      if (rnd() < 0.5)
        channelCosts.push({
          row: channelCosts.length + 2,
          channel: s.value,
          period: `${firstYear}-Q${q}`,
          cost: Math.round(rnd() * 200_000),
        });
      else
        for (let m = q * 3 - 2; m <= q * 3; m++)
          channelCosts.push({
            row: channelCosts.length + 2,
            channel: s.value,
            period: `${firstYear}-${String(m).padStart(2, "0")}`,
            cost: Math.round(rnd() * 70_000),
          });
    }
  }
  return { leads, followUps, conversion, channelCosts };
}
