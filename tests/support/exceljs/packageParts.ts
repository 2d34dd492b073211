/**
 * The .xlsx package (a zip of XML parts) below the exceljs layer.
 *
 * exceljs mishandles or drops several parts of a real workbook, so the
 * adapter inspects and edits them here, directly in the zip:
 * - it refuses to rewrite a package holding parts exceljs would drop
 *   (charts, pivot tables, macros…: `findForeignContent`);
 * - it keeps data validations out of exceljs (whose reader expands a range
 *   like E2:E1048576 into a million cell entries and turns date/number
 *   formulas into constants) and writes them back as XML;
 * - it keeps defined names out of exceljs (which only understands plain
 *   ranges, not formulas or structured references);
 * - it reads and writes custom document properties (docProps/custom.xml),
 *   which exceljs does not support at all.
 * Everything here works on part names and XML text, so a future streaming
 * refresh can reuse it to rewrite only the parts that change.
 */
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from "fflate";

/** Part name (no leading slash) → bytes. */
export type PackageFiles = Record<string, Uint8Array>;

export function isZip(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 4 &&
    bytes[0] === 0x50 &&
    bytes[1] === 0x4b &&
    (bytes[2] === 3 || bytes[2] === 5) &&
    (bytes[3] === 4 || bytes[3] === 6)
  );
}

/** An OLE compound file: an old .xls, or an encrypted (password-to-open) .xlsx. */
export function isOleCompound(bytes: Uint8Array): boolean {
  const sig = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
  return bytes.length >= 8 && sig.every((b, i) => bytes[i] === b);
}

export function unzipPackage(bytes: Uint8Array): PackageFiles {
  return unzipSync(bytes);
}

export function zipPackage(files: PackageFiles, level: 0 | 1 | 6 = 6): Uint8Array {
  const input: Zippable = {};
  // [Content_Types].xml first, as Office writes it; some readers sniff the first entry.
  const names = Object.keys(files).sort((a, b) =>
    a === "[Content_Types].xml" ? -1 : b === "[Content_Types].xml" ? 1 : 0,
  );
  for (const name of names) input[name] = [files[name], { level }];
  return zipSync(input);
}

export function partText(files: PackageFiles, part: string): string | undefined {
  const bytes = files[part];
  return bytes ? strFromU8(bytes) : undefined;
}

export function setPartText(files: PackageFiles, part: string, text: string): void {
  files[part] = strToU8(text);
}

// ---------------------------------------------------------------- XML bits

export function escapeXml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

export function unescapeXml(s: string): string {
  return s.replace(/&(lt|gt|quot|apos|amp|#x[0-9a-fA-F]+|#\d+);/g, (_, e: string) => {
    switch (e) {
      case "lt":
        return "<";
      case "gt":
        return ">";
      case "quot":
        return '"';
      case "apos":
        return "'";
      case "amp":
        return "&";
      default:
        return String.fromCodePoint(e[1] === "x" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    }
  });
}

/** Attributes of one start tag, unescaped, keyed by their qualified name. */
export function parseAttributes(tag: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  const re = /([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
  for (let m = re.exec(tag); m; m = re.exec(tag)) attrs[m[1]] = unescapeXml(m[2] ?? m[3] ?? "");
  return attrs;
}

// ------------------------------------------------ content exceljs would drop

export interface ForeignContent {
  /** Stable key of the kind of content. */
  kind: string;
  en: string;
  zh: string;
  parts: string[];
}

const FOREIGN_KINDS: { kind: string; en: string; zh: string; match: (part: string) => boolean }[] = [
  { kind: "chart", en: "charts", zh: "图表", match: (p) => /^xl\/charts\/chart\d*\.xml$/i.test(p) },
  { kind: "chartsheet", en: "chart sheets", zh: "图表工作表", match: (p) => /^xl\/chartsheets\/[^/]+\.xml$/i.test(p) },
  { kind: "pivotTable", en: "pivot tables", zh: "数据透视表", match: (p) => /^xl\/pivotTables\/[^/]+\.xml$/i.test(p) },
  {
    kind: "pivotCache",
    en: "pivot caches",
    zh: "数据透视表缓存",
    match: (p) => /^xl\/pivotCache\/[^/]+\.xml$/i.test(p),
  },
  { kind: "slicer", en: "slicers", zh: "切片器", match: (p) => /^xl\/(slicers|slicerCaches)\/[^/]+\.xml$/i.test(p) },
  {
    kind: "timeline",
    en: "timelines",
    zh: "日程表",
    match: (p) => /^xl\/(timelines|timelineCaches)\/[^/]+\.xml$/i.test(p),
  },
  { kind: "macros", en: "macros (VBA project)", zh: "宏（VBA 工程）", match: (p) => /^xl\/vbaProject\.bin$/i.test(p) },
  {
    kind: "threadedComments",
    en: "threaded comments",
    zh: "批注会话",
    match: (p) => /^xl\/threadedComments\/[^/]+\.xml$/i.test(p),
  },
  { kind: "formControls", en: "form controls", zh: "表单控件", match: (p) => /^xl\/ctrlProps\/[^/]+\.xml$/i.test(p) },
  { kind: "activeX", en: "ActiveX controls", zh: "ActiveX 控件", match: (p) => /^xl\/activeX\//i.test(p) },
  { kind: "embeddings", en: "embedded objects", zh: "嵌入对象", match: (p) => /^xl\/embeddings\//i.test(p) },
  {
    kind: "connections",
    en: "data connections and queries",
    zh: "数据连接和查询",
    match: (p) => /^xl\/(connections\.xml|queryTables\/)/i.test(p),
  },
  {
    kind: "externalLinks",
    en: "links to other workbooks",
    zh: "外部工作簿链接",
    match: (p) => /^xl\/externalLinks\/[^/]+\.xml$/i.test(p),
  },
  { kind: "dataModel", en: "a data model", zh: "数据模型", match: (p) => /^xl\/model\//i.test(p) },
  { kind: "customXml", en: "custom XML parts", zh: "自定义 XML 部件", match: (p) => /^customXml\//i.test(p) },
];

/**
 * Parts of the package that a read + write through exceljs would lose, grouped
 * by kind. Images and legacy comments survive exceljs and are not listed; a
 * drawing holding shapes (not only pictures) is.
 */
export function findForeignContent(files: PackageFiles): ForeignContent[] {
  const found = new Map<string, ForeignContent>();
  const add = (k: { kind: string; en: string; zh: string }, part: string) => {
    const entry = found.get(k.kind) ?? { kind: k.kind, en: k.en, zh: k.zh, parts: [] };
    entry.parts.push(part);
    found.set(k.kind, entry);
  };
  for (const part of Object.keys(files).sort()) {
    const kind = FOREIGN_KINDS.find((k) => k.match(part));
    if (kind) {
      add(kind, part);
      continue;
    }
    // Shapes, text boxes and grouped objects live in drawings next to pictures; exceljs keeps only pictures.
    if (/^xl\/drawings\/drawing\d*\.xml$/i.test(part)) {
      const xml = partText(files, part) ?? "";
      if (/<(\w+:)?(sp|grpSp|cxnSp)\b/.test(xml))
        add({ kind: "shapes", en: "shapes and text boxes", zh: "形状和文本框" }, part);
    }
  }
  // Listed in a stable order (the order of FOREIGN_KINDS), whatever the order of parts in the zip.
  const rank = (kind: string) => {
    const i = FOREIGN_KINDS.findIndex((k) => k.kind === kind);
    return i < 0 ? FOREIGN_KINDS.length : i;
  };
  return [...found.values()].sort((a, b) => rank(a.kind) - rank(b.kind));
}

// ---------------------------------------------------------- sheet parts

export interface SheetPart {
  name: string;
  /** Part name, e.g. "xl/worksheets/sheet1.xml". */
  path: string;
  /** Position among the workbook's sheets (what localSheetId counts). */
  index: number;
  state: string;
}

function resolveTarget(base: string, target: string): string {
  if (target.startsWith("/")) return target.slice(1);
  const parts = base.split("/").slice(0, -1);
  for (const seg of target.split("/")) {
    if (seg === "..") parts.pop();
    else if (seg !== ".") parts.push(seg);
  }
  return parts.join("/");
}

/** Relationship id → target part, for the relationships of `part`. */
export function relationships(files: PackageFiles, part: string): Map<string, { target: string; type: string }> {
  const slash = part.lastIndexOf("/");
  const relsPath = `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
  const xml = partText(files, relsPath) ?? "";
  const map = new Map<string, { target: string; type: string }>();
  for (const m of xml.matchAll(/<(?:\w+:)?Relationship\b[^>]*>/g)) {
    const a = parseAttributes(m[0]);
    if (a.Id && a.Target)
      map.set(a.Id, {
        target: a.TargetMode === "External" ? a.Target : resolveTarget(part, a.Target),
        type: a.Type ?? "",
      });
  }
  return map;
}

export function workbookPartPath(files: PackageFiles): string | undefined {
  const rels = partText(files, "_rels/.rels");
  if (rels) {
    for (const m of rels.matchAll(/<(?:\w+:)?Relationship\b[^>]*>/g)) {
      const a = parseAttributes(m[0]);
      if (/\/officeDocument$/.test(a.Type ?? "") && a.Target) return resolveTarget("", a.Target);
    }
  }
  return files["xl/workbook.xml"] ? "xl/workbook.xml" : undefined;
}

export function sheetParts(files: PackageFiles): SheetPart[] {
  const wbPath = workbookPartPath(files);
  if (!wbPath) return [];
  const xml = partText(files, wbPath) ?? "";
  const rels = relationships(files, wbPath);
  const out: SheetPart[] = [];
  for (const m of xml.matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)) {
    const a = parseAttributes(m[0]);
    const rid = a["r:id"] ?? Object.entries(a).find(([k]) => k.endsWith(":id"))?.[1] ?? "";
    const rel = rels.get(rid);
    out.push({ name: a.name ?? "", path: rel?.target ?? "", index: out.length, state: a.state ?? "visible" });
  }
  return out;
}

// ---------------------------------------------------------- data validations

/** One `<dataValidation>` element, kept as XML so that nothing we do not model is lost. */
export interface RawValidation {
  sqref: string;
  xml: string;
}

const DV_BLOCK = /<((?:\w+:)?)dataValidations\b[^>]*?(?:\/>|>[\s\S]*?<\/\1dataValidations>)/;

/**
 * Where the elements after the cell data start. Everything this module edits
 * in a worksheet lives after `</sheetData>`; searching only there keeps the
 * regular expressions off the (possibly huge) cell data.
 */
function tailStart(sheetXml: string): number {
  const end = sheetXml.lastIndexOf("sheetData>");
  return end < 0 ? 0 : end;
}

/** Remove the `<dataValidations>` block of a worksheet part; return the stripped XML and its validations. */
export function extractDataValidations(sheetXml: string): { xml: string; validations: RawValidation[] } {
  const from = tailStart(sheetXml);
  const m = DV_BLOCK.exec(sheetXml.slice(from));
  if (!m) return { xml: sheetXml, validations: [] };
  const at = from + m.index;
  const prefix = m[1];
  const validations: RawValidation[] = [];
  const itemRe = /<((?:\w+:)?)dataValidation\b(?!s)[^>]*?(?:\/>|>[\s\S]*?<\/\1dataValidation>)/g;
  for (const item of m[0].matchAll(itemRe)) {
    let xml = item[0];
    // Written back without a namespace prefix, inside our own unprefixed block.
    if (prefix) xml = xml.split(`<${prefix}`).join("<").split(`</${prefix}`).join("</");
    const start = /^<dataValidation\b[^>]*>/.exec(xml)?.[0] ?? "";
    validations.push({ sqref: parseAttributes(start).sqref ?? "", xml });
  }
  return { xml: sheetXml.slice(0, at) + sheetXml.slice(at + m[0].length), validations };
}

/** Elements that follow `<dataValidations>` in CT_Worksheet order: the block goes before the first present. */
const AFTER_DV = [
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

export function injectDataValidations(sheetXml: string, validations: RawValidation[]): string {
  const stripped = extractDataValidations(sheetXml).xml;
  if (validations.length === 0) return stripped;
  const block = `<dataValidations count="${validations.length}">${validations.map((v) => v.xml).join("")}</dataValidations>`;
  const from = tailStart(stripped);
  const tail = stripped.slice(from);
  let at = -1;
  for (const tag of AFTER_DV) {
    const m = new RegExp(`<(?:\\w+:)?${tag}\\b`).exec(tail);
    if (m && (at < 0 || from + m.index < at)) at = from + m.index;
  }
  if (at < 0) at = stripped.lastIndexOf("</");
  return stripped.slice(0, at) + block + stripped.slice(at);
}

// ---------------------------------------------------------- defined names

export interface RawDefinedName {
  name: string;
  /** Formula text without the leading "=". */
  formula: string;
  /** Sheet the name is local to (by name, so that adding sheets cannot shift it), if any. */
  localSheet?: string;
  /** Other attributes (comment, hidden…), kept as they were. */
  attributes: Record<string, string>;
}

const DN_BLOCK = /<((?:\w+:)?)definedNames\b[^>]*?(?:\/>|>[\s\S]*?<\/\1definedNames>)/;

export function extractDefinedNames(
  workbookXml: string,
  sheetNames: string[],
): { xml: string; names: RawDefinedName[] } {
  const m = DN_BLOCK.exec(workbookXml);
  if (!m) return { xml: workbookXml, names: [] };
  const names: RawDefinedName[] = [];
  for (const item of m[0].matchAll(/<((?:\w+:)?)definedName\b([^>]*?)(?:\/>|>([\s\S]*?)<\/\1definedName>)/g)) {
    const attributes = parseAttributes(item[2]);
    const { name = "", localSheetId } = attributes;
    delete attributes.name;
    delete attributes.localSheetId;
    const local = localSheetId !== undefined ? sheetNames[Number(localSheetId)] : undefined;
    names.push({
      name,
      formula: unescapeXml(item[3] ?? ""),
      ...(local !== undefined ? { localSheet: local } : {}),
      attributes,
    });
  }
  return { xml: workbookXml.slice(0, m.index) + workbookXml.slice(m.index + m[0].length), names };
}

export function injectDefinedNames(workbookXml: string, names: RawDefinedName[], sheetNames: string[]): string {
  const stripped = extractDefinedNames(workbookXml, sheetNames).xml;
  const items = names
    .map((n) => {
      const local = n.localSheet !== undefined ? sheetNames.indexOf(n.localSheet) : -1;
      if (n.localSheet !== undefined && local < 0) return ""; // its sheet is gone: so is a sheet-local name
      const attrs = Object.entries(n.attributes)
        .map(([k, v]) => ` ${k}="${escapeXml(v)}"`)
        .join("");
      return `<definedName name="${escapeXml(n.name)}"${local >= 0 ? ` localSheetId="${local}"` : ""}${attrs}>${escapeXml(n.formula)}</definedName>`;
    })
    .join("");
  if (!items) return stripped;
  const close = /<\/(?:\w+:)?sheets>/.exec(stripped);
  if (!close) throw new Error("workbook part has no <sheets>");
  const at = close.index + close[0].length;
  return `${stripped.slice(0, at)}<definedNames>${items}</definedNames>${stripped.slice(at)}`;
}

// ---------------------------------------------------------- custom properties

export interface CustomProperty {
  name: string;
  /** Text of the value (for any vt: type). */
  value: string;
  /** The value element as it was (e.g. `<vt:i4>3</vt:i4>`), kept for properties we do not change. */
  valueXml: string;
}

const CUSTOM_PART = "docProps/custom.xml";
const CUSTOM_REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties";
const CUSTOM_CT = "application/vnd.openxmlformats-officedocument.custom-properties+xml";
/** The format id every custom property carries (fixed by the OOXML spec). */
const CUSTOM_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}";

function customPropsPath(files: PackageFiles): string | undefined {
  const rels = partText(files, "_rels/.rels") ?? "";
  for (const m of rels.matchAll(/<(?:\w+:)?Relationship\b[^>]*>/g)) {
    const a = parseAttributes(m[0]);
    if (a.Type === CUSTOM_REL_TYPE && a.Target) return resolveTarget("", a.Target);
  }
  return files[CUSTOM_PART] ? CUSTOM_PART : undefined;
}

export function readCustomProperties(files: PackageFiles): CustomProperty[] {
  const path = customPropsPath(files);
  const xml = path ? partText(files, path) : undefined;
  if (!xml) return [];
  const out: CustomProperty[] = [];
  for (const m of xml.matchAll(/<((?:\w+:)?)property\b([^>]*)>([\s\S]*?)<\/\1property>/g)) {
    const a = parseAttributes(m[2]);
    const valueXml = m[3].trim();
    const text = /<[^>]+>([\s\S]*?)<\/[^>]+>/.exec(valueXml)?.[1] ?? "";
    out.push({ name: a.name ?? "", value: unescapeXml(text), valueXml });
  }
  return out;
}

/** Write docProps/custom.xml (and its relationship and content type) with exactly these properties. */
export function writeCustomProperties(files: PackageFiles, props: CustomProperty[]): void {
  const path = customPropsPath(files) ?? CUSTOM_PART;
  if (props.length === 0) {
    delete files[path];
    return;
  }
  const body = props
    .map(
      (p, i) =>
        `<property fmtid="${CUSTOM_FMTID}" pid="${i + 2}" name="${escapeXml(p.name)}">${p.valueXml.replace(/<(\/?)(\w+):/g, "<$1vt:")}</property>`,
    )
    .join("");
  setPartText(
    files,
    path,
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">${body}</Properties>`,
  );
  const rels = partText(files, "_rels/.rels") ?? "";
  if (!rels.includes(CUSTOM_REL_TYPE)) {
    setPartText(
      files,
      "_rels/.rels",
      rels.replace(
        /<\/(\w+:)?Relationships>/,
        (close) => `<Relationship Id="rIdLfCustomProps" Type="${CUSTOM_REL_TYPE}" Target="${path}"/>${close}`,
      ),
    );
  }
  const ct = partText(files, "[Content_Types].xml") ?? "";
  if (!ct.includes(`PartName="/${path}"`)) {
    setPartText(
      files,
      "[Content_Types].xml",
      ct.replace(/<\/(\w+:)?Types>/, (close) => `<Override PartName="/${path}" ContentType="${CUSTOM_CT}"/>${close}`),
    );
  }
}

/** A string property's value element. */
export function stringPropertyXml(value: string): string {
  return `<vt:lpwstr>${escapeXml(value)}</vt:lpwstr>`;
}
