/**
 * Build real .xlsx workbooks for the tests: LeadFlow installed by the real
 * install operation into the xlsx adapter, then rows appended through the
 * port as the add-in would (calculated cells get their formulas).
 */
import { XlsxWorkbook } from "../support/exceljs";
import { install } from "../../src/operations/install";
import { rowFormulas } from "../../src/domain/import/rowFormulas";
import { tableDefs, INPUT_TABLES } from "../../src/domain/fields/definitions";
import { headerIndex } from "../../src/domain/rows";
import type { CellWrite, Change } from "../../src/domain/plan/changes";
import type { Locale } from "../../src/domain/types";
import type { Book } from "../support/cleanBook";

export const FIXED_NOW = new Date(2024, 5, 1, 9, 0, 0);

let installed: Partial<Record<Locale, Uint8Array>> = {};

/** Bytes of a freshly installed, empty LeadFlow workbook (cached per locale). */
export async function emptyInstalled(locale: Locale = "zh-CN"): Promise<Uint8Array> {
  if (!installed[locale]) {
    const wb = XlsxWorkbook.create("base.xlsx");
    await install(wb, { locale, now: FIXED_NOW });
    installed = { ...installed, [locale]: await wb.toBytes() };
  }
  return installed[locale]!;
}

/**
 * Open the installed workbook and append the book's rows. `rowOf(table, i)`
 * is the worksheet row record i went to (an empty installed table may hold a
 * blank placeholder row with formulas, which appends go below).
 */
export async function workbookWith(
  book: Book,
  locale: Locale = "zh-CN",
): Promise<{ wb: XlsxWorkbook; rowOf: (table: string, index: number) => number }> {
  const wb = await XlsxWorkbook.fromBytes(await emptyInstalled(locale), { label: "test.xlsx" });
  const state = await wb.readState();
  const defs = tableDefs(5);
  const changes: Change[] = [];
  const starts = new Map<string, number>();
  for (const name of INPUT_TABLES) {
    const info = state.tables.find((t) => t.name === name);
    if (!info) throw new Error(`install made no ${name}`);
    const headers = info.headers;
    const { index } = headerIndex(defs[name], headers);
    const formulas = rowFormulas(name, headers, locale, 5);
    const rows: CellWrite[][] = book[name].map((rec) => {
      const row: CellWrite[] = new Array(headers.length).fill(null);
      for (const f of defs[name].fields) {
        const c = index.get(f.key);
        if (c === undefined) continue;
        if (`${f.key}!typed` in rec) row[c] = rec[`${f.key}!typed`] as CellWrite;
        else if (f.kind === "calc") row[c] = formulas.has(f.key) ? { formula: formulas.get(f.key)! } : null;
        else {
          const v = rec[f.key];
          row[c] = v instanceof Date ? null : (v ?? null);
        }
      }
      return row;
    });
    if (rows.length) changes.push({ op: "appendRows", table: name, rows });
    const first = Number(/\d+/.exec(info.address)![0]) + 1;
    starts.set(name, first + info.rowCount);
  }
  await wb.apply(changes);
  return { wb, rowOf: (table, index) => (index < 0 ? 1 : starts.get(table)! + index) };
}
