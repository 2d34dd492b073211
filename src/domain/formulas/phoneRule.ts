import { PHONE_FORMATS } from "../parse/phones";

/**
 * The live phone highlight (conditional format of the phone column), built
 * from the table of shapes Check accepts, PHONE_FORMATS in
 * src/domain/parse/phones.ts (read here, not restated):
 * - mobile: 11 digits starting 13–19, never with an extension;
 * - landline: 0 + area code + number, 10–12 digits, optionally an extension;
 * - international: + or 00, then 7–15 digits, optionally an extension;
 * - extension: up to 6 digits after 转, 分机, ext, x, # or a dash.
 *
 * Formula in one pass: the cell's text, lower-cased, has its full-width
 * digits and signs made half-width (as Check's parser does; Excel's ASC does
 * this only in DBCS locales, so each character is substituted), then loses
 * its separators and extension markers; a leading "+" becomes "9"; "1" is put in front and the
 * whole is read as a number w. Every accepted shape is then a band of w
 * (mobile 13812345678 → 113812345678 ∈ [1.13e11, 1.2e11)), so one MATCH over
 * the sorted band edges decides: odd position = inside a band. The cell is
 * read once, which keeps the rule short (Excel's formula limit is 8,192
 * characters, [MS-OI29500] 2.1.1085 ST_Formula; the previous rule repeated the
 * cleaned text six times, about 1,300 characters).
 *
 * What the formula cannot see, and Check reports: the split between area code
 * and number (0571-123456, a 6-digit number), a number starting with 0 after
 * the area code, and a landline longer than 12 digits or an international
 * number longer than 15 written without an extension marker (the extra digits
 * are read as an extension), an extension marker with no digits after it or an
 * extension longer than 6 digits (the digits are counted with the number's).
 */

const F = PHONE_FORMATS;
export const PHONE_RULE = {
  mobileDigits: F.mobile.digits,
  mobileSecondDigit: F.mobile.secondDigit,
  landlineDigits: {
    min: F.landline.areaDigits.min + F.landline.localDigits.min,
    max: F.landline.areaDigits.max + F.landline.localDigits.max,
  },
  internationalDigits: F.international.digits,
  extensionDigits: { max: F.extension.maxDigits },
} as const;

/** Separators Check ignores, then the extension markers (in the table's order, longest first), removed in this order. */
const SEPARATORS: readonly string[] = F.separators;
const MARKERS: readonly string[] = F.extension.markers;

/**
 * Full-width forms (U+FF01…) of the half-width characters the shapes use — digits, "+",
 * separators, marker letters — and the ideographic space, each paired with its half-width form.
 */
function fullWidthPairs(): [string, string][] {
  const ascii = new Set<string>("0123456789+");
  for (const t of [...SEPARATORS, ...MARKERS]) for (const c of t) if (c > " " && c <= "~") ascii.add(c);
  const pairs: [string, string][] = [...ascii].map((c) => [String.fromCharCode(c.charCodeAt(0) + 0xfee0), c]);
  pairs.push(["\u3000", " "]);
  return pairs;
}

/** A number as digits × 10^exp, written exactly as Excel reads it (113E9). */
interface Dec {
  digits: number;
  exp: number;
}
type Band = [Dec, Dec];
const value = (d: Dec) => Number(`${d.digits}e${d.exp}`);

/** Bands of w = "1" & digits (a leading + read as 9) for every accepted shape. */
function bands(): Band[] {
  const r = PHONE_RULE;
  const out: Band[] = [];
  // w for a text of `len` characters after the "1", starting with `prefix`: [1prefix·10^k, (1prefix+1)·10^k).
  const band = (prefix: string, len: number) => {
    const lead = Number(`1${prefix}`);
    const exp = len - prefix.length;
    out.push([
      { digits: lead, exp },
      { digits: lead + 1, exp },
    ]);
  };
  for (let p = r.mobileSecondDigit.min; p <= r.mobileSecondDigit.max; p++) band(`1${p}`, r.mobileDigits); // "1" + 1[3-9] + 9 digits
  for (let e = 0; e <= r.extensionDigits.max; e++) {
    for (let d = r.landlineDigits.min; d <= r.landlineDigits.max; d++) band("0", d + e);
    for (let d = r.internationalDigits.min; d <= r.internationalDigits.max; d++) {
      band("9", 1 + d + e); // + (read as 9) and the digits
      band("00", 2 + d + e);
    }
  }
  out.sort((a, b) => value(a[0]) - value(b[0]));
  const merged: Band[] = [];
  for (const b of out) {
    const last = merged[merged.length - 1];
    if (last && value(b[0]) <= value(last[1])) {
      if (value(b[1]) > value(last[1])) last[1] = b[1];
    } else merged.push([b[0], b[1]]);
  }
  return merged;
}

function num(d: Dec): string {
  let { digits, exp } = d;
  while (digits % 10 === 0 && digits !== 0) {
    digits /= 10;
    exp++;
  }
  return exp === 0 ? String(digits) : `${digits}E${exp}`;
}

/** Band edges, ascending: w is accepted when MATCH(w, edges, 1) is odd. */
export function phoneBandEdges(): number[] {
  return bands().flatMap((b) => b.map(value));
}

/** TRUE when the cell (A1 reference, relative row) holds a phone of an accepted shape; the cell is read once. */
export function phoneShapeOk(cell: string): string {
  let t = `LOWER(TRIM(${cell}))`;
  for (const [full, half] of fullWidthPairs()) t = `SUBSTITUTE(${t},"${full}","${half}")`;
  for (const s of [...SEPARATORS, ...MARKERS]) t = `SUBSTITUTE(${t},"${s}","")`;
  const w = `VALUE("1"&SUBSTITUTE(${t},"+","9",1))`;
  const edges = bands()
    .flatMap((b) => b.map(num))
    .join(",");
  return `IFERROR(ISODD(MATCH(${w},{${edges}},1)),FALSE)`;
}

/** The highlight: a non-blank phone cell whose shape Check would not accept. */
export function phoneHighlightFormula(cell: string): string {
  return `=AND(TRIM(${cell})<>"",NOT(${phoneShapeOk(cell)}))`;
}
