import type { L10n, Locale } from "../domain/types";
import { INPUT_TABLES } from "../domain/fields/definitions";
import { planInstall, type InstallReport } from "../domain/plan/install";
import { generateSample, sampleRows } from "../domain/plan/sample";
import type { ApplyProgress, TableData, WorkbookPort } from "../workbook/port";
import { asOfSerial, loadContext, nowSerial } from "./context";

/**
 * Install / upgrade (SPEC §3): read the state (and only the tables the plan
 * needs), plan, apply. With `sample`, realistic deterministic rows are
 * appended so a new user sees a living workbook.
 */
export interface InstallOptions {
  locale?: Locale;
  sample?: { count: number; seed: number };
  /** Clock (tests pass a fixed one). */
  now?: Date;
}

export interface InstallResult extends InstallReport {
  changesApplied: number;
  settingsWarnings: L10n[];
}

export async function install(port: WorkbookPort, options: InstallOptions = {}, progress?: ApplyProgress): Promise<InstallResult> {
  const now = options.now ?? new Date();
  const ctx = await loadContext(port, { locale: options.locale });
  const present = INPUT_TABLES.filter((n) => ctx.state.tables.some((t) => t.name === n));
  const tables: Map<string, TableData> = present.length > 0 ? await port.readTables(present) : new Map();
  for (const [k, v] of ctx.settingsTables) tables.set(k, v);
  let settings = ctx.settings;
  let append;
  if (options.sample && options.sample.count > 0) {
    const sample = generateSample({ count: options.sample.count, seed: options.sample.seed, locale: ctx.locale, settings, now: nowSerial(now) });
    // The sample's sellers become the team list of a new Settings sheet (an existing one is the admin's).
    if (!ctx.settingsFound && settings.lists.team.length === 0) settings = { ...settings, lists: { ...settings.lists, team: sample.team.map((value) => ({ value })) } };
    append = sampleRows(sample);
  }
  const plan = planInstall({
    state: ctx.state,
    settings,
    locale: ctx.locale,
    tables,
    now: nowSerial(now),
    asOf: asOfSerial(settings, now),
    append,
  });
  await port.apply(plan.changes, progress);
  return { ...plan.report, changesApplied: plan.changes.length, settingsWarnings: ctx.warnings };
}
