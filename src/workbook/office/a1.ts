/**
 * Rectangles for the Office adapter: 0-based rows/columns inside (as Office's
 * rowIndex/columnIndex), A1 text outside. Column letters come from the one
 * A1 module of the domain. Pure: no Excel calls.
 */
import { SHEET_COLUMNS, SHEET_ROWS, columnIndex1, columnLetters1, stripSheet } from "../../domain/a1";

export { stripSheet };
/** A cell, 0-based (row 0 = A1's row). */
export interface CellRef0 {
  row: number;
  col: number;
}

/** A rectangle, 0-based top-left corner and its size, as Office's rowIndex/columnIndex. */
export interface Rect0 {
  row: number;
  col: number;
  rows: number;
  cols: number;
}

/** "B12" → { row: 11, col: 1 } (0-based). */
export function parseCell0(a1: string): CellRef0 {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d+)$/.exec(stripSheet(a1).trim());
  if (!m) throw new Error(`Not a cell address: ${a1}`);
  return { row: Number(m[2]) - 1, col: columnIndex1(m[1]!) - 1 };
}

/** "A1", "A1:C9", "B:D" (whole columns) or "3:5" (whole rows), as a 0-based rectangle. */
export function parseRect0(address: string): Rect0 {
  const local = stripSheet(address).trim();
  const cols = /^\$?([A-Za-z]{1,3}):\$?([A-Za-z]{1,3})$/.exec(local);
  if (cols) {
    const c0 = columnIndex1(cols[1]!) - 1;
    const c1 = columnIndex1(cols[2]!) - 1;
    return { row: 0, col: Math.min(c0, c1), rows: SHEET_ROWS, cols: Math.abs(c1 - c0) + 1 };
  }
  const rows = /^\$?(\d+):\$?(\d+)$/.exec(local);
  if (rows) {
    const r0 = Number(rows[1]) - 1;
    const r1 = Number(rows[2]) - 1;
    return { row: Math.min(r0, r1), col: 0, rows: Math.abs(r1 - r0) + 1, cols: SHEET_COLUMNS };
  }
  const [a, b = a] = local.split(":");
  const p = parseCell0(a!);
  const q = parseCell0(b!);
  return {
    row: Math.min(p.row, q.row),
    col: Math.min(p.col, q.col),
    rows: Math.abs(q.row - p.row) + 1,
    cols: Math.abs(q.col - p.col) + 1,
  };
}

/** A1 text of a 0-based row and column: (0, 0) → "A1". */
export function cellA1From0(row: number, col: number): string {
  return `${columnLetters1(col + 1)}${row + 1}`;
}

/** A1 text of a 0-based rectangle. */
export function rectA1(r: Rect0): string {
  const a = cellA1From0(r.row, r.col);
  const b = cellA1From0(r.row + r.rows - 1, r.col + r.cols - 1);
  return a === b ? a : `${a}:${b}`;
}
