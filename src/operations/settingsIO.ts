import type { L10n, Locale } from "../domain/types";
import { defaultSettings } from "../domain/settings/defaults";
import type { Settings } from "../domain/settings/schema";
import { SETTINGS_TABLES, settingsFromRows, settingsRowsFromTables } from "../domain/settings/fromRows";
import type { TableData, WorkbookPort, WorkbookState } from "../workbook/port";

/**
 * Settings read from the Settings sheet (domain/plan/settingsSheet.ts). Anything missing or
 * broken falls back to the default for that part and is listed as a warning:
 * reading Settings never fails an operation (a deleted Settings sheet too; docs/ARCHITECTURE.md §4).
 */
export interface SettingsRead {
  settings: Settings;
  warnings: L10n[];
  /** True when the Settings tables were found (false: all defaults). */
  found: boolean;
}

const w = (zh: string, en: string): L10n => ({ zh, en });

/** Read Settings through the port; never throws for a missing or broken Settings sheet. */
export async function readSettings(
  port: WorkbookPort,
  state: WorkbookState,
  locale: Locale,
): Promise<SettingsRead & { tables: Map<string, TableData> }> {
  const present = SETTINGS_TABLES.filter((n) => state.tables.some((t) => t.name === n));
  if (present.length === 0) {
    return {
      settings: defaultSettings(locale),
      warnings: [w("未找到配置表，使用默认配置", "No Settings sheet found; using the default settings")],
      found: false,
      tables: new Map(),
    };
  }
  let tables: Map<string, TableData>;
  try {
    tables = await port.readTables(present);
  } catch (e) {
    return {
      settings: defaultSettings(locale),
      warnings: [
        w(`读取配置表失败，使用默认配置：${String(e)}`, `Could not read Settings; using the defaults: ${String(e)}`),
      ],
      found: false,
      tables: new Map(),
    };
  }
  const { settings, warnings } = settingsFromRows(settingsRowsFromTables(tables), locale);
  return { settings, warnings, found: true, tables };
}
