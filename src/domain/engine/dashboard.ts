/**
 * Dashboard: KPI values for a period and up to five
 * plain-language findings, each a template filled with numbers in both
 * languages. Every number comes from the other review computations — this
 * file defines no figure of its own:
 *
 * - new leads, valid, won, conversion rate, won amount, average cycle:
 *   periodFigures (the trend's row for the period);
 * - overdue follow-ups: open leads whose Alert is "overdue" (the lead columns);
 * - weighted forecast of the next 3 months: the forecast's months from the
 *   as-of month to two months after it;
 * - findings: losses (bottleneck), ReviewChannels (ROI; month, quarter, year
 *   or all time only — channel costs are typed per month or quarter, so a week
 *   has no ROI), the scoring review (grade cycles and grade win rates), the
 *   Alert column (overdue by owner).
 */
import type { LeadBook } from "../model";
import { ymdFromSerial, serialFromYmd } from "../parse/dates";
import { periodLabel, type Period } from "../parse/periods";
import type { Settings } from "../settings/schema";
import { tr, type L10n, type Locale, type Serial } from "../types";
import { BLANK_LABEL } from "./columns";
import { computeForecast, weightedBetween } from "./forecast";
import { daysText, percentText } from "./figureText";
import { computeLosses } from "./losses";
import { computeReview, prepare, type Prepared, type Review } from "./review";
import { computeScoringReview, warningText } from "./scoring";
import type { Grade } from "./settingsIndex";
import { periodFigures } from "./trend";

export type DashboardKpi =
  "newLeads" | "valid" | "won" | "conversionRate" | "wonAmount" | "avgCycleDays" | "overdue" | "forecast3m";

export const DASHBOARD_KPIS: readonly DashboardKpi[] = [
  "newLeads",
  "valid",
  "won",
  "conversionRate",
  "wonAmount",
  "avgCycleDays",
  "overdue",
  "forecast3m",
];

export const KPI_LABELS: Record<DashboardKpi, L10n> = {
  newLeads: { zh: "新增线索", en: "New leads" },
  valid: { zh: "有效线索", en: "Valid leads" },
  won: { zh: "成交", en: "Won" },
  conversionRate: { zh: "转化率", en: "Conversion rate" },
  wonAmount: { zh: "成交金额", en: "Won amount" },
  avgCycleDays: { zh: "平均转化周期（天）", en: "Average cycle (days)" },
  overdue: { zh: "逾期跟进", en: "Overdue follow-ups" },
  forecast3m: { zh: "未来3个月加权预测", en: "Weighted forecast, next 3 months" },
};

export const KPI_KIND: Record<DashboardKpi, "integer" | "rate" | "amount" | "days"> = {
  newLeads: "integer",
  valid: "integer",
  won: "integer",
  conversionRate: "rate",
  wonAmount: "amount",
  avgCycleDays: "days",
  overdue: "integer",
  forecast3m: "amount",
};

export interface KpiRow {
  key: DashboardKpi;
  label: string;
  value: number | null;
  kind: "integer" | "rate" | "amount" | "days";
}

export type FindingKind = "bottleneck" | "channelRoi" | "gradeCycle" | "overdueOwner" | "gradeWinRate";

export interface FindingRow {
  kind: FindingKind;
  /** The sentence in the Settings locale. */
  text: string;
  zh: string;
  en: string;
}

export interface Dashboard {
  period: string;
  kpis: KpiRow[];
  findings: FindingRow[];
}

export interface DashboardOptions {
  period: Period;
  asOf: Serial;
  /** The review for the same period, when already computed (its channels give the ROI finding). */
  review?: Review;
}

export const MAX_FINDINGS = 5;

// ---------- the templates ----------

/** 阶段4商务谈判流失率30%，主要因价格异议未解决 — `reason` null when most losses there have none. */
export function bottleneckFinding(stage: number, stageName: string, lossRate: number, reason: string | null): L10n {
  const pct = percentText(lossRate);
  return reason === null
    ? {
        zh: `阶段${stage}${stageName}流失率${pct}，流失原因多未填写`,
        en: `Stage ${stage} ${stageName} loses ${pct} of the leads that reach it; most losses have no reason given`,
      }
    : {
        zh: `阶段${stage}${stageName}流失率${pct}，主要因${reason}`,
        en: `Stage ${stage} ${stageName} loses ${pct} of the leads that reach it, mainly: ${reason}`,
      };
}

export function channelRoiFinding(best: string, bestRoi: number, worst: string, worstRoi: number): L10n {
  return {
    zh: `渠道ROI最高为${best}（${percentText(bestRoi)}），最低为${worst}（${percentText(worstRoi)}）`,
    en: `Best channel by ROI: ${best} (${percentText(bestRoi)}); worst: ${worst} (${percentText(worstRoi)})`,
  };
}

/** B类线索平均转化周期45天，较A类（25天）长20天 — days are whole days, the gap is between the rounded figures. */
export function gradeCycleFinding(grade: Grade, days: number, base: Grade, baseDays: number): L10n {
  const x = Math.round(days);
  const y = Math.round(baseDays);
  return {
    zh: `${grade}类线索平均转化周期${daysText(x)}天，较${base}类（${daysText(y)}天）长${daysText(x - y)}天`,
    en: `Grade ${grade} leads take ${daysText(x)} days on average to convert, ${daysText(x - y)} days longer than grade ${base} (${daysText(y)} days)`,
  };
}

export function overdueOwnerFinding(owner: string, count: number): L10n {
  return {
    zh: `${owner}名下逾期跟进最多：${count}条`,
    en: `${owner} has the most overdue follow-ups: ${count}`,
  };
}

export function gradeWinRateFinding(higher: Grade, hr: number, lower: Grade, lr: number): L10n {
  return { zh: warningText(higher, hr, lower, lr, "zh-CN"), en: warningText(higher, hr, lower, lr, "en-US") };
}

function row(kind: FindingKind, text: L10n, locale: Locale): FindingRow {
  return { kind, text: tr(text, locale), zh: text.zh, en: text.en };
}

// ---------- the dashboard ----------

export function computeDashboard(
  book: LeadBook,
  settings: Settings,
  opts: DashboardOptions,
  prepared?: Prepared,
): Dashboard {
  const p = prepared ?? prepare(book, settings, opts.asOf);
  const locale = settings.locale;
  const fig = periodFigures(book, settings, opts.period, opts.asOf, p);

  // Overdue follow-ups, in total and by owner (Settings team first, then as first seen).
  const byOwner = new Map<string, number>(settings.lists.team.map((o) => [o.value.trim(), 0]));
  let overdue = 0;
  for (let i = 0; i < book.leads.length; i++) {
    if (!p.leadColumns.open[i] || p.leadColumns.alertKind[i] !== "overdue") continue;
    overdue++;
    const o = book.leads[i].owner;
    byOwner.set(o, (byOwner.get(o) ?? 0) + 1);
  }

  const forecast = computeForecast(book, settings, opts.asOf, p);
  const { year, month } = ymdFromSerial(opts.asOf);
  const forecast3m = weightedBetween(forecast, serialFromYmd(year, month, 1), serialFromYmd(year, month + 3, 1));

  const values: Record<DashboardKpi, number | null> = {
    newLeads: fig.newLeads,
    valid: fig.valid,
    won: fig.won,
    conversionRate: fig.conversionRate,
    wonAmount: fig.wonAmount,
    avgCycleDays: fig.avgCycleDays,
    overdue,
    forecast3m,
  };
  const kpis: KpiRow[] = DASHBOARD_KPIS.map((key) => ({
    key,
    label: tr(KPI_LABELS[key], locale),
    value: values[key],
    kind: KPI_KIND[key],
  }));

  const findings: FindingRow[] = [];

  // 1. Bottleneck: the stage with the highest loss rate (ties: more losses, then the earlier stage).
  const losses = computeLosses(book, settings, { period: opts.period, asOf: opts.asOf }, p);
  let worst: (typeof losses.stages)[number] | null = null;
  for (const s of losses.stages) {
    if (s.stage === null || s.lost === 0 || s.lossRate === null) continue;
    if (worst === null || s.lossRate > worst.lossRate! || (s.lossRate === worst.lossRate && s.lost > worst.lost))
      worst = s;
  }
  if (worst)
    findings.push(
      row(
        "bottleneck",
        bottleneckFinding(
          worst.stage!,
          worst.stageName,
          worst.lossRate!,
          worst.mainReasonNone ? null : worst.mainReason,
        ),
        locale,
      ),
    );

  // 2. Best and worst channel by ROI (two channels with an ROI at least, and different ROIs).
  if (opts.period.kind !== "week") {
    const review = opts.review ?? computeReview(book, settings, { period: opts.period, asOf: opts.asOf }, p);
    const withRoi = review.channels.filter((c) => !c.isTotal && c.roi !== null);
    if (withRoi.length >= 2) {
      let best = withRoi[0];
      let low = withRoi[0];
      for (const c of withRoi) {
        if (c.roi! > best.roi!) best = c;
        if (c.roi! < low.roi!) low = c;
      }
      if (best.roi! > low.roi!)
        findings.push(row("channelRoi", channelRoiFinding(best.channel, best.roi!, low.channel, low.roi!), locale));
    }
  }

  // 3. Grade cycles: the grade with the longest average cycle against the highest grade that has one.
  const scoring = computeScoringReview(book, settings, { asOf: opts.asOf, period: opts.period }, p);
  const cycles = scoring.grades.filter((g) => g.avgCycleDays !== null);
  if (cycles.length >= 2) {
    const base = cycles[0];
    let longest = cycles[1];
    for (const g of cycles.slice(2)) if (g.avgCycleDays! > longest.avgCycleDays!) longest = g;
    if (Math.round(longest.avgCycleDays!) > Math.round(base.avgCycleDays!))
      findings.push(
        row(
          "gradeCycle",
          gradeCycleFinding(longest.grade, longest.avgCycleDays!, base.grade, base.avgCycleDays!),
          locale,
        ),
      );
  }

  // 4. The owner with the most overdue follow-ups (ties: the first in the team order).
  let topOwner: string | null = null;
  let topCount = 0;
  for (const [owner, n] of byOwner)
    if (n > topCount) {
      topOwner = owner;
      topCount = n;
    }
  if (topOwner !== null)
    findings.push(
      row("overdueOwner", overdueOwnerFinding(topOwner === "" ? tr(BLANK_LABEL, locale) : topOwner, topCount), locale),
    );

  // 5. A higher grade that wins less often than a lower one (only with enough closed leads to trust it).
  if (scoring.enough && scoring.warnings.length > 0) {
    const w = scoring.warnings[0];
    findings.push(row("gradeWinRate", gradeWinRateFinding(w.higher, w.higherRate, w.lower, w.lowerRate), locale));
  }

  return { period: periodLabel(opts.period, undefined, locale), kpis, findings: findings.slice(0, MAX_FINDINGS) };
}
