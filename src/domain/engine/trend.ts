/**
 * Trend: the last N periods (weeks, months or quarters),
 * ending with the period that holds the as-of date.
 *
 * Each period counts the leads created in it, with the review's definitions
 * (Prepared): valid = status role not invalid; won = a valid lead whose
 * Conversion result is won — the ReviewChannels total row's "converted", so a
 * trend row equals that total for the same period; won amount = Σ Conversion
 * amount of those leads (a won row without an amount adds 0); average cycle =
 * mean Conversion cycle days of those leads that have one.
 */
import type { LeadBook } from "../model";
import { lastPeriods, periodLabel, periodRange, type Granularity, type Period } from "../parse/periods";
import type { Settings } from "../settings/schema";
import type { Serial } from "../types";
import { OUTCOME_WON, prepare, ratio, type Prepared } from "./review";

/** The figures of one period (one row of ReviewTrend; also the dashboard's KPIs). */
export interface PeriodFigures {
  newLeads: number;
  valid: number;
  won: number;
  /** won / valid. */
  conversionRate: number | null;
  wonAmount: number;
  avgCycleDays: number | null;
}

export interface TrendRow extends PeriodFigures {
  /** Canonical label: 2024-W23, 2024-05, 2024-Q2. */
  period: string;
  /** First day and the day after the last, as date serials. */
  from: Serial;
  to: Serial;
}

export interface Trend {
  granularity: Granularity;
  rows: TrendRow[];
}

export interface TrendOptions {
  asOf: Serial;
  /** Default month. */
  granularity?: Granularity;
  /** Default 12. */
  count?: number;
}

export const TREND_PERIODS = 12;

interface Acc {
  newLeads: number;
  valid: number;
  won: number;
  wonAmount: number;
  cycleSum: number;
  cycleCount: number;
}

const newAcc = (): Acc => ({ newLeads: 0, valid: 0, won: 0, wonAmount: 0, cycleSum: 0, cycleCount: 0 });

function count(a: Acc, book: LeadBook, p: Prepared, i: number): void {
  a.newLeads++;
  if (p.valid[i] !== 1) return;
  a.valid++;
  if (p.outcome[i] !== OUTCOME_WON) return;
  a.won++;
  const ci = p.convOfLead[i];
  if (ci < 0) return;
  a.wonAmount += book.conversion[ci].amount ?? 0;
  const cycle = p.conversionColumns.cycleDays[ci];
  if (cycle !== null) {
    a.cycleSum += cycle;
    a.cycleCount++;
  }
}

function figures(a: Acc): PeriodFigures {
  return {
    newLeads: a.newLeads,
    valid: a.valid,
    won: a.won,
    conversionRate: ratio(a.won, a.valid),
    wonAmount: a.wonAmount,
    avgCycleDays: ratio(a.cycleSum, a.cycleCount),
  };
}

/** The figures of leads created in one period (all time: every lead). */
export function periodFigures(
  book: LeadBook,
  settings: Settings,
  period: Period,
  asOf: Serial,
  prepared?: Prepared,
): PeriodFigures {
  const p = prepared ?? prepare(book, settings, asOf);
  const range = periodRange(period);
  const a = newAcc();
  for (let i = 0; i < book.leads.length; i++) {
    const at = book.leads[i].createdAt;
    if (range === null || (at !== null && at >= range[0] && at < range[1])) count(a, book, p, i);
  }
  return figures(a);
}

export function computeTrend(book: LeadBook, settings: Settings, opts: TrendOptions, prepared?: Prepared): Trend {
  const p = prepared ?? prepare(book, settings, opts.asOf);
  const granularity = opts.granularity ?? "month";
  const periods = lastPeriods(granularity, opts.count ?? TREND_PERIODS, opts.asOf);
  const ranges = periods.map((x) => periodRange(x)!);
  const accs = periods.map(newAcc);
  if (ranges.length > 0) {
    const first = ranges[0][0];
    const end = ranges[ranges.length - 1][1];
    for (let i = 0; i < book.leads.length; i++) {
      const at = book.leads[i].createdAt;
      if (at === null || at < first || at >= end) continue;
      // Periods are contiguous and ordered: the last one starting at or before the date holds it.
      let k = ranges.length - 1;
      while (ranges[k][0] > at) k--;
      count(accs[k], book, p, i);
    }
  }
  return {
    granularity,
    rows: periods.map((x, k) => ({
      period: periodLabel(x),
      from: ranges[k][0],
      to: ranges[k][1],
      ...figures(accs[k]),
    })),
  };
}
