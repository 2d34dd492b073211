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

/**
 * The phone shapes Check accepts, defined once: the parser below and the live
 * highlight of the phone column (src/domain/formulas/phoneRule.ts) both read
 * this table, so the sheet and Check accept the same strings.
 * Full-width digits and signs (as a Chinese input method types them) are read
 * as their half-width forms by both.
 */
export const PHONE_FORMATS = {
  /** Mobile: 11 digits, 1 then 3–9, never with an extension. */
  mobile: { digits: 11, secondDigit: { min: 3, max: 9 } },
  /** Landline: trunk 0 + area code (3–4 digits with the 0), then 7–8 digits not starting with 0. */
  landline: { areaDigits: { min: 3, max: 4 }, localDigits: { min: 7, max: 8 } },
  /** International: + or 00, then 7–15 digits (+86 is read as a national number). */
  international: { digits: { min: 7, max: 15 } },
  /** Extension: 1–6 digits after one of the markers (or after a dash, for a landline split as area-number-extension). */
  extension: { maxDigits: 6, markers: ["分机", "ext", "转", "x", "#"] },
  /** Separators between digit groups; ignored. */
  separators: [" ", "-", "(", ")", ".", "/"],
} as const;

const F = PHONE_FORMATS;
const escapeRegExp = (t: string) => t.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
const SEPARATOR_CLASS = F.separators.map((c) => (c === " " ? "\\s" : escapeRegExp(c))).join("");
// Extension markers people type after a landline: 转 123, ext. 123, x123, #123.
const EXTENSION = new RegExp(
  `^(.*?)(?:\\s*(?:${F.extension.markers.map(escapeRegExp).join("|")})\\.?\\s*)(\\d{1,${F.extension.maxDigits}})$`,
  "i",
);
const ALLOWED = new RegExp(`^\\+?[\\d${SEPARATOR_CLASS}]+$`);
const GROUP_SPLIT = new RegExp(`[${SEPARATOR_CLASS}]+`);

/** Area codes: 010 and 020–029 have three digits, every other one four (0XXX). */
function areaCodeLength(digits: string): number {
  return digits.startsWith("010") || digits.startsWith("02") ? F.landline.areaDigits.min : F.landline.areaDigits.max;
}

function classifyNational(
  digits: string,
  extension: string,
  groups: string[] | null,
  typed: string,
): Parsed<Phone | null> {
  if (digits.length === F.mobile.digits && digits[0] === "1") {
    if (extension)
      return fail("phone-extension", `手机号不能带分机号：${typed}`, `a mobile number has no extension: ${typed}`);
    if (Number(digits[1]) < F.mobile.secondDigit.min)
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
      groups[0].length >= F.landline.areaDigits.min &&
      groups[0].length <= F.landline.areaDigits.max
    ) {
      area = groups[0];
      local = groups.slice(1).join("");
      if (
        !extension &&
        groups.length === 3 &&
        groups[1].length >= F.landline.localDigits.min &&
        groups[2].length <= F.extension.maxDigits
      ) {
        local = groups[1];
        extension = groups[2];
      }
    } else {
      const n = areaCodeLength(digits);
      area = digits.slice(0, n);
      local = digits.slice(n);
    }
    if (local.length < F.landline.localDigits.min || local.length > F.landline.localDigits.max)
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
  if (digits.length >= F.landline.localDigits.min && digits.length <= F.landline.localDigits.max)
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
    .split(GROUP_SPLIT)
    .filter((g) => g !== "");
  let digits = groups.join("");
  if (plus || digits.startsWith("00")) {
    if (!plus) digits = digits.slice(2);
    if (digits.startsWith("86")) {
      const national = digits.slice(2);
      // +86 drops the trunk 0 of a landline area code: +86 10 12345678.
      if (national.length === F.mobile.digits && national[0] === "1")
        return classifyNational(national, extension, null, typed);
      const rest = groups.length > 0 && groups[0] === "86" ? groups.slice(1) : null;
      const withTrunk = "0" + (national[0] === "0" ? national.slice(1) : national);
      const restGroups = rest && rest.length > 0 ? ["0" + rest[0].replace(/^0/, ""), ...rest.slice(1)] : null;
      return classifyNational(withTrunk, extension, restGroups, typed);
    }
    if (digits.length < F.international.digits.min || digits.length > F.international.digits.max)
      return fail(
        "phone-international-length",
        `国际号码应为7–15位数字，现为${digits.length}位：${typed}`,
        `international numbers have 7–15 digits, this has ${digits.length}: ${typed}`,
      );
    return ok({ kind: "international", normalized: "+" + digits + (extension ? "-" + extension : ""), extension });
  }
  return classifyNational(digits, extension, groups.length > 1 ? groups : null, typed);
}
