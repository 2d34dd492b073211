/**
 * Loss analysis: lost leads by stage × loss reason.
 *
 * Scope and definitions are the review's: leads created in the period (all
 * time: every lead); Conversion's result is the authority for "lost"; the
 * stage a lead was lost at is the highest stage it reached (Prepared.maxReached:
 * its Leads stage or the last stage with an entry date in Conversion).
 *
 * Stage loss rate = leads lost at the stage / leads that reached the stage
 * (entered it or any later stage) — the seed guide's 阶段流失率 =
 * 某阶段流失线索数 / 进入该阶段线索数, and the same figure as ReviewFunnel's
 * loss rate for the period.
 */
import type { LeadBook } from "../model";
import { inBounds, periodBounds, periodLabel, type Period } from "../parse/periods";
import type { Settings } from "../settings/schema";
import { tr, type L10n, type Serial } from "../types";
import { BLANK_LABEL } from "./columns";
import { OUTCOME_LOST, prepare, ratio, type Prepared } from "./review";
import { indexSettings } from "./settingsIndex";

export const NO_REASON_LABEL: L10n = { zh: "未填写原因", en: "No reason given" };

/** One stage × reason cell with at least one lost lead (table ReviewLosses). */
export interface LossRow {
  /** 1-based stage number; null for lost leads whose stage is unknown. */
  stage: number | null;
  stageName: string;
  /** The loss reason as typed, or the "no reason given" label. */
  reason: string;
  noReason: boolean;
  count: number;
  /** count / leads lost at this stage. */
  share: number | null;
  /** The stage's loss rate (see the file comment). */
  stageLossRate: number | null;
  /** True on the row of the stage's main reason. */
  main: boolean;
}

/** One row per stage: its losses and its main reason. */
export interface LossStageRow {
  stage: number | null;
  stageName: string;
  entered: number;
  lost: number;
  lossRate: number | null;
  /**
   * The most frequent stated reason (ties: the Settings order, then first
   * seen); "no reason given" only when no loss at the stage has a reason;
   * null when nothing was lost there.
   */
  mainReason: string | null;
  mainReasonNone: boolean;
  mainReasonCount: number;
  mainReasonShare: number | null;
}

export interface Losses {
  period: string;
  rows: LossRow[];
  stages: LossStageRow[];
}

export interface LossOptions {
  period: Period;
  asOf: Serial;
}

export function computeLosses(book: LeadBook, settings: Settings, opts: LossOptions, prepared?: Prepared): Losses {
  const p = prepared ?? prepare(book, settings, opts.asOf);
  const ix = indexSettings(settings);
  const locale = settings.locale;
  const n = ix.stageNames.length;
  // Slot n = unknown stage.
  const reachedAt = new Array<number>(n).fill(0);
  const lostAt = new Array<number>(n + 1).fill(0);
  // Reasons: Settings order first, then as first seen; "" = no reason (always last).
  const reasonOrder: string[] = settings.lists.lossReason.map((o) => o.value.trim());
  const reasonIx = new Map<string, number>();
  reasonOrder.forEach((r, i) => reasonIx.set(r, i));
  const counts: number[][] = Array.from({ length: n + 1 }, () => []);
  const noReason = new Array<number>(n + 1).fill(0);

  const scope = periodBounds(opts.period);
  for (let i = 0; i < book.leads.length; i++) {
    if (!inBounds(book.leads[i].createdAt, scope)) continue;
    const reached = p.maxReached[i];
    if (reached >= 0) reachedAt[reached]++;
    if (p.outcome[i] !== OUTCOME_LOST) continue;
    const slot = reached >= 0 ? reached : n;
    lostAt[slot]++;
    const ci = p.convOfLead[i];
    const reason = ci >= 0 ? book.conversion[ci].lossReason.trim() : "";
    if (reason === "") {
      noReason[slot]++;
      continue;
    }
    let r = reasonIx.get(reason);
    if (r === undefined) {
      r = reasonOrder.length;
      reasonOrder.push(reason);
      reasonIx.set(reason, r);
    }
    counts[slot][r] = (counts[slot][r] ?? 0) + 1;
  }

  // A lead counts as having reached every stage up to the highest it reached.
  const entered = new Array<number>(n).fill(0);
  for (let k = n - 1, run = 0; k >= 0; k--) entered[k] = run += reachedAt[k];

  const noReasonText = tr(NO_REASON_LABEL, locale);
  const rows: LossRow[] = [];
  const stages: LossStageRow[] = [];
  for (let slot = 0; slot <= n; slot++) {
    const known = slot < n;
    if (!known && lostAt[slot] === 0) continue;
    const stage = known ? slot + 1 : null;
    const stageName = known ? ix.stageNames[slot] : tr(BLANK_LABEL, locale);
    const lost = lostAt[slot];
    const lossRate = known ? ratio(lost, entered[slot]) : null;
    let main = -1;
    for (let r = 0; r < reasonOrder.length; r++)
      if ((counts[slot][r] ?? 0) > (main < 0 ? 0 : counts[slot][main])) main = r;
    const mainNone = main < 0 && noReason[slot] > 0;
    const mainCount = main >= 0 ? counts[slot][main] : noReason[slot];
    stages.push({
      stage,
      stageName,
      entered: known ? entered[slot] : 0,
      lost,
      lossRate,
      mainReason: main >= 0 ? reasonOrder[main] : mainNone ? noReasonText : null,
      mainReasonNone: mainNone,
      mainReasonCount: lost === 0 ? 0 : mainCount,
      mainReasonShare: lost === 0 ? null : ratio(mainCount, lost),
    });
    const push = (reason: string, none: boolean, count: number, isMain: boolean) =>
      rows.push({
        stage,
        stageName,
        reason,
        noReason: none,
        count,
        share: ratio(count, lost),
        stageLossRate: lossRate,
        main: isMain,
      });
    for (let r = 0; r < reasonOrder.length; r++) {
      const c = counts[slot][r] ?? 0;
      if (c > 0) push(reasonOrder[r], false, c, r === main);
    }
    if (noReason[slot] > 0) push(noReasonText, true, noReason[slot], mainNone);
  }
  return { period: periodLabel(opts.period, undefined, locale), rows, stages };
}
