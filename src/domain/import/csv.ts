import type { SourceRow, SourceTable } from "./plan";
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
 * Decode CSV bytes. A BOM decides; else text that is valid UTF-8 is UTF-8;
 * else GB18030 (a superset of GBK and GB2312 — what Chinese Excel's "CSV"
 * writes). Valid GBK text that happens to be valid UTF-8 is vanishingly rare
 * for real Chinese text, so the order is safe.
 */
export function decodeCsv(bytes: Uint8Array): { text: string; encoding: CsvEncoding } {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return { text: new TextDecoder("utf-8").decode(bytes.subarray(3)), encoding: "utf-8-bom" };
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe)
    return { text: new TextDecoder("utf-16le").decode(bytes.subarray(2)), encoding: "utf-16le" };
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff)
    return { text: new TextDecoder("utf-16be").decode(bytes.subarray(2)), encoding: "utf-16be" };
  try {
    // ignoreBOM: the UTF-8 BOM was handled above; this keeps a decoder from eating anything else.
    return { text: new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes), encoding: "utf-8" };
  } catch {
    return { text: new TextDecoder("gb18030").decode(bytes), encoding: "gb18030" };
  }
}

/** Guess the delimiter from the header line: comma, unless tabs or semicolons clearly dominate (Excel "Unicode text", European CSV). */
export function sniffDelimiter(text: string): string {
  let end = text.search(/\r|\n/);
  if (end < 0) end = text.length;
  const first = text.slice(0, end);
  let inQuotes = false;
  const counts: Record<string, number> = { ",": 0, "\t": 0, ";": 0 };
  for (const ch of first) {
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && ch in counts) counts[ch]++;
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

/**
 * Parse CSV text (RFC 4180: quoted fields with doubled quotes, delimiters and
 * line breaks inside quotes; CRLF, LF or CR line ends). Each record carries
 * the physical line it starts on. Blank lines are not records; a line of only
 * delimiters is (a blank row the import reports rather than loses).
 */
export function parseCsv(text: string, delimiter = ","): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = "";
  let inQuotes = false;
  let line = 1;
  let startLine = 1;
  let recordHasContent = false;
  const endRecord = () => {
    fields.push(field);
    if (recordHasContent || fields.length > 1 || field !== "") records.push({ line: startLine, fields });
    fields = [];
    field = "";
    recordHasContent = false;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else inQuotes = false;
      } else {
        if (ch === "\n" || (ch === "\r" && text[i + 1] !== "\n")) line++;
        field += ch;
      }
      continue;
    }
    if (ch === '"') {
      inQuotes = true;
      recordHasContent = true;
    } else if (ch === delimiter) {
      fields.push(field);
      field = "";
      recordHasContent = true;
    } else if (ch === "\r" || ch === "\n") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      endRecord();
      line++;
      startLine = line;
    } else {
      field += ch;
    }
  }
  if (field !== "" || fields.length > 0 || recordHasContent) endRecord();
  return records;
}

/** A column with no header and nothing in any row is no column (trailing delimiters, a sheet's unused width). */
export function dropEmptyColumns(source: SourceTable): SourceTable {
  const width = Math.max(source.headers.length, ...source.rows.map((r) => r.values.length));
  const keep: number[] = [];
  for (let c = 0; c < width; c++) {
    if (!isBlankCell(source.headers[c]) || source.rows.some((r) => !isBlankCell(r.values[c]))) keep.push(c);
  }
  if (keep.length === width && source.headers.length === width) return source;
  return {
    headers: keep.map((c) => source.headers[c] ?? ""),
    rows: source.rows.map((r) => ({ line: r.line, values: keep.map((c) => r.values[c] ?? null) })),
  };
}

/** A source table from decoded CSV text: the first record is the header row; blank fields are empty cells. */
export function csvTextSource(text: string, delimiter = sniffDelimiter(text)): SourceTable & { delimiter: string } {
  // A BOM left by a decoder that kept it must not become part of the first header.
  const records = parseCsv(text.replace(/^\uFEFF/, ""), delimiter);
  if (records.length === 0) return { headers: [], rows: [], delimiter };
  const [head, ...body] = records;
  const headers = head.fields.map((h) => h.trim());
  // Rows with only blank fields are kept as rows: the import counts them as blank lines (reported, not silently lost).
  const rows: SourceRow[] = body.map((r) => ({ line: r.line, values: r.fields.map((f) => (f === "" ? null : f)) }));
  return { ...dropEmptyColumns({ headers, rows }), delimiter };
}

/** A source table from CSV bytes, with the encoding and delimiter it was read with. */
export function readCsvSource(bytes: Uint8Array): SourceTable & { encoding: CsvEncoding; delimiter: string } {
  const { text, encoding } = decodeCsv(bytes);
  return { ...csvTextSource(text), encoding };
}
