import { INPUT_TABLES } from "../domain/fields/definitions";
import type { LeadBook } from "../domain/model";
import { bookFromTables, type RawTable } from "../domain/rows";
import type { InputTableName, L10n, Locale, Serial } from "../domain/types";
import { LOCALES } from "../domain/types";
import type { Settings } from "../domain/settings/schema";
import { localDateTimeSerial, todaySerial } from "../domain/parse/dates";
import { PROPERTY_LOCALE } from "../domain/plan/install";
import type { TableData, WorkbookPort, WorkbookState } from "../workbook/port";
import { readSettings } from "./settingsIO";

/**
 * The shared first step of every operation: the workbook's state, its locale
 * and its Settings, read through the port. The locale stored in the workbook
 * wins over the one asked for (headers and formulas of an installed workbook
 * are in that locale); a request for another one is reported.
 */
export interface OperationContext {
  state: WorkbookState;
  locale: Locale;
  settings: Settings;
  /** True when the workbook already has LeadFlow Settings tables. */
  settingsFound: boolean;
  /** Settings tables as read (install needs `LF_Params` to locate parameter rows). */
  settingsTables: Map<string, TableData>;
  warnings: L10n[];
}

export interface ContextOptions {
  /** Locale wanted when the workbook has none yet (default zh-CN; install stores the locale in the workbook). */
  locale?: Locale;
}

function isLocale(v: unknown): v is Locale {
  return typeof v === "string" && (LOCALES as readonly string[]).includes(v);
}

export async function loadContext(port: WorkbookPort, options: ContextOptions = {}): Promise<OperationContext> {
  const state = await port.readState();
  const stored = state.properties[PROPERTY_LOCALE];
  const warnings: L10n[] = [];
  let locale: Locale = options.locale ?? "zh-CN";
  if (isLocale(stored)) {
    if (options.locale && options.locale !== stored) {
      warnings.push({
        zh: `此工作簿已按 ${stored} 安装，继续使用 ${stored}`,
        en: `This workbook was installed in ${stored}; it stays in ${stored}`,
      });
    }
    locale = stored;
  }
  const read = await readSettings(port, state, locale);
  return {
    state,
    locale,
    settings: read.settings,
    settingsFound: read.found,
    settingsTables: read.tables,
    warnings: [...warnings, ...read.warnings],
  };
}

/** A JS date-time as an Excel serial in local time (what a person typing "now" into a cell gets). */
export function nowSerial(now: Date): Serial {
  return localDateTimeSerial(now);
}

/** The report as-of date: Settings' as-of when set, else today. */
export function asOfSerial(settings: Settings, now: Date): Serial {
  return settings.asOf ?? todaySerial(now);
}

/**
 * The lead book of the input tables the workbook has, read in one call (the due list, the pane's
 * work views and the Settings edit all start from it); `tables` is what was read, by table name.
 */
export async function readLeadBook(
  port: WorkbookPort,
  ctx: OperationContext,
): Promise<{ book: LeadBook; tables: Map<string, TableData> }> {
  const stageCount = Math.max(1, ctx.settings.lists.stage.length);
  const present = INPUT_TABLES.filter((name) => ctx.state.tables.some((t) => t.name === name));
  const tables = present.length > 0 ? await port.readTables([...present]) : new Map<string, TableData>();
  const raw: Partial<Record<InputTableName, RawTable>> = {};
  for (const name of present) {
    const t = tables.get(name);
    if (t) raw[name] = { headers: t.table.headers, values: t.values, firstRow: t.firstRow };
  }
  return { book: bookFromTables(raw, stageCount), tables };
}
