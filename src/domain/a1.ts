/**
 * A1 addresses, the one home for column-letter arithmetic in every layer.
 * Columns and rows are 1-based here, as in A1 text (A = column 1, row 1 is
 * the first row); the names say so. Pure: no Excel calls.
 */
export const SHEET_ROWS = 1_048_576;
export const SHEET_COLUMNS = 16_384;

/** Column letters of a 1-based column: 1 → A, 26 → Z, 27 → AA, 16384 → XFD. */
export function columnLetters1(column1: number): string {
  let s = "";
  for (let n = column1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** 1-based column of column letters (either case): A → 1, AA → 27, XFD → 16384. */
export function columnIndex1(letters: string): number {
  let n = 0;
  for (let i = 0; i < letters.length; i++) {
    const c = letters.charCodeAt(i);
    n = n * 26 + (c >= 97 ? c - 96 : c - 64);
  }
  return n;
}

/** 1-based column of an upper-case cell reference like "AB12", without allocating (hot path of the xlsx reader). */
export function cellColumn1(ref: string): number {
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c < 65) break;
    n = n * 26 + (c - 64);
  }
  return n;
}

/** Drops a "Sheet!" / "'My sheet'!" prefix. */
export function stripSheet(address: string): string {
  const bang = address.lastIndexOf("!");
  return bang < 0 ? address : address.slice(bang + 1);
}

/** The sheet of a "Sheet!A1" / "'My ''quoted'' sheet'!A1" address, unquoted ("" when there is none). */
export function sheetOfAddress(address: string): string {
  return address
    .slice(0, Math.max(0, address.lastIndexOf("!")))
    .replace(/^'(.*)'$/, "$1")
    .replace(/''/g, "'");
}

/** Split "B12" (or "$B$12") into upper-case column letters and its 1-based row. */
export function parseCell(a1: string): { column: string; row: number } {
  const m = /^\$?([A-Za-z]+)\$?(\d+)$/.exec(a1.trim());
  if (!m) throw new Error(`not an A1 cell: ${a1}`);
  return { column: m[1].toUpperCase(), row: Number(m[2]) };
}

/** Split "A1:AE501" (or "A1") into its corners. */
export function parseRange(a1: string): {
  first: { column: string; row: number };
  last: { column: string; row: number };
} {
  const [a, b] = a1.split(":");
  const first = parseCell(a);
  return { first, last: b ? parseCell(b) : first };
}

/** Absolute `$F$5`. */
export function absCell(column: string, row: number): string {
  return `$${column}$${row}`;
}
