/**
 * Runs the install on an xlsx workbook for the oracle tests. It uses the real
 * install operation (src/operations/install.ts) when that module exists;
 * until then, the same steps by hand (read state, read Settings, plan, apply),
 * without sample data.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { todaySerial } from "../../src/domain/parse/dates";
import { planInstall } from "../../src/domain/plan/install";
import type { Locale, Serial } from "../../src/domain/types";
import { readSettings } from "../../src/operations/settingsIO";
import type { XlsxWorkbook } from "../../src/workbook/xlsx";

export interface InstallRun {
  locale: Locale;
  sample?: number;
  seed?: number;
  now: Date;
}

const OPERATION = join(__dirname, "..", "..", "src", "operations", "install.ts");

export const usesRealOperation = (): boolean => existsSync(OPERATION);

/** Serial of a local Date (what TODAY()/NOW() give in LibreOffice on this machine). */
export function localSerial(now: Date): Serial {
  const day = todaySerial(now);
  return day + (now.getHours() * 3600 + now.getMinutes() * 60 + now.getSeconds()) / 86400;
}

export async function runInstall(wb: XlsxWorkbook, run: InstallRun): Promise<unknown> {
  if (usesRealOperation()) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const op = require(OPERATION) as { install: (port: XlsxWorkbook, options: Record<string, unknown>) => Promise<unknown> };
    return op.install(wb, { locale: run.locale, sample: run.sample, seed: run.seed, now: run.now });
  }
  if (run.sample) throw new Error("sample data needs src/operations/install.ts");
  const state = await wb.readState();
  const { settings, tables } = await readSettings(wb, state, run.locale);
  const inputs = await wb.readTables(["Leads", "FollowUps", "Conversion", "ChannelCosts"]);
  for (const [k, v] of inputs) tables.set(k, v);
  const now = localSerial(run.now);
  const plan = planInstall({ state, settings: { ...settings, locale: run.locale }, locale: run.locale, tables, now, asOf: settings.asOf ?? Math.floor(now) });
  await wb.apply(plan.changes);
  return plan.report;
}
