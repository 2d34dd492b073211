/**
 * Hand-written scanning over SpreadsheetML strings. A SAX parser costs several
 * seconds on the ~300 MB of sheet XML of a 50,000-lead workbook; `indexOf`
 * over the decoded string is an order of magnitude faster, and sheet XML is
 * regular enough (machine-written, no DTD, no CDATA in cells) to scan safely.
 * The scan is strict: XML that is cut short or not well nested where a cell
 * or row ends (a missing </row>, an unclosed <c>, a truncated part) throws a
 * WorkbookError "unreadable" instead of reading some rows and not others, and
 * a shared-string index with no string behind it is damage, not an empty cell.
 * Every command reads through here, so they all agree on what is readable.
 */
import { WorkbookError } from "../../port";
import { fromByteText } from "./byteText";
import { cellColumn1, columnIndex1, columnLetters1 } from "../../../domain/a1";
import { isoToSerialUtc } from "../../../domain/parse/dates";

/** A part whose XML is damaged: every command refuses the workbook (exit 2), nothing is written. */
export function damagedXml(what: string): WorkbookError {
  return new WorkbookError(
    "unreadable",
    `the workbook is damaged and cannot be read safely (${what}); nothing was changed — open it in Excel and save it again / ` +
      `工作簿已损坏，无法安全读取（${what}）；文件未做任何修改——请在 Excel 中打开并重新保存`,
    what,
  );
}

/**
 * Refuse a package part whose XML is cut short: its root element must close
 * (`</root>` at the end, or a self-closing root). A truncated workbook.xml or
 * table part would otherwise list fewer sheets or columns without a word.
 */
export function assertCompleteXml(xml: string, part: string): void {
  let start = 0;
  for (;;) {
    start = xml.indexOf("<", start);
    if (start < 0) throw damagedXml(`${part} holds no XML element`);
    const c = xml.charCodeAt(start + 1);
    if (c !== 63 && c !== 33) break; // <? and <!
    start = xml.indexOf(">", start) + 1;
    if (start <= 0) throw damagedXml(`${part} is cut short`);
  }
  const gt = xml.indexOf(">", start);
  if (gt < 0) throw damagedXml(`${part} is cut short`);
  if (xml.charCodeAt(gt - 1) === 47) return; // <root/>
  const name = /^<([^\s/>]+)/.exec(xml.slice(start, gt + 1))?.[1] ?? "";
  const end = xml.trimEnd();
  if (!end.endsWith(`</${name}>`) && !new RegExp(`</${name.replace(/[.-]/g, "\\$&")}\\s*>$`).test(end))
    throw damagedXml(`${part} ends before </${name}>: the XML is cut short`);
}

/**
 * A part's XML with the namespace prefix of its root element made the default
 * namespace: `<x:worksheet xmlns:x="…/main"><x:sheetData>` reads as
 * `<worksheet xmlns="…/main"><sheetData>`. Some tools write SpreadsheetML
 * (and package parts) with a prefix; the scanner looks for unprefixed names.
 * The meaning is unchanged (same namespace for the same elements). The
 * relationships prefix on attributes is made `r` the same way. Works on
 * text and on byte text (markup is ASCII). Unchanged when there is no prefix.
 */
export function unprefixRoot(xml: string): string {
  let start = 0;
  for (;;) {
    start = xml.indexOf("<", start);
    if (start < 0) return xml;
    const c = xml.charCodeAt(start + 1);
    if (c !== 63 && c !== 33) break; // <? and <!
    start = xml.indexOf(">", start) + 1;
    if (start <= 0) return xml;
  }
  const gt = xml.indexOf(">", start);
  if (gt < 0) return xml;
  const tag = xml.slice(start, gt + 1);
  let out = xml;
  const root = /^<([A-Za-z_][\w.-]*):[A-Za-z_][\w.-]*/.exec(tag);
  if (root) {
    const p = root[1].replace(/[.-]/g, "\\$&");
    const decl = new RegExp(`\\sxmlns:${p}\\s*=\\s*("[^"]*"|'[^']*')`).exec(tag);
    if (decl && !/\sxmlns\s*=/.test(tag)) {
      const newTag = tag.replace(decl[0], ` xmlns=${decl[1]}`);
      out = out.slice(0, start) + newTag + out.slice(gt + 1);
      out = out.replace(new RegExp(`<(/?)${p}:`, "g"), "<$1");
    }
  }
  const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
  const rel = new RegExp(`\\sxmlns:([A-Za-z_][\\w.-]*)\\s*=\\s*"${REL.replace(/[./]/g, "\\$&")}"`).exec(
    out.slice(start, out.indexOf(">", start) + 1),
  );
  if (rel && rel[1] !== "r" && !/\sxmlns:r\s*=/.test(out.slice(start, out.indexOf(">", start) + 1))) {
    const q = rel[1];
    out = out
      .replace(rel[0], rel[0].replace(`xmlns:${q}`, "xmlns:r"))
      .split(` ${q}:id=`)
      .join(" r:id=");
  }
  return out;
}

const ENTITY: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

export function decodeXml(s: string): string {
  if (s.indexOf("&") < 0 && s.indexOf("_x") < 0) return s;
  let out = s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (m, e: string) => {
    if (e[0] === "#") return String.fromCodePoint(e[1] === "x" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    return ENTITY[e] ?? m;
  });
  // OOXML escapes control characters as _xHHHH_ inside text.
  if (out.indexOf("_x") >= 0)
    out = out.replace(/_x([0-9A-Fa-f]{4})_/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
  return out;
}

/** The engine's one escaper (see xmlText.ts). */
export { escapeXml } from "./xmlText";

/** Value of an attribute that never holds entities (r, t, s, si), or null: no decoding. */
export function plainAttr(tag: string, name: string): string | null {
  const key = ` ${name}="`;
  const i = tag.indexOf(key);
  if (i < 0) return tag.indexOf(name + '="') < 0 ? null : attr(tag, name);
  const from = i + key.length;
  return tag.slice(from, tag.indexOf('"', from));
}

/** Value of attribute `name` in a start tag's text, or null. */
export function attr(tag: string, name: string): string | null {
  const key = ` ${name}="`;
  let i = tag.indexOf(key);
  if (i < 0) {
    // Attributes may be separated by newlines/tabs in hand-edited parts.
    const m = new RegExp(`\\s${name.replace(/[:]/g, "\\:")}="([^"]*)"`).exec(tag);
    return m ? decodeXml(m[1]) : null;
  }
  i += key.length;
  const j = tag.indexOf('"', i);
  return decodeXml(tag.slice(i, j));
}

/** "AB12" → {col: 28, row: 12}. */
export function parseRef(ref: string): { col: number; row: number } {
  let i = 0;
  while (i < ref.length && ref.charCodeAt(i) >= 65) i++;
  return { col: columnIndex1(ref.slice(0, i).replace(/\$/g, "")), row: parseInt(ref.slice(i).replace(/\$/g, ""), 10) };
}

export function parseRange(ref: string): { c1: number; r1: number; c2: number; r2: number } {
  const [a, b] = ref.replace(/\$/g, "").split(":");
  const p = parseRef(a);
  const q = b ? parseRef(b) : p;
  return { c1: p.col, r1: p.row, c2: q.col, r2: q.row };
}

/**
 * Text of every <t> inside a string item (<si> or <is>), skipping phonetic
 * runs. `toText` turns the runs into text before entities are decoded
 * (fromByteText for a worksheet's byte text).
 */
export function richText(inner: string, toText: (raw: string) => string = (raw) => raw): string {
  let i = inner.indexOf("<t");
  if (i < 0) return "";
  let out = "";
  const rph = inner.indexOf("<rPh");
  const limit = rph < 0 ? inner.length : rph;
  while (i >= 0 && i < limit) {
    const c = inner.charCodeAt(i + 2);
    if (c !== 62 && c !== 32 && c !== 47) {
      i = inner.indexOf("<t", i + 2);
      continue;
    }
    const gt = inner.indexOf(">", i);
    if (inner.charCodeAt(gt - 1) === 47) {
      i = inner.indexOf("<t", gt);
      continue;
    }
    const end = inner.indexOf("</t>", gt);
    out += inner.slice(gt + 1, end);
    i = inner.indexOf("<t", end + 4);
  }
  return decodeXml(toText(out));
}

export function parseSharedStrings(xml: string): string[] {
  if (xml.lastIndexOf("</sst>") < 0 && !/<sst\b[^>]*\/>/.test(xml))
    throw damagedXml("the shared-strings part ends before </sst>: the XML is cut short");
  const out: string[] = [];
  let i = xml.indexOf("<si");
  while (i >= 0) {
    const gt = xml.indexOf(">", i);
    if (xml.charCodeAt(gt - 1) === 47) {
      out.push("");
      i = xml.indexOf("<si", gt);
      continue;
    }
    const end = xml.indexOf("</si>", gt);
    if (gt < 0 || end < 0) throw damagedXml("shared strings: an <si> item is not closed");
    out.push(richText(xml.slice(gt + 1, end)));
    i = xml.indexOf("<si", end + 5);
  }
  return out;
}

/** One parsed cell. `value` is the cached value; `formula` the text with "=" (shared children: the anchor's text, unshifted). */
export interface ScannedCell {
  col: number;
  value: string | number | boolean | null;
  formula: string | null;
}

/**
 * A copy of `s` that does not point into the text it was cut from. A slice of
 * a sheet's XML keeps the whole sheet text (tens of MB) alive and scatters the
 * characters far from the string; appending a character and cutting it off
 * again makes the engine copy just these characters next to the new string.
 */
export function ownCopy(s: string): string {
  return s.length < 13 ? s : (s + " ").slice(0, -1);
}

/** Decoded texts by raw cell XML: inline strings (`<is>` content) and text results (`<v>` of t="str"/"e"). */
export interface TextPool {
  inline: Map<string, string>;
  result: Map<string, string>;
}

/** Text of a cell's byte-text XML: UTF-8 decoded, then entities. */
function cellText(raw: string): string {
  return decodeXml(fromByteText(raw));
}

/**
 * Iterate the rows of a <sheetData> in the given row window, calling `onCell`
 * for each cell. `xml` is the worksheet's byte text (see byteText.ts).
 * `textPool`: text cells with the same XML get the same string object, as
 * shared-string cells do (a file written with inline strings repeats each list
 * value and lead ID thousands of times; pooled, each is decoded once, the
 * engine's lookups on them stay in the CPU cache and matching IDs compare as
 * one object).
 */
export function scanSheet(
  xml: string,
  fromRow: number,
  toRow: number,
  shared: string[],
  onCell: (row: number, cell: ScannedCell) => void,
  textPool?: TextPool,
): void {
  // Keyed by the cell's raw XML, so a text is decoded once however often it repeats.
  const pooled = (pool: Map<string, string> | undefined, raw: string, decode: (raw: string) => string): string => {
    if (!pool) return decode(raw);
    const p = pool.get(raw);
    if (p !== undefined) return p;
    const text = decode(raw); // a fresh string (fromByteText): nothing of the sheet text kept alive
    pool.set(ownCopy(raw), text);
    return text;
  };
  const inlineText = (raw: string): string => richText(raw, fromByteText);
  if (xml.lastIndexOf("</worksheet>") < 0)
    throw damagedXml("a worksheet ends before </worksheet>: the XML is cut short");
  const sd = xml.indexOf("<sheetData");
  if (sd < 0) throw damagedXml("a worksheet has no <sheetData>");
  const sdGt = xml.indexOf(">", sd);
  if (xml.charCodeAt(sdGt - 1) === 47) return; // <sheetData/>: no cells
  const sdEnd = xml.indexOf("</sheetData>", sdGt);
  if (sdEnd < 0) throw damagedXml("a worksheet's <sheetData> is not closed: the XML is cut short");
  const sharedFormulas = new Map<string, string>();
  // Calculated columns repeat one formula down every row: decode each distinct text once per column.
  const lastRawFormula = new Map<number, string>();
  const lastFormula = new Map<number, string>();
  /** Markup between two cells (or a cell and </row>) may not open another row: that row's </row> is missing. */
  const gapHasRow = (from: number, to: number): boolean => {
    for (let i = from; i < to; i++) if (xml.charCodeAt(i) === 60 && xml.startsWith("<row", i)) return true;
    return false;
  };
  const at = (row: number, col?: number) => (col === undefined ? `row ${row}` : `cell ${columnLetters1(col)}${row}`);
  let pos = xml.indexOf("<row", sdGt);
  let implied = 0;
  while (pos >= 0 && pos < sdEnd) {
    const gt = xml.indexOf(">", pos);
    if (gt < 0 || gt > sdEnd) throw damagedXml("a <row> tag is cut short");
    const tag = xml.slice(pos, gt + 1);
    const rAttr = plainAttr(tag, "r");
    const rowNo = rAttr ? parseInt(rAttr, 10) : implied + 1;
    implied = rowNo;
    if (xml.charCodeAt(gt - 1) === 47) {
      pos = xml.indexOf("<row", gt);
      continue;
    }
    const rowEnd = xml.indexOf("</row>", gt);
    if (rowEnd < 0 || rowEnd > sdEnd) throw damagedXml(`${at(rowNo)} has no </row>`);
    if (rowNo > toRow) break;
    // Rows above the window are still scanned for shared-formula anchors.
    const wanted = rowNo >= fromRow && rowNo <= toRow;
    let c = xml.indexOf("<c", gt);
    let impliedCol = 0;
    let prevEnd = gt + 1;
    while (c >= 0 && c < rowEnd) {
      const ch = xml.charCodeAt(c + 2);
      if (ch !== 32 && ch !== 62 && ch !== 47) {
        c = xml.indexOf("<c", c + 2);
        continue;
      }
      if (c !== prevEnd && gapHasRow(prevEnd, c)) throw damagedXml(`${at(rowNo)} has no </row>`);
      const cgt = xml.indexOf(">", c);
      if (cgt < 0 || cgt > rowEnd) throw damagedXml(`a cell tag in ${at(rowNo)} is cut short`);
      const ctag = xml.slice(c, cgt + 1);
      const ref = plainAttr(ctag, "r");
      const col = ref ? cellColumn1(ref) : impliedCol + 1;
      impliedCol = col;
      let next: number;
      let value: string | number | boolean | null = null;
      let formula: string | null = null;
      if (xml.charCodeAt(cgt - 1) === 47) {
        next = cgt + 1;
      } else {
        const cend = xml.indexOf("</c>", cgt);
        if (cend < 0 || cend > rowEnd) throw damagedXml(`${at(rowNo, col)} has no </c>`);
        next = cend + 4;
        const inner = xml.slice(cgt + 1, cend);
        if (innerOpensCell(inner)) throw damagedXml(`${at(rowNo, col)} has no </c>`);
        const fi = inner.indexOf("<f");
        if (fi >= 0) {
          const fgt = inner.indexOf(">", fi);
          if (fgt < 0) throw damagedXml(`the formula of ${at(rowNo, col)} is cut short`);
          const ftag = inner.slice(fi, fgt + 1);
          const selfClosing = inner.charCodeAt(fgt - 1) === 47;
          const fend = selfClosing ? fgt : inner.indexOf("</f>", fgt);
          if (fend < 0) throw damagedXml(`the formula of ${at(rowNo, col)} has no </f>`);
          const raw = selfClosing ? "" : inner.slice(fgt + 1, fend);
          if (plainAttr(ftag, "t") === "shared") {
            const si = plainAttr(ftag, "si") ?? "";
            if (raw) sharedFormulas.set(si, "=" + cellText(raw));
            formula = sharedFormulas.get(si) ?? "=";
          } else if (lastRawFormula.get(col) === raw) {
            formula = lastFormula.get(col)!;
          } else {
            formula = "=" + cellText(raw);
            lastRawFormula.set(col, raw);
            lastFormula.set(col, formula);
          }
        }
        if (wanted) {
          const t = plainAttr(ctag, "t");
          if (t === "inlineStr") {
            const is = inner.indexOf("<is>");
            const isEnd = is < 0 ? -1 : inner.indexOf("</is>", is);
            if (is >= 0 && isEnd < 0) throw damagedXml(`the text of ${at(rowNo, col)} has no </is>`);
            value = is < 0 ? "" : pooled(textPool?.inline, inner.slice(is + 4, isEnd), inlineText);
          } else {
            const vi = inner.indexOf("<v>");
            const vEmpty = vi < 0 && inner.indexOf("<v/>") >= 0;
            if (vi >= 0) {
              const vEnd = inner.indexOf("</v>", vi);
              if (vEnd < 0) throw damagedXml(`the value of ${at(rowNo, col)} has no </v>`);
              const raw = inner.slice(vi + 3, vEnd);
              if (t === "s") {
                const text = shared[parseInt(raw, 10)];
                if (text === undefined)
                  throw damagedXml(
                    shared.length === 0
                      ? `${at(rowNo, col)} refers to shared text, but the shared-strings part is missing or empty`
                      : `${at(rowNo, col)} refers to shared text ${raw}, of ${shared.length}`,
                  );
                value = text;
              } else if (t === "str" || t === "e") value = raw === "" ? "" : pooled(textPool?.result, raw, cellText);
              else if (t === "b") value = raw === "1" || raw === "true";
              else if (t === "d") value = isoToSerialUtc(raw);
              else value = raw === "" ? null : Number(raw);
            } else if (vEmpty && (t === "str" || t === "s")) value = "";
          }
        }
      }
      if (wanted) onCell(rowNo, { col, value, formula });
      prevEnd = next;
      c = xml.indexOf("<c", next);
    }
    if (prevEnd < rowEnd && gapHasRow(prevEnd, rowEnd)) throw damagedXml(`${at(rowNo)} has no </row>`);
    pos = xml.indexOf("<row", rowEnd);
  }
}

/** A cell's inner XML holding the start of another cell: its own </c> is missing. */
function innerOpensCell(inner: string): boolean {
  let i = inner.indexOf("<c");
  while (i >= 0) {
    const ch = inner.charCodeAt(i + 2);
    if (ch === 32 || ch === 62 || ch === 47) return true;
    i = inner.indexOf("<c", i + 2);
  }
  return false;
}
