/**
 * Settings edited from the pane (issue 15 item 6) and the scoring review's
 * suggested points (issue 14 item 5): read -> compute -> plan -> apply over the
 * port. An edit is checked first (settings/edit.ts, bilingual messages) and
 * nothing is written while it has a problem; its preview says how many leads
 * change grade (engine/scoring.ts countGradeChanges) and which options still
 * in use it drops; applying writes only the Settings cells that change
 * (plan/settingsWrite.ts). Suggested points are computed by the engine
 * (computeScoringReview, suggestedSettings) and never applied by themselves.
 */
import type { ScoredList } from "../domain/fields/lists";
import type { LeadBook } from "../domain/model";
import { computeScoringReview, countGradeChanges, MIN_CLOSED, suggestedSettings } from "../domain/engine/scoring";
import type { Grade } from "../domain/engine/settingsIndex";
import { planSettingsWrite } from "../domain/plan/settingsWrite";
import {
  normalizeSettings,
  removedOptionsInUse,
  settingsProblems,
  type OptionInUse,
  type SettingsProblem,
} from "../domain/settings/edit";
import type { Settings } from "../domain/settings/schema";
import type { L10n, Locale } from "../domain/types";
import type { WorkbookPort } from "../workbook/port";
import { asOfSerial, loadContext, readLeadBook } from "./context";

export interface SettingsEditOptions {
  /** Clock (tests pass a fixed one); Settings' as-of date wins when set. */
  now?: Date;
}

/** One option of a scored factor with its current and suggested points. */
export interface SuggestedPointsRow {
  factor: ScoredList;
  factorLabel: string;
  option: string;
  closed: number;
  winRate: number | null;
  currentPoints: number;
  suggestedPoints: number | null;
}

export interface ScoringSuggestion {
  /** At least `minClosed` closed leads: there are suggestions. */
  enough: boolean;
  closed: number;
  minClosed: number;
  /** Why there are none (in the workbook's language), or null. */
  note: string | null;
  rows: SuggestedPointsRow[];
  /** The current Settings with the suggested points (null without suggestions). */
  suggested: Settings | null;
  /** Leads whose grade the suggested points would change (null without suggestions). */
  gradeChanges: number | null;
  /** A higher grade that wins less often than a lower one (the scoring model misleads). */
  warnings: { higher: Grade; lower: Grade; higherRate: number; lowerRate: number }[];
}

export interface SettingsForEdit {
  settings: Settings;
  /** What reading the Settings sheet fell back on (a broken value, a missing table). */
  warnings: L10n[];
  locale: Locale;
  /** Leads in the workbook (what the grade counts are out of). */
  leads: number;
  scoring: ScoringSuggestion;
}

export interface SettingsPreview {
  leads: number;
  /** Leads whose grade changes (grade overrides hold theirs). */
  gradeChanges: number;
  /** Options the edit drops that leads still hold. */
  optionsInUse: OptionInUse[];
  /** The number of stages changes: Upgrade templates adds the Conversion columns of a new stage. */
  stageCountChanged: boolean;
  /** Settings cells the apply writes (0: nothing changes). */
  cellsToWrite: number;
}

export type SettingsEditOutcome =
  | { ok: true; preview: SettingsPreview; applied: boolean; notWritten: L10n[] }
  | { ok: false; problems: SettingsProblem[] };

function scoringSuggestion(book: LeadBook, settings: Settings, now: Date): ScoringSuggestion {
  const review = computeScoringReview(book, settings, { asOf: asOfSerial(settings, now) });
  const suggested = review.enough ? suggestedSettings(settings, review) : null;
  return {
    enough: review.enough,
    closed: review.closed,
    minClosed: MIN_CLOSED,
    note: review.note,
    rows: review.options.map((r) => ({
      factor: r.factor,
      factorLabel: r.factorLabel,
      option: r.option,
      closed: r.closed,
      winRate: r.winRate,
      currentPoints: r.currentPoints,
      suggestedPoints: r.suggestedPoints,
    })),
    suggested,
    gradeChanges: suggested ? countGradeChanges(book, settings, suggested) : null,
    warnings: review.warnings.map(({ higher, lower, higherRate, lowerRate }) => ({
      higher,
      lower,
      higherRate,
      lowerRate,
    })),
  };
}

/** The workbook's Settings as the pane edits them, with the scoring review's suggested points. */
export async function readSettingsForEdit(
  port: WorkbookPort,
  options: SettingsEditOptions = {},
): Promise<SettingsForEdit> {
  const ctx = await loadContext(port);
  const { book } = await readLeadBook(port, ctx);
  return {
    settings: ctx.settings,
    warnings: ctx.warnings,
    locale: ctx.locale,
    leads: book.leads.length,
    scoring: scoringSuggestion(book, ctx.settings, options.now ?? new Date()),
  };
}

async function run(port: WorkbookPort, edited: Settings, apply: boolean): Promise<SettingsEditOutcome> {
  const ctx = await loadContext(port);
  // The language is the workbook's (headers and formulas follow it); the edit cannot change it.
  const next = normalizeSettings({ ...edited, locale: ctx.locale });
  const problems = settingsProblems(next);
  if (problems.length > 0) return { ok: false, problems };
  const { book } = await readLeadBook(port, ctx);
  const plan = planSettingsWrite({
    state: ctx.state,
    tables: ctx.settingsTables,
    settings: next,
    current: ctx.settings,
    locale: ctx.locale,
  });
  const preview: SettingsPreview = {
    leads: book.leads.length,
    gradeChanges: countGradeChanges(book, ctx.settings, next),
    optionsInUse: removedOptionsInUse(book, ctx.settings, next),
    stageCountChanged: next.lists.stage.length !== ctx.settings.lists.stage.length,
    cellsToWrite: plan.cellsWritten + plan.created.length,
  };
  const applied = apply && plan.changes.length > 0;
  if (applied) await port.apply(plan.changes);
  return { ok: true, preview, applied, notWritten: plan.notWritten };
}

/** Check an edit and say what applying it would do; writes nothing. */
export function previewSettingsEdit(port: WorkbookPort, edited: Settings): Promise<SettingsEditOutcome> {
  return run(port, edited, false);
}

/** Check an edit and, when it has no problem, write the Settings cells that change. */
export function applySettingsEdit(port: WorkbookPort, edited: Settings): Promise<SettingsEditOutcome> {
  return run(port, edited, true);
}
