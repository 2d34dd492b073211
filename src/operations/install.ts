import type { L10n, Locale } from "../domain/types";
import { installReads, planInstall, type InstallReport } from "../domain/plan/install";
import { generateSample, sampleRows } from "../domain/plan/sample";
import type { ApplyProgress, TableData, WorkbookPort } from "../workbook/port";
import { asOfSerial, loadContext, nowSerial } from "./context";
import { protect } from "./protect";

/**
 * Install / upgrade (planner: domain/plan/install.ts): read the state (and only the tables the plan
 * needs), plan, apply. With `sample`, realistic deterministic rows are
 * appended so a new user sees a living workbook.
 */
export interface InstallOptions {
  locale?: Locale;
  sample?: { count: number; seed: number };
  /** Clock (tests pass a fixed one). */
  now?: Date;
  /** Optional last step: protect the LeadFlow sheets (issue 7), with an optional password. */
  protect?: boolean | { password?: string };
}

export interface InstallResult extends InstallReport {
  changesApplied: number;
  settingsWarnings: L10n[];
  /** Sheets protected by the optional protect step. */
  protectedSheets?: string[];
}

export async function install(
  port: WorkbookPort,
  options: InstallOptions = {},
  progress?: ApplyProgress,
): Promise<InstallResult> {
  const now = options.now ?? new Date();
  const ctx = await loadContext(port, { locale: options.locale });
  const needed = installReads(ctx.state, ctx.settings, ctx.locale);
  const tables: Map<string, TableData> = needed.length > 0 ? await port.readTables(needed) : new Map();
  for (const [k, v] of ctx.settingsTables) tables.set(k, v);
  let settings = ctx.settings;
  let append;
  if (options.sample && options.sample.count > 0) {
    const sample = generateSample({
      count: options.sample.count,
      seed: options.sample.seed,
      locale: ctx.locale,
      settings,
      now: nowSerial(now),
    });
    // The sample's sellers become the team list of a new Settings sheet (an existing one is the admin's).
    if (!ctx.settingsFound && settings.lists.team.length === 0)
      settings = { ...settings, lists: { ...settings.lists, team: sample.team.map((value) => ({ value })) } };
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
  const protectedSheets = options.protect
    ? (await protect(port, options.protect === true ? {} : options.protect)).sheets
    : undefined;
  return {
    ...plan.report,
    changesApplied: plan.changes.length,
    settingsWarnings: ctx.warnings,
    ...(protectedSheets ? { protectedSheets } : {}),
  };
}
