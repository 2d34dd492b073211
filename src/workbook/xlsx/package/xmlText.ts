/**
 * The one XML escaper for everything the package engine writes. Every string
 * that goes into a part is valid XML 1.0 text afterwards: markup characters
 * are escaped, C0 controls other than tab/CR/LF are written the OOXML way
 * (`_xHHHH_`, which Excel reads back as the character), and what XML 1.0
 * cannot carry at all (U+FFFE, U+FFFF, lone surrogates) is replaced by U+FFFD.
 * A literal "_xHHHH_" in user text is protected by escaping its underscore,
 * so it reads back as typed.
 */

/** Characters XML 1.0 cannot carry in any form: lone surrogates, U+FFFE, U+FFFF. */
const NOT_XML = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|[\uFFFE\uFFFF]/g;
export const REPLACEMENT = "\uFFFD";

/** `s` with every character XML 1.0 cannot carry replaced by U+FFFD (C0 controls are kept: they are escaped). */
export function toXmlChars(s: string): string {
  return mayHoldNonXml(s) ? s.replace(NOT_XML, REPLACEMENT) : s;
}

/** A quick scan: only text with a surrogate or U+FFFE/U+FFFF needs the regular expression. */
function mayHoldNonXml(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && (c <= 0xdfff || c >= 0xfffe)) {
      NOT_XML.lastIndex = 0;
      return NOT_XML.test(s);
    }
  }
  return false;
}

// eslint-disable-next-line no-control-regex
const SPECIAL = /[&<>"\u0000-\u0008\u000b\u000c\u000e-\u001f]|_(?=x[0-9A-Fa-f]{4}_)/g;

/** Escape text for an element or a double-quoted attribute. */
export function escapeXml(s: string): string {
  const clean = toXmlChars(s);
  SPECIAL.lastIndex = 0;
  if (!SPECIAL.test(clean)) return clean;
  return clean.replace(SPECIAL, (c) =>
    c === "&"
      ? "&amp;"
      : c === "<"
        ? "&lt;"
        : c === ">"
          ? "&gt;"
          : c === '"'
            ? "&quot;"
            : c === "_"
              ? "_x005F_"
              : `_x${c.charCodeAt(0).toString(16).padStart(4, "0").toUpperCase()}_`,
  );
}
