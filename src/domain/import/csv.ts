import type { SourceIssue, SourceRow, SourceTable } from "./plan";
import { isBlankCell } from "../parse/text";

/**
 * The one CSV reader of LeadFlow, shared by the `leadflow import` command and
 * the task pane: decoding (the encodings Chinese Excel and CRMs write),
 * delimiter sniffing and RFC 4180 parsing. Pure: only the standard
 * TextDecoder, which browsers and Node (with its default full ICU) both have,
 * GB18030 included.
 */

export type CsvEncoding = "utf-8" | "utf-8-bom" | "utf-16le" | "utf-16be" | "gb18030";

/**
 * Decode CSV bytes, deciding the encoding on evidence:
 *  - a BOM decides;
 *  - NUL bytes in a regular pattern (every other byte, as ASCII text gives
 *    in UTF-16) mean UTF-16 without BOM: LE when the NULs are the odd bytes,
 *    BE when they are the even ones;
 *  - valid UTF-8 is UTF-8;
 *  - bytes that are mostly valid UTF-8 with a few bad sequences (a damaged
 *    byte) are still UTF-8: the bad sequences decode to U+FFFD and the import
 *    reports their lines (csvTextSource) rather than turning the whole file
 *    into GB18030 mojibake;
 *  - GB18030 (a superset of GBK and GB2312 — what Chinese Excel's "CSV"
 *    writes) only when the bytes are not UTF-8-ish and decode as GB18030.
 */
export function decodeCsv(bytes: Uint8Array): { text: string; encoding: CsvEncoding } {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return { text: new TextDecoder("utf-8").decode(bytes.subarray(3)), encoding: "utf-8-bom" };
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe)
    return { text: new TextDecoder("utf-16le").decode(bytes.subarray(2)), encoding: "utf-16le" };
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff)
    return { text: new TextDecoder("utf-16be").decode(bytes.subarray(2)), encoding: "utf-16be" };
  const utf16 = utf16ByNuls(bytes);
  if (utf16) return { text: new TextDecoder(utf16).decode(bytes), encoding: utf16 };
  // ignoreBOM: the UTF-8 BOM was handled above; this keeps a decoder from eating anything else.
  const { valid, bad } = utf8Evidence(bytes);
  if (bad === 0 || (valid > 0 && bad * 10 <= valid) || !looksLikeGb18030(bytes))
    return { text: new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes), encoding: "utf-8" };
  return { text: new TextDecoder("gb18030").decode(bytes), encoding: "gb18030" };
}

/** UTF-16 without BOM, told by where the NUL bytes are (ASCII characters in UTF-16 have one NUL byte). */
function utf16ByNuls(bytes: Uint8Array): "utf-16le" | "utf-16be" | null {
  const n = Math.min(bytes.length, 65536) & ~1;
  if (n < 2) return null;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) even++;
    if (bytes[i + 1] === 0) odd++;
  }
  const pairs = n / 2;
  if (odd >= pairs * 0.2 && even * 10 <= odd) return "utf-16le";
  if (even >= pairs * 0.2 && odd * 10 <= even) return "utf-16be";
  return null;
}

/** Count well-formed multi-byte UTF-8 sequences and malformed ones. */
export function utf8Evidence(bytes: Uint8Array): { valid: number; bad: number } {
  let valid = 0;
  let bad = 0;
  const n = bytes.length;
  for (let i = 0; i < n;) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    const len = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    const min = len === 2 ? 0x80 : len === 3 ? 0x800 : 0x10000;
    let ok = len > 0 && i + len <= n;
    let cp = len === 2 ? b & 0x1f : len === 3 ? b & 0x0f : b & 0x07;
    for (let k = 1; ok && k < len; k++) {
      const c = bytes[i + k];
      if ((c & 0xc0) !== 0x80) ok = false;
      else cp = (cp << 6) | (c & 0x3f);
    }
    if (ok && cp >= min && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff)) {
      valid++;
      i += len;
    } else {
      bad++;
      i++;
    }
  }
  return { valid, bad };
}

/**
 * Bytes that decode as GB18030 without error, into mostly Chinese characters and punctuation, with
 * double-byte characters mostly in the GB2312 form (both bytes high): a lone high byte before ASCII
 * (Latin-1 "é" in "café") decodes too, but is not Chinese text.
 */
function looksLikeGb18030(bytes: Uint8Array): boolean {
  let pairs = 0;
  let lowTrail = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b < 0x81 || b > 0xfe) continue;
    const t = bytes[i + 1];
    if (t >= 0x30 && t <= 0x39) {
      i += 3; // four-byte sequence
      continue;
    }
    pairs++;
    if (t < 0x80) lowTrail++;
    i++;
  }
  if (pairs > 0 && lowTrail * 4 > pairs) return false;
  let text: string;
  try {
    text = new TextDecoder("gb18030", { fatal: true }).decode(bytes);
  } catch {
    return false;
  }
  let wide = 0;
  let chinese = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) continue;
    wide++;
    if (
      (c >= 0x4e00 && c <= 0x9fff) ||
      (c >= 0x3400 && c <= 0x4dbf) ||
      (c >= 0x20000 && c <= 0x3134f) ||
      (c >= 0x3000 && c <= 0x303f) ||
      (c >= 0xff00 && c <= 0xffef) ||
      (c >= 0x2010 && c <= 0x206f) ||
      c === 0xb7 ||
      c === 0x20ac
    )
      chinese++;
  }
  return wide === 0 || chinese >= wide * 0.9;
}

/** Guess the delimiter from the header line: comma, unless tabs or semicolons clearly dominate (Excel "Unicode text", European CSV). */
export function sniffDelimiter(text: string): string {
  let end = text.search(/\r|\n/);
  if (end < 0) end = text.length;
  const first = text.slice(0, end);
  let inQuotes = false;
  let fieldStart = true;
  const counts: Record<string, number> = { ",": 0, "\t": 0, ";": 0 };
  for (const ch of first) {
    // As in parsing: a quote opens a quoted part only at the start of a field.
    if (ch === '"' && (inQuotes || fieldStart)) inQuotes = !inQuotes;
    else if (!inQuotes && ch in counts) counts[ch]++;
    fieldStart = !inQuotes && ch in counts;
  }
  if (counts["\t"] > counts[","] && counts["\t"] >= counts[";"]) return "\t";
  if (counts[";"] > counts[","]) return ";";
  return ",";
}

export interface CsvRecord {
  /** Physical line (1-based) the record starts on. */
  line: number;
  fields: string[];
}

export interface CsvParse {
  records: CsvRecord[];
  /** Lines where a quote opened a field and was never closed (read as an ordinary character instead). */
  unterminated: number[];
}

/**
 * Parse CSV text (CRLF, LF or CR line ends) as Excel and LibreOffice do:
 * a quote opens a quoted field only at the start of a field (inside a quoted
 * field, a doubled quote is one quote and delimiters and line breaks are
 * text); anywhere else a quote is an ordinary character (`采购 27" 显示器`),
 * and text after a closing quote up to the delimiter is kept. A quote that
 * opens a field and is never closed would swallow the rest of the file: it is
 * read as an ordinary character instead and its line is returned, so the
 * import reports it. Each record carries the physical line it starts on.
 * Blank lines are not records; a line of only delimiters is (a blank row the
 * import reports rather than loses). No recursion, no spread: any length.
 */
export function parseCsvText(text: string, delimiter = ","): CsvParse {
  const records: CsvRecord[] = [];
  const unterminated: number[] = [];
  const literal = new Set<number>();
  const d = delimiter.charCodeAt(0);
  const n = text.length;
  let i = 0;
  let line = 1;
  const countLines = (from: number, to: number) => {
    for (let k = from; k < to; k++) {
      const c = text.charCodeAt(k);
      if (c === 10 || (c === 13 && text.charCodeAt(k + 1) !== 10)) line++;
    }
  };
  // Index of the first delimiter or line break at or after `from`.
  const fieldEnd = (from: number) => {
    let k = from;
    while (k < n) {
      const c = text.charCodeAt(k);
      if (c === d || c === 10 || c === 13) break;
      k++;
    }
    return k;
  };
  records: while (i < n) {
    const recordStart = i;
    const startLine = line;
    const fields: string[] = [];
    let quoted = false;
    for (;;) {
      let field: string;
      if (text.charCodeAt(i) === 34 && !literal.has(i)) {
        quoted = true;
        const open = i;
        const openLine = line;
        let j = i + 1;
        field = "";
        for (;;) {
          const q = text.indexOf('"', j);
          if (q < 0) {
            // Never closed: read this quote as an ordinary character and parse the record again.
            unterminated.push(openLine);
            literal.add(open);
            i = recordStart;
            line = startLine;
            continue records;
          }
          field += text.slice(j, q);
          countLines(j, q);
          if (text.charCodeAt(q + 1) === 34) {
            field += '"';
            j = q + 2;
          } else {
            j = q + 1;
            break;
          }
        }
        const k = fieldEnd(j);
        if (k > j) field += text.slice(j, k);
        i = k;
      } else {
        const k = fieldEnd(i);
        field = text.slice(i, k);
        i = k;
      }
      fields.push(field);
      if (i < n && text.charCodeAt(i) === d) {
        i++;
        if (i >= n) {
          fields.push("");
          break;
        }
        continue;
      }
      if (i < n) {
        if (text.charCodeAt(i) === 13 && text.charCodeAt(i + 1) === 10) i += 2;
        else i++;
        line++;
      }
      break;
    }
    if (quoted || fields.length > 1 || fields[0] !== "") records.push({ line: startLine, fields });
  }
  return { records, unterminated: [...new Set(unterminated)] };
}

/** The records of CSV text (see parseCsvText). */
export function parseCsv(text: string, delimiter = ","): CsvRecord[] {
  return parseCsvText(text, delimiter).records;
}

/** A column with no header and nothing in any row is no column (trailing delimiters, a sheet's unused width). */
export function dropEmptyColumns(source: SourceTable): SourceTable {
  // A loop, not a spread of every row into Math.max: 100,000+ arguments overflow the call stack.
  let width = source.headers.length;
  for (const r of source.rows) if (r.values.length > width) width = r.values.length;
  const keep: number[] = [];
  for (let c = 0; c < width; c++) {
    if (!isBlankCell(source.headers[c]) || source.rows.some((r) => !isBlankCell(r.values[c]))) keep.push(c);
  }
  if (keep.length === width && source.headers.length === width) return source;
  return {
    ...source,
    headers: keep.map((c) => source.headers[c] ?? ""),
    rows: source.rows.map((r) => ({ line: r.line, values: keep.map((c) => r.values[c] ?? null) })),
  };
}

/**
 * A source table from decoded CSV text: the first record is the header row;
 * blank fields are empty cells. What the text itself got wrong is in
 * `issues` for the import report: a quote never closed, and characters that
 * could not be decoded (U+FFFD, what a damaged byte decodes to).
 */
export function csvTextSource(text: string, delimiter = sniffDelimiter(text)): SourceTable & { delimiter: string } {
  // A BOM left by a decoder that kept it must not become part of the first header.
  const clean = text.replace(/^\uFEFF/, "");
  const { records, unterminated } = parseCsvText(clean, delimiter);
  const issues: SourceIssue[] = [];
  if (unterminated.length) issues.push({ code: "unterminated-quote", lines: unterminated });
  const undecodable = linesWith(clean, "\uFFFD");
  if (undecodable.length) issues.push({ code: "undecodable", lines: undecodable });
  if (records.length === 0) return { headers: [], rows: [], delimiter, ...(issues.length ? { issues } : {}) };
  const head = records[0];
  const headers = head.fields.map((h) => h.trim());
  // Rows with only blank fields are kept as rows: the import counts them as blank lines (reported, not silently lost).
  const rows: SourceRow[] = new Array(records.length - 1);
  for (let r = 1; r < records.length; r++) {
    const rec = records[r];
    rows[r - 1] = { line: rec.line, values: rec.fields.map((f) => (f === "" ? null : f)) };
  }
  return { ...dropEmptyColumns({ headers, rows, ...(issues.length ? { issues } : {}) }), delimiter };
}

/** Physical lines (1-based) of `text` holding `needle`. */
function linesWith(text: string, needle: string): number[] {
  const out: number[] = [];
  let at = text.indexOf(needle);
  if (at < 0) return out;
  let line = 1;
  let k = 0;
  while (at >= 0) {
    for (; k < at; k++) {
      const c = text.charCodeAt(k);
      if (c === 10 || (c === 13 && text.charCodeAt(k + 1) !== 10)) line++;
    }
    if (out[out.length - 1] !== line) out.push(line);
    at = text.indexOf(needle, at + 1);
  }
  return out;
}

/** A source table from CSV bytes, with the encoding and delimiter it was read with. */
export function readCsvSource(bytes: Uint8Array): SourceTable & { encoding: CsvEncoding; delimiter: string } {
  const { text, encoding } = decodeCsv(bytes);
  return { ...csvTextSource(text), encoding };
}
