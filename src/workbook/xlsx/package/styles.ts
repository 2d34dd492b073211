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

/** A change to a cell format, as the Change ops ask for it. */
export interface StylePatch {
  format?: string;
  bold?: boolean;
  color?: string;
  size?: number;
  fill?: string;
  wrap?: boolean;
  locked?: boolean;
}

const patchKeys = new WeakMap<StylePatch, string>();
function patchKey(p: StylePatch): string {
  let k = patchKeys.get(p);
  if (k === undefined)
    patchKeys.set(p, (k = JSON.stringify([p.format, p.bold, p.color, p.size, p.fill, p.wrap, p.locked])));
  return k;
}

function argb(color: string): string {
  const hex = color.replace(/^#/, "").toUpperCase();
  return hex.length === 6 ? `FF${hex}` : hex;
}

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

  /**
   * Style index of cell format `base` with `patch` applied (number format,
   * font, fill, wrap, lock): a new xf only when no equal one exists yet.
   */
  derive(base: number | undefined, patch: StylePatch): number {
    const key = `${base ?? 0}|${patchKey(patch)}`;
    const hit = this.derived.get(key);
    if (hit !== undefined) return hit;
    const xfs = this.cellXfs();
    let xf = xfs[base ?? 0] ?? xfs[0] ?? '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>';
    if (xf.endsWith("/>")) xf = xf.slice(0, -2) + "></xf>";
    const setAttr = (name: string, value: string) => {
      const re = new RegExp(`\\s${name}="[^"]*"`);
      xf = re.test(xf) ? xf.replace(re, ` ${name}="${value}"`) : xf.replace(/^<xf\b/, `<xf ${name}="${value}"`);
    };
    if (patch.format !== undefined) {
      setAttr("numFmtId", String(patch.format ? this.numFmtId(patch.format) : 0));
      setAttr("applyNumberFormat", "1");
    }
    if (patch.bold !== undefined || patch.color || patch.size) {
      setAttr("fontId", String(this.fontWith(Number(attr(xf, "fontId") ?? 0), patch)));
      setAttr("applyFont", "1");
    }
    if (patch.fill) {
      setAttr("fillId", String(this.solidFill(patch.fill)));
      setAttr("applyFill", "1");
    }
    const child = (name: string, attrName: string, value: string, before: string[]) => {
      const m = new RegExp(`<${name}\\b[^>]*?/?>`).exec(xf);
      if (m) {
        let tag = m[0].replace(new RegExp(`\\s${attrName}="[^"]*"`), "");
        tag = tag.replace(new RegExp(`^<${name}`), `<${name} ${attrName}="${value}"`);
        xf = xf.slice(0, m.index) + tag + xf.slice(m.index + m[0].length);
      } else {
        const tag = `<${name} ${attrName}="${value}"/>`;
        const at = before.map((b) => xf.indexOf(`<${b}`)).filter((i) => i >= 0);
        const i = at.length ? at.reduce((a, b) => Math.min(a, b)) : xf.lastIndexOf("</xf>");
        xf = xf.slice(0, i) + tag + xf.slice(i);
      }
    };
    if (patch.wrap !== undefined) {
      child("alignment", "wrapText", patch.wrap ? "1" : "0", ["protection", "extLst"]);
      setAttr("applyAlignment", "1");
    }
    if (patch.locked !== undefined) {
      child("protection", "locked", patch.locked ? "1" : "0", ["extLst"]);
      setAttr("applyProtection", "1");
    }
    if (/^<xf\b[^>]*><\/xf>$/.test(xf)) xf = xf.slice(0, -6) + "/>";
    const all = this.cellXfs();
    let index = all.indexOf(xf);
    if (index < 0) {
      index = all.length;
      this.xml = this.xml
        .replace(/<\/cellXfs>/, `${xf}</cellXfs>`)
        .replace(/<cellXfs\b[^>]*>/, `<cellXfs count="${all.length + 1}">`);
      this.changed = true;
    }
    this.derived.set(key, index);
    return index;
  }
  private readonly derived = new Map<string, number>();

  /** Index of a differential format (conditional formats) with this fill, font colour and bold. */
  dxf(f: { fill?: string; fontColor?: string; bold?: boolean }): number {
    let font = "";
    if (f.bold !== undefined || f.fontColor)
      font = `<font>${f.bold === undefined ? "" : f.bold ? "<b/>" : '<b val="0"/>'}${f.fontColor ? `<color rgb="${argb(f.fontColor)}"/>` : ""}</font>`;
    const fill = f.fill
      ? `<fill><patternFill patternType="solid"><bgColor rgb="${argb(f.fill)}"/></patternFill></fill>`
      : "";
    const dxf = `<dxf>${font}${fill}</dxf>`;
    const m = /<dxfs\b[^>]*?(\/>|>([\s\S]*?)<\/dxfs>)/.exec(this.xml);
    const list = m?.[2] ? [...m[2].matchAll(/<dxf\b[^>]*?(?:\/>|>[\s\S]*?<\/dxf>)/g)].map((x) => x[0]) : [];
    const found = list.indexOf(dxf);
    if (found >= 0) return found;
    const block = `<dxfs count="${list.length + 1}">${list.join("")}${dxf}</dxfs>`;
    if (m) this.xml = this.xml.slice(0, m.index) + block + this.xml.slice(m.index + m[0].length);
    else {
      const at = ["<tableStyles", "<colors", "<extLst", "</styleSheet>"]
        .map((t) => this.xml.indexOf(t))
        .filter((i) => i >= 0);
      const i = at.reduce((a, b) => Math.min(a, b));
      this.xml = this.xml.slice(0, i) + block + this.xml.slice(i);
    }
    this.changed = true;
    return list.length;
  }

  private fontWith(fontId: number, patch: StylePatch): number {
    const m = /<fonts\b[^>]*>([\s\S]*?)<\/fonts>/.exec(this.xml);
    if (!m) throw new UnsupportedPackage("styles without fonts");
    const fonts = [...m[1].matchAll(/<font\b[^>]*?(?:\/>|>[\s\S]*?<\/font>)/g)].map((x) => x[0]);
    let font = fonts[fontId] ?? fonts[0] ?? "<font/>";
    if (font.endsWith("/>")) font = font.slice(0, -2) + "></font>";
    if (patch.bold !== undefined) {
      font = font.replace(/<b\b[^>]*\/>/, "");
      if (patch.bold) font = font.replace(/^<font\b([^>]*)>/, "<font$1><b/>");
    }
    if (patch.size) {
      font = font.replace(/<sz\b[^>]*\/>/, "");
      font = font.replace(/<\/font>$/, `<sz val="${patch.size}"/></font>`);
    }
    if (patch.color) {
      font = font.replace(/<color\b[^>]*\/>/, "");
      font = font.replace(/<\/font>$/, `<color rgb="${argb(patch.color)}"/></font>`);
    }
    const found = fonts.indexOf(font);
    if (found >= 0) return found;
    this.xml = this.xml
      .replace(/<\/fonts>/, `${font}</fonts>`)
      .replace(/<fonts\b[^>]*>/, (tag) => tag.replace(/count="\d+"/, `count="${fonts.length + 1}"`));
    this.changed = true;
    return fonts.length;
  }

  private solidFill(color: string): number {
    const m = /<fills\b[^>]*>([\s\S]*?)<\/fills>/.exec(this.xml);
    if (!m) throw new UnsupportedPackage("styles without fills");
    const fills = [...m[1].matchAll(/<fill\b[^>]*?(?:\/>|>[\s\S]*?<\/fill>)/g)].map((x) => x[0]);
    const fill = `<fill><patternFill patternType="solid"><fgColor rgb="${argb(color)}"/><bgColor indexed="64"/></patternFill></fill>`;
    const found = fills.indexOf(fill);
    if (found >= 0) return found;
    this.xml = this.xml
      .replace(/<\/fills>/, `${fill}</fills>`)
      .replace(/<fills\b[^>]*>/, (tag) => tag.replace(/count="\d+"/, `count="${fills.length + 1}"`));
    this.changed = true;
    return fills.length;
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
