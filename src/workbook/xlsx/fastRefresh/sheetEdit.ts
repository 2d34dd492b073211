/**
 * Splice edited cells into a worksheet's XML. Rows without edits are copied
 * verbatim; an edited row keeps every cell it does not touch, byte for byte,
 * and the style of a cell it overwrites. Only <dimension>, <cols> and
 * <tableParts> outside <sheetData> are ever changed.
 */
import type { CellWrite } from "../../../domain/plan/changes";
import { isFormulaCell } from "../../../domain/plan/changes";
import { toByteText } from "./byteText";
import { attr, colLetters, escapeXml, parseRange, plainAttr, refCol } from "./xml";
import { UnsupportedPackage } from "./zip";

export interface Rect {
  c1: number;
  r1: number;
  c2: number;
  r2: number;
}

export interface CellPatch {
  write: CellWrite;
  /** Style index to use; undefined keeps the old cell's style (or the column's). */
  style?: number;
  /** What the style stands for, so a later format or bold change can combine with it. */
  fmt?: string | null;
  bold?: boolean;
}

export class SheetEdit {
  readonly cells = new Map<number, Map<number, CellPatch>>();
  readonly clears: Rect[] = [];
  readonly widths = new Map<number, number>();
  readonly newTableRels: string[] = [];
  wroteFormulaWithoutResult = false;

  set(row: number, col: number, patch: CellPatch): void {
    let r = this.cells.get(row);
    if (!r) this.cells.set(row, (r = new Map()));
    r.set(col, patch);
    if (isFormulaCell(patch.write) && patch.write.result === undefined) this.wroteFormulaWithoutResult = true;
  }

  clear(rect: Rect): void {
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
      this.newTableRels.length === 0 &&
      [...this.cells.values()].every((m) => m.size === 0)
    );
  }

  /** Bottom-right extent of all writes. */
  extent(): { row: number; col: number } {
    let row = 0;
    let col = 0;
    for (const [r, m] of this.cells) {
      if (m.size === 0) continue;
      row = Math.max(row, r);
      for (const c of m.keys()) col = Math.max(col, c);
    }
    return { row, col };
  }
}

function inClears(clears: Rect[], row: number, col: number): boolean {
  for (const r of clears) if (row >= r.r1 && row <= r.r2 && col >= r.c1 && col <= r.c2) return true;
  return false;
}

function rowCleared(clears: Rect[], row: number): boolean {
  for (const r of clears) if (row >= r.r1 && row <= r.r2) return true;
  return false;
}

function numText(n: number): string {
  // JS shortest round-trip text is exact for doubles; OOXML accepts exponent notation.
  return String(n);
}

/** XML of one cell; "" when the write is blank and there is no style to keep. Strings are inline text: never formulas. */
export function cellXml(ref: string, write: CellWrite, style: number | undefined): string {
  const s = style !== undefined && style > 0 ? ` s="${style}"` : "";
  if (isFormulaCell(write)) {
    const f = `<f>${escapeXml(write.formula.replace(/^=/, ""))}</f>`;
    const res = write.result;
    if (res === undefined || res === null) return `<c r="${ref}"${s}>${f}</c>`;
    if (typeof res === "number")
      return Number.isFinite(res) ? `<c r="${ref}"${s}>${f}<v>${numText(res)}</v></c>` : `<c r="${ref}"${s}>${f}</c>`;
    if (typeof res === "boolean") return `<c r="${ref}"${s} t="b">${f}<v>${res ? 1 : 0}</v></c>`;
    return `<c r="${ref}"${s} t="str">${f}<v>${escapeXml(res)}</v></c>`;
  }
  if (write === null || write === "" || (typeof write === "number" && !Number.isFinite(write)))
    return s ? `<c r="${ref}"${s}/>` : "";
  if (typeof write === "number") return `<c r="${ref}"${s}><v>${numText(write)}</v></c>`;
  if (typeof write === "boolean") return `<c r="${ref}"${s} t="b"><v>${write ? 1 : 0}</v></c>`;
  const space = /^\s|\s$|\n/.test(write) ? ' xml:space="preserve"' : "";
  return `<c r="${ref}"${s} t="inlineStr"><is><t${space}>${escapeXml(write)}</t></is></c>`;
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
    const col = ref ? refCol(ref) : implied + 1;
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

function buildRowCells(
  xml: string,
  segs: CellSeg[],
  row: number,
  patches: Map<number, CellPatch> | undefined,
  clears: Rect[],
  colStyles: Map<number, number>,
): string {
  const parts: string[] = [];
  const patchCols = patches ? [...patches.keys()].sort((a, b) => a - b) : [];
  let pi = 0;
  const emitPatch = (col: number, old: CellSeg | undefined) => {
    const p = patches!.get(col)!;
    const style = p.style ?? old?.style ?? colStyles.get(col);
    parts.push(toByteText(cellXml(colLetters(col) + row, p.write, style)));
  };
  for (const seg of segs) {
    while (pi < patchCols.length && patchCols[pi] < seg.col) emitPatch(patchCols[pi++], undefined);
    const replaced = pi < patchCols.length && patchCols[pi] === seg.col;
    const cleared = inClears(clears, row, seg.col);
    if (replaced || cleared) {
      const text = xml.slice(seg.start, seg.end);
      // Removing a shared-formula anchor would orphan its children.
      if (/<f\b[^>]*t="shared"[^>]*ref=/.test(text) || /<f\b[^>]*t="array"/.test(text))
        throw new UnsupportedPackage(`shared or array formula at ${colLetters(seg.col)}${row}`);
    }
    if (replaced) emitPatch(patchCols[pi++], seg);
    else if (!cleared) parts.push(xml.slice(seg.start, seg.end));
  }
  while (pi < patchCols.length) emitPatch(patchCols[pi++], undefined);
  return parts.join("");
}

function rowStart(row: number, tag?: string): string {
  if (!tag) return `<row r="${row}">`;
  // `spans` is only an optimisation hint; drop it rather than keep a wrong one.
  return tag.replace(/\sspans="[^"]*"/, "").replace(/\/>$/, ">");
}

/** Apply an edit to a worksheet's XML, as byte text (see byteText.ts): new cells are spliced in as byte text too. */
export function spliceSheet(xml: string, edit: SheetEdit): string {
  const colStyles = columnStyles(xml);
  const patchRows = [...edit.cells.keys()].filter((r) => edit.cells.get(r)!.size > 0).sort((a, b) => a - b);
  const sdStart = xml.indexOf("<sheetData");
  if (sdStart < 0) throw new UnsupportedPackage("sheet without sheetData");
  const sdOpenEnd = xml.indexOf(">", sdStart);
  let head = xml.slice(0, sdOpenEnd + 1);
  let body: string;
  let tail: string;
  const out: string[] = [];
  if (xml.charCodeAt(sdOpenEnd - 1) === 47) {
    head = xml.slice(0, sdStart) + "<sheetData>";
    body = "";
    tail = "</sheetData>" + xml.slice(sdOpenEnd + 1);
  } else {
    const sdEnd = xml.indexOf("</sheetData>", sdOpenEnd);
    body = xml.slice(sdOpenEnd + 1, sdEnd);
    tail = xml.slice(sdEnd);
  }
  let pi = 0;
  let pos = 0;
  let implied = 0;
  let maxRow = 0;
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
      out.push(rowStart(r), buildRowCells("", [], r, edit.cells.get(r), [], colStyles), "</row>");
    }
    out.push(body.slice(pos, rs));
    const patches = pi < patchRows.length && patchRows[pi] === row ? edit.cells.get(patchRows[pi++]) : undefined;
    if (!patches && !rowCleared(edit.clears, row)) {
      out.push(body.slice(rs, re));
    } else {
      const segs = selfClosing ? [] : cellSegments(body, gt + 1, re - 6);
      out.push(rowStart(row, tag), buildRowCells(body, segs, row, patches, edit.clears, colStyles), "</row>");
    }
    maxRow = Math.max(maxRow, row);
    pos = re;
  }
  out.push(body.slice(pos));
  while (pi < patchRows.length) {
    const r = patchRows[pi++];
    out.push(rowStart(r), buildRowCells("", [], r, edit.cells.get(r), [], colStyles), "</row>");
    maxRow = Math.max(maxRow, r);
  }
  let result = head + out.join("") + tail;
  result = fixDimension(result, edit);
  if (edit.widths.size) result = setWidths(result, edit.widths);
  if (edit.newTableRels.length) result = addTableParts(result, edit.newTableRels);
  return result;
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
  const ref = `A1:${colLetters(c2)}${r2}`;
  return xml.slice(0, m.index) + `<dimension ref="${ref}"/>` + xml.slice(m.index + m[0].length);
}

function setWidths(xml: string, widths: Map<number, number>): string {
  // Rebuild <cols> from existing ranges split to single columns where a width changes.
  const existing = new Map<number, string>();
  const colsMatch = /<cols>([\s\S]*?)<\/cols>/.exec(xml);
  if (colsMatch) {
    for (const m of colsMatch[1].matchAll(/<col\b[^>]*\/>/g)) {
      const min = Number(attr(m[0], "min"));
      const max = Number(attr(m[0], "max"));
      if (max - min > 200) throw new UnsupportedPackage("wide <col> range");
      for (let c = min; c <= max; c++)
        existing.set(c, m[0].replace(/min="\d+"/, `min="${c}"`).replace(/max="\d+"/, `max="${c}"`));
    }
  }
  for (const [c, w] of widths) {
    const old = existing.get(c);
    existing.set(
      c,
      old
        ? old
            .replace(/\swidth="[^"]*"/, ` width="${w}"`)
            .replace(/(customWidth="[^"]*")|\/>$/, (s) => (s === "/>" ? ' customWidth="1"/>' : 'customWidth="1"'))
        : `<col min="${c}" max="${c}" width="${w}" customWidth="1"/>`,
    );
  }
  const cols = `<cols>${[...existing.keys()]
    .sort((a, b) => a - b)
    .map((c) => existing.get(c))
    .join("")}</cols>`;
  if (colsMatch) return xml.slice(0, colsMatch.index) + cols + xml.slice(colsMatch.index + colsMatch[0].length);
  const sd = xml.indexOf("<sheetData");
  return xml.slice(0, sd) + cols + xml.slice(sd);
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
