/**
 * The lead card (issue 15 item 1): one lead whole, as the task pane shows it.
 * Every number comes from the engine's prepared columns (scores, grade, next
 * due, alert, stage dates after the Refresh fills, days per stage); this
 * module only picks one lead's values and orders its follow-ups.
 */
import type { ConversionRow, FollowUp, Lead, LeadBook } from "../model";
import type { Settings } from "../settings/schema";
import type { Serial } from "../types";
import type { AlertKind } from "../engine/alerts";
import type { Prepared } from "../engine/review";
import { gradeOf } from "../engine/score";
import { indexSettings, type Grade } from "../engine/settingsIndex";
import type { ScoredList } from "../fields/lists";

export interface ScoreFactor {
  /** The scored field (Leads column key). */
  field: ScoredList;
  /** The lead's value as typed ("" when blank). */
  value: string;
  points: number;
  /** The highest points any option of the field's Settings list gives (0 when none has points). */
  max: number;
}

export interface StageStep {
  stage: string;
  /** 0-based position in the Settings stage list. */
  index: number;
  /** Entry date (date part), after the fills Refresh would make; null when unknown. */
  enteredAt: Serial | null;
  /**
   * Days spent in the stage: the Conversion duration column for a stage the
   * lead has left (a lost lead's last stage ends on its close date); for the
   * lead's current stage while it is open, the days since it entered it.
   */
  days: number | null;
  /** The stage the lead is at now (its Stage cell). */
  current: boolean;
}

export interface TimelineEntry {
  /** Worksheet row in FollowUps. */
  row: number;
  at: Serial | null;
  method: string;
  intent: string;
  feedback: string;
  stage: string;
  nextStep: string;
  summary: string;
  dueDate: Serial | null;
  by: string;
}

export interface ConversionResult {
  /** Worksheet row in Conversion. */
  row: number;
  result: string;
  /** The result's role in Settings ("won", "lost", …; "" when none). */
  role: string;
  closedAt: Serial | null;
  amount: number | null;
  cycleDays: number | null;
  lossReason: string;
  lostAtStage: string;
}

export interface LeadCard {
  leadId: string;
  /** Worksheet row in Leads (jump to the row). */
  row: number;
  customer: string;
  contact: string;
  /** "" when Settings hide contact details (as the due list does). */
  phone: string;
  contactsHidden: boolean;
  owner: string;
  status: string;
  stage: string;
  open: boolean;
  grade: Grade;
  /** True when the grade comes from the Grade override cell. */
  gradeOverridden: boolean;
  score: number;
  factors: ScoreFactor[];
  stagePath: StageStep[];
  /** Days at the current stage so far (null when unknown). */
  daysInStage: number | null;
  nextDue: Serial | null;
  alert: string;
  alertKind: AlertKind | null;
  alertDays: number | null;
  /** Newest first (by date and time, then by row; undated ones last). */
  timeline: TimelineEntry[];
  conversion: ConversionResult | null;
}

const FACTORS: readonly { field: ScoredList; pts: "budgetPts" | "urgencyPts" | "accessPts" | "sizePts" }[] = [
  { field: "budget", pts: "budgetPts" },
  { field: "urgency", pts: "urgencyPts" },
  { field: "decisionAccess", pts: "accessPts" },
  { field: "companySize", pts: "sizePts" },
];

/** Position in book.leads of the first lead with this ID (trimmed), −1 when none. */
export function findLead(book: LeadBook, leadId: string): number {
  const id = leadId.trim();
  if (id === "") return -1;
  for (let i = 0; i < book.leads.length; i++) if (book.leads[i].leadId === id) return i;
  return -1;
}

/** Highest points of a scored list (0 when no option has points). */
function maxPoints(settings: Settings, field: ScoredList): number {
  let max = 0;
  for (const p of indexSettings(settings).points[field].values()) if (p > max) max = p;
  return max;
}

/** Newest first: later date (with time) first, a later row breaking a tie; undated follow-ups last, by row. */
export function newestFirst(a: Pick<FollowUp, "at" | "row">, b: Pick<FollowUp, "at" | "row">): number {
  if (a.at === null || b.at === null) {
    if (a.at !== b.at) return a.at === null ? 1 : -1;
    return b.row - a.row;
  }
  return b.at - a.at || b.row - a.row;
}

function timelineOf(book: LeadBook, leadId: string): TimelineEntry[] {
  const mine: FollowUp[] = [];
  for (const f of book.followUps) if (f.leadId === leadId) mine.push(f);
  mine.sort(newestFirst);
  return mine.map((f) => ({
    row: f.row,
    at: f.at,
    method: f.method,
    intent: f.intent,
    feedback: f.feedback,
    stage: f.stage,
    nextStep: f.nextStep,
    summary: f.summary,
    dueDate: f.dueDate,
    by: f.by,
  }));
}

/**
 * The card of one lead, or null when no lead has that ID. `prepared` is the
 * engine's `prepare(book, settings, asOf)` (built once per read of the book,
 * shared with the board); `asOf` must be the same date. The cycle is
 * counted from the Conversion row's copy of the created date, as the
 * Conversion sheet's column is (Refresh fills the copy).
 */
export function leadCard(
  book: LeadBook,
  settings: Settings,
  prepared: Prepared,
  leadId: string,
  asOf: Serial,
): LeadCard | null {
  const i = findLead(book, leadId);
  if (i < 0) return null;
  const lead: Lead = book.leads[i];
  const ix = indexSettings(settings);
  const c = prepared.leadColumns;
  const ci = prepared.convOfLead[i];
  const today = Math.floor(asOf);
  const open = c.open[i];
  const stageSince = prepared.activity.stageSince[i];
  const daysInStage = stageSince === null ? null : today - Math.floor(stageSince);
  const current = ix.stageIndex.get(lead.stage) ?? -1;
  const stageAt = ci >= 0 ? prepared.stageAt[ci] : null;
  const stagePath: StageStep[] = ix.stageNames.map((stage, k) => {
    const at = stageAt?.[k] ?? null;
    let days: number | null = null;
    if (ci >= 0 && k < ix.stageNames.length - 1) days = prepared.conversionColumns.stageDays[k][ci];
    if (k === current && open && (days === null || days === undefined)) days = daysInStage;
    return {
      stage,
      index: k,
      enteredAt: at === null ? (k === current ? stageSince : null) : Math.floor(at),
      days: days ?? null,
      current: k === current,
    };
  });
  let conversion: ConversionResult | null = null;
  if (ci >= 0) {
    const row: ConversionRow = book.conversion[ci];
    const t = prepared.conversionColumns;
    conversion = {
      row: row.row,
      result: row.result,
      role: ix.resultRole.get(row.result) ?? "",
      closedAt: row.closedAt,
      amount: row.amount,
      cycleDays: t.cycleDays[ci],
      lossReason: row.lossReason,
      lostAtStage: t.lostAtStage[ci],
    };
  }
  return {
    leadId: lead.leadId,
    row: lead.row,
    customer: lead.customer,
    contact: lead.contact,
    phone: settings.hideContacts ? "" : lead.phone,
    contactsHidden: settings.hideContacts,
    owner: lead.owner,
    status: lead.status,
    stage: lead.stage,
    open,
    grade: c.grade[i],
    // The engine's own rule: an override holds when the grade no longer depends on the score.
    gradeOverridden:
      gradeOf(-Infinity, lead.gradeOverride, settings) === gradeOf(Infinity, lead.gradeOverride, settings),
    score: c.score[i],
    factors: FACTORS.map(({ field, pts }) => ({
      field,
      value: lead[field],
      points: c[pts][i],
      max: maxPoints(settings, field),
    })),
    stagePath,
    daysInStage,
    nextDue: c.nextDue[i],
    alert: c.alert[i],
    alertKind: c.alertKind[i],
    alertDays: c.alertDays[i],
    timeline: timelineOf(book, lead.leadId),
    conversion,
  };
}
