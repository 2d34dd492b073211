import type { ChannelCost, LeadBook, PeriodFilter } from "../model";
import { costShare, inBounds, parseCostPeriod, periodBounds, periodLabel } from "../parse/periods";
import type { Settings } from "../settings/schema";
import { tr, type Serial } from "../types";
import {
  applyStageFills,
  fillStageDatesKeyed,
  indexRowKeys,
  leadActivityKeyed,
  type RowKeys,
  type ActivityColumns,
  type StageFill,
} from "./activity";
import { leadColumnsInto, newLeadColumnTable, type LeadColumnTable } from "./alerts";
import { BLANK_LABEL, TEAM_LABEL, TOTAL_LABEL, SALES_METRICS, SALES_METRIC_LABELS, type SalesMetric } from "./columns";
import {
  conversionColumnsInto,
  lastStageWithDate,
  newConversionColumnTable,
  type ConversionColumnTable,
} from "./conversion";
import { GRADES, indexSettings, type Grade } from "./settingsIndex";

// ---------- row types (keys = the column keys of columns.ts) ----------

export interface ChannelRow {
  channel: string;
  /** The source value as typed ("" for blank; the total row's is also ""). */
  source: string;
  isTotal: boolean;
  leads: number;
  /** Leads whose status role is not invalid. */
  valid: number;
  /** Valid leads whose Conversion result is won (an invalid lead never counts, so converted ≤ valid). */
  converted: number;
  /** converted / valid. */
  conversionRate: number | null;
  /** Σ won amount / converted (a won row without an amount adds 0). */
  avgDeal: number | null;
  /** Null when no channel cost counts for this channel in the period. */
  cost: number | null;
  costPerLead: number | null;
  roi: number | null;
  grade: string | null;
}

export interface FunnelRow {
  stage: number;
  stageName: string;
  entered: number;
  lost: number;
  lossRate: number | null;
  passThrough: number | null;
  avgDays: number | null;
}

export interface BreakdownRow {
  value: string;
  /** The dimension value as typed ("" for blank). */
  key: string;
  leads: number;
  converted: number;
  conversionRate: number | null;
  avgCycleDays: number | null;
}

export interface SalesCarry {
  target?: number | null;
  wins?: string;
  issues?: string;
  actions?: string;
}

export interface SalesRow {
  period: string;
  dimension: string;
  /** True for the team row, false for an owner. */
  isTeam: boolean;
  metric: SalesMetric;
  metricLabel: string;
  target: number | null;
  actual: number;
  achievement: number | null;
  conversionRate: number | null;
  avgCycleDays: number | null;
  avgDeal: number | null;
  wins: string;
  issues: string;
  actions: string;
}

export interface DueRow {
  leadId: string;
  customer: string;
  owner: string;
  grade: Grade;
  nextDue: Serial | null;
  daysOverdue: number | null;
  alert: string;
  nextStep: string;
  phone: string;
  /** Worksheet row of the lead (to select it). */
  row: number;
  dormant: boolean;
}

export interface Review {
  period: string;
  asOf: Serial;
  channels: ChannelRow[];
  funnel: FunnelRow[];
  bySource: BreakdownRow[];
  byIndustry: BreakdownRow[];
  byOwner: BreakdownRow[];
  byGrade: BreakdownRow[];
  sales: SalesRow[];
  due: DueRow[];
}

export interface ReviewOptions {
  period: PeriodFilter;
  asOf: Serial;
  /** Manager-typed sales targets and notes, by salesKey(period, dimension, metric). */
  carried?: ReadonlyMap<string, SalesCarry>;
  /** Extra sales periods to compute (periods with targets typed earlier). */
  salesPeriods?: readonly PeriodFilter[];
}

/** Key under which sales targets and notes are carried over: period label | dimension label | metric key. */
export function salesKey(period: string, dimension: string, metric: SalesMetric): string {
  return `${period}|${dimension}|${metric}`;
}

// ---------- shared per-lead facts, computed once ----------

/** Everything per row that the review and Refresh both need, computed in one linear pass. */
export interface Prepared {
  /** Per lead, by column (leads sharing an ID share the first one's values). */
  activity: ActivityColumns;
  fills: StageFill[];
  /** Stage dates per Conversion row after the fills (rows without fills share the book's arrays). */
  stageAt: readonly (readonly (Serial | null)[])[];
  leadColumns: LeadColumnTable;
  conversionColumns: ConversionColumnTable;
  /** Conversion position of each lead (−1 when it has no row). */
  convOfLead: Int32Array;
  /** Index of the highest stage each lead reached (−1 when unknown). */
  maxReached: Int32Array;
  /** Result role of each lead's Conversion row: 1 won, 2 lost, 0 other/none. */
  outcome: Uint8Array;
  /** 1 when the lead's status role is not invalid (the channel and sales rates count these). */
  valid: Uint8Array;
}

export const OUTCOME_WON = 1;
export const OUTCOME_LOST = 2;

/** `rowKeys`: indexRowKeys of a book with the same lead IDs in the same rows (computeAll's, built once). */
export function prepare(book: LeadBook, settings: Settings, asOf: Serial, rowKeys?: RowKeys): Prepared {
  const ix = indexSettings(settings);
  const n = ix.stageNames.length;
  // Integer keys and typed arrays instead of a Map of arrays per lead: the allocation churn dominated at 50,000 leads.
  const rk = rowKeys ?? indexRowKeys(book, settings);
  const fills = fillStageDatesKeyed(book, settings, rk);
  const stageAt = applyStageFills(book, fills, n);
  const activity = leadActivityKeyed(book, settings, rk, stageAt);
  const conv = newConversionColumnTable(book.conversion.length, n);
  // Result role of each Conversion row, as OUTCOME_* (read here, used per lead below).
  const convOutcome = new Uint8Array(book.conversion.length);
  for (let i = 0; i < book.conversion.length; i++) {
    const role = conversionColumnsInto(conv, i, ix, book.conversion[i], stageAt[i]);
    convOutcome[i] = role === "won" ? OUTCOME_WON : role === "lost" ? OUTCOME_LOST : 0;
  }
  const leads = book.leads;
  const cols = newLeadColumnTable(leads.length);
  const convOfLead = new Int32Array(leads.length);
  const maxReached = new Int32Array(leads.length);
  const outcome = new Uint8Array(leads.length);
  const valid = new Uint8Array(leads.length);
  for (let i = 0; i < leads.length; i++) {
    const lead = leads[i];
    const key = rk.leadKey[i];
    leadColumnsInto(
      cols,
      i,
      ix,
      lead,
      activity.lastFollowUp[i],
      activity.stageSince[i],
      activity.noReplyRun[i],
      settings,
      asOf,
    );
    const ci = key >= 0 ? rk.convOfKey[key] : -1;
    convOfLead[i] = ci;
    valid[i] = ix.statusRole.get(lead.status) !== "invalid" ? 1 : 0;
    let reached = ix.stageIndex.get(lead.stage) ?? -1;
    if (ci >= 0) {
      const last = lastStageWithDate(stageAt[ci], n);
      if (last > reached) reached = last;
      outcome[i] = convOutcome[ci];
    }
    maxReached[i] = reached;
  }
  return {
    activity,
    fills,
    stageAt,
    leadColumns: cols,
    conversionColumns: conv,
    convOfLead,
    maxReached,
    outcome,
    valid,
  };
}

// ---------- helpers ----------

/** a / b, or null when the denominator is zero (never NaN or Infinity). */
export function ratio(a: number, b: number): number | null {
  if (b === 0 || !Number.isFinite(a) || !Number.isFinite(b)) return null;
  const r = a / b;
  return Number.isFinite(r) ? r : null;
}

/**
 * Dimension values in a stable order: the Settings options first (so rows
 * keep their place from one review to the next), then other values in the
 * order they are first seen. Blank is its own group.
 */
class Groups<T> {
  readonly keys: string[] = [];
  readonly accs: T[] = [];
  private readonly at = new Map<string, number>();
  constructor(
    private readonly make: () => T,
    initial: readonly string[],
  ) {
    for (const k of initial) this.slot(k.trim());
  }
  slot(key: string): T {
    let i = this.at.get(key);
    if (i === undefined) {
      i = this.keys.length;
      this.at.set(key, i);
      this.keys.push(key);
      this.accs.push(this.make());
    }
    return this.accs[i];
  }
}

interface Acc {
  leads: number;
  valid: number;
  converted: number;
  convertedValid: number;
  amount: number;
  cycleSum: number;
  cycleCount: number;
  cost: number;
  costRows: number;
}
const newAcc = (): Acc => ({
  leads: 0,
  valid: 0,
  converted: 0,
  convertedValid: 0,
  amount: 0,
  cycleSum: 0,
  cycleCount: 0,
  cost: 0,
  costRows: 0,
});

/** Boundaries belong to the higher band; a tiny tolerance keeps 12/80 on 15 %'s side whatever the float rounding. */
const EPS = 1e-9;

/**
 * Channel grade (bands from Settings, settings/schema.ts): bands best first, both measures must
 * reach a band, the lower of the two counts. Without an ROI (no cost, or zero
 * cost) the rate alone grades; without a rate there is no grade.
 */
export function channelGrade(rate: number | null, roi: number | null, settings: Settings): string | null {
  if (rate === null) return null;
  const bands = settings.channelBands;
  let rateBand = bands.length;
  for (let i = 0; i < bands.length; i++)
    if (rate >= bands[i].minRate - EPS) {
      rateBand = i;
      break;
    }
  let band = rateBand;
  if (roi !== null) {
    let roiBand = bands.length;
    for (let i = 0; i < bands.length; i++)
      if (roi >= bands[i].minRoi - EPS) {
        roiBand = i;
        break;
      }
    if (roiBand > band) band = roiBand;
  }
  return band < bands.length ? bands[band].grade : settings.fallbackGrade;
}

function label(key: string, settings: Settings): string {
  return key === "" ? tr(BLANK_LABEL, settings.locale) : key;
}

function channelRow(key: string, a: Acc, isTotal: boolean, settings: Settings): ChannelRow {
  const conversionRate = ratio(a.convertedValid, a.valid);
  const avgDeal = ratio(a.amount, a.convertedValid);
  const cost = a.costRows > 0 ? a.cost : null;
  const costPerLead = cost === null ? null : ratio(cost, a.valid);
  const roi = avgDeal === null || costPerLead === null ? null : ratio(avgDeal - costPerLead, costPerLead);
  return {
    channel: isTotal ? tr(TOTAL_LABEL, settings.locale) : label(key, settings),
    source: isTotal ? "" : key,
    isTotal,
    leads: a.leads,
    valid: a.valid,
    converted: a.convertedValid,
    conversionRate,
    avgDeal,
    cost,
    costPerLead,
    roi,
    grade: channelGrade(conversionRate, roi, settings),
  };
}

function breakdownRows(g: Groups<Acc>, settings: Settings): BreakdownRow[] {
  const rows: BreakdownRow[] = [];
  for (let i = 0; i < g.keys.length; i++) {
    const a = g.accs[i];
    rows.push({
      value: label(g.keys[i], settings),
      key: g.keys[i],
      leads: a.leads,
      converted: a.converted,
      conversionRate: ratio(a.converted, a.leads),
      avgCycleDays: ratio(a.cycleSum, a.cycleCount),
    });
  }
  return rows;
}

const GRADE_ORDER: Record<Grade, number> = { A: 0, B: 1, C: 2, D: 3 };

/**
 * Due-list order (by days overdue, then grade): most days overdue
 * first (no due date last), then grade A → D, then the order of the rows in
 * Leads. Each row's place is packed into one number — days in 22 bits (any
 * pair of Excel dates), grade in 2, position in 21 (Excel's 1,048,576 rows);
 * 45 bits, exact in a double — so the sort is a plain numeric one, with no
 * comparator calls and no text comparisons.
 */
const DAYS_MAX = 2 ** 22 - 1;
const POS_BITS = 2 ** 21;

function sortDue(rows: DueRow[]): DueRow[] {
  if (rows.length >= POS_BITS) throw new Error("more due rows than a worksheet holds");
  const keys = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    const days = r.daysOverdue === null ? 0 : Math.min(Math.max(0, Math.floor(r.daysOverdue)) + 1, DAYS_MAX);
    keys[i] = ((DAYS_MAX - days) * 4 + GRADE_ORDER[r.grade]) * POS_BITS + i;
  }
  keys.sort();
  const out: DueRow[] = new Array(rows.length);
  for (let i = 0; i < keys.length; i++) out[i] = rows[keys[i] % POS_BITS];
  return out;
}

// ---------- the review ----------

/**
 * Every review block for a period, as of a date (the sheets: plan/reviewSheets.ts). Leads in scope
 * are those created in the period (all time: every lead). Conversion's result
 * is the authority for won / lost.
 */
export function computeReview(book: LeadBook, settings: Settings, opts: ReviewOptions, prepared?: Prepared): Review {
  const p = prepared ?? prepare(book, settings, opts.asOf);
  const ix = indexSettings(settings);
  const locale = settings.locale;
  const leads = book.leads;
  const conv = book.conversion;
  const n = ix.stageNames.length;

  const channels = new Groups(
    newAcc,
    settings.lists.source.map((o) => o.value),
  );
  const total = newAcc();
  const bySource = new Groups(
    newAcc,
    settings.lists.source.map((o) => o.value),
  );
  const byIndustry = new Groups(
    newAcc,
    settings.lists.industry.map((o) => o.value),
  );
  const byOwner = new Groups(
    newAcc,
    settings.lists.team.map((o) => o.value),
  );
  const byGrade = new Groups(newAcc, GRADES);
  const enteredAt = new Array<number>(n).fill(0);
  const lostAt = new Array<number>(n).fill(0);
  const daysSum = new Array<number>(Math.max(0, n - 1)).fill(0);
  const daysCount = new Array<number>(Math.max(0, n - 1)).fill(0);

  const scope = periodBounds(opts.period);
  for (let i = 0; i < leads.length; i++) {
    const lead = leads[i];
    if (!inBounds(lead.createdAt, scope)) continue;
    const ci = p.convOfLead[i];
    const won = p.outcome[i] === OUTCOME_WON;
    const valid = p.valid[i] === 1;
    const amount = won && ci >= 0 ? (conv[ci].amount ?? 0) : 0;
    const cycle = won && ci >= 0 ? p.conversionColumns.cycleDays[ci] : null;
    // Channels: converted counts valid leads only, so the rate converted / valid stays within 0..1.
    countChannel(channels.slot(lead.source), valid, won, amount);
    countChannel(total, valid, won, amount);
    countBreakdown(bySource.slot(lead.source), won, cycle);
    countBreakdown(byIndustry.slot(lead.industry), won, cycle);
    countBreakdown(byOwner.slot(lead.owner), won, cycle);
    countBreakdown(byGrade.slot(p.leadColumns.grade[i]), won, cycle);
    const reached = p.maxReached[i];
    if (reached >= 0) {
      enteredAt[reached]++;
      if (p.outcome[i] === OUTCOME_LOST) lostAt[reached]++;
    }
    if (ci >= 0) {
      const sd = p.conversionColumns.stageDays;
      for (let k = 0; k < sd.length; k++) {
        const d = sd[k][ci];
        if (d !== null) {
          daysSum[k] += d;
          daysCount[k]++;
        }
      }
    }
  }

  addCosts(book.channelCosts, opts.period, channels, total);

  const channelRows: ChannelRow[] = [];
  for (let i = 0; i < channels.keys.length; i++)
    channelRows.push(channelRow(channels.keys[i], channels.accs[i], false, settings));
  channelRows.push(channelRow("", total, true, settings));

  // A lead counts as having entered every stage up to the highest it reached (stages are passed in order).
  const funnel: FunnelRow[] = [];
  const entered = new Array<number>(n).fill(0);
  let running = 0;
  for (let k = n - 1; k >= 0; k--) {
    running += enteredAt[k];
    entered[k] = running;
  }
  for (let k = 0; k < n; k++) {
    funnel.push({
      stage: k + 1,
      stageName: ix.stageNames[k],
      entered: entered[k],
      lost: lostAt[k],
      lossRate: ratio(lostAt[k], entered[k]),
      passThrough: k < n - 1 ? ratio(entered[k + 1], entered[k]) : null,
      avgDays: k < n - 1 ? ratio(daysSum[k], daysCount[k]) : null,
    });
  }

  return {
    period: periodLabel(opts.period, undefined, locale),
    asOf: Math.floor(opts.asOf),
    channels: channelRows,
    funnel,
    bySource: breakdownRows(bySource, settings),
    byIndustry: breakdownRows(byIndustry, settings),
    byOwner: breakdownRows(byOwner, settings),
    byGrade: breakdownRows(byGrade, settings),
    sales: salesRows(book, settings, opts, p),
    due: dueRows(book, settings, opts.asOf, p),
  };
}

function countChannel(a: Acc, valid: boolean, won: boolean, amount: number): void {
  a.leads++;
  if (valid) a.valid++;
  if (won && valid) {
    a.convertedValid++;
    a.amount += amount;
  }
}

function countBreakdown(a: Acc, won: boolean, cycle: number | null): void {
  a.leads++;
  if (won) {
    a.converted++;
    if (cycle !== null) {
      a.cycleSum += cycle;
      a.cycleCount++;
    }
  }
}

function addCosts(costs: readonly ChannelCost[], period: PeriodFilter, channels: Groups<Acc>, total: Acc): void {
  for (const c of costs) {
    if (c.channel === "" || c.cost === null || !Number.isFinite(c.cost)) continue;
    const parsed = parseCostPeriod(c.period);
    if (!parsed.ok) continue; // reported by Check
    const share = costShare(parsed.value, period);
    if (share === 0) continue;
    const a = channels.slot(c.channel);
    a.cost += c.cost * share;
    a.costRows++;
    total.cost += c.cost * share;
    total.costRows++;
  }
}

function salesRows(book: LeadBook, settings: Settings, opts: ReviewOptions, p: Prepared): SalesRow[] {
  const locale = settings.locale;
  const team = tr(TEAM_LABEL, locale);
  const leads = book.leads;
  const conv = book.conversion;
  // Owners: the Settings team first, then any other owner seen, in order; each lead's slot
  // (1-based, 0 = no owner) is looked up once, not once per period.
  const owners: string[] = [];
  const ownerSlot = new Map<string, number>();
  const addOwner = (o: string): number => {
    let slot = ownerSlot.get(o);
    if (slot === undefined) {
      owners.push(o);
      ownerSlot.set(o, (slot = owners.length));
    }
    return slot;
  };
  for (const o of settings.lists.team) addOwner(o.value.trim());
  const slotOf = new Int32Array(leads.length);
  for (let i = 0; i < leads.length; i++) {
    const o = leads[i].owner;
    slotOf[i] = o === "" ? (ownerSlot.get("") ?? 0) : addOwner(o);
  }
  const dims = owners.length + 1; // slot 0 = team

  const periods: PeriodFilter[] = [opts.period, ...(opts.salesPeriods ?? [])];
  const labels = new Set<string>();
  const rows: SalesRow[] = [];
  for (const period of periods) {
    const plabel = periodLabel(period, undefined, locale);
    if (labels.has(plabel)) continue;
    labels.add(plabel);
    const wonCount = new Array<number>(dims).fill(0);
    const wonAmount = new Array<number>(dims).fill(0);
    const cycleSum = new Array<number>(dims).fill(0);
    const cycleCount = new Array<number>(dims).fill(0);
    const createdValid = new Array<number>(dims).fill(0);
    const createdWon = new Array<number>(dims).fill(0);
    const bounds = periodBounds(period);
    for (let i = 0; i < leads.length; i++) {
      const lead = leads[i];
      const slot = slotOf[i];
      const won = p.outcome[i] === OUTCOME_WON;
      if (p.valid[i] === 1 && inBounds(lead.createdAt, bounds)) {
        createdValid[0]++;
        if (won) createdWon[0]++;
        if (slot !== 0) {
          createdValid[slot]++;
          if (won) createdWon[slot]++;
        }
      }
      const ci = p.convOfLead[i];
      if (!won || ci < 0) continue;
      const closedAt = conv[ci].closedAt;
      if (!inBounds(closedAt, bounds) || closedAt === null) continue;
      const amount = conv[ci].amount ?? 0;
      const cycle = p.conversionColumns.cycleDays[ci];
      // The team always counts; the owner too when the lead has one.
      wonCount[0]++;
      wonAmount[0] += amount;
      if (cycle !== null) {
        cycleSum[0] += cycle;
        cycleCount[0]++;
      }
      if (slot !== 0) {
        wonCount[slot]++;
        wonAmount[slot] += amount;
        if (cycle !== null) {
          cycleSum[slot] += cycle;
          cycleCount[slot]++;
        }
      }
    }
    for (let s = 0; s < dims; s++) {
      const dimension = s === 0 ? team : owners[s - 1];
      for (const metric of SALES_METRICS) {
        const carry = opts.carried?.get(salesKey(plabel, dimension, metric));
        const actual = metric === "newCustomers" ? wonCount[s] : wonAmount[s];
        const target = carry?.target ?? null;
        rows.push({
          period: plabel,
          dimension,
          isTeam: s === 0,
          metric,
          metricLabel: tr(SALES_METRIC_LABELS[metric], locale),
          target,
          actual,
          achievement: target !== null && target > 0 ? ratio(actual, target) : null,
          conversionRate: ratio(createdWon[s], createdValid[s]),
          avgCycleDays: ratio(cycleSum[s], cycleCount[s]),
          avgDeal: ratio(wonAmount[s], wonCount[s]),
          wins: carry?.wins ?? "",
          issues: carry?.issues ?? "",
          actions: carry?.actions ?? "",
        });
      }
    }
  }
  return rows;
}

function dueRows(book: LeadBook, settings: Settings, asOf: Serial, p: Prepared): DueRow[] {
  const today = Math.floor(asOf);
  const due: DueRow[] = [];
  const dormant: DueRow[] = [];
  const c = p.leadColumns;
  for (let i = 0; i < book.leads.length; i++) {
    if (!c.open[i]) continue;
    const isDormant = c.alertKind[i] === "dormant";
    const nextDue = c.nextDue[i];
    if (!isDormant && (nextDue === null || nextDue > today)) continue;
    const lead = book.leads[i];
    const row: DueRow = {
      leadId: lead.leadId,
      customer: lead.customer,
      owner: lead.owner,
      grade: c.grade[i],
      nextDue,
      daysOverdue: nextDue === null ? null : Math.max(0, today - nextDue),
      alert: c.alert[i],
      nextStep: p.activity.lastNextStep[i],
      phone: settings.hideContacts ? "" : lead.phone,
      row: lead.row,
      dormant: isDormant,
    };
    (isDormant ? dormant : due).push(row);
  }
  return sortDue(due).concat(sortDue(dormant));
}
