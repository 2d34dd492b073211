/**
 * A1 address arithmetic for the file adapter. Excel's grid: columns A..XFD
 * (1..16384), rows 1..1048576. Whole-column ("E:E") and whole-row ("2:2")
 * ranges are expanded to those limits.
 */
export const MAX_ROW = 1048576;
export const MAX_COL = 16384;

export interface Rect {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export function colToNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) {
    const code = ch.charCodeAt(0);
    if (code < 65 || code > 90) throw new Error(`bad column "${letters}"`);
    n = n * 26 + (code - 64);
  }
  if (n < 1 || n > MAX_COL) throw new Error(`bad column "${letters}"`);
  return n;
}

export function numberToCol(n: number): string {
  let s = "";
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

const CELL = /^\$?([A-Za-z]{1,3})\$?(\d+)$/;

export function parseCell(a1: string): { row: number; col: number } {
  const m = CELL.exec(a1.trim());
  if (!m) throw new Error(`bad cell address "${a1}"`);
  const row = Number(m[2]);
  if (row < 1 || row > MAX_ROW) throw new Error(`bad cell address "${a1}"`);
  return { row, col: colToNumber(m[1]) };
}

export function cellAddress(row: number, col: number): string {
  return `${numberToCol(col)}${row}`;
}

/** Parse "B2", "B2:D9", "E:E", "2:3" (optionally with $ and a sheet prefix, which is ignored). */
export function parseRange(address: string): Rect {
  const bare = address.includes("!") ? address.slice(address.lastIndexOf("!") + 1) : address;
  const [a, b = a] = bare.replace(/\$/g, "").split(":");
  const part = (s: string): { row?: number; col?: number } => {
    if (/^[A-Za-z]{1,3}$/.test(s)) return { col: colToNumber(s) };
    if (/^\d+$/.test(s)) return { row: Number(s) };
    return parseCell(s);
  };
  const p = part(a);
  const q = part(b);
  const rect: Rect = {
    top: p.row ?? 1,
    left: p.col ?? 1,
    bottom: q.row ?? MAX_ROW,
    right: q.col ?? MAX_COL,
  };
  if (rect.bottom < rect.top) [rect.top, rect.bottom] = [rect.bottom, rect.top];
  if (rect.right < rect.left) [rect.left, rect.right] = [rect.right, rect.left];
  return rect;
}

export function rectAddress(r: Rect): string {
  const tl = cellAddress(r.top, r.left);
  return r.top === r.bottom && r.left === r.right ? tl : `${tl}:${cellAddress(r.bottom, r.right)}`;
}

export function contains(outer: Rect, inner: Rect): boolean {
  return (
    inner.top >= outer.top && inner.bottom <= outer.bottom && inner.left >= outer.left && inner.right <= outer.right
  );
}

export function intersects(a: Rect, b: Rect): boolean {
  return a.left <= b.right && b.left <= a.right && a.top <= b.bottom && b.top <= a.bottom;
}
