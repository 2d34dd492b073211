import type { LeadBook } from "../model";
import type { Settings } from "../settings/schema";
import type { Serial } from "../types";
import { rowAt } from "./columnTable";
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

/**
 * Per-lead activity from the follow-up log ("filled on refresh", docs/ARCHITECTURE.md §4),
 * by lead ID (the first lead of an ID), on the stage dates as typed. The same
 * computation as computeAll's (leadActivityKeyed), for callers that want one
 * lead's: no sorting is needed because the no-reply run is "no-reply
 * follow-ups later than the latest follow-up that was not a no-reply".
 */
export function leadActivity(book: LeadBook, settings: Settings): Map<string, LeadActivity> {
  const rk = indexRowKeys(book, settings);
  const columns = leadActivityKeyed(
    book,
    settings,
    rk,
    book.conversion.map((c) => c.stageAt),
  );
  const out = new Map<string, LeadActivity>();
  book.leads.forEach((lead, i) => {
    if (!out.has(lead.leadId)) out.set(lead.leadId, activityOf(columns, i));
  });
  return out;
}

/**
 * Blank Conversion stage dates that Refresh fills: the date part of the FIRST
 * follow-up logged at that stage for that lead. A typed date is never
 * replaced. Returned in row order, then stage order. (computeAll calls
 * fillStageDatesKeyed with the keys it builds once.)
 */
export function fillStageDates(book: LeadBook, settings: Settings): StageFill[] {
  return fillStageDatesKeyed(book, settings, indexRowKeys(book, settings));
}

/**
 * Stage dates after applying fills, `stageCount` long. The book is not
 * changed: a row with fills (or of another length) gets a new array, the
 * others share the row's own array (copying 50,000 arrays that mostly do not
 * change was pure garbage-collector work).
 */
export function applyStageFills(
  book: LeadBook,
  fills: readonly StageFill[],
  stageCount: number,
): readonly (readonly (Serial | null)[])[] {
  const out: (Serial | null)[][] = new Array(book.conversion.length);
  const copy = (src: readonly (Serial | null)[]): (Serial | null)[] => {
    const arr: (Serial | null)[] = new Array(stageCount);
    for (let k = 0; k < stageCount; k++) arr[k] = src[k] ?? null;
    return arr;
  };
  for (let i = 0; i < book.conversion.length; i++) {
    const src = book.conversion[i].stageAt;
    out[i] = src.length === stageCount ? src : copy(src);
  }
  for (const f of fills) {
    if (out[f.index] === book.conversion[f.index].stageAt) out[f.index] = copy(out[f.index]);
    out[f.index][f.stageIndex] = f.value;
  }
  return out;
}

// ---------- the computeAll hot path: integer keys instead of per-lead arrays ----------

/**
 * Rows grouped by lead ID with integer keys, built once per computation: each
 * lead ID seen in Leads or Conversion gets a key, and the follow-ups of a key
 * sit at positions `fuStart[key] .. fuStart[key + 1]`, in row order (a
 * counting sort). Key −1 = blank ID or an ID in neither table (such
 * follow-ups are never looked up).
 *
 * What the per-lead passes read of a follow-up is copied, by position, into
 * arrays while the follow-ups are read in row order: walking a lead's
 * follow-ups is then a sequential read of a few small arrays instead of a
 * jump to each row object (which costs a cache miss per follow-up once the
 * log outgrows the CPU cache).
 */
export interface RowKeys {
  keyCount: number;
  leadKey: Int32Array;
  /** First lead position per key, −1 when no lead has that ID. */
  leadOfKey: Int32Array;
  /** First lead with a blank ID, −1 when none. */
  firstBlankLead: number;
  convKey: Int32Array;
  /** First Conversion position per key, −1 when none. */
  convOfKey: Int32Array;
  fuStart: Int32Array;
  /** By position: the follow-up's index in book.followUps. */
  fuIndex: Int32Array;
  /** By position: stage index (−1 when off-list). */
  fuStage: Int32Array;
  /** By position: 1 when the feedback is a no-reply. */
  fuNoReply: Uint8Array;
  /** By position: `at` (NaN when blank). */
  fuAt: Float64Array;
  /** By position: worksheet row. */
  fuRow: Int32Array;
  /** By position: next step (read here, in row order, rather than by a jump to the row later). */
  fuNextStep: string[];
}

export function indexRowKeys(book: LeadBook, settings: Settings): RowKeys {
  const ix = indexSettings(settings);
  const keys = new Map<string, number>();
  const keyOf = (id: string): number => {
    if (id === "") return -1;
    let k = keys.get(id);
    if (k === undefined) {
      k = keys.size;
      keys.set(id, k);
    }
    return k;
  };
  const leads = book.leads;
  const conversion = book.conversion;
  const fus = book.followUps;
  const leadKey = new Int32Array(leads.length);
  // Lead IDs are unique in a clean workbook: one insert per lead, checked by the count; a duplicate
  // (which Check reports) falls back to a lookup per lead so every copy gets the first one's key.
  let named = 0;
  for (let i = 0; i < leads.length; i++) {
    const id = leads[i].leadId;
    if (id === "") leadKey[i] = -1;
    else {
      keys.set(id, named);
      leadKey[i] = named++;
    }
  }
  if (keys.size !== named) {
    keys.clear();
    for (let i = 0; i < leads.length; i++) leadKey[i] = keyOf(leads[i].leadId);
  }
  const convKey = new Int32Array(conversion.length);
  for (let i = 0; i < conversion.length; i++) {
    const id = conversion[i].leadId;
    // Refresh adds Conversion rows in Leads order, so the row alongside usually has the same ID: no lookup then.
    convKey[i] = i < leads.length && id === leads[i].leadId ? leadKey[i] : keyOf(id);
  }
  const keyCount = keys.size;
  const leadOfKey = new Int32Array(keyCount).fill(-1);
  let firstBlankLead = -1;
  for (let i = 0; i < leads.length; i++) {
    const k = leadKey[i];
    if (k < 0) {
      if (firstBlankLead < 0) firstBlankLead = i;
    } else if (leadOfKey[k] < 0) leadOfKey[k] = i;
  }
  const convOfKey = new Int32Array(keyCount).fill(-1);
  for (let i = 0; i < conversion.length; i++) {
    const k = convKey[i];
    if (k >= 0 && convOfKey[k] < 0) convOfKey[k] = i;
  }
  const fuKey = new Int32Array(fus.length);
  const fuStart = new Int32Array(keyCount + 1);
  for (let j = 0; j < fus.length; j++) {
    const id = fus[j].leadId;
    const k = id === "" ? -1 : (keys.get(id) ?? -1);
    fuKey[j] = k;
    if (k >= 0) fuStart[k + 1]++;
  }
  for (let k = 0; k < keyCount; k++) fuStart[k + 1] += fuStart[k];
  const fill = fuStart.slice(0, keyCount);
  const grouped = fuStart[keyCount];
  const fuIndex = new Int32Array(grouped);
  const fuStage = new Int32Array(grouped);
  const fuNoReply = new Uint8Array(grouped);
  const fuAt = new Float64Array(grouped);
  const fuRow = new Int32Array(grouped);
  const fuNextStep: string[] = new Array<string>(grouped).fill("");
  for (let j = 0; j < fus.length; j++) {
    const k = fuKey[j];
    if (k < 0) continue;
    const p = fill[k]++;
    const fu = fus[j];
    fuIndex[p] = j;
    fuStage[p] = ix.stageIndex.get(fu.stage) ?? -1;
    fuNoReply[p] = ix.feedbackRole.get(fu.feedback) === "noReply" ? 1 : 0;
    fuAt[p] = fu.at ?? NaN;
    fuRow[p] = fu.row;
    fuNextStep[p] = fu.nextStep;
  }
  return {
    keyCount,
    leadKey,
    leadOfKey,
    firstBlankLead,
    convKey,
    convOfKey,
    fuStart,
    fuIndex,
    fuStage,
    fuNoReply,
    fuAt,
    fuRow,
    fuNextStep,
  };
}

/** fillStageDates on RowKeys built once by the caller. */
export function fillStageDatesKeyed(book: LeadBook, settings: Settings, rk: RowKeys): StageFill[] {
  const n = indexSettings(settings).stageNames.length;
  const { convKey, fuStart, fuStage, fuAt } = rk;
  const first = new Float64Array(n);
  // seen[k] === i + 1: stage k has a date for row i (a stamp per row instead of clearing the array each time).
  const seen = new Int32Array(n);
  const fills: StageFill[] = [];
  for (let i = 0; i < book.conversion.length; i++) {
    const key = convKey[i];
    if (key < 0) continue;
    const from = fuStart[key];
    const to = fuStart[key + 1];
    if (from === to) continue;
    const stamp = i + 1;
    let any = false;
    for (let p = from; p < to; p++) {
      const k = fuStage[p];
      if (k < 0) continue;
      const at = fuAt[p];
      if (at !== at) continue; // NaN: no date
      const day = Math.floor(at);
      if (seen[k] !== stamp || day < first[k]) {
        first[k] = day;
        seen[k] = stamp;
        any = true;
      }
    }
    if (!any) continue;
    const conv = book.conversion[i];
    for (let k = 0; k < n; k++) {
      if (seen[k] === stamp && (conv.stageAt[k] ?? null) === null)
        fills.push({ conversionRow: conv.row, index: i, stageIndex: k, value: first[k] });
    }
  }
  return fills;
}

/**
 * LeadActivity of every lead by column, parallel to book.leads: five arrays
 * instead of 50,000 objects the collector would copy around. Leads sharing a
 * lead ID share the first one's values, as leadActivity's Map does.
 */
export interface ActivityColumns {
  lastFollowUp: (Serial | null)[];
  stageSince: (Serial | null)[];
  noReplyRun: Int32Array;
  lastNextStep: string[];
  lastFollowUpRow: (number | null)[];
}

/** Lead i's activity as an object (for callers that want one lead). */
export function activityOf(a: ActivityColumns, i: number): LeadActivity {
  return rowAt(a, i);
}

/** Every lead's activity on RowKeys built once by the caller, by column, on the given stage dates. */
export function leadActivityKeyed(
  book: LeadBook,
  settings: Settings,
  rk: RowKeys,
  stageAt: readonly (readonly (Serial | null)[])[],
): ActivityColumns {
  const ix = indexSettings(settings);
  const fus = book.followUps;
  const { leadKey, convOfKey, fuStart, fuIndex, fuNoReply, fuStage, fuAt, fuRow, fuNextStep } = rk;
  const leads = book.leads;
  const n = leads.length;
  const out: ActivityColumns = {
    lastFollowUp: new Array<Serial | null>(n).fill(null),
    stageSince: new Array<Serial | null>(n).fill(null),
    noReplyRun: new Int32Array(n),
    lastNextStep: new Array<string>(n).fill(""),
    lastFollowUpRow: new Array<number | null>(n).fill(null),
  };
  // (at, row) ordering of the follow-ups at positions a and b, as isLater: later date first, a later row breaking a tie.
  const later = (a: number, b: number): boolean => fuAt[a] > fuAt[b] || (fuAt[a] === fuAt[b] && fuRow[a] > fuRow[b]);
  for (let i = 0; i < n; i++) {
    const lead = leads[i];
    const key = leadKey[i];
    // A later lead with the same ID (or another blank one) copies the first one's values.
    const first = key >= 0 ? rk.leadOfKey[key] : rk.firstBlankLead;
    if (first < i) {
      out.lastFollowUp[i] = out.lastFollowUp[first];
      out.stageSince[i] = out.stageSince[first];
      out.noReplyRun[i] = out.noReplyRun[first];
      out.lastNextStep[i] = out.lastNextStep[first];
      out.lastFollowUpRow[i] = out.lastFollowUpRow[first];
      continue;
    }
    // Positions (see RowKeys), −1 = none yet.
    let latest = -1;
    let latestReplied = -1;
    let firstAtStage = -1;
    const from = key >= 0 ? fuStart[key] : 0;
    const to = key >= 0 ? fuStart[key + 1] : 0;
    const stage = ix.stageIndex.get(lead.stage);
    // Stage names map to distinct indices, so an on-list stage compares by index; an off-list one by its text.
    const stageIdx = lead.stage === "" ? -1 : (stage ?? -1);
    const offListStage = stage === undefined && lead.stage !== "" ? lead.stage : null;
    for (let p = from; p < to; p++) {
      if (fuAt[p] !== fuAt[p]) continue; // NaN: no date
      if (latest < 0 || later(p, latest)) latest = p;
      if (fuNoReply[p] === 0 && (latestReplied < 0 || later(p, latestReplied))) latestReplied = p;
      const atStage =
        offListStage === null ? stageIdx >= 0 && fuStage[p] === stageIdx : fus[fuIndex[p]].stage === offListStage;
      if (atStage && (firstAtStage < 0 || later(firstAtStage, p))) firstAtStage = p;
    }
    let noReplyRun = 0;
    for (let p = from; p < to; p++) {
      if (fuNoReply[p] === 0 || fuAt[p] !== fuAt[p]) continue;
      if (latestReplied < 0 || later(p, latestReplied)) noReplyRun++;
    }
    let stageSince: Serial | null = null;
    const ci = key >= 0 ? convOfKey[key] : -1;
    if (stage !== undefined && ci >= 0) {
      const at = stageAt[ci][stage] ?? null;
      if (at !== null) stageSince = Math.floor(at);
    }
    if (stageSince === null && firstAtStage >= 0) stageSince = Math.floor(fuAt[firstAtStage]);
    out.stageSince[i] = stageSince;
    out.noReplyRun[i] = noReplyRun;
    if (latest >= 0) {
      out.lastFollowUp[i] = fuAt[latest];
      out.lastNextStep[i] = fuNextStep[latest];
      out.lastFollowUpRow[i] = fuRow[latest];
    }
  }
  return out;
}
