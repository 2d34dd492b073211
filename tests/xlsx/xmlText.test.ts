/**
 * The engine's one XML escaper: everything it writes is XML 1.0 text
 * (https://www.w3.org/TR/xml/#charsets: Char excludes U+FFFE, U+FFFF,
 * surrogates and C0 controls other than tab, LF, CR), and what it writes
 * reads back as typed where XML can carry it.
 */
import { decodeXml } from "../../src/workbook/xlsx/package/xml";
import { escapeXml } from "../../src/workbook/xlsx/package/xmlText";

const XML_CHAR = /^[\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u;

test.each([
  ["U+FFFF and U+FFFE", "a\uFFFFb\uFFFEc", "a\uFFFDb\uFFFDc"],
  ["a lone high surrogate", "x\uD800y", "x\uFFFDy"],
  ["a lone low surrogate", "x\uDC00y", "x\uFFFDy"],
  ["a surrogate pair (kept)", "😀 ok", "😀 ok"],
  ["C0 controls (escaped, read back)", "a\u0001b\u001Fc\td\ne", "a\u0001b\u001Fc\td\ne"],
  ["markup", `<a href="x">&amp;</a>`, `<a href="x">&amp;</a>`],
  ["a literal _x0041_ (kept as typed)", "id_x0041_z", "id_x0041_z"],
])("%s", (_label, input, readBack) => {
  const out = escapeXml(input);
  expect(out).toMatch(XML_CHAR);
  expect(out).not.toMatch(/[<>"]|&(?!amp;|lt;|gt;|quot;)/);
  expect(decodeXml(out)).toBe(readBack);
});
