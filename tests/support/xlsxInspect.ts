/**
 * Inspection of what the package engine wrote, from the saved bytes alone (the
 * engine keeps no test-only state): the cells whose content differs between the
 * file before and the file after, as "sheet!A1". A cell's content is its type,
 * value (a shared string resolved to its text) and formula; its style is left
 * out, as a format change is not a write of the cell. A cell rewritten with
 * exactly what it held is not seen: to a person, and to a co-author, nothing changed.
 */
import { XlsxPackage } from "../../src/workbook/xlsx/package/package";

function attr(tag: string, name: string): string | undefined {
  return new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
}

function unescape(xml: string): string {
  return xml
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_m, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_m, n: string) => String.fromCodePoint(parseInt(n, 16)))
    .replace(/&amp;/g, "&");
}

/** Content of every cell of a sheet's XML, by A1 reference. */
function cellContents(xml: string, shared: string[]): Map<string, string> {
  const out = new Map<string, string>();
  const re = /<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(xml))) {
    const attrs = m[1] ?? "";
    const inner = m[2] ?? "";
    const ref = attr(attrs, "r");
    if (!ref) throw new Error("a cell without a reference: inspect a package with explicit cell references");
    const type = attr(attrs, "t") ?? "n";
    const formula = /<f\b[^>]*>([\s\S]*?)<\/f>|<f\b[^>]*\/>/.exec(inner)?.[0] ?? "";
    const raw = /<v>([\s\S]*?)<\/v>/.exec(inner)?.[1];
    const inline = /<is>([\s\S]*?)<\/is>/.exec(inner)?.[1];
    const text = type === "s" || type === "inlineStr" || type === "str";
    const value =
      type === "s" && raw !== undefined
        ? (shared[Number(raw)] ?? "")
        : inline !== undefined
          ? unescape([...inline.matchAll(/<t\b[^>]*>([\s\S]*?)<\/t>/g)].map((t) => t[1]).join(""))
          : unescape(raw ?? "");
    if (!formula && value === "") continue; // a styled blank cell holds nothing
    out.set(ref, `${text ? "text" : type}|${value}|${formula}`);
  }
  return out;
}

function sheetsByName(bytes: Uint8Array): Map<string, Map<string, string>> {
  const pkg = new XlsxPackage(bytes);
  const shared = pkg.sharedStrings();
  return new Map(pkg.sheets().map((s) => [s.name, cellContents(pkg.sheetXml(s.path), shared)]));
}

/** Cells whose content the save changed (written, appended or cleared), as "sheet!A1". */
export function writtenCells(before: Uint8Array, after: Uint8Array): Set<string> {
  const was = sheetsByName(before);
  const now = sheetsByName(after);
  const out = new Set<string>();
  for (const [sheet, cells] of now) {
    const old = was.get(sheet) ?? new Map<string, string>();
    for (const [ref, content] of cells) if (old.get(ref) !== content) out.add(`${sheet}!${ref}`);
    for (const ref of old.keys()) if (!cells.has(ref)) out.add(`${sheet}!${ref}`);
  }
  return out;
}
