import type { Lead } from "../model";
import type { Settings } from "../settings/schema";
import type { Locale, Serial } from "../types";
import type { LeadActivity } from "./activity";
import { gradeOf, type LeadScore } from "./score";
import { indexSettings, isOpenStatus, roleText, type Grade, type SettingsIndex } from "./settingsIndex";
import { rowAt } from "./columnTable";

export type AlertKind = "dormant" | "overdue" | "stalled";

/**
 * The alert wording, in one place: the Excel formula built for the Alert
 * column must produce byte-identical text, so it reads its pieces from here
 * (`prefix & N & suffix`, or `text` for dormant).
 */
export const ALERT_WORDING: Record<
  Locale,
  { dormant: string; overdue: { prefix: string; suffix: string }; stalled: { prefix: string; suffix: string } }
> = {
  "zh-CN": {
    dormant: "休眠",
    overdue: { prefix: "逾期 ", suffix: " 天" },
    stalled: { prefix: "停滞 ", suffix: " 天" },
  },
  "en-US": {
    dormant: "Dormant",
    overdue: { prefix: "Overdue ", suffix: " d" },
    stalled: { prefix: "Stalled ", suffix: " d" },
  },
};

export function alertText(kind: AlertKind | null, days: number | null, locale: Locale): string {
  if (kind === null) return "";
  const w = ALERT_WORDING[locale];
  if (kind === "dormant") return w.dormant;
  const pair = w[kind];
  const d = days ?? 0;
  // Most alerts repeat a small day count: reuse the text instead of building a new string per lead.
  if (!Number.isInteger(d) || d < 0 || d >= ALERT_CACHE_DAYS) return pair.prefix + String(d) + pair.suffix;
  let cached = alertCache.get(pair);
  if (cached === undefined) alertCache.set(pair, (cached = new Array<string | undefined>(ALERT_CACHE_DAYS)));
  return (cached[d] ??= pair.prefix + String(d) + pair.suffix);
}

const ALERT_CACHE_DAYS = 4096;
/** Keyed by the wording pair (one per locale and alert kind). */
const alertCache = new Map<object, (string | undefined)[]>();

export interface LeadColumns extends LeadScore {
  grade: Grade;
  nextDue: Serial | null;
  alert: string;
  alertKind: AlertKind | null;
  /** Days overdue or days in stage for those alerts; null otherwise. */
  alertDays: number | null;
  /** Whether the lead is still being worked (status role not won / lost / invalid). */
  open: boolean;
  /** Helper columns: the status role as Settings shows it ("" when none), the stage's limit (0 = none), the date the cadence counts from. */
  statusRole: string;
  stageLimit: number;
  cadenceBase: Serial | null;
}

const NO_ACTIVITY: LeadActivity = {
  lastFollowUp: null,
  stageSince: null,
  noReplyRun: 0,
  lastNextStep: "",
  lastFollowUpRow: null,
};

/**
 * The calculated and alert columns of every lead, by column (parallel to
 * book.leads): a dozen arrays instead of one object per lead, which at 50,000
 * leads the collector would copy around. leadColumnsAt gives one lead's.
 */
export interface LeadColumnTable {
  budgetPts: Float64Array;
  urgencyPts: Float64Array;
  accessPts: Float64Array;
  sizePts: Float64Array;
  score: Float64Array;
  grade: Grade[];
  nextDue: (Serial | null)[];
  alert: string[];
  alertKind: (AlertKind | null)[];
  alertDays: (number | null)[];
  open: boolean[];
  statusRole: string[];
  stageLimit: Float64Array;
  cadenceBase: (Serial | null)[];
}

export function newLeadColumnTable(n: number): LeadColumnTable {
  return {
    budgetPts: new Float64Array(n),
    urgencyPts: new Float64Array(n),
    accessPts: new Float64Array(n),
    sizePts: new Float64Array(n),
    score: new Float64Array(n),
    grade: new Array<Grade>(n).fill("C"),
    nextDue: new Array<Serial | null>(n).fill(null),
    alert: new Array<string>(n).fill(""),
    alertKind: new Array<AlertKind | null>(n).fill(null),
    alertDays: new Array<number | null>(n).fill(null),
    open: new Array<boolean>(n).fill(false),
    statusRole: new Array<string>(n).fill(""),
    stageLimit: new Float64Array(n),
    cadenceBase: new Array<Serial | null>(n).fill(null),
  };
}

/** Lead i's columns as one object. */
export function leadColumnsAt(t: LeadColumnTable, i: number): LeadColumns {
  return rowAt(t, i);
}

/**
 * The calculated and alert columns of one lead, as of a date (Leads fields: fields/definitions.ts).
 * nextDue = INT(last follow-up, else created) + cadence of the grade. The
 * alert applies to open leads only, first match wins: dormant (status,
 * inactivity ≥ dormantDays, or the no-reply run) → overdue (asOf > nextDue)
 * → stalled (longer than the current stage's limit).
 */
export function leadColumns(
  lead: Lead,
  activity: LeadActivity | undefined,
  settings: Settings,
  asOf: Serial,
): LeadColumns {
  const act = activity ?? NO_ACTIVITY;
  const t = newLeadColumnTable(1);
  leadColumnsInto(
    t,
    0,
    indexSettings(settings),
    lead,
    act.lastFollowUp,
    act.stageSince,
    act.noReplyRun,
    settings,
    asOf,
  );
  return leadColumnsAt(t, 0);
}

/**
 * leadColumns written into row i of a table, with the Settings index already
 * looked up and the activity passed as values (computeAll's per-lead loop).
 */
export function leadColumnsInto(
  t: LeadColumnTable,
  i: number,
  ix: SettingsIndex,
  lead: Lead,
  lastFollowUp: Serial | null,
  stageSince: Serial | null,
  noReplyRun: number,
  settings: Settings,
  asOf: Serial,
): void {
  const p = ix.points;
  const budgetPts = p.budget.get(lead.budget) ?? 0;
  const urgencyPts = p.urgency.get(lead.urgency) ?? 0;
  const accessPts = p.decisionAccess.get(lead.decisionAccess) ?? 0;
  const sizePts = p.companySize.get(lead.companySize) ?? 0;
  const score = budgetPts + urgencyPts + accessPts + sizePts;
  const grade = gradeOf(score, lead.gradeOverride, settings);
  const baseRaw = lastFollowUp ?? lead.createdAt;
  const base = baseRaw === null ? null : Math.floor(baseRaw);
  const nextDue = base === null ? null : base + settings.cadenceDays[grade];
  const today = Math.floor(asOf);
  const open = isOpenStatus(ix, lead.status);
  const stage = ix.stageIndex.get(lead.stage);
  const limit = stage === undefined ? undefined : ix.stageLimit[stage];
  let alertKind: AlertKind | null = null;
  let alertDays: number | null = null;
  if (open) {
    if (
      ix.statusRole.get(lead.status) === "dormant" ||
      (base !== null && today - base >= settings.dormantDays) ||
      noReplyRun >= settings.noReplyLimit
    ) {
      alertKind = "dormant";
    } else if (nextDue !== null && today > nextDue) {
      alertKind = "overdue";
      alertDays = today - nextDue;
    } else if (limit !== undefined && stageSince !== null && today - Math.floor(stageSince) > limit) {
      alertKind = "stalled";
      alertDays = today - Math.floor(stageSince);
    }
  }
  t.budgetPts[i] = budgetPts;
  t.urgencyPts[i] = urgencyPts;
  t.accessPts[i] = accessPts;
  t.sizePts[i] = sizePts;
  t.score[i] = score;
  t.grade[i] = grade;
  t.nextDue[i] = nextDue;
  t.alertKind[i] = alertKind;
  t.alertDays[i] = alertDays;
  t.alert[i] = alertText(alertKind, alertDays, settings.locale);
  t.open[i] = open;
  t.statusRole[i] = roleText(ix.statusRole.get(lead.status), settings.locale);
  t.stageLimit[i] = limit ?? 0;
  t.cadenceBase[i] = base;
}
