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
import type { XlsxWorkbook } from "../support/exceljs";

export interface InstallRun {
  locale: Locale;
  sample?: number;
  seed?: number;
  now: Date;
}

const OPERATION = join(__dirname, "..", "..", "src", "operations", "install.ts");

type InstallFn = (
  port: XlsxWorkbook,
  options: { locale?: Locale; sample?: { count: number; seed: number }; now?: Date },
) => Promise<unknown>;

let loaded: InstallFn | null | undefined;

/** The real install operation, once it exists and loads (its own dependencies may still be in progress). */
function operation(): InstallFn | undefined {
  if (loaded === undefined) {
    loaded = null;
    if (existsSync(OPERATION)) {
      try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        loaded = (require(OPERATION) as { install: InstallFn }).install;
      } catch (err) {
        process.stdout.write(
          `install operation not loadable yet, using the planner directly: ${String(err).split("\n")[0]}\n`,
        );
      }
    }
  }
  return loaded ?? undefined;
}

export const usesRealOperation = (): boolean => operation() !== undefined;

/** Serial of a local Date (what TODAY()/NOW() give in LibreOffice on this machine). */
export function localSerial(now: Date): Serial {
  const day = todaySerial(now);
  return day + (now.getHours() * 3600 + now.getMinutes() * 60 + now.getSeconds()) / 86400;
}

export async function runInstall(wb: XlsxWorkbook, run: InstallRun): Promise<unknown> {
  const op = operation();
  if (op)
    return op(wb, {
      locale: run.locale,
      now: run.now,
      ...(run.sample ? { sample: { count: run.sample, seed: run.seed ?? 1 } } : {}),
    });
  if (run.sample) throw new Error("sample data needs src/operations/install.ts");
  const state = await wb.readState();
  const { settings, tables } = await readSettings(wb, state, run.locale);
  const inputs = await wb.readTables(["Leads", "FollowUps", "Conversion", "ChannelCosts"]);
  for (const [k, v] of inputs) tables.set(k, v);
  const now = localSerial(run.now);
  const plan = planInstall({
    state,
    settings: { ...settings, locale: run.locale },
    locale: run.locale,
    tables,
    now,
    asOf: settings.asOf ?? Math.floor(now),
  });
  await wb.apply(plan.changes);
  return plan.report;
}
