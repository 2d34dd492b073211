/**
 * Data validation ⇄ OOXML `<dataValidation>` elements. The adapter keeps
 * validations as XML (see package.ts for why exceljs must not see them).
 */
import type { Validation } from "../../../src/domain/plan/changes";
import { escapeXml, parseAttributes, unescapeXml, type RawValidation } from "./packageParts";

/** Excel rejects a file whose validation titles or messages exceed these lengths. */
const MAX_TITLE = 32;
const MAX_PROMPT = 255;
const MAX_ERROR = 225;

function clip(s: string, max: number): string {
  return [...s].length <= max ? s : [...s].slice(0, max - 1).join("") + "…";
}

const stripEq = (f: string) => (f.startsWith("=") ? f.slice(1) : f);

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
  if (v.prompt) {
    attrs.push(
      ["showInputMessage", "1"],
      ["promptTitle", clip(v.prompt.title, MAX_TITLE)],
      ["prompt", clip(v.prompt.message, MAX_PROMPT)],
    );
  }
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

/** A validation as found in a file (for checks and tests). */
export interface ValidationInfo {
  sqref: string;
  type: string;
  operator?: string;
  formula1?: string;
  formula2?: string;
  allowBlank: boolean;
  promptTitle?: string;
  prompt?: string;
  errorStyle?: string;
  errorTitle?: string;
  error?: string;
}

export function parseValidation(raw: RawValidation): ValidationInfo {
  const start = /^<dataValidation\b[^>]*>/.exec(raw.xml)?.[0] ?? "";
  const a = parseAttributes(start);
  const formula = (n: 1 | 2) => {
    const m = new RegExp(`<(?:\\w+:)?formula${n}>([\\s\\S]*?)</(?:\\w+:)?formula${n}>`).exec(raw.xml);
    // Excel 2010+ nests cross-sheet sources in <xm:f>; keep the text only.
    return m ? unescapeXml(m[1].replace(/<[^>]+>/g, "")) : undefined;
  };
  const bool = (s: string | undefined) => s === "1" || s === "true";
  return {
    sqref: raw.sqref,
    type: a.type ?? "none",
    operator: a.operator,
    formula1: formula(1),
    formula2: formula(2),
    allowBlank: bool(a.allowBlank),
    promptTitle: a.promptTitle,
    prompt: a.prompt,
    errorStyle: a.errorStyle,
    errorTitle: a.errorTitle,
    error: a.error,
  };
}
