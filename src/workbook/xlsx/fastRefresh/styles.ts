/**
 * Number-format styles in xl/styles.xml: find or add a cell format (xf) with
 * a given number format, so repeated refreshes reuse the same style index
 * instead of growing the style table.
 */
import { attr, escapeXml } from "./xml";
import { UnsupportedPackage } from "./zip";

const BUILTIN: Record<string, number> = {
  General: 0,
  "0": 1,
  "0.00": 2,
  "#,##0": 3,
  "#,##0.00": 4,
  "0%": 9,
  "0.00%": 10,
  "@": 49,
};

export class Styles {
  private xml: string;
  private changed = false;
  private readonly cache = new Map<string, number>();

  constructor(xml: string) {
    if (!/<cellXfs\b/.test(xml)) throw new UnsupportedPackage("styles without cellXfs");
    this.xml = xml;
  }

  get dirty(): boolean {
    return this.changed;
  }

  text(): string {
    return this.xml;
  }

  /** Style index of a plain cell with this number format (and optionally bold). */
  styleFor(format: string | null | undefined, bold = false): number | undefined {
    if (!format && !bold) return undefined;
    const key = `${format ?? ""}|${bold}`;
    const hit = this.cache.get(key);
    if (hit !== undefined) return hit;
    const numFmtId = format ? this.numFmtId(format) : 0;
    const fontId = bold ? this.boldFontId() : 0;
    const xfs = this.cellXfs();
    let index = xfs.findIndex(
      (x) =>
        Number(attr(x, "numFmtId") ?? 0) === numFmtId &&
        Number(attr(x, "fontId") ?? 0) === fontId &&
        Number(attr(x, "fillId") ?? 0) === 0 &&
        Number(attr(x, "borderId") ?? 0) === 0 &&
        !/<alignment|<protection/.test(x),
    );
    if (index < 0) {
      index = xfs.length;
      const xf = `<xf numFmtId="${numFmtId}" fontId="${fontId}" fillId="0" borderId="0" xfId="0"${numFmtId ? ' applyNumberFormat="1"' : ""}${fontId ? ' applyFont="1"' : ""}/>`;
      this.xml = this.xml
        .replace(/<\/cellXfs>/, `${xf}</cellXfs>`)
        .replace(/<cellXfs\b[^>]*>/, `<cellXfs count="${xfs.length + 1}">`);
      this.changed = true;
    }
    this.cache.set(key, index);
    return index;
  }

  private cellXfs(): string[] {
    const m = /<cellXfs\b[^>]*>([\s\S]*?)<\/cellXfs>/.exec(this.xml);
    if (!m) throw new UnsupportedPackage("empty cellXfs");
    return [...m[1].matchAll(/<xf\b[^>]*?(?:\/>|>[\s\S]*?<\/xf>)/g)].map((x) => x[0]);
  }

  private numFmtId(format: string): number {
    if (format in BUILTIN) return BUILTIN[format];
    const fmts = [...this.xml.matchAll(/<numFmt\b[^>]*\/>/g)].map((m) => m[0]);
    for (const f of fmts) if (attr(f, "formatCode") === format) return Number(attr(f, "numFmtId"));
    const id = fmts.reduce((m, f) => Math.max(m, Number(attr(f, "numFmtId"))), 163) + 1;
    const tag = `<numFmt numFmtId="${id}" formatCode="${escapeXml(format)}"/>`;
    if (/<numFmts\b[^>]*\/>/.test(this.xml))
      this.xml = this.xml.replace(/<numFmts\b[^>]*\/>/, `<numFmts count="1">${tag}</numFmts>`);
    else if (/<numFmts\b/.test(this.xml))
      this.xml = this.xml
        .replace(/<\/numFmts>/, `${tag}</numFmts>`)
        .replace(/<numFmts\b[^>]*>/, `<numFmts count="${fmts.length + 1}">`);
    else this.xml = this.xml.replace(/(<styleSheet\b[^>]*>)/, `$1<numFmts count="1">${tag}</numFmts>`);
    this.changed = true;
    return id;
  }

  private boldFontId(): number {
    const m = /<fonts\b[^>]*>([\s\S]*?)<\/fonts>/.exec(this.xml);
    if (!m) throw new UnsupportedPackage("styles without fonts");
    const fonts = [...m[1].matchAll(/<font\b[^>]*?(?:\/>|>[\s\S]*?<\/font>)/g)].map((x) => x[0]);
    const base = fonts[0] ?? "<font/>";
    const bold = base.includes("<b/>")
      ? base
      : base.replace(/<font\b([^>]*)\/>/, "<font$1><b/></font>").replace(/<font\b([^>]*)>(?!<b\/>)/, "<font$1><b/>");
    const found = fonts.indexOf(bold);
    if (found >= 0) return found;
    this.xml = this.xml
      .replace(/<\/fonts>/, `${bold}</fonts>`)
      .replace(/<fonts\b[^>]*>/, (tag) => tag.replace(/count="\d+"/, `count="${fonts.length + 1}"`));
    this.changed = true;
    return fonts.length;
  }
}
