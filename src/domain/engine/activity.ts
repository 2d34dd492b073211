import type { ConversionRow, FollowUp, LeadBook } from "../model";
import type { Settings } from "../settings/schema";
import type { Serial } from "../types";
import { indexSettings } from "./settingsIndex";

export interface LeadActivity {
  /** Latest follow-up `at` (with its time), null when none has a date. */
  lastFollowUp: Serial | null;
  /** Entry date (date part) of the lead's current stage: Conversion, else the first follow-up logged at that stage. */
  stageSince: Serial | null;
  /** Latest follow-ups in a row (by date, then by row) whose feedback is a no-reply. */
  noReplyRun: number;
  /** Next step of the latest follow-up ("" when none). */
  lastNextStep: string;
  /** Worksheet row of the latest follow-up, null when none. */
  lastFollowUpRow: number | null;
}

export interface StageFill {
  /** Worksheet row of the Conversion row. */
  conversionRow: number;
  /** Position of the row in `book.conversion`. */
  index: number;
  /** 0-based stage index (stage k + 1's column). */
  stageIndex: number;
  /** Date part of the first follow-up logged at that stage. */
  value: Serial;
}

/** Follow-up positions grouped by lead ID, built once per computation (linear). */
export function indexFollowUps(followUps: readonly FollowUp[]): Map<string, number[]> {
  const byLead = new Map<string, number[]>();
  for (let i = 0; i < followUps.length; i++) {
    const id = followUps[i].leadId;
    if (id === "") continue;
    const list = byLead.get(id);
    if (list) list.push(i);
    else byLead.set(id, [i]);
  }
  return byLead;
}

/** First Conversion row position per lead ID (a duplicate row is Check's business, not the engine's). */
export function indexConversion(conversion: readonly ConversionRow[]): Map<string, number> {
  const byLead = new Map<string, number>();
  for (let i = 0; i < conversion.length; i++) {
    const id = conversion[i].leadId;
    if (id !== "" && !byLead.has(id)) byLead.set(id, i);
  }
  return byLead;
}

/** (at, row) ordering of two follow-ups: later date first, a later row breaking a tie. */
function isLater(a: FollowUp, b: FollowUp): boolean {
  return a.at! > b.at! || (a.at === b.at && a.row > b.row);
}

export interface ActivityInputs {
  followUpsByLead?: Map<string, number[]>;
  conversionByLead?: Map<string, number>;
  /** Stage dates to use instead of the typed ones (computeAll passes them after filling blanks). */
  stageAt?: readonly (readonly (Serial | null)[])[];
}

/**
 * Per-lead activity from the follow-up log (SPEC §2.1 "filled on refresh").
 * Linear: each follow-up of a lead is visited a constant number of times; no
 * sorting is needed because the no-reply run is "no-reply follow-ups later
 * than the latest follow-up that was not a no-reply".
 */
export function leadActivity(
  book: LeadBook,
  settings: Settings,
  inputs: ActivityInputs = {},
): Map<string, LeadActivity> {
  const ix = indexSettings(settings);
  const fuByLead = inputs.followUpsByLead ?? indexFollowUps(book.followUps);
  const convByLead = inputs.conversionByLead ?? indexConversion(book.conversion);
  const fus = book.followUps;
  const out = new Map<string, LeadActivity>();
  for (const lead of book.leads) {
    if (out.has(lead.leadId)) continue;
    const list = fuByLead.get(lead.leadId);
    let latest: FollowUp | null = null;
    let latestReplied: FollowUp | null = null;
    let firstAtStage: FollowUp | null = null;
    if (list) {
      for (let j = 0; j < list.length; j++) {
        const fu = fus[list[j]];
        if (fu.at === null) continue;
        if (latest === null || isLater(fu, latest)) latest = fu;
        if (ix.feedbackRole.get(fu.feedback) !== "noReply" && (latestReplied === null || isLater(fu, latestReplied)))
          latestReplied = fu;
        if (fu.stage === lead.stage && lead.stage !== "" && (firstAtStage === null || isLater(firstAtStage, fu)))
          firstAtStage = fu;
      }
    }
    let noReplyRun = 0;
    if (list) {
      for (let j = 0; j < list.length; j++) {
        const fu = fus[list[j]];
        if (fu.at === null || ix.feedbackRole.get(fu.feedback) !== "noReply") continue;
        if (latestReplied === null || isLater(fu, latestReplied)) noReplyRun++;
      }
    }
    let stageSince: Serial | null = null;
    const stage = ix.stageIndex.get(lead.stage);
    const ci = convByLead.get(lead.leadId);
    if (stage !== undefined && ci !== undefined) {
      const dates = inputs.stageAt ? inputs.stageAt[ci] : book.conversion[ci].stageAt;
      const at = dates[stage] ?? null;
      if (at !== null) stageSince = Math.floor(at);
    }
    if (stageSince === null && firstAtStage !== null) stageSince = Math.floor(firstAtStage.at!);
    out.set(lead.leadId, {
      lastFollowUp: latest ? latest.at : null,
      stageSince,
      noReplyRun,
      lastNextStep: latest ? latest.nextStep : "",
      lastFollowUpRow: latest ? latest.row : null,
    });
  }
  return out;
}

/**
 * Blank Conversion stage dates that Refresh fills: the date part of the FIRST
 * follow-up logged at that stage for that lead. A typed date is never
 * replaced. Returned in row order, then stage order.
 */
export function fillStageDates(
  book: LeadBook,
  settings: Settings,
  followUpsByLead?: Map<string, number[]>,
): StageFill[] {
  const ix = indexSettings(settings);
  const n = ix.stageNames.length;
  const fuByLead = followUpsByLead ?? indexFollowUps(book.followUps);
  const first: (Serial | null)[] = new Array(n).fill(null);
  const fills: StageFill[] = [];
  for (let i = 0; i < book.conversion.length; i++) {
    const conv = book.conversion[i];
    const list = fuByLead.get(conv.leadId);
    if (!list) continue;
    first.fill(null);
    for (let j = 0; j < list.length; j++) {
      const fu = book.followUps[list[j]];
      if (fu.at === null) continue;
      const k = ix.stageIndex.get(fu.stage);
      if (k === undefined) continue;
      const day = Math.floor(fu.at);
      const cur = first[k];
      if (cur === null || day < cur) first[k] = day;
    }
    for (let k = 0; k < n; k++) {
      const v = first[k];
      if (v !== null && (conv.stageAt[k] ?? null) === null)
        fills.push({ conversionRow: conv.row, index: i, stageIndex: k, value: v });
    }
  }
  return fills;
}

/** Stage dates after applying fills (new arrays; the book is not changed). */
export function applyStageFills(book: LeadBook, fills: readonly StageFill[], stageCount: number): (Serial | null)[][] {
  const out: (Serial | null)[][] = new Array(book.conversion.length);
  for (let i = 0; i < book.conversion.length; i++) {
    const src = book.conversion[i].stageAt;
    const arr: (Serial | null)[] = new Array(stageCount);
    for (let k = 0; k < stageCount; k++) arr[k] = src[k] ?? null;
    out[i] = arr;
  }
  for (const f of fills) out[f.index][f.stageIndex] = f.value;
  return out;
}
