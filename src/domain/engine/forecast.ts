/**
 * Forecast: open leads by expected close month and by
 * owner — count, pipeline amount, weighted amount.
 *
 * Open = the lead's status is still being worked (LeadColumns.open). Its stage
 * is the highest stage it reached (Prepared.maxReached; the first stage when
 * unknown). Its amount is leadAmount (deal amount, else budget midpoint).
 *
 * Weight of a lead at stage k: the team's historical win rate from stage k =
 * won / closed among closed leads (Conversion result won or lost, all time)
 * that reached stage k. When fewer than HISTORY_MIN_CLOSED closed leads
 * reached it, the stage's probability from Settings (stageProbabilities, or
 * its defaults); with neither, weight 0 and source "none".
 */
import type { LeadBook } from "../model";
import { ymdFromSerial, serialFromYmd } from "../parse/dates";
import { forecastDefaults } from "../settings/defaults";
import type { Settings } from "../settings/schema";
import { tr, type L10n, type Serial } from "../types";
import { BLANK_LABEL } from "./columns";
import { budgetMidpoints, leadAmount } from "./leadAmount";
import { OUTCOME_LOST, OUTCOME_WON, prepare, ratio, type Prepared } from "./review";
import { indexSettings } from "./settingsIndex";

export const HISTORY_MIN_CLOSED = 20;

export type WeightSource = "history" | "settings" | "none";

export const WEIGHT_SOURCE_LABELS: Record<WeightSource, L10n> = {
  history: { zh: "历史赢单率", en: "Win history" },
  settings: { zh: "设置概率", en: "Settings probability" },
  none: { zh: "无", en: "None" },
};

export const NO_DATE_LABEL: L10n = { zh: "(无日期)", en: "(no date)" };

/** Per stage: the weight used and where it came from. */
export interface ForecastStageRow {
  stage: number;
  stageName: string;
  /** Closed leads (won or lost) that reached the stage. */
  closedReached: number;
  wonReached: number;
  historicalRate: number | null;
  settingsProbability: number | null;
  /** The weight applied to open leads at this stage. */
  probability: number;
  source: WeightSource;
  sourceLabel: string;
  openLeads: number;
}

interface Figures {
  openLeads: number;
  /** Σ lead amounts (leads without an amount add 0). */
  pipeline: number;
  /** Σ amount × weight. */
  weighted: number;
  /** Open leads with neither a deal amount nor a budget midpoint. */
  unpriced: number;
  /** Leads weighted by the win history / by the Settings probability. */
  fromHistory: number;
  fromSettings: number;
}

export interface ForecastMonthRow extends Figures {
  /** `2024-07`, or "" for leads without an expected close date. */
  month: string;
  /** The month's label: the month, or "(no date)". */
  label: string;
  /** First day of the month; null for the no-date row. */
  from: Serial | null;
}

export interface ForecastOwnerRow extends Figures {
  /** Owner as typed ("" for blank). */
  owner: string;
  label: string;
}

export interface Forecast {
  stages: ForecastStageRow[];
  byMonth: ForecastMonthRow[];
  byOwner: ForecastOwnerRow[];
  total: Figures;
}

const newFigures = (): Figures => ({
  openLeads: 0,
  pipeline: 0,
  weighted: 0,
  unpriced: 0,
  fromHistory: 0,
  fromSettings: 0,
});

export function computeForecast(book: LeadBook, settings: Settings, asOf: Serial, prepared?: Prepared): Forecast {
  const p = prepared ?? prepare(book, settings, asOf);
  const ix = indexSettings(settings);
  const locale = settings.locale;
  const n = ix.stageNames.length;
  const leads = book.leads;

  // History: closed leads by the highest stage reached, then cumulated downwards (reaching k means reaching every stage before it).
  const closedAt = new Array<number>(n).fill(0);
  const wonAt = new Array<number>(n).fill(0);
  for (let i = 0; i < leads.length; i++) {
    const o = p.outcome[i];
    if (o !== OUTCOME_WON && o !== OUTCOME_LOST) continue;
    const k = p.maxReached[i];
    if (k < 0) continue;
    closedAt[k]++;
    if (o === OUTCOME_WON) wonAt[k]++;
  }
  const probs = new Map(forecastDefaults(settings).stageProbabilities.map((s) => [s.stage.trim(), s.probability]));
  const stages: ForecastStageRow[] = [];
  for (let k = n - 1, closed = 0, won = 0; k >= 0; k--) {
    closed += closedAt[k];
    won += wonAt[k];
    const historicalRate = ratio(won, closed);
    const settingsProbability = probs.get(ix.stageNames[k]) ?? null;
    const source: WeightSource =
      closed >= HISTORY_MIN_CLOSED && historicalRate !== null
        ? "history"
        : settingsProbability !== null
          ? "settings"
          : "none";
    stages[k] = {
      stage: k + 1,
      stageName: ix.stageNames[k],
      closedReached: closed,
      wonReached: won,
      historicalRate,
      settingsProbability,
      probability: source === "history" ? historicalRate! : source === "settings" ? settingsProbability! : 0,
      source,
      sourceLabel: tr(WEIGHT_SOURCE_LABELS[source], locale),
      openLeads: 0,
    };
  }

  const mids = budgetMidpoints(settings);
  const months = new Map<number, Figures>(); // key: year * 12 + month − 1; −1 = no date
  const owners = new Map<string, Figures>();
  for (const o of settings.lists.team) owners.set(o.value.trim(), newFigures());
  const total = newFigures();
  for (let i = 0; i < leads.length; i++) {
    if (!p.leadColumns.open[i]) continue;
    const lead = leads[i];
    const ci = p.convOfLead[i];
    const amount = leadAmount(lead.budget, ci >= 0 ? book.conversion[ci].amount : null, mids);
    const stage = n === 0 ? null : stages[Math.max(0, p.maxReached[i])];
    if (stage) stage.openLeads++;
    const ym = lead.expectedClose === null ? null : ymdFromSerial(lead.expectedClose);
    const mkey = ym === null ? -1 : ym.year * 12 + ym.month - 1;
    let m = months.get(mkey);
    if (!m) months.set(mkey, (m = newFigures()));
    let o = owners.get(lead.owner);
    if (!o) owners.set(lead.owner, (o = newFigures()));
    for (const f of [m, o, total]) {
      f.openLeads++;
      if (amount === null) f.unpriced++;
      else {
        f.pipeline += amount;
        f.weighted += amount * (stage?.probability ?? 0);
      }
      if (stage?.source === "history") f.fromHistory++;
      else if (stage?.source === "settings") f.fromSettings++;
    }
  }

  const byMonth: ForecastMonthRow[] = [...months.keys()]
    .sort((a, b) => (a < 0 ? 1 : b < 0 ? -1 : a - b))
    .map((k) => {
      const f = months.get(k)!;
      if (k < 0) return { month: "", label: tr(NO_DATE_LABEL, locale), from: null, ...f };
      const year = Math.floor(k / 12);
      const month = (k % 12) + 1;
      const label = `${year}-${month < 10 ? "0" : ""}${month}`;
      return { month: label, label, from: serialFromYmd(year, month, 1), ...f };
    });
  const byOwner: ForecastOwnerRow[] = [...owners.entries()].map(([owner, f]) => ({
    owner,
    label: owner === "" ? tr(BLANK_LABEL, locale) : owner,
    ...f,
  }));
  return { stages, byMonth, byOwner, total };
}

/** Weighted amount of the forecast months starting in [from, to) (serials); the no-date row never counts. */
export function weightedBetween(f: Forecast, from: Serial, to: Serial): number {
  let sum = 0;
  for (const r of f.byMonth) if (r.from !== null && r.from >= from && r.from < to) sum += r.weighted;
  return sum;
}
