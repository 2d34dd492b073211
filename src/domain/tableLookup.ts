/**
 * Looking things up in tables as read (no I/O): the top-left cell of a range,
 * the lead ID in a worksheet row, the address of a field's cell, the lead IDs
 * a table holds. Used by the reads in src/operations/workbookReads.ts, which
 * the task pane and the CLI share.
 */
import type { TableDef } from "./fields/definitions";
import { columnIndex1, columnLetters1 } from "./a1";
import type { CellValue } from "./types";
import { locateColumns } from "./validate";
import type { TableData, TableInfo } from "./workbookShapes";

/** Top-left cell of an A1 range, sheet prefix allowed ("B3:F9" → column 2, row 3; both 1-based). */
export function topLeftCell(address: string): { column1: number; row: number } {
  const m = /^\$?([A-Za-z]+)\$?(\d+)/.exec(address.replace(/^.*!/, ""));
  if (!m) return { column1: 1, row: 1 };
  return { column1: columnIndex1(m[1]), row: Number(m[2]) };
}

/** A cell as text for a lookup: trimmed, a date as its ISO text, blank as "". */
export function cellText(v: CellValue | undefined): string {
  if (v === null || v === undefined) return "";
  return v instanceof Date ? v.toISOString() : String(v).trim();
}

/** Index in `data.values` of worksheet row `row`, or null when the row is not in the table's body. */
export function dataRowIndex(data: TableData, row: number): number | null {
  const index = row - data.firstRow;
  return index >= 0 && index < data.values.length ? index : null;
}

/** The lead ID in worksheet row `row` of a Leads or FollowUps table, or null (outside the body, blank, no column). */
export function leadIdInRow(data: TableData, def: TableDef, row: number): string | null {
  const index = dataRowIndex(data, row);
  if (index === null) return null;
  const col = locateColumns(def, data.table.headers).index.get("leadId");
  const id = col === undefined ? "" : cellText(data.values[index][col]);
  return id || null;
}

/** Every lead ID cell of the table as text, in row order ("" for a blank); none without the column. */
export function leadIdsOf(data: TableData, def: TableDef): string[] {
  const col = locateColumns(def, data.table.headers).index.get("leadId");
  return col === undefined ? [] : data.values.map((r) => cellText(r[col]));
}

/**
 * Sheet and A1 address of `field`'s cell in worksheet row `row` of a table. A field the table
 * has no column for points at the table's first column.
 */
export function fieldCellAddress(
  info: TableInfo,
  def: TableDef,
  row: number,
  field: string,
): { sheet: string; address: string } {
  const col = locateColumns(def, info.headers).index.get(field) ?? 0;
  return { sheet: info.sheet, address: `${columnLetters1(topLeftCell(info.address).column1 + col)}${row}` };
}
