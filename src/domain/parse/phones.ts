import type { CellValue } from "../types";
import { fail, ok, toHalfWidth, type Parsed } from "./result";

export type PhoneKind = "mobile" | "landline" | "international";

export interface Phone {
  kind: PhoneKind;
  /**
   * Canonical form, equal for the same number however it was typed (duplicate
   * detection compares it): mobile `13812345678`, landline `010-12345678`
   * (`-123` extension appended), international `+4420712345678`.
   */
  normalized: string;
  extension: string;
}

// Extension markers people type after a landline: 转 123, ext. 123, x123, #123.
const EXTENSION = /^(.*?)(?:\s*(?:转|分机|ext\.?|x|#)\s*)(\d{1,6})$/i;
const ALLOWED = /^\+?[\d\s\-()./]+$/;

/** Area codes: 010 and 020–029 have three digits, every other one four (0XXX). */
function areaCodeLength(digits: string): number {
  return digits.startsWith("010") || digits.startsWith("02") ? 3 : 4;
}

function classifyNational(
  digits: string,
  extension: string,
  groups: string[] | null,
  typed: string,
): Parsed<Phone | null> {
  if (digits.length === 11 && digits[0] === "1") {
    if (extension)
      return fail("phone-extension", `手机号不能带分机号：${typed}`, `a mobile number has no extension: ${typed}`);
    if (digits[1] < "3")
      return fail(
        "phone-mobile-prefix",
        `手机号应以 13–19 开头：${typed}`,
        `mobile numbers start with 13–19: ${typed}`,
      );
    return ok({ kind: "mobile", normalized: digits, extension: "" });
  }
  if (digits[0] === "0") {
    let area: string;
    let local: string;
    // When the typist separated the area code, trust their split.
    if (
      groups &&
      groups.length >= 2 &&
      groups[0].startsWith("0") &&
      (groups[0].length === 3 || groups[0].length === 4)
    ) {
      area = groups[0];
      local = groups.slice(1).join("");
      if (!extension && groups.length === 3 && groups[1].length >= 7 && groups[2].length <= 6) {
        local = groups[1];
        extension = groups[2];
      }
    } else {
      const n = areaCodeLength(digits);
      area = digits.slice(0, n);
      local = digits.slice(n);
    }
    if (local.length < 7 || local.length > 8)
      return fail(
        "phone-landline-length",
        `座机号码（区号后）应为7–8位，现为${local.length}位：${typed}`,
        `landline number after the area code must have 7–8 digits, has ${local.length}: ${typed}`,
      );
    if (local[0] === "0")
      return fail(
        "phone-landline-local",
        `座机号码（区号后）不能以0开头：${typed}`,
        `the number after the area code cannot start with 0: ${typed}`,
      );
    return ok({ kind: "landline", normalized: `${area}-${local}${extension ? "-" + extension : ""}`, extension });
  }
  if (digits.length === 7 || digits.length === 8)
    return fail(
      "phone-area-code",
      `座机号码缺少区号：${typed}（例如 010-12345678）`,
      `landline needs an area code: ${typed} (e.g. 010-12345678)`,
    );
  if (digits[0] === "1")
    return fail(
      "phone-mobile-length",
      `手机号应为11位，现为${digits.length}位：${typed}`,
      `mobile numbers have 11 digits, this has ${digits.length}: ${typed}`,
    );
  return fail(
    "phone-format",
    `无法识别的号码：${typed}（手机11位、座机带区号，或 + 开头的国际号码）`,
    `unrecognised phone number: ${typed} (mobile 11 digits, landline with area code, or +international)`,
  );
}

/**
 * Read a phone number tolerantly (spaces, dashes, parentheses, full-width
 * digits) and classify it. Blank gives null. A number cell (a phone typed as a
 * number, having lost nothing yet) is read as its digits.
 */
export function parsePhone(v: CellValue): Parsed<Phone | null> {
  if (v === null || v === undefined) return ok(null);
  if (typeof v === "boolean" || v instanceof Date) return fail("phone-format", "不是电话号码", "not a phone number");
  let typed: string;
  if (typeof v === "number") {
    // NaN / Infinity are not something a person typed: say so without printing them.
    if (!Number.isFinite(v)) return fail("phone-format", "不是电话号码", "not a phone number");
    if (!Number.isInteger(v) || v < 0) return fail("phone-format", `不是电话号码：${v}`, `not a phone number: ${v}`);
    typed = v.toFixed(0);
  } else {
    typed = toHalfWidth(v).trim();
  }
  if (typed === "") return ok(null);
  let body = typed;
  let extension = "";
  const ext = EXTENSION.exec(body);
  if (ext && /\d/.test(ext[1])) {
    body = ext[1].trim();
    extension = ext[2];
  }
  if (!ALLOWED.test(body))
    return fail(
      "phone-chars",
      `号码中有不允许的字符：${typed}`,
      `phone number contains characters other than digits, spaces, dashes or brackets: ${typed}`,
    );
  const plus = body.startsWith("+");
  const groups = body
    .replace(/^\+/, "")
    .split(/[\s\-()./]+/)
    .filter((g) => g !== "");
  let digits = groups.join("");
  if (plus || digits.startsWith("00")) {
    if (!plus) digits = digits.slice(2);
    if (digits.startsWith("86")) {
      const national = digits.slice(2);
      // +86 drops the trunk 0 of a landline area code: +86 10 12345678.
      if (national.length === 11 && national[0] === "1") return classifyNational(national, extension, null, typed);
      const rest = groups.length > 0 && groups[0] === "86" ? groups.slice(1) : null;
      const withTrunk = "0" + (national[0] === "0" ? national.slice(1) : national);
      const restGroups = rest && rest.length > 0 ? ["0" + rest[0].replace(/^0/, ""), ...rest.slice(1)] : null;
      return classifyNational(withTrunk, extension, restGroups, typed);
    }
    if (digits.length < 7 || digits.length > 15)
      return fail(
        "phone-international-length",
        `国际号码应为7–15位数字，现为${digits.length}位：${typed}`,
        `international numbers have 7–15 digits, this has ${digits.length}: ${typed}`,
      );
    return ok({ kind: "international", normalized: "+" + digits + (extension ? "-" + extension : ""), extension });
  }
  return classifyNational(digits, extension, groups.length > 1 ? groups : null, typed);
}
