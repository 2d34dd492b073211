/**
 * The four review analyses Refresh writes besides the review of all.ts
 * (issue 14 items 2–5), computed from one Prepared so the per-lead facts are
 * worked out once:
 *
 * - losses: leads created in the review period (as the review's funnel);
 * - trend: the last TREND_PERIODS weeks, months or quarters ending with the
 *   one that holds the as-of date (default months);
 * - forecast: every lead open now, whatever its created date (a forecast is
 *   about what is still in the pipeline);
 * - scoring: all time — the question is whether the scoring model predicted
 *   the wins of the team's whole history, and a single period rarely holds
 *   the MIN_CLOSED closed leads the suggestions need.
 */
import type { LeadBook } from "../model";
import type { Granularity, Period } from "../parse/periods";
import type { Settings } from "../settings/schema";
import type { Serial } from "../types";
import { computeForecast, type Forecast } from "./forecast";
import { computeLosses, type Losses } from "./losses";
import { prepare, type Prepared } from "./review";
import { computeScoringReview, type ScoringReview } from "./scoring";
import { computeTrend, type Trend } from "./trend";

export interface Insights {
  losses: Losses;
  trend: Trend;
  forecast: Forecast;
  scoring: ScoringReview;
}

export interface InsightOptions {
  period: Period;
  asOf: Serial;
  /** The trend's periods; default months. */
  granularity?: Granularity;
}

export function computeInsights(
  book: LeadBook,
  settings: Settings,
  opts: InsightOptions,
  prepared?: Prepared,
): Insights {
  const p = prepared ?? prepare(book, settings, opts.asOf);
  return {
    losses: computeLosses(book, settings, { period: opts.period, asOf: opts.asOf }, p),
    trend: computeTrend(book, settings, { asOf: opts.asOf, granularity: opts.granularity ?? "month" }, p),
    forecast: computeForecast(book, settings, opts.asOf, p),
    scoring: computeScoringReview(book, settings, { asOf: opts.asOf }, p),
  };
}
