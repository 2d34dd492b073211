/**
 * Test workbooks for Refresh: the real install plan applied through the file
 * adapter, with known rows appended, saved as .xlsx bytes.
 */
import { planInstall, type RowsByTable } from "../../src/domain/plan/install";
import { serialFromYmd } from "../../src/domain/parse/dates";
import { defaultSettings } from "../../src/domain/settings/defaults";
import type { Settings } from "../../src/domain/settings/schema";
import type { Locale, Serial } from "../../src/domain/types";
import { XlsxWorkbook } from "./exceljs";
import type { CellValue } from "../../src/domain/types";

export const d = (y: number, m: number, day: number, h = 0, min = 0): Serial => serialFromYmd(y, m, day, h, min);

export async function buildWorkbook(
  rows: RowsByTable,
  locale: Locale = "zh-CN",
  settings: Settings = defaultSettings(locale),
): Promise<Uint8Array> {
  const wb = XlsxWorkbook.create("test.xlsx");
  const state = await wb.readState();
  const plan = planInstall({ state, settings, locale, now: d(2024, 6, 1, 9), asOf: d(2024, 6, 1), append: rows });
  await wb.apply(plan.changes);
  return wb.toBytes();
}

export async function openBytes(bytes: Uint8Array): Promise<XlsxWorkbook> {
  return XlsxWorkbook.fromBytes(bytes, { label: "test.xlsx" });
}

/** A table's rows as objects keyed by header. */
export function rowsByHeader(headers: string[], values: CellValue[][]): Record<string, CellValue>[] {
  return values.map((r) => Object.fromEntries(headers.map((h, i) => [h, r[i] ?? null])));
}
