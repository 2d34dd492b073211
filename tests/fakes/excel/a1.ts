/**
 * A1 address helpers of the fake Excel. Deliberately separate from the
 * adapter's own helpers so a bug in one is not mirrored in the other.
 */
export const MAX_ROWS = 1_048_576;
export const MAX_COLS = 16_384;

/** 0-based inclusive rectangle. */
export interface Rect {
  r0: number;
  c0: number;
  r1: number;
  c1: number;
}

export function colIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

export function colLetters(index: number): string {
  let n = index + 1;
  let s = "";
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** Splits "Sheet1!A1:B2" / "'My sheet'!A1" into sheet and local part. */
export function splitSheet(address: string): { sheet?: string; local: string } {
  const bang = address.lastIndexOf("!");
  if (bang < 0) return { local: address };
  let sheet = address.slice(0, bang);
  if (sheet.startsWith("'") && sheet.endsWith("'")) sheet = sheet.slice(1, -1).replace(/''/g, "'");
  return { sheet, local: address.slice(bang + 1) };
}

const CELL = /^\$?([A-Za-z]{1,3})\$?(\d+)$/;
const COLS = /^\$?([A-Za-z]{1,3}):\$?([A-Za-z]{1,3})$/;
const ROWS = /^\$?(\d+):\$?(\d+)$/;

export function parseRect(address: string): Rect {
  const local = splitSheet(address).local.trim();
  const cols = COLS.exec(local);
  if (cols) return { r0: 0, r1: MAX_ROWS - 1, c0: colIndex(cols[1]!), c1: colIndex(cols[2]!) };
  const rows = ROWS.exec(local);
  if (rows) return { r0: Number(rows[1]) - 1, r1: Number(rows[2]) - 1, c0: 0, c1: MAX_COLS - 1 };
  const [a, b = a] = local.split(":");
  const ma = CELL.exec(a ?? "");
  const mb = CELL.exec(b ?? "");
  if (!ma || !mb) throw new Error(`bad address ${address}`);
  const r0 = Number(ma[2]) - 1;
  const r1 = Number(mb[2]) - 1;
  const c0 = colIndex(ma[1]!);
  const c1 = colIndex(mb[1]!);
  if (r0 < 0 || c0 < 0 || r1 >= MAX_ROWS || c1 >= MAX_COLS) throw new Error(`address out of sheet ${address}`);
  return { r0: Math.min(r0, r1), r1: Math.max(r0, r1), c0: Math.min(c0, c1), c1: Math.max(c0, c1) };
}

export function rectToA1(r: Rect): string {
  const a = `${colLetters(r.c0)}${r.r0 + 1}`;
  const b = `${colLetters(r.c1)}${r.r1 + 1}`;
  return a === b ? a : `${a}:${b}`;
}

export function quoteSheet(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}

export function cellCount(r: Rect): number {
  return (r.r1 - r.r0 + 1) * (r.c1 - r.c0 + 1);
}

export function intersects(a: Rect, b: Rect): boolean {
  return a.r0 <= b.r1 && b.r0 <= a.r1 && a.c0 <= b.c1 && b.c0 <= a.c1;
}

export function contains(outer: Rect, inner: Rect): boolean {
  return outer.r0 <= inner.r0 && outer.c0 <= inner.c0 && outer.r1 >= inner.r1 && outer.c1 >= inner.c1;
}
