import fc from "fast-check";
import type { Scalar } from "../../src/domain/plan/changes";

/**
 * Phone examples shared by Check (parsePhone) and the live highlight: the
 * highlight must agree with Check on every one of them (tests/install/highlighting.test.ts).
 */
export const PHONES_ACCEPTED: Scalar[] = [
  "13712345678",
  "138 1234 5678",
  "138-1234-5678",
  13712345679,
  "+86 137 1234 5678",
  "008613812345678",
  "010-87654321",
  "(010)12345678",
  "0571-8888888",
  "021 1234 5678",
  "01012345678",
  "057112345678",
  "010/12345678",
  "010.12345678",
  "021-12345678 转 123",
  "010-12345678 转 123",
  "021-12345678转123",
  "021-12345678 分机 8001",
  "021-12345678 ext. 12",
  "021-12345678 EXT 12",
  "021-12345678x123",
  "0755-1234567#8",
  "010-12345678-123",
  "+86 10 12345678",
  "+44 20 7123 4567",
  "+1 (212) 555-0100",
  "0044 20 7123 4567",
  "+44 20 7123 4567 ext 12",
  // Full-width digits and signs, as a Chinese input method types them (Check reads them half-width).
  "１３８１２３４５６７８",
  "０２１－１２３４５６７８　转　１２３",
  "＋８６ １３８ １２３４ ５６７８",
  "（０１０）１２３４５６７８",
  "０２１－１２３４５６７８ ＥＸＴ．１２",
  "０７５５／１２３４５６７＃８",
  // Extensions with every marker and spacing.
  "021-12345678 # 123",
  "021 1234 5678 x 12",
  "021-12345678 X12",
  "(021) 1234-5678 ext.123",
  "021-12345678 转123456",
  "+86 21 1234 5678 转 123",
  "+86-10-12345678",
  "  010-12345678  ",
];

export const PHONES_REJECTED: Scalar[] = [
  "12345",
  "1381234567",
  "138123456789",
  "12812345678",
  "12345678",
  "1234567",
  "13812345678 转 1",
  "13812345678 ext 12",
  "abc",
  "138-1234-567a",
  "010-123",
  "+12",
  "13812345678/13912345678",
  "１３８１２３４５６７８ 转 １",
  "138 1234 5678 ext 1",
];

/** Where the one-pass formula cannot follow Check (see src/domain/formulas/phoneRule.ts): Check rejects, the highlight stays off. */
export const PHONES_CHECK_ONLY: Scalar[] = [
  "0571-123456",
  "010-01234567",
  "010-1234567890123",
  "+1234567890123456",
  // An extension marker with no digits, or a 7-digit extension: the formula counts digits, not where they sit.
  "021-12345678 转",
  "021-12345678 转 1234567",
];

/**
 * Generated examples (fixed seed, so the LibreOffice workbook is the same on every run): phones of the accepted
 * shapes written the ways people type them — spaces, dashes, brackets, +86 / 0086, extensions after 转 / 分机 /
 * ext / x / #, full-width digits and signs — and near misses the highlight can see (a mobile with an extension,
 * a digit too many or too few, a letter). Written from the shapes, not from the code under test.
 */
const digit = fc.integer({ min: 0, max: 9 }).map(String);
const digits = (n: number) => fc.array(digit, { minLength: n, maxLength: n }).map((d) => d.join(""));
const sep = fc.constantFrom("", " ", "-", " - ");
const marker = fc.constantFrom(" 转 ", "转", " 分机 ", " ext ", " ext.", " EXT ", "x", " x ", "#", " # ");
const fullWidth = (t: string, which: number[]) =>
  [...t]
    .map((c, i) =>
      which.includes(i % 5) && c >= "!" && c <= "~"
        ? String.fromCharCode(c.charCodeAt(0) + 0xfee0)
        : c === " " && which.includes(i % 5)
          ? "\u3000"
          : c,
    )
    .join("");
const typed = (arb: fc.Arbitrary<string>) =>
  fc
    .tuple(arb, fc.oneof(fc.constant([] as number[]), fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 5 })))
    .map(([t, which]) => fullWidth(t, which));

const mobile = fc
  .tuple(fc.integer({ min: 3, max: 9 }), digits(4), digits(5), sep, sep)
  .map(([p, a, b, s1, s2]) => `1${p}${a.slice(0, 1)}${s1}${a.slice(1)}${s2}${b}`);
const landlineNumber = fc
  .tuple(
    fc.oneof(
      fc.constant("010"),
      digit.map((d) => `02${d}`),
      fc.tuple(fc.integer({ min: 3, max: 9 }), digits(2)).map(([a, b]) => `0${a}${b}`),
    ),
    fc.integer({ min: 1, max: 9 }),
    fc.oneof(digits(6), digits(7)),
    fc.constantFrom("-", " ", ""),
    fc.boolean(),
  )
  .map(([area, first, rest, s, bracket]) => (bracket ? `(${area})${first}${rest}` : `${area}${s}${first}${rest}`));
const extension = fc.tuple(marker, fc.integer({ min: 1, max: 6 })).chain(([m, n]) => digits(n).map((d) => m + d));
const landline = fc.tuple(landlineNumber, fc.option(extension, { nil: "" })).map(([n, e]) => n + e);
const plus86 = fc
  .tuple(
    fc.constantFrom("+86 ", "+86", "0086 ", "+86-"),
    fc.oneof(
      mobile,
      landlineNumber.map((n) => n.replace(/^\(?0/, "").replace(")", " ")),
    ),
  )
  .map(([p, n]) => p + n);
const international = fc
  .tuple(
    fc.constantFrom("+44 20 ", "+1 (212) ", "+33 1 ", "0044 20 "),
    digits(4),
    sep,
    digits(4),
    fc.option(extension, { nil: "" }),
  )
  .map(([cc, a, s, b, e]) => `${cc}${a}${s}${b}${e}`);

const mobileWithExtension = fc.tuple(mobile, extension).map(([m, e]) => m + e);
const wrongMobileLength = fc
  .tuple(fc.integer({ min: 3, max: 9 }), fc.oneof(digits(8), digits(10)))
  .map(([p, d]) => `1${p}${d}`);
const withLetter = fc
  .tuple(mobile, fc.constantFrom("a", "o", "l", "z"), fc.nat())
  .map(([m, l, i]) => m.slice(0, 3 + (i % 6)) + l + m.slice(3 + (i % 6)));

const sample = (arb: fc.Arbitrary<string>, seed: number, n: number) => fc.sample(typed(arb), { seed, numRuns: n });

export const GENERATED_ACCEPTED: Scalar[] = [
  ...sample(mobile, 1, 12),
  ...sample(landline, 2, 24),
  ...sample(plus86, 3, 12),
  ...sample(international, 4, 10),
];
export const GENERATED_REJECTED: Scalar[] = [
  ...sample(mobileWithExtension, 5, 10),
  ...sample(wrongMobileLength, 6, 8),
  ...sample(withLetter, 7, 8),
];
