/**
 * Reference builders in the portable syntax of DESIGN §2: canonical structured
 * references as Excel stores them in files (never the `[@Col]` UI shorthand),
 * quoted sheet names, plain A1 for data validation and conditional formats.
 */

/** A header inside a structured reference: `[`, `]`, `#` and `'` need a `'` before them. */
export function escapeHeader(header: string): string {
  return header.replace(/[[\]#']/g, (c) => `'${c}`);
}

/** `Leads[[#This Row],[预算范围]]` — a cell of the formula's own row. */
export function thisRow(table: string, header: string): string {
  return `${table}[[#This Row],[${escapeHeader(header)}]]`;
}

/** `List_Budget[分值]` — the data body of one column (grows with the table). */
export function columnRef(table: string, header: string): string {
  return `${table}[${escapeHeader(header)}]`;
}

/** A sheet name as it must appear before `!`: always quoted, inner quotes doubled. */
export function quoteSheet(sheet: string): string {
  return `'${sheet.replace(/'/g, "''")}'`;
}

/** A text literal inside a formula. */
export function textLiteral(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

/** 1 → A, 27 → AA. */
export function columnLetter(index1: number): string {
  let n = index1;
  let s = "";
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** A → 1, AA → 27. */
export function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

/** Split "B12" into column letters and row number. */
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
