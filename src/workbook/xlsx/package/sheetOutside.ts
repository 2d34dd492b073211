/**
 * Edits of a worksheet outside <sheetData>: data validations, conditional
 * formats, frozen panes, protection, tab colour. Each takes the sheet's
 * skeleton (its XML without rows, as byte text) and returns it changed; every
 * element LeadFlow does not own is kept as it was.
 */
import type { ConditionalFormat, ProtectionOptions, Validation } from "../../../domain/plan/changes";
import { createHash, randomBytes } from "node:crypto";
import { toByteText } from "./byteText";
import { findChild, insertWorksheetChild, setAttr, type Range1 } from "./sheetEdit";
import { attr, parseRange } from "./xml";
import { columnLetters1 } from "../../../domain/a1";
import { escapeXml } from "./xmlText";

const stripEq = (f: string) => (f.startsWith("=") ? f.slice(1) : f);

/** Excel rejects a file whose validation titles or messages exceed these lengths. */
const MAX_TITLE = 32;
const MAX_PROMPT = 255;
const MAX_ERROR = 225;

function clip(s: string, max: number): string {
  return [...s].length <= max ? s : [...s].slice(0, max - 1).join("") + "…";
}

export function rectRef(r: Range1): string {
  const a = `${columnLetters1(r.c1)}${r.r1}`;
  const b = `${columnLetters1(r.c2)}${r.r2}`;
  return a === b ? a : `${a}:${b}`;
}

/** True when every range of a space-separated sqref lies inside `rect`. */
export function sqrefWithin(sqref: string, rect: Range1): boolean {
  return sqref
    .split(/\s+/)
    .filter(Boolean)
    .every((part) => {
      try {
        const r = parseRange(part);
        return r.c1 >= rect.c1 && r.c2 <= rect.c2 && r.r1 >= rect.r1 && r.r2 <= rect.r2;
      } catch {
        return false;
      }
    });
}

export function validationXml(sqref: string, v: Validation): string {
  const rule = v.rule;
  const attrs: [string, string | undefined][] = [["type", rule.kind]];
  const formulas: string[] = [];
  if (rule.kind === "list") formulas.push(stripEq(rule.source));
  else if (rule.kind === "custom") formulas.push(stripEq(rule.formula));
  else {
    attrs.push(["operator", rule.operator]);
    formulas.push(stripEq(rule.formula1));
    if (rule.formula2 !== undefined) formulas.push(stripEq(rule.formula2));
  }
  attrs.push(["errorStyle", v.error?.style ?? "stop"]);
  attrs.push(["allowBlank", v.allowBlank ? "1" : "0"]);
  if (v.prompt)
    attrs.push(
      ["showInputMessage", "1"],
      ["promptTitle", clip(v.prompt.title, MAX_TITLE)],
      ["prompt", clip(v.prompt.message, MAX_PROMPT)],
    );
  attrs.push(["showErrorMessage", "1"]);
  if (v.error) attrs.push(["errorTitle", clip(v.error.title, MAX_TITLE)], ["error", clip(v.error.message, MAX_ERROR)]);
  attrs.push(["sqref", sqref]);
  const attrText = attrs
    .filter((a): a is [string, string] => a[1] !== undefined && a[1] !== "")
    .map(([k, val]) => ` ${k}="${escapeXml(val)}"`)
    .join("");
  const body = formulas.map((f, i) => `<formula${i + 1}>${escapeXml(f)}</formula${i + 1}>`).join("");
  return `<dataValidation${attrText}>${body}</dataValidation>`;
}

const DV_RE = /<dataValidation\b[^>]*?(?:\/>|>[\s\S]*?<\/dataValidation>)/g;

/** Replace the validations lying inside `rect` by `xml` (none when undefined). */
export function putValidation(skel: string, rect: Range1, xml: string | undefined): string {
  const i = findChild(skel, "dataValidations", skel.indexOf("</sheetData>"));
  let list: string[] = [];
  let start = -1;
  let end = -1;
  if (i >= 0) {
    const gt = skel.indexOf(">", i);
    start = i;
    if (skel.charCodeAt(gt - 1) === 47) end = gt + 1;
    else {
      end = skel.indexOf("</dataValidations>", gt) + "</dataValidations>".length;
      list = [...skel.slice(gt + 1, end).matchAll(DV_RE)].map((m) => m[0]);
    }
  }
  list = list.filter((v) => !sqrefWithin(attr(v.slice(0, v.indexOf(">") + 1), "sqref") ?? "", rect));
  if (xml) list.push(toByteText(xml));
  const block = list.length ? `<dataValidations count="${list.length}">${list.join("")}</dataValidations>` : "";
  if (start >= 0) return skel.slice(0, start) + block + skel.slice(end);
  return block ? insertWorksheetChild(skel, block, "dataValidations") : skel;
}

const CF_RE = /<conditionalFormatting\b[^>]*?(?:\/>|>[\s\S]*?<\/conditionalFormatting>)/g;

/** Conditional formats: the blocks on exactly `ref` are replaced; priorities continue after the sheet's highest. */
export function putConditionalFormats(
  skel: string,
  ref: string,
  formats: ConditionalFormat[],
  dxf: (f: ConditionalFormat) => number,
): string {
  const sd = skel.indexOf("</sheetData>");
  const before = skel.slice(0, sd);
  let after = skel.slice(sd);
  after = after.replace(CF_RE, (block) => {
    const sq = attr(block.slice(0, block.indexOf(">") + 1), "sqref");
    return sq === ref ? "" : block;
  });
  if (formats.length === 0) return before + after;
  let priority = 0;
  for (const m of after.matchAll(/<cfRule\b[^>]*>/g))
    priority = Math.max(priority, Number(attr(m[0], "priority") ?? 0));
  const rules = formats
    .map(
      (f) =>
        `<cfRule type="expression" dxfId="${dxf(f)}" priority="${++priority}"${f.stopIfTrue ? ' stopIfTrue="1"' : ""}><formula>${escapeXml(stripEq(f.formula))}</formula></cfRule>`,
    )
    .join("");
  const block = toByteText(`<conditionalFormatting sqref="${ref}">${rules}</conditionalFormatting>`);
  // After the sheet's other conditional formats, before what follows them.
  const blocks = [...after.matchAll(CF_RE)];
  if (blocks.length) {
    const last = blocks[blocks.length - 1];
    const at = (last.index ?? 0) + last[0].length;
    return before + after.slice(0, at) + block + after.slice(at);
  }
  return insertWorksheetChild(before + after, block, "conditionalFormatting");
}

/** Freeze the top `rows` rows and left `columns` columns in the sheet's first view (0, 0 unfreezes). */
export function freeze(skel: string, rows: number, columns: number): string {
  let pane = "";
  if (rows > 0 || columns > 0) {
    const active = rows > 0 && columns > 0 ? "bottomRight" : rows > 0 ? "bottomLeft" : "topRight";
    const tl = `${columnLetters1(columns + 1)}${rows + 1}`;
    pane =
      `<pane${columns > 0 ? ` xSplit="${columns}"` : ""}${rows > 0 ? ` ySplit="${rows}"` : ""} topLeftCell="${tl}" activePane="${active}" state="frozen"/>` +
      `<selection pane="${active}" activeCell="${tl}" sqref="${tl}"/>`;
  }
  const sv = findChild(skel, "sheetView");
  if (sv < 0) {
    const views = `<sheetViews><sheetView workbookViewId="0">${pane}</sheetView></sheetViews>`;
    return insertWorksheetChild(skel, views, "sheetViews");
  }
  const gt = skel.indexOf(">", sv);
  const open = skel.slice(sv, gt + 1);
  if (open.endsWith("/>"))
    return skel.slice(0, sv) + open.slice(0, -2) + ">" + pane + "</sheetView>" + skel.slice(gt + 1);
  const close = skel.indexOf("</sheetView>", gt);
  const inner = skel
    .slice(gt + 1, close)
    .replace(/<pane\b[^>]*\/>/g, "")
    .replace(/<selection\b[^>]*\/>/g, "");
  return skel.slice(0, gt + 1) + pane + inner + skel.slice(close);
}

/** Excel's sheet password hash (ECMA-376 Part 1 §18.2.28 with SHA-512 and 100,000 spins), as written until now. */
function passwordHash(password: string): { salt: string; hash: string } {
  const salt = randomBytes(16);
  let key = createHash("sha512")
    .update(Buffer.concat([salt, Buffer.from(password, "utf16le")]))
    .digest();
  const it = Buffer.alloc(4);
  for (let i = 0; i < 100000; i++) {
    it.writeUInt32LE(i, 0);
    key = createHash("sha512")
      .update(Buffer.concat([key, it]))
      .digest();
  }
  return { salt: salt.toString("base64"), hash: key.toString("base64") };
}

export function protectionXml(o: ProtectionOptions): string {
  let a = ' sheet="1"';
  if (o.password) {
    const { salt, hash } = passwordHash(o.password);
    a += ` algorithmName="SHA-512" hashValue="${hash}" saltValue="${salt}" spinCount="100000"`;
  }
  // Attributes name what is forbidden ("1" = protected); "0" allows it to users of a protected sheet.
  if (o.allowFormatColumns) a += ' formatColumns="0"';
  if (o.allowInsertRows) a += ' insertRows="0"';
  if (o.allowSort) a += ' sort="0"';
  if (o.allowAutoFilter) a += ' autoFilter="0"';
  return `<sheetProtection${a}/>`;
}

export function protect(skel: string, xml: string | null): string {
  const i = findChild(skel, "sheetProtection", skel.indexOf("</sheetData>"));
  if (i >= 0) {
    const end = skel.indexOf(">", i) + 1;
    return skel.slice(0, i) + (xml ?? "") + skel.slice(end);
  }
  return xml ? insertWorksheetChild(skel, xml, "sheetProtection") : skel;
}

export function tabColor(skel: string, color: string): string {
  const hex = color.replace(/^#/, "").toUpperCase();
  const tag = `<tabColor rgb="${hex.length === 6 ? `FF${hex}` : hex}"/>`;
  const i = findChild(skel, "sheetPr");
  if (i < 0) return insertWorksheetChild(skel, `<sheetPr>${tag}</sheetPr>`, "sheetPr");
  const gt = skel.indexOf(">", i);
  const open = skel.slice(i, gt + 1);
  if (open.endsWith("/>")) return skel.slice(0, i) + open.slice(0, -2) + ">" + tag + "</sheetPr>" + skel.slice(gt + 1);
  const close = skel.indexOf("</sheetPr>", gt);
  const inner = skel.slice(gt + 1, close).replace(/<tabColor\b[^>]*\/>/, "");
  return skel.slice(0, gt + 1) + tag + inner + skel.slice(close);
}

export { setAttr };
