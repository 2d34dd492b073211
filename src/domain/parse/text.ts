import type { CellValue } from "../types";
import { formatDate, localDateSerial } from "./dates";

/**
 * True when a cell holds nothing a user typed: empty, or text of spaces only
 * (full-width and no-break spaces too: `trim` removes them, as `normaliseText`
 * does), or of zero-width characters and spaces only. Install, import, Refresh, quick entry and the lead-ID auto-fill fill
 * only cells blank by this reading; row parsing and Check skip rows blank by it.
 */
export function isBlankCell(v: CellValue | undefined): boolean {
  if (v === null || v === undefined) return true;
  if (typeof v !== "string") return false;
  const t = v.trim();
  return t === "" || invisibleOnly(t);
}

/**
 * Text of only zero-width characters (U+200B–U+200D, U+2060) and spaces shows as an empty cell:
 * it is nothing a user typed (pasted from web pages and chat apps), so it is blank, never a value
 * that passes a required-field check. `t` is trimmed; a visible first character answers at once.
 */
function invisibleOnly(t: string): boolean {
  const c = t.charCodeAt(0);
  if (c !== 0x200b && c !== 0x200c && c !== 0x200d && c !== 0x2060) return false;
  return /^[\s\u200b-\u200d\u2060]+$/.test(t);
}

/**
 * Text as the engine compares it: trimmed, full-width and no-break spaces made
 * plain. Other full-width characters are kept (they are part of names).
 * Numbers become their plain text; a Date its `YYYY-MM-DD` date.
 */
export function normaliseText(v: CellValue): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "string") {
    let needs = false;
    for (let i = 0; i < v.length; i++) {
      const c = v.charCodeAt(i);
      if (c === 0x3000 || c === 0xa0) {
        needs = true;
        break;
      }
    }
    const s = (needs ? v.replace(/[\u3000\u00a0]/g, " ") : v).trim();
    return invisibleOnly(s) ? "" : s;
  }
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : "";
  if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return "";
    // Local calendar date, as parseDate reads it.
    return formatDate(localDateSerial(v));
  }
  return String(v).trim();
}

/**
 * Legal-form suffixes dropped from the duplicate-detection key, longest first.
 *
 * Decision: dropping them is safe because the key is only used to FLAG possible
 * duplicates (a highlight and a Check warning), never to merge or delete rows;
 * "华东精密机械有限公司" and "华东精密机械" are the same customer typed two ways far
 * more often than two different customers. Words that distinguish entities
 * (集团 group vs. subsidiary, 分公司 branch, 中国 country unit) are kept, and a
 * suffix is only dropped when at least two characters remain.
 */
const LEGAL_SUFFIXES = [
  "股份有限公司",
  "有限责任公司",
  "有限公司",
  "股份公司",
  "corporation",
  "company limited",
  "co ltd",
  "coltd",
  "limited",
  "company",
  "corp",
  "inc",
  "llc",
  "ltd",
  "gmbh",
  "co",
];

/**
 * Key for duplicate-customer detection: NFKC (full-width to half-width),
 * case-folded, legal-form suffix dropped (see above), spaces and punctuation
 * removed. Empty text gives "".
 */
export function normaliseCustomerKey(v: CellValue): string {
  // Punctuation becomes a space first so "Co., Ltd." reads as the words "co ltd".
  let s = normaliseText(v).normalize("NFKC").toLowerCase();
  s = s.replace(/[\s\p{P}\p{S}]+/gu, " ").trim();
  for (let pass = 0; pass < 2; pass++) {
    for (const suffix of LEGAL_SUFFIXES) {
      if (s.endsWith(suffix)) {
        const rest = s.slice(0, s.length - suffix.length).trim();
        // For Latin words, the suffix must be a whole word.
        const wholeWord =
          !/[a-z0-9]$/.test(suffix) ||
          rest === "" ||
          s.length === suffix.length ||
          s[s.length - suffix.length - 1] === " ";
        if (wholeWord && rest.replace(/ /g, "").length >= 2) {
          s = rest;
          break;
        }
      }
    }
  }
  return s.replace(/ /g, "");
}
