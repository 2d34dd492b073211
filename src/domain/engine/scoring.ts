/**
 * Scoring review: does the scoring model predict wins?
 *
 * Scope: leads created in the period (all time by default). Closed = a
 * Conversion result of won or lost; won as in the review; win rate =
 * won / closed; average cycle = mean Conversion cycle days of the won leads.
 * Grades are the leads' grades as computed (overrides included).
 * Option rows are the Settings options of each factor; a lead whose value is
 * blank or not in the list counts in its grade but under no option.
 *
 * Suggested points, per factor f (budget, urgency, decision access, company
 * size) and option o with at least one closed lead:
 *
 *   lift(o)       = winRate(o) / winRate(all closed leads in scope)
 *   suggested(o)  = round( maxPoints(f) × lift(o) / max lift(o') over f's options )
 *                 = round( maxPoints(f) × winRate(o) / max winRate(o') )
 *
 * so the best option of a factor keeps the factor's current maximum (the
 * factor's weight, and so the grade thresholds, keep their meaning) and every
 * other option gets points in proportion to how often it wins compared with
 * the best one. An option with no closed lead, or a factor whose options never
 * won, keeps its current points (no evidence). Below MIN_CLOSED closed leads
 * there are no suggestions at all. Nothing here changes Settings: the pane
 * offers suggestedSettings with a preview from countGradeChanges.
 */
import { SCORED_LISTS, type ScoredList } from "../fields/lists";
import type { LeadBook } from "../model";
import { inBounds, periodBounds, type Period } from "../parse/periods";
import type { Settings } from "../settings/schema";
import { tr, type L10n, type Serial } from "../types";
import { percentText } from "./figureText";
import { OUTCOME_LOST, OUTCOME_WON, prepare, ratio, type Prepared } from "./review";
import { gradeOf, scoreLead } from "./score";
import { GRADES, type Grade } from "./settingsIndex";

export const MIN_CLOSED = 30;

export const FACTOR_LABELS: Record<ScoredList, L10n> = {
  budget: { zh: "预算范围", en: "Budget" },
  urgency: { zh: "需求紧急度", en: "Urgency" },
  decisionAccess: { zh: "决策人对接", en: "Decision access" },
  companySize: { zh: "客户规模", en: "Company size" },
};

interface Outcomes {
  leads: number;
  closed: number;
  won: number;
  winRate: number | null;
  avgCycleDays: number | null;
}

export interface ScoringGradeRow extends Outcomes {
  grade: Grade;
}

export interface ScoringOptionRow extends Outcomes {
  factor: ScoredList;
  factorLabel: string;
  option: string;
  /** winRate / the overall win rate; null without closed leads. */
  lift: number | null;
  currentPoints: number;
  /** Null when there are too few closed leads overall. */
  suggestedPoints: number | null;
}

/** A higher grade that wins less often than a lower one. */
export interface ScoringWarningRow {
  higher: Grade;
  lower: Grade;
  higherRate: number;
  lowerRate: number;
  text: string;
}

export interface ScoringReview {
  closed: number;
  won: number;
  winRate: number | null;
  /** At least MIN_CLOSED closed leads: suggestions are given. */
  enough: boolean;
  /** Why there are no suggestions (localized), or null. */
  note: string | null;
  grades: ScoringGradeRow[];
  options: ScoringOptionRow[];
  warnings: ScoringWarningRow[];
}

export interface ScoringOptions {
  asOf: Serial;
  /** Default all time. */
  period?: Period;
}

interface Acc {
  leads: number;
  closed: number;
  won: number;
  cycleSum: number;
  cycleCount: number;
}
const newAcc = (): Acc => ({ leads: 0, closed: 0, won: 0, cycleSum: 0, cycleCount: 0 });

function outcomes(a: Acc): Outcomes {
  return {
    leads: a.leads,
    closed: a.closed,
    won: a.won,
    winRate: ratio(a.won, a.closed),
    avgCycleDays: ratio(a.cycleSum, a.cycleCount),
  };
}

export function tooFewText(closed: number, locale: Settings["locale"]): string {
  return tr(
    {
      zh: `已结案线索 ${closed} 条，少于 ${MIN_CLOSED} 条，暂不建议调整分值`,
      en: `${closed} closed leads, fewer than ${MIN_CLOSED}: no suggested points yet`,
    },
    locale,
  );
}

export function warningText(higher: Grade, hr: number, lower: Grade, lr: number, locale: Settings["locale"]): string {
  return tr(
    {
      zh: `${higher}类线索赢单率${percentText(hr)}，低于${lower}类（${percentText(lr)}）`,
      en: `Grade ${higher} wins ${percentText(hr)}, less often than grade ${lower} (${percentText(lr)})`,
    },
    locale,
  );
}

export function computeScoringReview(
  book: LeadBook,
  settings: Settings,
  opts: ScoringOptions,
  prepared?: Prepared,
): ScoringReview {
  const p = prepared ?? prepare(book, settings, opts.asOf);
  const locale = settings.locale;
  const scope = periodBounds(opts.period ?? { kind: "all" });
  const grades = new Map<Grade, Acc>(GRADES.map((g) => [g, newAcc()]));
  const optionIx = SCORED_LISTS.map((f) => new Map(settings.lists[f].map((o, i) => [o.value.trim(), i])));
  const optionAcc = SCORED_LISTS.map((f) => settings.lists[f].map(newAcc));
  const all = newAcc();
  for (let i = 0; i < book.leads.length; i++) {
    const lead = book.leads[i];
    if (!inBounds(lead.createdAt, scope)) continue;
    const o = p.outcome[i];
    const ci = p.convOfLead[i];
    const cycle = o === OUTCOME_WON && ci >= 0 ? p.conversionColumns.cycleDays[ci] : null;
    const accs = [all, grades.get(p.leadColumns.grade[i])!];
    SCORED_LISTS.forEach((f, k) => {
      const at = optionIx[k].get(lead[f]);
      if (at !== undefined) accs.push(optionAcc[k][at]);
    });
    for (const a of accs) {
      a.leads++;
      if (o !== OUTCOME_WON && o !== OUTCOME_LOST) continue;
      a.closed++;
      if (o !== OUTCOME_WON) continue;
      a.won++;
      if (cycle !== null) {
        a.cycleSum += cycle;
        a.cycleCount++;
      }
    }
  }
  const winRate = ratio(all.won, all.closed);
  const enough = all.closed >= MIN_CLOSED;

  const gradeRows: ScoringGradeRow[] = GRADES.map((g) => ({ grade: g, ...outcomes(grades.get(g)!) }));
  const warnings: ScoringWarningRow[] = [];
  for (let h = 0; h < gradeRows.length; h++)
    for (let l = h + 1; l < gradeRows.length; l++) {
      const hr = gradeRows[h].winRate;
      const lr = gradeRows[l].winRate;
      if (hr === null || lr === null || hr >= lr) continue;
      const higher = gradeRows[h].grade;
      const lower = gradeRows[l].grade;
      warnings.push({ higher, lower, higherRate: hr, lowerRate: lr, text: warningText(higher, hr, lower, lr, locale) });
    }

  const options: ScoringOptionRow[] = [];
  SCORED_LISTS.forEach((f, k) => {
    const list = settings.lists[f];
    const rows = list.map((opt, j) => ({ opt, out: outcomes(optionAcc[k][j]) }));
    const maxPoints = list.reduce((m, o) => Math.max(m, o.points ?? 0), 0);
    const maxRate = rows.reduce((m, r) => Math.max(m, r.out.winRate ?? 0), 0);
    for (const { opt, out } of rows) {
      const current = opt.points ?? 0;
      let suggested: number | null = null;
      if (enough)
        suggested = out.winRate === null || maxRate === 0 ? current : Math.round((maxPoints * out.winRate) / maxRate);
      options.push({
        factor: f,
        factorLabel: tr(FACTOR_LABELS[f], locale),
        option: opt.value,
        ...out,
        lift: out.winRate === null || winRate === null || winRate === 0 ? null : out.winRate / winRate,
        currentPoints: current,
        suggestedPoints: suggested,
      });
    }
  });

  return {
    closed: all.closed,
    won: all.won,
    winRate,
    enough,
    note: enough ? null : tooFewText(all.closed, locale),
    grades: gradeRows,
    options,
    warnings,
  };
}

/** Settings with the suggested points in place (a copy; the review's Settings otherwise). Never applied by itself. */
export function suggestedSettings(settings: Settings, review: ScoringReview): Settings {
  if (!review.enough) return settings;
  const lists = { ...settings.lists };
  for (const f of SCORED_LISTS) {
    lists[f] = settings.lists[f].map((o) => {
      const row = review.options.find((r) => r.factor === f && r.option === o.value);
      return row && row.suggestedPoints !== null ? { ...o, points: row.suggestedPoints } : o;
    });
  }
  return { ...settings, lists };
}

/** How many leads would change grade if `next` Settings replaced `current` (overrides hold their grade). */
export function countGradeChanges(book: LeadBook, current: Settings, next: Settings): number {
  let changed = 0;
  for (const lead of book.leads) {
    const before = gradeOf(scoreLead(lead, current).score, lead.gradeOverride, current);
    const after = gradeOf(scoreLead(lead, next).score, lead.gradeOverride, next);
    if (before !== after) changed++;
  }
  return changed;
}
