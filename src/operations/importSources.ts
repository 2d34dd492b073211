import { dropEmptyColumns } from "../domain/import/csv";
import type { SourceTable } from "../domain/import/plan";
import { isBlankCell } from "../domain/parse/text";
import type { CellValue } from "../domain/types";
import type { WorkbookPort } from "../workbook/port";

/**
 * Where import rows come from: CSV bytes (the shared pure reader in
 * src/domain/import/csv.ts, re-exported here for the command), or a
 * table/sheet of another workbook through the port.
 */
export {
  decodeCsv,
  dropEmptyColumns,
  parseCsv,
  readCsvSource,
  sniffDelimiter,
  type CsvEncoding,
} from "../domain/import/csv";

/**
 * A source table from another workbook (through its port): the named table or
 * sheet, else the first table of the workbook; the header row is the table's
 * header row, or the first row of the sheet's used range.
 */
export async function readWorkbookSource(
  port: WorkbookPort,
  options: { table?: string; sheet?: string; usedRange?: (sheet: string) => Promise<string | null> } = {},
): Promise<SourceTable> {
  const state = await port.readState();
  const table =
    (options.table && state.tables.find((t) => t.name === options.table)) ||
    (options.sheet && state.tables.find((t) => t.sheet === options.sheet)) ||
    (!options.sheet ? state.tables[0] : undefined);
  if (table) {
    const data = (await port.readTables([table.name])).get(table.name);
    if (!data) return { headers: [], rows: [] };
    return {
      headers: data.table.headers.map((h) => String(h ?? "").trim()),
      rows: data.values.map((values, r) => ({ line: data.firstRow + r, values })),
    };
  }
  const sheet = options.sheet ?? state.sheets.find((s) => s.visible)?.name ?? state.sheets[0]?.name;
  if (!sheet || !options.usedRange) return { headers: [], rows: [] };
  const address = await options.usedRange(sheet);
  if (!address) return { headers: [], rows: [] };
  const values = await port.readRange(sheet, address);
  const firstRow = Number(/\d+/.exec(address)?.[0] ?? "1");
  // The header row is the first row with anything in it (exports often start with blank rows).
  const headAt = values.findIndex((row) => row.some((v) => !isBlankCell(v)));
  if (headAt < 0) return { headers: [], rows: [] };
  const head = values[headAt];
  return dropEmptyColumns({
    headers: head.map((h: CellValue) => (h === null ? "" : String(h).trim())),
    rows: values.slice(headAt + 1).map((v, i) => ({ line: firstRow + headAt + 1 + i, values: v })),
  });
}
