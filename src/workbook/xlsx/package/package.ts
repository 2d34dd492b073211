/**
 * The parts of an .xlsx package that the package engine reads or rewrites:
 * workbook, relationships, content types, styles, shared strings, sheets and
 * table parts. Parts that are not edited keep their original compressed bytes.
 */
import { assertCompleteXml, attr, decodeXml, escapeXml, parseSharedStrings, unprefixRoot } from "./xml";
import { bytesToByteText, byteTextPartsToBytes, byteTextToBytes, toByteText } from "./byteText";
import { inflateEntry, makeEntry, readZip, UnsupportedPackage, writeZip, type ZipEntry } from "./zip";

const REL_TABLE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/table";
const REL_SHEET = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet";
const CT_TABLE = "application/vnd.openxmlformats-officedocument.spreadsheetml.table+xml";
const CT_SHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml";

export interface Rel {
  id: string;
  type: string;
  target: string;
  external: boolean;
}

export interface SheetPart {
  name: string;
  sheetId: number;
  rid: string;
  state: string;
  path: string;
}

export interface TablePart {
  path: string;
  sheet: string;
  id: number;
  name: string;
  ref: string;
  headerRowCount: number;
  totalsRowCount: number;
  columns: string[];
}

/** Resolve a relationship target against the folder of its source part. */
export function resolveTarget(sourcePart: string, target: string): string {
  if (target.startsWith("/")) return target.slice(1);
  const parts = sourcePart.split("/").slice(0, -1);
  for (const seg of target.split("/")) {
    if (seg === "..") parts.pop();
    else if (seg !== ".") parts.push(seg);
  }
  return parts.join("/");
}

export function relsPathOf(part: string): string {
  const i = part.lastIndexOf("/");
  if (i < 0) return `_rels/${part}.rels`; // "" is the package itself: _rels/.rels
  return `${part.slice(0, i)}/_rels/${part.slice(i + 1)}.rels`;
}

export function parseRels(xml: string): Rel[] {
  const out: Rel[] = [];
  const re = /<Relationship\b[^>]*>/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(xml))) {
    const tag = m[0];
    out.push({
      id: attr(tag, "Id") ?? "",
      type: attr(tag, "Type") ?? "",
      target: attr(tag, "Target") ?? "",
      external: attr(tag, "TargetMode") === "External",
    });
  }
  return out;
}

export class XlsxPackage {
  private readonly entries: ZipEntry[];
  private readonly byName = new Map<string, ZipEntry>();
  private readonly texts = new Map<string, string>();
  /** Worksheets as byte text (see byteText.ts), kept until forgetSheet. */
  private readonly sheetTexts = new Map<string, string>();
  /** Worksheets written back, compressed at once: a 250 MB sheet is held as its ~15 MB zip entry until saved. */
  private readonly sheetBytes = new Map<string, ZipEntry>();
  private readonly dirty = new Set<string>();
  private sharedCache: string[] | null = null;

  constructor(bytes: Uint8Array) {
    this.entries = readZip(bytes);
    for (const e of this.entries) this.byName.set(e.name, e);
    if (!this.byName.has("xl/workbook.xml")) throw new UnsupportedPackage("no xl/workbook.xml");
  }

  has(name: string): boolean {
    return this.byName.has(name) || this.texts.has(name) || this.sheetBytes.has(name);
  }

  text(name: string): string {
    let t = this.texts.get(name);
    if (t === undefined) {
      const e = this.byName.get(name);
      if (!e) throw new UnsupportedPackage(`missing part ${name}`);
      t = unprefixRoot(new TextDecoder().decode(inflateEntry(e)));
      if (name.endsWith(".xml") || name.endsWith(".rels")) assertCompleteXml(t, name);
      this.texts.set(name, t);
    }
    return t;
  }

  /**
   * A worksheet's XML as byte text. Worksheets are read through here, never
   * through text(): the big parts of a workbook, they are kept at one byte
   * per byte, and forgotten once read (see forgetSheet).
   */
  sheetXml(path: string): string {
    let t = this.sheetTexts.get(path);
    if (t !== undefined) return t;
    const written = this.sheetBytes.get(path);
    const created = this.texts.get(path);
    if (written) t = bytesToByteText(inflateEntry(written));
    else if (created !== undefined) t = toByteText(created);
    else {
      const e = this.byName.get(path);
      if (!e) throw new UnsupportedPackage(`missing part ${path}`);
      t = unprefixRoot(bytesToByteText(inflateEntry(e)));
    }
    this.sheetTexts.set(path, t);
    return t;
  }

  /** Replace a worksheet's XML (byte text); it is held as bytes until saved. */
  /** Replace a worksheet by an entry already compressed (see EntryWriter). */
  setSheetEntry(path: string, entry: ZipEntry): void {
    this.sheetBytes.set(path, entry);
    this.sheetTexts.delete(path);
    this.texts.delete(path);
    this.dirty.add(path);
  }

  setSheetXml(path: string, xml: string | string[]): void {
    this.sheetBytes.set(
      path,
      makeEntry(path, typeof xml === "string" ? byteTextToBytes(xml) : byteTextPartsToBytes(xml)),
    );
    this.sheetTexts.delete(path);
    this.texts.delete(path);
    this.dirty.add(path);
  }

  /**
   * Drop a worksheet's decoded text. Reading it again inflates the part again
   * (a fraction of a second for the biggest), which is cheaper than keeping
   * hundreds of MB alive from the read until the save.
   */
  forgetSheet(path: string): void {
    this.sheetTexts.delete(path);
  }

  setText(name: string, xml: string): void {
    this.texts.set(name, xml);
    this.sheetTexts.delete(name);
    this.sheetBytes.delete(name);
    this.dirty.add(name);
  }

  isDirty(): boolean {
    return this.dirty.size > 0;
  }

  sharedStrings(): string[] {
    if (!this.sharedCache) {
      const path = this.workbookRels().find((r) => r.type.endsWith("/sharedStrings"));
      const part = path ? resolveTarget("xl/workbook.xml", path.target) : "xl/sharedStrings.xml";
      this.sharedCache = this.has(part) ? parseSharedStrings(this.text(part)) : [];
    }
    return this.sharedCache;
  }

  workbookRels(): Rel[] {
    return parseRels(this.text("xl/_rels/workbook.xml.rels"));
  }

  sheets(): SheetPart[] {
    const wb = this.text("xl/workbook.xml");
    const rels = new Map(this.workbookRels().map((r) => [r.id, r]));
    const out: SheetPart[] = [];
    const re = /<sheet\b[^>]*>/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(wb))) {
      const tag = m[0];
      const rid = attr(tag, "r:id") ?? "";
      const rel = rels.get(rid);
      if (!rel) throw new UnsupportedPackage("sheet without relationship");
      out.push({
        name: attr(tag, "name") ?? "",
        sheetId: Number(attr(tag, "sheetId")),
        rid,
        state: attr(tag, "state") ?? "visible",
        path: resolveTarget("xl/workbook.xml", rel.target),
      });
    }
    return out;
  }

  definedNames(): { name: string; formula: string }[] {
    const wb = this.text("xl/workbook.xml");
    const out: { name: string; formula: string }[] = [];
    const re = /<definedName\b([^>]*)>([\s\S]*?)<\/definedName>/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(wb))) out.push({ name: attr(m[1], "name") ?? "", formula: "=" + decodeXml(m[2]) });
    return out;
  }

  sheetRels(sheetPath: string): Rel[] {
    const p = relsPathOf(sheetPath);
    return this.has(p) ? parseRels(this.text(p)) : [];
  }

  tables(): TablePart[] {
    const out: TablePart[] = [];
    for (const sheet of this.sheets()) {
      for (const rel of this.sheetRels(sheet.path)) {
        if (rel.type !== REL_TABLE) continue;
        out.push(
          parseTable(
            resolveTarget(sheet.path, rel.target),
            sheet.name,
            this.text(resolveTarget(sheet.path, rel.target)),
          ),
        );
      }
    }
    return out;
  }

  /** Register a new part's content type. */
  addOverride(part: string, contentType: string): void {
    const ct = this.text("[Content_Types].xml");
    if (ct.includes(`PartName="/${part}"`)) return;
    this.setText(
      "[Content_Types].xml",
      ct.replace("</Types>", `<Override PartName="/${escapeXml(part)}" ContentType="${contentType}"/></Types>`),
    );
  }

  /** Add a relationship from `sourcePart`; returns its id. */
  addRel(sourcePart: string, type: string, target: string): string {
    const p = relsPathOf(sourcePart);
    const xml = this.has(p)
      ? this.text(p)
      : '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>';
    const ids = new Set(parseRels(xml).map((r) => r.id));
    let n = ids.size + 1;
    while (ids.has(`rId${n}`)) n++;
    const id = `rId${n}`;
    const entry = `<Relationship Id="${id}" Type="${type}" Target="${escapeXml(target)}"/>`;
    const next = xml.includes("</Relationships>")
      ? xml.replace("</Relationships>", `${entry}</Relationships>`)
      : xml.replace(/<Relationships([^>]*)\/>/, `<Relationships$1>${entry}</Relationships>`);
    this.setText(p, next);
    return id;
  }

  /** A free part name like xl/tables/table7.xml. */
  freePartName(prefix: string, ext: string): string {
    let n = 1;
    while (this.has(`${prefix}${n}${ext}`)) n++;
    return `${prefix}${n}${ext}`;
  }

  /** Append a new worksheet part and register it in the workbook. */
  addSheet(name: string, index: number | undefined, xml: string, hidden = false): SheetPart {
    const path = this.freePartName("xl/worksheets/sheet", ".xml");
    this.setText(path, xml);
    this.addOverride(path, CT_SHEET);
    const rid = this.addRel("xl/workbook.xml", REL_SHEET, path.slice(3));
    const sheets = this.sheets();
    const sheetId = sheets.reduce((mx, s) => Math.max(mx, s.sheetId), 0) + 1;
    const tag = `<sheet name="${escapeXml(name)}" sheetId="${sheetId}"${hidden ? ' state="hidden"' : ""} r:id="${rid}"/>`;
    let wb = this.text("xl/workbook.xml");
    const tags = [...wb.matchAll(/<sheet\b[^>]*\/>/g)];
    if (index !== undefined && index < tags.length) {
      const at = tags[index].index ?? 0;
      wb = shiftSheetIndexes(wb.slice(0, at) + tag + wb.slice(at), index);
    } else {
      wb = wb.replace("</sheets>", `${tag}</sheets>`);
    }
    this.setText("xl/workbook.xml", wb);
    return { name, sheetId, rid, state: hidden ? "hidden" : "visible", path };
  }

  /** Serialize: original order, edited parts re-deflated, new parts appended. */
  save(): Uint8Array {
    const encoder = new TextEncoder();
    const entryOf = (name: string): ZipEntry =>
      this.sheetBytes.get(name) ?? makeEntry(name, encoder.encode(this.texts.get(name) ?? ""));
    const out: ZipEntry[] = [];
    const seen = new Set<string>();
    for (const e of this.entries) {
      seen.add(e.name);
      out.push(this.dirty.has(e.name) ? entryOf(e.name) : e);
    }
    for (const name of this.dirty) if (!seen.has(name)) out.push(entryOf(name));
    return writeZip(out);
  }
}

/**
 * After a sheet is inserted at position `from`, the sheets from there on move one place
 * right: what refers to a sheet by its position follows it — a sheet-scoped defined name
 * (print area, print titles, a user's local name: `localSheetId`, "the sheet index in this
 * workbook", ECMA-376 Part 1 §18.2.5) and the workbook view's active and first visible tab
 * (§18.2.30 `activeTab`, `firstSheet`).
 */
function shiftSheetIndexes(workbookXml: string, from: number): string {
  const bump = (attrName: string) => (tag: string) =>
    tag.replace(new RegExp(`\\b${attrName}="(\\d+)"`), (m, n: string) =>
      Number(n) >= from ? `${attrName}="${Number(n) + 1}"` : m,
    );
  return workbookXml
    .replace(/<definedName\b[^>]*>/g, bump("localSheetId"))
    .replace(/<workbookView\b[^>]*>/g, (tag) => bump("firstSheet")(bump("activeTab")(tag)));
}

export function parseTable(path: string, sheet: string, xml: string): TablePart {
  const head = /<table\b[^>]*>/.exec(xml)?.[0] ?? "";
  const columns: string[] = [];
  const re = /<tableColumn\b[^>]*>/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(xml))) columns.push(attr(m[0], "name") ?? "");
  return {
    path,
    sheet,
    id: Number(attr(head, "id") ?? 0),
    name: attr(head, "displayName") ?? attr(head, "name") ?? "",
    ref: attr(head, "ref") ?? "A1",
    headerRowCount: Number(attr(head, "headerRowCount") ?? 1),
    totalsRowCount: Number(attr(head, "totalsRowCount") ?? 0),
    columns,
  };
}

export { REL_TABLE, CT_TABLE };
