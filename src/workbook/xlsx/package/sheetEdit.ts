/**
 * Splice edited cells into a worksheet's XML. Rows without edits are copied
 * verbatim; an edited row keeps every cell it does not touch, byte for byte,
 * and the style of a cell it overwrites. Only <dimension>, <cols> and
 * <tableParts> outside <sheetData> are ever changed.
 */
import type { CellWrite } from "../../../domain/plan/changes";
import { isFormulaCell } from "../../../domain/plan/changes";
import { toByteText } from "./byteText";
import type { StylePatch } from "./styles";
import { attr, escapeXml, parseRange, plainAttr } from "./xml";
import { cellColumn1, columnLetters1 } from "../../../domain/a1";
import { UnsupportedPackage } from "./zip";

/** A range by its corners, 1-based columns and rows as in A1 text (c1/r1 top-left, c2/r2 bottom-right). */
export interface Range1 {
  c1: number;
  r1: number;
  c2: number;
  r2: number;
}

export interface CellPatch {
  write: CellWrite;
  /** Restyle only: keep the cell's content (or create an empty cell) and apply the style ops. */
  keep?: boolean;
  /** Order of the write among the edit's style ops (a later op restyles it, an earlier one is overridden by `fmt`). */
  seq?: number;
  /** Style index to use; undefined keeps the old cell's style (or the column's). */
  style?: number;
  /** What the style stands for, so a later format or bold change can combine with it. */
  fmt?: string | null;
  bold?: boolean;
}

/** A format change over a rectangle; `whole` when it runs to the bottom of the sheet (column styles too). */
export interface StyleOp {
  rect: Range1;
  patch: StylePatch;
  seq: number;
  whole: boolean;
}

/**
 * Rows appended to a table, held as the rows themselves (one array per row)
 * rather than one patch object per cell: at 50,000 leads that is millions of
 * objects fewer. Cells written later into these rows go into the arrays.
 */
export interface RowBlock {
  r1: number;
  c1: number;
  rows: CellWrite[][];
  /** Style per column of the block (the row above's), undefined keeps the column's. */
  styles: (number | undefined)[];
  seq: number;
}

export class SheetEdit {
  readonly cells = new Map<number, Map<number, CellPatch>>();
  readonly blocks: RowBlock[] = [];
  readonly clears: Range1[] = [];
  readonly widths = new Map<number, number>();
  readonly outline = new Set<number>();
  readonly styleOps: StyleOp[] = [];
  /** Edits of the worksheet outside <sheetData> (validations, views, protection…), applied in order. */
  readonly outside: ((skeleton: string) => string)[] = [];
  readonly newTableRels: string[] = [];
  wroteFormulaWithoutResult = false;
  seq = 0;

  /** The block cell at (row, col), if a block covers it. */
  blockAt(row: number, col: number): { block: RowBlock; i: number; j: number } | undefined {
    for (const b of this.blocks) {
      const i = row - b.r1;
      const j = col - b.c1;
      if (i >= 0 && i < b.rows.length && j >= 0 && j < b.styles.length) return { block: b, i, j };
    }
    return undefined;
  }

  /** Patches of one row: its block cells (if any) under its own patches. */
  rowPatches(row: number): Map<number, CellPatch> | undefined {
    const own = this.cells.get(row);
    let b: RowBlock | undefined;
    for (const x of this.blocks) if (row >= x.r1 && row < x.r1 + x.rows.length) b = x;
    if (!b) return own && own.size ? own : undefined;
    const line = b.rows[row - b.r1];
    const m = new Map<number, CellPatch>();
    for (let j = 0; j < b.styles.length; j++)
      m.set(b.c1 + j, { write: j < line.length ? (line[j] ?? null) : null, style: b.styles[j], seq: b.seq });
    // A restyle-only patch over a block cell keeps the block's write (the style ops apply to it at splice).
    if (own) for (const [c, p] of own) if (!(p.keep && m.has(c))) m.set(c, p);
    return m;
  }

  /** Turn a block back into per-cell patches (before a clear over it). */
  private materialize(b: RowBlock): void {
    this.blocks.splice(this.blocks.indexOf(b), 1);
    b.rows.forEach((line, i) => {
      const row = b.r1 + i;
      const own = this.cells.get(row);
      for (let j = 0; j < b.styles.length; j++) {
        if (own?.has(b.c1 + j)) continue;
        this.set(row, b.c1 + j, { write: j < line.length ? (line[j] ?? null) : null, style: b.styles[j], seq: b.seq });
      }
    });
  }

  set(row: number, col: number, patch: CellPatch): void {
    let r = this.cells.get(row);
    if (!r) this.cells.set(row, (r = new Map()));
    r.set(col, patch);
    if (isFormulaCell(patch.write) && patch.write.result === undefined) this.wroteFormulaWithoutResult = true;
  }

  clear(rect: Range1): void {
    for (const b of [...this.blocks])
      if (!(
        b.r1 + b.rows.length - 1 < rect.r1 ||
        b.r1 > rect.r2 ||
        b.c1 + b.styles.length - 1 < rect.c1 ||
        b.c1 > rect.c2
      ))
        this.materialize(b);
    for (const [row, m] of this.cells) {
      if (row < rect.r1 || row > rect.r2) continue;
      for (const col of [...m.keys()]) if (col >= rect.c1 && col <= rect.c2) m.delete(col);
    }
    this.clears.push(rect);
  }

  isEmpty(): boolean {
    return (
      this.clears.length === 0 &&
      this.widths.size === 0 &&
      this.outline.size === 0 &&
      this.styleOps.length === 0 &&
      this.outside.length === 0 &&
      this.blocks.length === 0 &&
      this.newTableRels.length === 0 &&
      [...this.cells.values()].every((m) => m.size === 0)
    );
  }

  /** Bottom-right extent of all writes. */
  extent(): { row: number; col: number } {
    let row = 0;
    let col = 0;
    for (const b of this.blocks) {
      row = Math.max(row, b.r1 + b.rows.length - 1);
      col = Math.max(col, b.c1 + b.styles.length - 1);
    }
    for (const [r, m] of this.cells) {
      if (m.size === 0 || [...m.values()].every((p) => p.keep)) continue;
      row = Math.max(row, r);
      for (const c of m.keys()) col = Math.max(col, c);
    }
    return { row, col };
  }
}

function inClears(clears: Range1[], row: number, col: number): boolean {
  for (const r of clears) if (row >= r.r1 && row <= r.r2 && col >= r.c1 && col <= r.c2) return true;
  return false;
}

function rowCleared(clears: Range1[], row: number): boolean {
  for (const r of clears) if (row >= r.r1 && row <= r.r2) return true;
  return false;
}

function numText(n: number): string {
  // JS shortest round-trip text is exact for doubles; OOXML accepts exponent notation.
  return String(n);
}

/** Formula columns repeat one text on every row: escape each distinct text once, kept as byte text. */
const formulaCache = new Map<string, string>();
function formulaXml(formula: string): string {
  let x = formulaCache.get(formula);
  if (x === undefined) {
    x = toByteText(`<f>${escapeXml(formula.replace(/^=/, ""))}</f>`);
    if (formulaCache.size > 5000) formulaCache.clear();
    formulaCache.set(formula, x);
  }
  return x;
}

/**
 * XML of one cell, as byte text (see byteText.ts); "" when the write is blank and there is no style to keep.
 * Strings are inline text: never formulas. Only text converts: a formula's once (formulaXml), markup is ASCII.
 */
export function cellXml(ref: string, write: CellWrite, style: number | undefined): string {
  const s = style !== undefined && style > 0 ? ` s="${style}"` : "";
  if (isFormulaCell(write)) {
    const f = formulaXml(write.formula);
    const res = write.result;
    if (res === undefined || res === null) return `<c r="${ref}"${s}>${f}</c>`;
    if (typeof res === "number")
      return Number.isFinite(res) ? `<c r="${ref}"${s}>${f}<v>${numText(res)}</v></c>` : `<c r="${ref}"${s}>${f}</c>`;
    if (typeof res === "boolean") return `<c r="${ref}"${s} t="b">${f}<v>${res ? 1 : 0}</v></c>`;
    return `<c r="${ref}"${s} t="str">${f}<v>${toByteText(escapeXml(res))}</v></c>`;
  }
  if (write === null || write === "" || (typeof write === "number" && !Number.isFinite(write)))
    return s ? `<c r="${ref}"${s}/>` : "";
  if (typeof write === "number") return `<c r="${ref}"${s}><v>${numText(write)}</v></c>`;
  if (typeof write === "boolean") return `<c r="${ref}"${s} t="b"><v>${write ? 1 : 0}</v></c>`;
  const space = /^\s|\s$|\n/.test(write) ? ' xml:space="preserve"' : "";
  return `<c r="${ref}"${s} t="inlineStr"><is><t${space}>${toByteText(escapeXml(write))}</t></is></c>`;
}

interface CellSeg {
  col: number;
  start: number;
  end: number;
  style: number | undefined;
}

function cellSegments(xml: string, from: number, to: number): CellSeg[] {
  const out: CellSeg[] = [];
  let c = xml.indexOf("<c", from);
  let implied = 0;
  while (c >= 0 && c < to) {
    const ch = xml.charCodeAt(c + 2);
    if (ch !== 32 && ch !== 62 && ch !== 47) {
      c = xml.indexOf("<c", c + 2);
      continue;
    }
    const gt = xml.indexOf(">", c);
    const tag = xml.slice(c, gt + 1);
    const ref = plainAttr(tag, "r");
    const col = ref ? cellColumn1(ref) : implied + 1;
    implied = col;
    const s = plainAttr(tag, "s");
    const end = xml.charCodeAt(gt - 1) === 47 ? gt + 1 : xml.indexOf("</c>", gt) + 4;
    out.push({ col, start: c, end, style: s === null ? undefined : Number(s) });
    c = xml.indexOf("<c", end);
  }
  return out;
}

/** Default style per column from <cols>. */
function columnStyles(xml: string): Map<number, number> {
  const out = new Map<number, number>();
  const cols = /<cols>([\s\S]*?)<\/cols>/.exec(xml);
  if (!cols) return out;
  for (const m of cols[1].matchAll(/<col\b[^>]*>/g)) {
    const s = attr(m[0], "style");
    if (s === null) continue;
    const min = Number(attr(m[0], "min"));
    const max = Math.min(Number(attr(m[0], "max")), min + 16384);
    for (let c = min; c <= max; c++) out.set(c, Number(s));
  }
  return out;
}

/** Restyles cells at splice time: the edit's style ops over each cell's base style. */
export type Restyle = (
  row: number,
  col: number,
  base: number | undefined,
  seq: number,
  explicit: boolean,
) => number | undefined;

function withStyle(tag: string, style: number | undefined): string {
  const cur = /\ss="\d*"/.exec(tag);
  const next = style !== undefined && style > 0 ? ` s="${style}"` : "";
  if (cur) return tag.slice(0, cur.index) + next + tag.slice(cur.index + cur[0].length);
  if (!next) return tag;
  // After r="…", where Excel writes it.
  return /^<c\b[^>]*?\sr="[^"]*"/.test(tag)
    ? tag.replace(/^(<c\b[^>]*?\sr="[^"]*")/, `$1${next}`)
    : tag.replace(/^<c\b/, `<c${next}`);
}

function buildRowCells(
  xml: string,
  segs: CellSeg[],
  row: number,
  patches: Map<number, CellPatch> | undefined,
  clears: Range1[],
  colStyles: Map<number, number>,
  restyle?: Restyle,
): string {
  const parts: string[] = [];
  const patchCols = patches ? [...patches.keys()].sort((a, b) => a - b) : [];
  let pi = 0;
  const emitPatch = (col: number, old: CellSeg | undefined) => {
    const p = patches!.get(col)!;
    if (p.keep) {
      if (old) emitKept(old);
      else {
        const st = restyle ? restyle(row, col, colStyles.get(col), -1, false) : colStyles.get(col);
        if (st !== undefined && st > 0) parts.push(`<c r="${columnLetters1(col)}${row}" s="${st}"/>`);
      }
      return;
    }
    let style = p.style ?? old?.style ?? colStyles.get(col);
    if (restyle) style = restyle(row, col, style, p.seq ?? -1, p.fmt !== undefined && p.fmt !== null);
    parts.push(cellXml(columnLetters1(col) + row, p.write, style));
  };
  const emitKept = (seg: CellSeg) => {
    const text = xml.slice(seg.start, seg.end);
    if (!restyle) return parts.push(text);
    const st = restyle(row, seg.col, seg.style, -1, false);
    if (st === seg.style) return parts.push(text);
    const gt = text.indexOf(">");
    const selfClosing = text.charCodeAt(gt - 1) === 47;
    const tag = text.slice(0, selfClosing ? gt - 1 : gt);
    parts.push(withStyle(tag, st) + text.slice(selfClosing ? gt - 1 : gt));
  };
  for (const seg of segs) {
    while (pi < patchCols.length && patchCols[pi] < seg.col) emitPatch(patchCols[pi++], undefined);
    const replaced = pi < patchCols.length && patchCols[pi] === seg.col;
    const cleared = inClears(clears, row, seg.col);
    if ((replaced && !patches!.get(seg.col)!.keep) || cleared) {
      const text = xml.slice(seg.start, seg.end);
      // Removing a shared-formula anchor would orphan its children.
      if (/<f\b[^>]*t="shared"[^>]*ref=/.test(text) || /<f\b[^>]*t="array"/.test(text))
        throw new UnsupportedPackage(`shared or array formula at ${columnLetters1(seg.col)}${row}`);
    }
    if (replaced) emitPatch(patchCols[pi++], seg);
    else if (!cleared) emitKept(seg);
  }
  while (pi < patchCols.length) emitPatch(patchCols[pi++], undefined);
  return parts.join("");
}

function rowStart(row: number, tag?: string): string {
  if (!tag) return `<row r="${row}">`;
  // `spans` is only an optimisation hint; drop it rather than keep a wrong one.
  return tag.replace(/\sspans="[^"]*"/, "").replace(/\/>$/, ">");
}

/**
 * Apply an edit to a worksheet's XML, as byte text (see byteText.ts): new cells are spliced in as byte text too.
 * The result goes to `write` piece by piece, in order (see EntryWriter): no string of the whole new sheet is built.
 */
export function spliceSheet(
  xml: string,
  edit: SheetEdit,
  restyleWith: ((base: number | undefined, patch: StylePatch) => number) | undefined,
  write: (...pieces: string[]) => void,
): void {
  const colStyles = columnStyles(xml);
  const rowSet = new Set<number>();
  for (const [r, m] of edit.cells) if (m.size > 0) rowSet.add(r);
  for (const b of edit.blocks) for (let i = 0; i < b.rows.length; i++) rowSet.add(b.r1 + i);
  const patchRows = [...rowSet].sort((a, b) => a - b);
  const sdStart = xml.indexOf("<sheetData");
  if (sdStart < 0) throw new UnsupportedPackage("sheet without sheetData");
  const sdOpenEnd = xml.indexOf(">", sdStart);
  let head = xml.slice(0, sdOpenEnd + 1);
  let body: string;
  let tail: string;
  if (xml.charCodeAt(sdOpenEnd - 1) === 47) {
    head = xml.slice(0, sdStart) + "<sheetData>";
    body = "";
    tail = "</sheetData>" + xml.slice(sdOpenEnd + 1);
  } else {
    const sdEnd = xml.indexOf("</sheetData>", sdOpenEnd);
    body = xml.slice(sdOpenEnd + 1, sdEnd);
    tail = xml.slice(sdEnd);
  }
  // Everything outside <sheetData> is edited on the small skeleton, then the rows go back in.
  let skel = head + tail;
  skel = fixDimension(skel, edit);
  const colEdits = new Map<number, (tag: string) => string>();
  const chain = (c: number, f: (tag: string) => string) => {
    const g = colEdits.get(c);
    colEdits.set(c, g ? (t) => f(g(t)) : f);
  };
  for (const [c, w] of edit.widths) chain(c, (t) => setAttr(setAttr(t, "width", String(w)), "customWidth", "1"));
  for (const c of edit.outline) chain(c, (t) => setAttr(t, "outlineLevel", "1"));
  if (restyleWith)
    for (const op of edit.styleOps) {
      if (!op.whole) continue;
      for (let c = op.rect.c1; c <= Math.min(op.rect.c2, 16384); c++)
        chain(c, (t) => {
          const cur = attr(t, "style");
          const next = restyleWith(cur === null ? undefined : Number(cur), op.patch);
          return next > 0 ? setAttr(t, "style", String(next)) : t.replace(/\sstyle="[^"]*"/, "");
        });
    }
  if (colEdits.size) skel = editCols(skel, colEdits);
  if (edit.outline.size) skel = setSheetFormatAttr(skel, "outlineLevelCol", "1");
  if (edit.newTableRels.length) skel = addTableParts(skel, edit.newTableRels);
  for (const f of edit.outside) skel = f(skel);
  const at = skel.indexOf("</sheetData>");
  write(skel.slice(0, at));
  const restyle = restyleWith && edit.styleOps.length ? makeRestyle(edit.styleOps, restyleWith) : undefined;
  const styledRow = (row: number) => {
    for (const op of edit.styleOps) if (row >= op.rect.r1 && row <= op.rect.r2) return true;
    return false;
  };
  /** Whether the style ops change any cell of this row (a row without cells has nothing to restyle). */
  const restyles = (text: string, gt: number, re: number, row: number): boolean => {
    if (text.charCodeAt(gt - 1) === 47) return false;
    for (const seg of cellSegments(text, gt + 1, re - 6)) {
      const st = restyle!(row, seg.col, seg.style, -1, false);
      if (st !== seg.style && !(seg.style === undefined && (st === undefined || st <= 0))) return true;
    }
    return false;
  };
  let pi = 0;
  let pos = 0;
  let implied = 0;
  while (true) {
    const rs = body.indexOf("<row", pos);
    if (rs < 0) break;
    const gt = body.indexOf(">", rs);
    const tag = body.slice(rs, gt + 1);
    const rAttr = plainAttr(tag, "r");
    const row = rAttr ? parseInt(rAttr, 10) : implied + 1;
    implied = row;
    const selfClosing = body.charCodeAt(gt - 1) === 47;
    const re = selfClosing ? gt + 1 : body.indexOf("</row>", gt) + 6;
    // New rows that sort before this one.
    while (pi < patchRows.length && patchRows[pi] < row) {
      const r = patchRows[pi++];
      write(rowStart(r), buildRowCells("", [], r, edit.rowPatches(r), [], colStyles, restyle), "</row>");
    }
    write(body.slice(pos, rs));
    const patches = pi < patchRows.length && patchRows[pi] === row ? edit.rowPatches(patchRows[pi++]) : undefined;
    if (!patches && !rowCleared(edit.clears, row) && !(restyle && styledRow(row) && restyles(body, gt, re, row))) {
      // Unchanged, as it was: a re-install sets the same whole-column formats again, which restyles no cell.
      write(body.slice(rs, re));
    } else {
      const segs = selfClosing ? [] : cellSegments(body, gt + 1, re - 6);
      write(rowStart(row, tag), buildRowCells(body, segs, row, patches, edit.clears, colStyles, restyle), "</row>");
    }
    pos = re;
  }
  write(body.slice(pos));
  while (pi < patchRows.length) {
    const r = patchRows[pi++];
    write(rowStart(r), buildRowCells("", [], r, edit.rowPatches(r), [], colStyles, restyle), "</row>");
  }
  write(skel.slice(at));
}

function makeRestyle(ops: StyleOp[], derive: (base: number | undefined, patch: StylePatch) => number): Restyle {
  const byCol = new Map<number, StyleOp[]>();
  for (const op of ops)
    for (let c = op.rect.c1; c <= Math.min(op.rect.c2, 16384); c++) {
      let l = byCol.get(c);
      if (!l) byCol.set(c, (l = []));
      l.push(op);
    }
  // derive per op and base style, remembered: a whole-column op meets the same few styles on every row.
  const memo = new Map<StyleOp, Map<number, number>>();
  const deriveOp = (op: StyleOp, base: number | undefined): number => {
    let m = memo.get(op);
    if (!m) memo.set(op, (m = new Map()));
    const key = base ?? -1;
    let v = m.get(key);
    if (v === undefined) m.set(key, (v = derive(base, op.patch)));
    return v;
  };
  return (row, col, base, seq, explicit) => {
    const list = byCol.get(col);
    if (!list) return base;
    let style = base;
    for (const op of list) {
      if (row < op.rect.r1 || row > op.rect.r2) continue;
      if (explicit && op.seq < seq && op.patch.format !== undefined) {
        const rest: StylePatch = { ...op.patch };
        delete rest.format;
        style = derive(style, rest);
      } else style = deriveOp(op, style);
    }
    return style;
  };
}

/** Set (or add) an attribute on a start tag. */
export function setAttr(tag: string, name: string, value: string): string {
  const re = new RegExp(`\\s${name}="[^"]*"`);
  if (re.test(tag)) return tag.replace(re, ` ${name}="${value}"`);
  return tag.replace(/\s*(\/?>)$/, ` ${name}="${value}"$1`);
}

function setSheetFormatAttr(xml: string, name: string, value: string): string {
  const m = /<sheetFormatPr\b[^>]*\/?>/.exec(xml);
  if (m) return xml.slice(0, m.index) + setAttr(m[0], name, value) + xml.slice(m.index + m[0].length);
  return insertWorksheetChild(xml, `<sheetFormatPr defaultRowHeight="15" ${name}="${value}"/>`, "sheetFormatPr");
}

/** The children of <worksheet>, in schema order (ECMA-376 Part 1, CT_Worksheet). */
const WORKSHEET_ORDER = [
  "sheetPr",
  "dimension",
  "sheetViews",
  "sheetFormatPr",
  "cols",
  "sheetData",
  "sheetCalcPr",
  "sheetProtection",
  "protectedRanges",
  "scenarios",
  "autoFilter",
  "sortState",
  "dataConsolidate",
  "customSheetViews",
  "mergeCells",
  "phoneticPr",
  "conditionalFormatting",
  "dataValidations",
  "hyperlinks",
  "printOptions",
  "pageMargins",
  "pageSetup",
  "headerFooter",
  "rowBreaks",
  "colBreaks",
  "customProperties",
  "cellWatches",
  "ignoredErrors",
  "smartTags",
  "drawing",
  "legacyDrawing",
  "legacyDrawingHF",
  "picture",
  "oleObjects",
  "controls",
  "webPublishItems",
  "tableParts",
  "extLst",
];

/** Position of the first child element named `name` (a whole-name match), or -1. */
export function findChild(xml: string, name: string, from = 0): number {
  let i = xml.indexOf(`<${name}`, from);
  while (i >= 0) {
    const ch = xml.charCodeAt(i + name.length + 1);
    if (ch === 32 || ch === 62 || ch === 47 || ch === 10 || ch === 13 || ch === 9) return i;
    i = xml.indexOf(`<${name}`, i + 1);
  }
  return -1;
}

/** Insert a <worksheet> child where the schema order puts an element named `name`. */
export function insertWorksheetChild(xml: string, element: string, name: string): string {
  const k = WORKSHEET_ORDER.indexOf(name);
  const sd = xml.indexOf("</sheetData>");
  for (const follower of WORKSHEET_ORDER.slice(k + 1)) {
    const from = WORKSHEET_ORDER.indexOf(follower) > WORKSHEET_ORDER.indexOf("sheetData") ? sd : 0;
    const i = findChild(xml, follower, Math.max(0, from));
    if (i >= 0) return xml.slice(0, i) + element + xml.slice(i);
  }
  const end = xml.lastIndexOf("</worksheet>");
  return xml.slice(0, end) + element + xml.slice(end);
}

function fixDimension(xml: string, edit: SheetEdit): string {
  const headEnd = xml.indexOf("<sheetData");
  const m = /<dimension ref="([^"]*)"\s*\/>/.exec(xml.slice(0, headEnd < 0 ? xml.length : headEnd));
  const ext = edit.extent();
  if (!m) return xml;
  const r = parseRange(m[1]);
  const c2 = Math.max(r.c2, ext.col);
  const r2 = Math.max(r.r2, ext.row);
  if (c2 === r.c2 && r2 === r.r2) return xml;
  const ref = `A1:${columnLetters1(c2)}${r2}`;
  return xml.slice(0, m.index) + `<dimension ref="${ref}"/>` + xml.slice(m.index + m[0].length);
}

/** Apply per-column edits to <cols>, splitting ranges only around the edited columns. */
function editCols(xml: string, edits: Map<number, (tag: string) => string>): string {
  const colsMatch = /<cols>([\s\S]*?)<\/cols>|<cols\/>/.exec(xml);
  const ranges: { min: number; max: number; tag: string }[] = [];
  if (colsMatch?.[1])
    for (const m of colsMatch[1].matchAll(/<col\b[^>]*\/>/g))
      ranges.push({ min: Number(attr(m[0], "min")), max: Number(attr(m[0], "max")), tag: m[0] });
  const out: string[] = [];
  const edited = [...edits.keys()].sort((a, b) => a - b);
  const withRange = (tag: string, a: number, b: number) =>
    tag.replace(/\smin="\d+"/, ` min="${a}"`).replace(/\smax="\d+"/, ` max="${b}"`);
  let ei = 0;
  const emitNew = (upTo: number) => {
    while (ei < edited.length && edited[ei] < upTo) {
      const c = edited[ei++];
      out.push(edits.get(c)!(`<col min="${c}" max="${c}"/>`));
    }
  };
  for (const r of ranges.sort((a, b) => a.min - b.min)) {
    emitNew(r.min);
    let a = r.min;
    while (ei < edited.length && edited[ei] <= r.max) {
      const c = edited[ei++];
      if (c > a) out.push(withRange(r.tag, a, c - 1));
      out.push(edits.get(c)!(withRange(r.tag, c, c)));
      a = c + 1;
    }
    if (a <= r.max) out.push(a === r.min ? r.tag : withRange(r.tag, a, r.max));
  }
  emitNew(Infinity);
  const cols = `<cols>${out.join("")}</cols>`;
  if (colsMatch) return xml.slice(0, colsMatch.index) + cols + xml.slice(colsMatch.index + colsMatch[0].length);
  return insertWorksheetChild(xml, cols, "cols");
}

function addTableParts(xml: string, rids: string[]): string {
  const add = rids.map((id) => `<tablePart r:id="${id}"/>`).join("");
  const ns = xml.includes('xmlns:r="')
    ? xml
    : xml.replace(
        /<worksheet\b/,
        '<worksheet xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"',
      );
  const m = /<tableParts\b[^>]*?(\/>|>)/.exec(ns);
  if (m) {
    if (m[1] === "/>")
      return (
        ns.slice(0, m.index) +
        `<tableParts count="${rids.length}">${add}</tableParts>` +
        ns.slice(m.index + m[0].length)
      );
    const close = ns.indexOf("</tableParts>");
    const withAdd = ns.slice(0, close) + add + ns.slice(close);
    const count = (withAdd.match(/<tablePart\b/g) ?? []).length;
    return withAdd.replace(/<tableParts\b[^>]*>/, `<tableParts count="${count}">`);
  }
  const block = `<tableParts count="${rids.length}">${add}</tableParts>`;
  const ext = ns.indexOf("<extLst");
  const at = ext >= 0 ? ext : ns.lastIndexOf("</worksheet>");
  return ns.slice(0, at) + block + ns.slice(at);
}
