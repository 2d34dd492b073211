import type { CellValue } from "../../domain/types";
import type { ReadTableOptions, TableData, TableInfo } from "../port";
import { parseRect0, rectA1, stripSheet } from "./a1";
import { jsonSize } from "./cells";
import { officeErrorCode } from "./errors";
import { isPlaceholderRow } from "./preflight";
import type { SyncSession } from "./session";

/**
 * The chunked reader of the Office adapter: whole tables and rectangles read in
 * as few requests as the response budget allows (Excel on the web refuses a
 * response over 5 MB, and a read over 5 million cells).
 */

/** Budgets of one read (see OfficeWorkbookOptions). */
export interface ReadLimits {
  maxReadCells: number;
  maxResponseBytes: number;
  firstReadCells: number;
}

/**
 * Sizes read chunks by response bytes, not only cells: Excel on the web refuses
 * a response over 5 MB. The first request reads a small probe of each table
 * (its row count from the header count); each later chunk is sized from the
 * JSON bytes per row measured so far, with a margin, so that all chunk loads
 * queued in one sync together stay within the byte budget (~4 MB).
 */
export class ChunkReader {
  /** Bytes per row learned per table (largest seen, with margin). */
  private readonly rowBytes = new Map<string, number>();
  private cap = Infinity;
  private firstCells: number;
  constructor(
    private readonly maxCells: number,
    private readonly maxBytes: number,
    firstCells: number,
  ) {
    this.firstCells = Math.max(1, Math.min(firstCells, maxCells));
  }
  /** Rows of the probe chunk of one of `tables` tables `cellsPerRow` wide. */
  firstRows(cellsPerRow: number, tables: number): number {
    return Math.max(1, Math.floor(this.firstCells / Math.max(1, tables) / Math.max(1, cellsPerRow)));
  }
  bytesPerRequest(): number {
    return Math.max(1, Math.min(this.maxBytes, this.cap));
  }
  cellsPerRequest(): number {
    return this.maxCells;
  }
  /** Estimated response bytes of one row; before any measurement, a floor of ~4 bytes per cell (`"",`). */
  bytesPerRow(key: string, cellsPerRow: number): number {
    return Math.max(this.rowBytes.get(key) ?? 0, cellsPerRow * 4);
  }
  /** Rows of the next chunk, given what is left of this request's cell and byte budgets. */
  rowsFor(key: string, cellsPerRow: number, cellsLeft: number, bytesLeft: number): number {
    const byCells = Math.floor(cellsLeft / Math.max(1, cellsPerRow));
    const byBytes = Math.floor(bytesLeft / this.bytesPerRow(key, cellsPerRow));
    return Math.min(byCells, byBytes);
  }
  learn(key: string, rows: number, bytes: number): void {
    // 25% margin: later rows may hold longer texts than the ones measured.
    if (rows > 0 && bytes > 0) this.rowBytes.set(key, Math.max(this.rowBytes.get(key) ?? 0, (bytes / rows) * 1.25));
  }
  /**
   * Excel refused a response as too large (rows far bigger than measured):
   * plan half as much. False when a single row was already alone.
   */
  shrink(e: unknown, probe: boolean, rowsAsked: number, bytesPlanned: number): boolean {
    if (officeErrorCode(e) !== "ResponsePayloadSizeLimitExceeded" || rowsAsked <= 1) return false;
    if (probe) this.firstCells = Math.max(1, Math.floor(this.firstCells / 2));
    else this.cap = Math.max(1, Math.floor(Math.min(bytesPlanned, this.bytesPerRequest()) / 2));
    return true;
  }
}

/** Office returns "" for a blank cell; the port uses null. */
function readCell(v: unknown): CellValue {
  if (v === "" || v === undefined || v === null) return null;
  return v as CellValue;
}

function toCellRows(values: unknown[][]): CellValue[][] {
  const out: CellValue[][] = new Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const src = values[i]!;
    const row: CellValue[] = new Array(src.length);
    for (let j = 0; j < src.length; j++) row[j] = readCell(src[j]);
    out[i] = row;
  }
  return out;
}

function toFormulaRows(formulas: unknown[][]): (string | null)[][] {
  return formulas.map((row) => row.map((f) => (typeof f === "string" && f.startsWith("=") ? f : null)));
}

/**
 * Whole tables: one request for which exist, their size and width; one for the
 * headers with a small probe of rows of each; then row chunks sized by the bytes
 * per row the probe showed. A missing table is absent from the result.
 */
export async function readTableChunks(
  s: SyncSession,
  names: string[],
  options: ReadTableOptions,
  limits: ReadLimits,
): Promise<Map<string, TableData>> {
  const wb = s.ctx.workbook;
  // Request 1: which tables exist, their sheet, size and width.
  const probes = names.map((name) => {
    const t = wb.tables.getItemOrNullObject(name); // ExcelApi 1.4
    t.load("name,worksheet/name,rows/count,columns/count"); // ExcelApi 1.1 / 1.2 (worksheet)
    s.add(0);
    return { name, t };
  });
  await s.sync();
  const perCell = options.formulas ? 2 : 1;
  const found = probes
    .filter((p) => !p.t.isNullObject)
    .map((p) => ({
      name: p.name,
      t: p.t,
      rows: p.t.rows.count, // ExcelApi 1.1
      width: p.t.columns.count, // ExcelApi 1.1
      next: 0,
      values: [] as unknown[][],
      formulas: [] as unknown[][],
      range: undefined as Excel.Range | undefined,
      header: undefined as Excel.Range | undefined,
      first: undefined as Excel.Range | undefined,
    }));
  // Request 2: headers with a small probe of rows of each table; requests 3…:
  // row chunks sized by the bytes per row the probe showed, several per sync
  // as long as their responses together stay within the byte budget.
  const reader = new ChunkReader(limits.maxReadCells, limits.maxResponseBytes, limits.firstReadCells);
  let round = 0;
  while (round === 0 || found.some((f) => f.next < f.rows)) {
    const probe = round === 0;
    let cellsLeft = reader.cellsPerRequest();
    let bytesLeft = reader.bytesPerRequest();
    let planned = 0;
    const starts = found.map((f) => f.next);
    const batch: { f: (typeof found)[number]; range: Excel.Range; rows: number }[] = [];
    for (const f of found) {
      if (probe) {
        f.range = f.t.getRange().load("address"); // ExcelApi 1.1
        f.header = f.t.getHeaderRowRange().load("values"); // ExcelApi 1.1
        if (f.rows === 1) f.first = f.t.getDataBodyRange().getRow(0).load("formulas"); // ExcelApi 1.1
        s.add(0);
      }
      const perRow = Math.max(1, f.width * perCell);
      if (f.next >= f.rows) continue;
      let take = probe ? reader.firstRows(perRow, found.length) : reader.rowsFor(f.name, perRow, cellsLeft, bytesLeft);
      if (take < 1) {
        if (batch.length) continue; // the next sync
        take = 1; // one row alone, whatever it weighs
      }
      take = Math.min(take, f.rows - f.next);
      const range = f.t
        .getDataBodyRange()
        .getRow(f.next)
        .getResizedRange(take - 1, 0); // ExcelApi 1.1 / 1.2
      if (options.formulas)
        range.load("values,formulas"); // ExcelApi 1.1
      else range.load("values"); // ExcelApi 1.1
      s.add(0);
      batch.push({ f, range, rows: take });
      f.next += take;
      const bytes = take * reader.bytesPerRow(f.name, perRow);
      planned += bytes;
      cellsLeft -= take * perRow;
      bytesLeft -= bytes;
    }
    try {
      await s.sync(round > 0);
    } catch (e) {
      // Too big a response: the same rows again, in smaller pieces.
      const rowsAsked = batch.reduce((a, b) => a + b.rows, 0);
      if (!reader.shrink(e, probe, rowsAsked, planned)) throw e;
      found.forEach((f, i) => (f.next = starts[i]!));
      continue;
    }
    round++;
    for (const b of batch) {
      const values = b.range.values; // ExcelApi 1.1
      for (const row of values) b.f.values.push(row);
      let bytes = jsonSize(values);
      if (options.formulas) {
        const formulas = b.range.formulas; // ExcelApi 1.1
        for (const row of formulas) b.f.formulas.push(row);
        bytes += jsonSize(formulas);
      }
      reader.learn(b.f.name, b.rows, bytes);
    }
  }
  const results = new Map<string, TableData>();
  for (const f of found) {
    let values = f.values;
    let formulas: unknown[][] | undefined = options.formulas ? f.formulas : undefined;
    // Excel's placeholder row of an empty table is not data.
    const placeholder = f.rows === 1 && f.first !== undefined && isPlaceholderRow(f.first.formulas[0]); // ExcelApi 1.1
    if (placeholder) {
      values = [];
      if (formulas) formulas = [];
    }
    const address = stripSheet(f.range!.address); // ExcelApi 1.1
    const top = parseRect0(address);
    const headers = (f.header!.values[0] ?? []).map((h) => String(h)); // ExcelApi 1.1
    const info: TableInfo = {
      name: f.t.name,
      sheet: f.t.worksheet.name,
      address,
      headers,
      rowCount: values.length,
    }; // ExcelApi 1.1 / 1.2
    const data: TableData = { table: info, firstRow: top.row + 2, values: toCellRows(values) };
    if (formulas) data.formulas = toFormulaRows(formulas);
    results.set(f.name, data);
  }
  return results;
}

/** Values of a rectangle in row chunks sized by the response budget (the first request included). */
export async function readRangeChunks(
  s: SyncSession,
  sheet: string,
  address: string,
  limits: ReadLimits,
): Promise<CellValue[][]> {
  const rect = parseRect0(address);
  const ws = s.ctx.workbook.worksheets.getItem(sheet); // ExcelApi 1.1
  const reader = new ChunkReader(limits.maxReadCells, limits.maxResponseBytes, limits.firstReadCells);
  const out: unknown[][] = [];
  let next = 0;
  let first = true;
  while (next < rect.rows) {
    // A small probe first, then chunks sized by its measured bytes per row.
    const fit = first
      ? reader.firstRows(rect.cols, 1)
      : reader.rowsFor("range", rect.cols, reader.cellsPerRequest(), reader.bytesPerRequest());
    const take = Math.min(rect.rows - next, Math.max(1, fit));
    const range = ws
      .getRange(rectA1({ row: rect.row + next, col: rect.col, rows: take, cols: rect.cols }))
      .load("values"); // ExcelApi 1.1
    s.add(0);
    try {
      await s.sync(!first);
    } catch (e) {
      // Too big a response: the same rows again, fewer at a time.
      if (!reader.shrink(e, first, take, take * reader.bytesPerRow("range", rect.cols))) throw e;
      continue;
    }
    first = false;
    reader.learn("range", take, jsonSize(range.values)); // ExcelApi 1.1
    for (const row of range.values) out.push(row); // ExcelApi 1.1
    next += take;
  }
  return toCellRows(out);
}
