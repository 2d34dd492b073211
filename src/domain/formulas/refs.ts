/**
 * Reference builders in the portable syntax of docs/ARCHITECTURE.md §4: canonical structured
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
