/**
 * Set one string custom property in an existing docProps/custom.xml text
 * (the record of owned sheets that refresh keeps): the property's value is
 * replaced when it exists, else a new <property> is added with the next pid.
 * Every other byte of the part stays as it was.
 */
import { parseRels, resolveTarget, type XlsxPackage } from "./package";
import { escapeXml } from "./xml";
import { UnsupportedPackage } from "./zip";

/** The format id every custom property carries (fixed by the OOXML spec). */
const CUSTOM_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}";
const VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes";

const CUSTOM_REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties";
const CUSTOM_CT = "application/vnd.openxmlformats-officedocument.custom-properties+xml";
const CUSTOM_PART = "docProps/custom.xml";

/**
 * The package's custom-properties part, created (empty, with its
 * relationship and content type) when the workbook has none yet.
 */
export function ensureCustomProperties(pkg: XlsxPackage): string {
  const rootRels = pkg.has("_rels/.rels") ? pkg.text("_rels/.rels") : null;
  const rel = rootRels ? parseRels(rootRels).find((r) => r.type === CUSTOM_REL_TYPE) : undefined;
  if (rel) {
    const path = resolveTarget("", rel.target);
    if (!pkg.has(path)) throw new UnsupportedPackage("custom properties part missing");
    return path;
  }
  if (!rootRels || !rootRels.includes("</Relationships>") || pkg.has(CUSTOM_PART))
    throw new UnsupportedPackage("package relationships not understood");
  pkg.setText(
    CUSTOM_PART,
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="${VT_NS}"></Properties>`,
  );
  pkg.addOverride(CUSTOM_PART, CUSTOM_CT);
  const ids = new Set(parseRels(rootRels).map((r) => r.id));
  let n = ids.size + 1;
  while (ids.has(`rId${n}`)) n++;
  pkg.setText(
    "_rels/.rels",
    rootRels.replace(
      "</Relationships>",
      `<Relationship Id="rId${n}" Type="${CUSTOM_REL_TYPE}" Target="${CUSTOM_PART}"/></Relationships>`,
    ),
  );
  return CUSTOM_PART;
}

export function setStringProperty(xml: string, name: string, value: string): string {
  const vt = new RegExp(`xmlns:(\\w+)="${VT_NS.replace(/[./]/g, "\\$&")}"`).exec(xml)?.[1];
  if (!vt) throw new UnsupportedPackage("custom properties without the docPropsVTypes namespace");
  const element = `<${vt}:lpwstr>${escapeXml(value)}</${vt}:lpwstr>`;
  const props = [...xml.matchAll(/<((?:\w+:)?)property\b([^>]*)>([\s\S]*?)<\/\1property>/g)];
  const nameAttr = (attrs: string) => /\sname="([^"]*)"/.exec(attrs)?.[1];
  const found = props.find((m) => nameAttr(m[2]) === escapeXml(name));
  if (found) {
    const start = found.index + found[0].indexOf(">") + 1;
    const end = found.index + found[0].length - `</${found[1]}property>`.length;
    return xml.slice(0, start) + element + xml.slice(end);
  }
  const close = /<\/((?:\w+:)?)Properties>\s*$/.exec(xml);
  if (!close) throw new UnsupportedPackage("custom properties part not understood");
  const pid = props.reduce((max, m) => Math.max(max, Number(/\spid="(\d+)"/.exec(m[2])?.[1] ?? 1)), 1) + 1;
  const p = close[1];
  const added = `<${p}property fmtid="${CUSTOM_FMTID}" pid="${pid}" name="${escapeXml(name)}">${element}</${p}property>`;
  return xml.slice(0, close.index) + added + xml.slice(close.index);
}
