import * as iconv from "iconv-lite";
import type { SourceRow, SourceTable } from "../domain/import/plan";
import type { CellValue } from "../domain/types";
import type { WorkbookPort } from "../workbook/port";

/**
 * Where import rows come from: CSV bytes (RFC 4180) in the encodings Chinese
 * Excel and CRMs write, or a table/sheet of another workbook through the port.
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
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes), encoding: "utf-8" };
  } catch {
    return {
      text: iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), "gb18030"),
      encoding: "gb18030",
    };
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

/**
 * Parse CSV text (RFC 4180: quoted fields with doubled quotes, delimiters and
 * line breaks inside quotes; CRLF, LF or CR line ends). Each record carries
 * the physical line it starts on. Blank lines are not records.
 */
export function parseCsv(text: string, delimiter = ","): { line: number; fields: string[] }[] {
  const records: { line: number; fields: string[] }[] = [];
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

/** A source table from CSV bytes: the first record is the header row. */
export function readCsvSource(bytes: Uint8Array): SourceTable & { encoding: CsvEncoding; delimiter: string } {
  const { text, encoding } = decodeCsv(bytes);
  const delimiter = sniffDelimiter(text);
  const records = parseCsv(text, delimiter);
  if (records.length === 0) return { headers: [], rows: [], encoding, delimiter };
  const [head, ...body] = records;
  const headers = head.fields.map((h) => h.trim());
  // Rows with only blank fields are kept as rows: the import counts them as blank lines (reported, not silently lost).
  const rows: SourceRow[] = body.map((r) => ({ line: r.line, values: r.fields.map((f) => (f === "" ? null : f)) }));
  return { ...dropEmptyColumns({ headers, rows }), encoding, delimiter };
}

/**
 * A source table from another workbook (through its port): the named table or
 * sheet, else the first table of the workbook; the header row is the table's
 * header row, or the first row of the sheet's used range.
 */
export async function readWorkbookSource(
  port: WorkbookPort,
  options: { table?: string; sheet?: string; usedRange?: (sheet: string) => Promise<string | null> } = {},
): Promise<SourceTable> {
  const state = await port.readState();
  const table =
    (options.table && state.tables.find((t) => t.name === options.table)) ||
    (options.sheet && state.tables.find((t) => t.sheet === options.sheet)) ||
    (!options.sheet ? state.tables[0] : undefined);
  if (table) {
    const data = (await port.readTables([table.name])).get(table.name);
    if (!data) return { headers: [], rows: [] };
    return {
      headers: data.table.headers.map((h) => String(h ?? "").trim()),
      rows: data.values.map((values, r) => ({ line: data.firstRow + r, values })),
    };
  }
  const sheet = options.sheet ?? state.sheets.find((s) => s.visible)?.name ?? state.sheets[0]?.name;
  if (!sheet || !options.usedRange) return { headers: [], rows: [] };
  const address = await options.usedRange(sheet);
  if (!address) return { headers: [], rows: [] };
  const values = await port.readRange(sheet, address);
  const firstRow = Number(/\d+/.exec(address)?.[0] ?? "1");
  // The header row is the first row with anything in it (exports often start with blank rows).
  const headAt = values.findIndex((row) => row.some((v) => !isBlank(v)));
  if (headAt < 0) return { headers: [], rows: [] };
  const head = values[headAt];
  return dropEmptyColumns({
    headers: head.map((h: CellValue) => (h === null ? "" : String(h).trim())),
    rows: values.slice(headAt + 1).map((v, i) => ({ line: firstRow + headAt + 1 + i, values: v })),
  });
}

function isBlank(v: CellValue | undefined): boolean {
  return v === null || v === undefined || (typeof v === "string" && v.trim() === "");
}

/** A column with no header and nothing in any row is no column (trailing delimiters, a sheet's unused width). */
export function dropEmptyColumns(source: SourceTable): SourceTable {
  const width = Math.max(source.headers.length, ...source.rows.map((r) => r.values.length));
  const keep: number[] = [];
  for (let c = 0; c < width; c++) {
    if (!isBlank(source.headers[c]) || source.rows.some((r) => !isBlank(r.values[c]))) keep.push(c);
  }
  if (keep.length === width && source.headers.length === width) return source;
  return {
    headers: keep.map((c) => source.headers[c] ?? ""),
    rows: source.rows.map((r) => ({ line: r.line, values: keep.map((c) => r.values[c] ?? null) })),
  };
}
