import type { CellWrite, Change, ConditionalFormat, ProtectionOptions, Validation } from "../../domain/plan/changes";
import type { CellValue } from "../../domain/types";
import {
  type ApplyProgress,
  type ReadTableOptions,
  type TableData,
  type TableInfo,
  type WorkbookPort,
  type WorkbookState,
  WorkbookError,
} from "../port";
import { type Rect, cellA1, parseCell, parseRect, rectA1, stripSheet } from "./a1";
import { type Capabilities, type RequirementsLike, detectCapabilities, officeRequirements } from "./apiSets";
import { ACTION_OVERHEAD_BYTES, MAX_CELL_TEXT, type OfficeScalar, encodeRows, jsonSize, longestText } from "./cells";
import { type DrawnChart, type ReviewChartsSpec, rebuildReviewCharts } from "./charts";
import { BUSY_PROPERTY, BUSY_STALE_MS, busyError, decodeMarker, encodeMarker, heldByOther, newOwnerId } from "./busy";
import { isOfficeError, officeErrorCode, toWorkbookError } from "./errors";
import { type OfficeOperationStats, SyncSession } from "./session";

/**
 * The Office.js adapter of the workbook port (DESIGN §2).
 *
 * Round trips per operation are constant in the number of rows:
 * - readState: 2 syncs (sheets/tables/names/properties, then table geometry);
 * - readTables: 2 syncs (which tables exist, then headers + data), plus one per
 *   extra chunk when the data exceeds a response budget (~4 MB of JSON per sync,
 *   sized from a small first chunk's bytes per row; never > 5 M cells);
 * - apply: 2 preflight syncs (state, table geometry), the writes (1 sync, plus one
 *   per ~4 MB chunk), 1 final sync restoring events and recalculating.
 * Writes are whole 2-D blocks; calculation is suspended in every write request
 * (ExcelApi 1.6) and events are off while writing (ExcelApi 1.8), restored after,
 * also on error. Everything the plan wants is checked against the workbook
 * before the first write (missing table, protected sheet, text too long), so
 * those failures change nothing.
 */
export type ExcelRunner = <T>(batch: (context: Excel.RequestContext) => Promise<T>) => Promise<T>;

export interface OfficeWorkbookOptions {
  /** Default: `Excel.run`. Tests pass a fake host's `run`. */
  run?: ExcelRunner;
  /** Default: `Office.context.requirements`. */
  requirements?: RequirementsLike;
  /** Budget of one request's payload (default 4,000,000 bytes, under Excel on the web's 5 MB). */
  maxRequestBytes?: number;
  /** Budget of one read's response (default 4,000,000 bytes). */
  maxResponseBytes?: number;
  /** Hard cap of cells per read request (Excel on the web: 5 million). */
  maxReadCells?: number;
  /** Cells read in the first (probe) data request, shared by the tables, before bytes per row are measured (default 40,000). */
  firstReadCells?: number;
  /** Clock of the busy marker, epoch ms (tests pass a fake one). */
  now?: () => number;
  /** Age after which another runtime's busy marker is stale (default 5 minutes). */
  busyStaleMs?: number;
}

interface VSheet {
  name: string;
  protected: boolean;
  existed: boolean;
}

interface VTable {
  name: string;
  sheet: string;
  /** 0-based header row and first column. */
  row: number;
  col: number;
  headers: string[];
  /** Data rows as Excel counts them (a new table has one blank row). */
  rows: number;
  /** The only data row is Excel's blank placeholder row. */
  blankRow: boolean;
  existed: boolean;
}

function defaultRunner(): ExcelRunner {
  const excel = (globalThis as { Excel?: { run?: ExcelRunner } }).Excel;
  if (!excel?.run) throw new WorkbookError("closed", "Excel 不可用 / Excel is not available", "Excel.run missing");
  return (batch) => excel.run!(batch); // ExcelApi 1.1
}

/**
 * Excel's placeholder row: a table always has a data row, so an empty table
 * has one whose cells are blank or only formulas (calculated columns fill it).
 * It is not data: reads leave it out, and the first appended row goes into it.
 * Read from `formulas` (a formula shows its text, a typed value itself).
 */
function isPlaceholderRow(formulas: unknown[] | undefined): boolean {
  return !formulas || formulas.every((v) => v === "" || v === null || (typeof v === "string" && v.startsWith("=")));
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

function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** Excel column width: characters of the default font's digit width (7 px) + 5 px padding; Office.js wants points (0.75 px). */
export function charactersToPoints(chars: number): number {
  return Math.round((chars * 7 + 5) * 0.75 * 100) / 100;
}

const OPERATORS: Record<
  string,
  Excel.DataValidationOperator | "Between" | "GreaterThan" | "GreaterThanOrEqualTo" | "LessThanOrEqualTo"
> = {
  between: "Between",
  greaterThan: "GreaterThan",
  greaterThanOrEqual: "GreaterThanOrEqualTo",
  lessThanOrEqual: "LessThanOrEqualTo",
};

/** Excel limits: input/error title 32 characters, message 255. */
function clip(s: string, n: number): string {
  return s.length > n ? s.slice(0, n - 1) + "…" : s;
}

export function toDataValidationRule(rule: Validation["rule"]): Excel.DataValidationRule {
  switch (rule.kind) {
    case "list":
      return { list: { inCellDropDown: true, source: rule.source } }; // ExcelApi 1.8
    case "custom":
      return { custom: { formula: rule.formula } }; // ExcelApi 1.8
    case "date": {
      const basic: Excel.DateTimeDataValidation = { formula1: rule.formula1, operator: OPERATORS[rule.operator]! }; // ExcelApi 1.8
      if (rule.formula2 !== undefined) basic.formula2 = rule.formula2; // ExcelApi 1.8
      return { date: basic }; // ExcelApi 1.8
    }
    default: {
      const basic: Excel.BasicDataValidation = { formula1: rule.formula1, operator: OPERATORS[rule.operator]! }; // ExcelApi 1.8
      if (rule.formula2 !== undefined) basic.formula2 = rule.formula2; // ExcelApi 1.8
      if (rule.kind === "decimal") return { decimal: basic }; // ExcelApi 1.8
      if (rule.kind === "whole") return { wholeNumber: basic }; // ExcelApi 1.8
      return { textLength: basic }; // ExcelApi 1.8
    }
  }
}

/** Sheets and tables a change touches (for the protected check and error reports). */
function touched(
  c: Change,
  tableSheet: (t: string) => string | undefined,
): { sheet?: string; table?: string; writes: boolean } {
  switch (c.op) {
    case "ensureSheet":
      return { sheet: c.sheet, writes: false };
    case "createTable":
    case "replaceTable":
      return { sheet: c.sheet, table: c.table, writes: true };
    case "addColumns":
    case "appendRows":
    case "writeTableColumn": {
      const sheet = tableSheet(c.table);
      return { ...(sheet ? { sheet } : {}), table: c.table, writes: true };
    }
    case "setDefinedName":
    case "setProperty":
      return { writes: false };
    case "protectSheet":
    case "unprotectSheet":
      return { sheet: c.sheet, writes: false };
    default:
      return { sheet: c.sheet, writes: true };
  }
}

export class OfficeWorkbook implements WorkbookPort {
  private readonly runner: ExcelRunner;
  private readonly requirements: RequirementsLike | undefined;
  private readonly maxRequestBytes: number;
  private readonly maxResponseBytes: number;
  private readonly maxReadCells: number;
  private readonly firstReadCells: number;
  /** Round trips and payload of the last operation (for tests, bench and diagnostics). */
  lastStats: OfficeOperationStats | undefined;
  /** Charts drawn by the last ensureReviewCharts. */
  lastCharts: DrawnChart[] = [];

  constructor(opts: OfficeWorkbookOptions = {}) {
    this.runner = opts.run ?? defaultRunner();
    this.requirements = opts.requirements ?? officeRequirements();
    this.maxRequestBytes = opts.maxRequestBytes ?? 4_000_000;
    this.maxResponseBytes = opts.maxResponseBytes ?? 4_000_000;
    this.maxReadCells = Math.min(opts.maxReadCells ?? 5_000_000, 5_000_000);
    // The probe assumes up to ~100 bytes per cell (a 30-character Chinese note) to stay within 4 MB.
    this.firstReadCells = opts.firstReadCells ?? 40_000;
    this.now = opts.now ?? (() => Date.now());
    this.busyStaleMs = opts.busyStaleMs ?? BUSY_STALE_MS;
  }

  /**
   * The write operation in progress (see `exclusive`): its busy-marker owner id, and
   * whether screen updating was already suspended. Screen updating is suspended once
   * per write operation (issue 11 item 11); a lone apply is its own operation.
   */
  private operation: { owner: string; screenSuspended: boolean } | undefined;
  private readonly now: () => number;
  private readonly busyStaleMs: number;

  private suspendScreen(): boolean {
    if (!this.operation) return true;
    if (this.operation.screenSuspended) return false;
    this.operation.screenSuspended = true;
    return true;
  }

  /**
   * Runs `body` as one write operation (issue 11 items 10, 11): claims the workbook's
   * busy marker first — refused with WorkbookError "busy" (both languages) while
   * another runtime's fresh claim is there — and releases it afterwards, also on
   * failure. Every apply inside renews the claim; screen updating is suspended at
   * most once across them. Nested calls join the running operation.
   */
  async exclusive<T>(body: () => Promise<T>): Promise<T> {
    if (this.operation) return body();
    const owner = newOwnerId();
    await this.session("claim", async (s) => {
      const custom = s.ctx.workbook.properties.custom; // ExcelApi 1.7
      const read = () => {
        const p = custom.getItemOrNullObject(BUSY_PROPERTY); // ExcelApi 1.7
        p.load("value"); // ExcelApi 1.7
        s.add(0);
        return p;
      };
      const before = read();
      await s.sync();
      if (
        heldByOther(before.isNullObject ? undefined : decodeMarker(before.value), owner, this.now(), this.busyStaleMs)
      )
        throw busyError(); // ExcelApi 1.7
      custom.add(BUSY_PROPERTY, encodeMarker({ owner, at: this.now() })); // ExcelApi 1.7
      const after = read();
      await s.sync();
      // Two runtimes that both found the workbook free: the claim written last wins, the other stops here.
      const won = after.isNullObject ? undefined : decodeMarker(after.value); // ExcelApi 1.7
      if (won?.owner !== owner) throw busyError();
    });
    this.operation = { owner, screenSuspended: false };
    try {
      return await body();
    } finally {
      this.operation = undefined;
      await this.release(owner);
    }
  }

  /** Removes our claim (best effort: the workbook may be closed; a left claim goes stale). */
  private async release(owner: string): Promise<void> {
    try {
      await this.runner(async (ctx) => {
        const p = ctx.workbook.properties.custom.getItemOrNullObject(BUSY_PROPERTY); // ExcelApi 1.7
        p.load("value"); // ExcelApi 1.7
        await ctx.sync();
        // eslint-disable-next-line office-addins/call-sync-before-read -- loaded and synced just above
        const ours = !p.isNullObject && decodeMarker(p.value)?.owner === owner; // ExcelApi 1.7
        if (ours) {
          p.delete(); // ExcelApi 1.7
          await ctx.sync();
        }
      });
    } catch {
      // Nothing more to do: the marker expires after busyStaleMs.
    }
  }

  capabilities(): Capabilities {
    return detectCapabilities(this.requirements);
  }

  protected async session<T>(
    operation: string,
    body: (s: SyncSession) => Promise<T>,
    failure?: () => { tables?: string[]; sheets?: string[]; unfinished?: string[] },
  ): Promise<T> {
    let session: SyncSession | undefined;
    try {
      return await this.runner(async (ctx) => {
        session = new SyncSession(ctx, operation, this.maxRequestBytes);
        return body(session);
      });
    } catch (e) {
      // Office errors become WorkbookErrors; a bug in this code stays what it is.
      if (!(e instanceof WorkbookError) && !isOfficeError(e)) throw e;
      throw toWorkbookError(e, { operation, ...(failure?.() ?? {}) });
    } finally {
      if (session) this.lastStats = session.stats();
    }
  }

  // ------------------------------------------------------------------ reads

  async readState(): Promise<WorkbookState> {
    return this.session("readState", async (s) => {
      const wb = s.ctx.workbook;
      const sheets = wb.worksheets; // ExcelApi 1.1
      sheets.load("items/name,items/visibility,items/protection/protected"); // ExcelApi 1.1 / 1.2 (protection)
      const tables = wb.tables; // ExcelApi 1.1
      tables.load("items/name,items/worksheet/name,items/rows/count"); // ExcelApi 1.1 / 1.2 (worksheet)
      const names = wb.names; // ExcelApi 1.1
      names.load("items/name,items/formula"); // ExcelApi 1.1 / 1.7 (formula)
      const custom = wb.properties.custom; // ExcelApi 1.7
      custom.load("items/key,items/value"); // ExcelApi 1.7
      s.add(0);
      await s.sync();

      const geometry = tables.items.map((t) => {
        const range = t.getRange().load("address"); // ExcelApi 1.1
        const header = t.getHeaderRowRange().load("values"); // ExcelApi 1.1
        const first = t.getDataBodyRange().getRow(0).load("formulas"); // ExcelApi 1.1
        s.add(0);
        return { t, range, header, first };
      });
      if (geometry.length) await s.sync();

      const tableInfos: TableInfo[] = geometry.map(({ t, range, header, first }) => {
        const count = t.rows.count; // ExcelApi 1.1
        return {
          name: t.name, // ExcelApi 1.1
          sheet: t.worksheet.name, // ExcelApi 1.2
          address: stripSheet(range.address),
          headers: (header.values[0] ?? []).map((h) => String(h)),
          rowCount: count === 1 && isPlaceholderRow(first.formulas[0]) ? 0 : count,
        };
      });
      const properties: Record<string, string> = {};
      for (const p of custom.items) properties[p.key] = String(p.value); // ExcelApi 1.7
      return {
        sheets: sheets.items.map((w) => ({
          name: w.name,
          visible: w.visibility === "Visible",
          protected: w.protection.protected,
        })), // ExcelApi 1.1 / 1.2
        tables: tableInfos,
        names: names.items.map((n) => ({ name: n.name, formula: n.formula })), // ExcelApi 1.1 / 1.7
        properties,
      };
    });
  }

  async readTables(names: string[], options: ReadTableOptions = {}): Promise<Map<string, TableData>> {
    return this.session(
      "readTables",
      async (s) => {
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
        const reader = new ChunkReader(this.maxReadCells, this.maxResponseBytes, this.firstReadCells);
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
            let take = probe
              ? reader.firstRows(perRow, found.length)
              : reader.rowsFor(f.name, perRow, cellsLeft, bytesLeft);
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
          const top = parseRect(address);
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
      },
      () => ({ tables: names }),
    );
  }

  async readRange(sheet: string, address: string): Promise<CellValue[][]> {
    return this.session(
      "readRange",
      async (s) => this.readRows(s, sheet, address),
      () => ({ sheets: [sheet] }),
    );
  }

  /** Values of a rectangle in row chunks sized by the response budget (the first request included). */
  protected async readRows(s: SyncSession, sheet: string, address: string): Promise<CellValue[][]> {
    const rect = parseRect(address);
    const ws = s.ctx.workbook.worksheets.getItem(sheet); // ExcelApi 1.1
    const reader = new ChunkReader(this.maxReadCells, this.maxResponseBytes, this.firstReadCells);
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

  // ------------------------------------------------------------------ charts

  /**
   * Re-creates the review charts over the review tables (Office only; the xlsx
   * adapter has no charts). The refresh operation calls it on any port that has it,
   * after the review data is written: a chart Excel refuses is a warning (both
   * languages) in the result, never a failed Refresh (issue 11 item 3).
   */
  async ensureReviewCharts(spec: ReviewChartsSpec): Promise<{ warnings: { zh: string; en: string }[] }> {
    this.lastCharts = [];
    try {
      const outcome = await this.session(
        "charts",
        async (s) => rebuildReviewCharts(s, spec, this.capabilities()),
        () => ({
          sheets: [spec.funnel.sheet, spec.channels.sheet],
          tables: [spec.funnel.table, spec.channels.table],
        }),
      );
      this.lastCharts = outcome.drawn;
      return { warnings: outcome.warnings };
    } catch (e) {
      if (!(e instanceof WorkbookError)) throw e;
      return {
        warnings: [
          {
            zh: `复盘图表未能更新；复盘表的数据已经写好。（${e.message}）`,
            en: `The review charts could not be updated; the review tables are written. (${e.message})`,
          },
        ],
      };
    }
  }

  // ------------------------------------------------------------------ apply

  async apply(changes: Change[], progress?: ApplyProgress): Promise<void> {
    const longest = changes.reduce(
      (max, c) =>
        Math.max(
          max,
          c.op === "writeCells"
            ? longestText(c.cells)
            : c.op === "appendRows" || c.op === "replaceTable"
              ? longestText(c.rows)
              : c.op === "writeTableColumn"
                ? longestText([c.cells])
                : 0,
        ),
      0,
    );
    if (longest > MAX_CELL_TEXT)
      throw new WorkbookError(
        "too-large",
        `单元格文本超过 Excel 的 32,767 个字符上限（${longest}）。/ A cell's text is longer than Excel's limit of 32,767 characters (${longest}).`,
      );
    const caps = this.capabilities();
    // Progress of the writes, for the error report: changes fully queued before the last good sync are done.
    let lastQueued = -1;
    let confirmed = -1;
    let eventsWere: boolean | undefined;
    let eventsOff = false;
    const sheetOf = new Map<string, string>();
    const sheetsOf = (from: number, to: number): string[] => {
      const out = new Set<string>();
      for (let i = Math.max(0, from); i <= to && i < changes.length; i++) {
        const t = touched(changes[i]!, (name) => sheetOf.get(name.toLowerCase()));
        if (t.sheet) out.add(t.sheet);
      }
      return [...out];
    };
    const tablesOf = (from: number, to: number): string[] =>
      changes.slice(Math.max(0, from), to + 1).flatMap((c) => ("table" in c ? [c.table] : []));
    await this.session(
      "apply",
      async (s) => {
        const ctx = s.ctx;
        const wb = ctx.workbook;
        // ---- preflight 1: what exists
        const sheetsCol = wb.worksheets; // ExcelApi 1.1
        sheetsCol.load("items/name,items/protection/protected"); // ExcelApi 1.1 / 1.2
        const tablesCol = wb.tables; // ExcelApi 1.1
        tablesCol.load("items/name,items/worksheet/name,items/rows/count"); // ExcelApi 1.1 / 1.2
        const namesCol = wb.names; // ExcelApi 1.1
        namesCol.load("items/name,items/formula"); // ExcelApi 1.1 / 1.7
        const runtime = ctx.runtime; // ExcelApi 1.5
        runtime.load("enableEvents"); // ExcelApi 1.8
        const custom = wb.properties.custom; // ExcelApi 1.7
        const busy = custom.getItemOrNullObject(BUSY_PROPERTY); // ExcelApi 1.7
        busy.load("value"); // ExcelApi 1.7
        s.add(0);
        await s.sync();
        eventsWere = runtime.enableEvents; // ExcelApi 1.8
        // Another runtime is writing (or took over our stale claim): nothing is written.
        // eslint-disable-next-line office-addins/call-sync-before-read, office-addins/call-sync-after-load -- synced by s.sync() above
        const marker = busy.isNullObject ? undefined : decodeMarker(busy.value); // ExcelApi 1.7
        const mine = this.operation?.owner;
        if (heldByOther(marker, mine, this.now(), this.busyStaleMs) || (mine && marker?.owner !== mine))
          throw busyError();

        const vsheets = new Map<string, VSheet>();
        for (const w of sheetsCol.items)
          vsheets.set(w.name.toLowerCase(), { name: w.name, protected: w.protection.protected, existed: true }); // ExcelApi 1.1 / 1.2
        const vnames = new Map<string, string>();
        for (const n of namesCol.items) vnames.set(n.name.toLowerCase(), n.formula); // ExcelApi 1.1 / 1.7
        for (const t of tablesCol.items) sheetOf.set(t.name.toLowerCase(), t.worksheet.name); // ExcelApi 1.1 / 1.2
        for (const c of changes)
          if (c.op === "createTable" || c.op === "replaceTable") sheetOf.set(c.table.toLowerCase(), c.sheet);

        // ---- preflight 2: geometry of the tables the plan touches
        const referenced = new Set<string>();
        for (const c of changes) if ("table" in c) referenced.add(c.table.toLowerCase());
        const existing = tablesCol.items.filter((t) => referenced.has(t.name.toLowerCase())); // ExcelApi 1.1
        // Tables that get rows written: their visible rows, to refuse writing into a filtered table.
        const rowWrites = new Set<string>();
        for (const c of changes)
          if (c.op === "appendRows" || c.op === "writeTableColumn") rowWrites.add(c.table.toLowerCase());
        const geo = existing.map((t) => ({
          t,
          range: t.getRange().load("address"), // ExcelApi 1.1
          header: t.getHeaderRowRange().load("values"), // ExcelApi 1.1
          first: t.getDataBodyRange().getRow(0).load("formulas"), // ExcelApi 1.1
          visible: rowWrites.has(t.name.toLowerCase())
            ? t.getDataBodyRange().getVisibleView().load("rowCount") // ExcelApi 1.3
            : undefined,
        }));
        if (geo.length) {
          s.add(0);
          await s.sync();
        }
        const vtables = new Map<string, VTable>();
        for (const g of geo) {
          const r = parseRect(g.range.address); // ExcelApi 1.1
          const rows = g.t.rows.count; // ExcelApi 1.1
          vtables.set(g.t.name.toLowerCase(), {
            name: g.t.name, // ExcelApi 1.1
            sheet: g.t.worksheet.name, // ExcelApi 1.2
            row: r.row,
            col: r.col,
            headers: (g.header.values[0] ?? []).map((h) => String(h)),
            rows,
            blankRow: rows === 1 && isPlaceholderRow(g.first.formulas[0]),
            existed: true,
          });
          // Rows hidden by a filter (or by hand): Excel writes into a filtered range land in the wrong
          // rows (office-js#224), so nothing is written; the person clears the filter and tries again.
          if (g.visible && g.visible.rowCount < rows)
            throw filteredError(g.t.name, g.t.worksheet.name, rows, g.visible.rowCount); // ExcelApi 1.3
        }

        // ---- check the whole plan before writing anything
        this.preflight(changes, vsheets, vtables);

        // ---- writes: every request suspends calculation; screen updating is suspended once per
        // write operation, in its first write request: the reference warns that calling
        // suspendScreenUpdatingUntilNextSync repeatedly (as in a loop) makes the Excel window flicker.
        const writer = new PlanWriter(s, caps, this.maxRequestBytes);
        const perRequest = (): void => {
          wb.application.suspendApiCalculationUntilNextSync(); // ExcelApi 1.6
          s.add(0);
        };
        s.onNewRequest = () => {
          confirmed = lastQueued;
          perRequest();
        };
        perRequest();
        if (caps.excelApi1_9 && this.suspendScreen()) {
          wb.application.suspendScreenUpdatingUntilNextSync(); // ExcelApi 1.9 (gated)
          s.add(0);
        }
        runtime.enableEvents = false; // ExcelApi 1.8
        eventsOff = true;
        s.add(0);
        for (let i = 0; i < changes.length; i++) {
          await writer.apply(changes[i]!, vsheets, vtables, vnames);
          lastQueued = i;
          progress?.(i + 1, changes.length, changes[i]!.op);
        }
        // ---- restore events; recalculate what the suspended requests left dirty
        s.onNewRequest = undefined;
        runtime.enableEvents = eventsWere; // ExcelApi 1.8
        if (mine) custom.add(BUSY_PROPERTY, encodeMarker({ owner: mine, at: this.now() })); // ExcelApi 1.7 (renew the claim)
        wb.application.calculate("Recalculate"); // ExcelApi 1.1
        s.add(0);
        await s.sync();
        eventsOff = false;
        confirmed = changes.length - 1;
      },
      () => ({
        sheets: sheetsOf(confirmed + 1, lastQueued + 1),
        tables: tablesOf(confirmed + 1, lastQueued + 1),
        unfinished: sheetsOf(confirmed + 1, changes.length - 1),
      }),
    ).catch(async (e: unknown) => {
      if (eventsOff) await this.restoreEvents(eventsWere ?? true);
      throw e;
    });
  }

  /** After a failure: turn events back on (best effort; the workbook may be gone). */
  private async restoreEvents(value: boolean): Promise<void> {
    try {
      await this.runner(async (ctx) => {
        ctx.runtime.enableEvents = value; // ExcelApi 1.8
        await ctx.sync();
      });
    } catch {
      // The workbook is closed or unreachable: nothing left to restore.
    }
  }

  /** Walks the plan against the workbook as it is and as the plan changes it; throws before any write. */
  private preflight(changes: Change[], vsheetsIn: Map<string, VSheet>, vtablesIn: Map<string, VTable>): void {
    const sheets = new Map([...vsheetsIn].map(([k, v]) => [k, { ...v }]));
    // `rows`: physical data rows (an empty table has its placeholder row); `placeholder`: that row is still free.
    const tables = new Map(
      [...vtablesIn].map(([k, v]) => [
        k,
        { sheet: v.sheet, headers: [...v.headers], rows: v.rows, placeholder: v.blankRow },
      ]),
    );
    const created = new Set<string>();
    const missingTable = (name: string): WorkbookError =>
      new WorkbookError(
        "table-missing",
        `找不到表格“${name}”：它可能已被重命名或删除。请恢复原名称后重试。/ Table "${name}" was not found: it may have been renamed or deleted. Restore its name and try again.`,
        name,
      );
    for (const c of changes) {
      if (c.op === "ensureSheet") {
        if (!sheets.has(c.sheet.toLowerCase()))
          sheets.set(c.sheet.toLowerCase(), { name: c.sheet, protected: false, existed: false });
        continue;
      }
      if (c.op === "createTable" || c.op === "replaceTable") {
        if (!sheets.has(c.sheet.toLowerCase()))
          throw new WorkbookError(
            "table-missing",
            `找不到工作表“${c.sheet}”。/ Sheet "${c.sheet}" was not found.`,
            c.sheet,
          );
        if (c.op === "replaceTable" || !tables.has(c.table.toLowerCase())) {
          const rows = c.op === "replaceTable" ? c.rows.length : 0;
          tables.set(c.table.toLowerCase(), {
            sheet: c.sheet,
            headers: [...c.headers],
            rows: Math.max(1, rows),
            placeholder: rows === 0,
          });
          created.add(c.table.toLowerCase());
        }
      }
      const t = touched(c, (name) => tables.get(name.toLowerCase())?.sheet);
      if (t.table && !tables.has(t.table.toLowerCase())) throw missingTable(t.table);
      if (c.op === "writeTableColumn") {
        const vt = tables.get(c.table.toLowerCase())!;
        if (!vt.headers.some((h) => sameName(h, c.column)))
          throw new WorkbookError(
            "table-missing",
            `表格“${c.table}”中找不到列“${c.column}”：它可能已被重命名或删除。/ Column "${c.column}" of table "${c.table}" was not found: it may have been renamed or deleted.`,
            `${c.table}[${c.column}]`,
          );
        const bad = c.rowIndexes.find((r) => r < 0 || r >= vt.rows);
        if (bad !== undefined)
          throw new WorkbookError(
            "table-missing",
            `表格“${c.table}”没有第 ${bad + 1} 行数据。/ Table "${c.table}" has no data row ${bad + 1}.`,
            `${c.table}#${bad}`,
          );
        if (c.rowIndexes.length !== c.cells.length)
          throw new Error(
            `writeTableColumn ${c.table}[${c.column}]: ${c.rowIndexes.length} indexes for ${c.cells.length} cells`,
          );
      }
      if (c.op === "addColumns") tables.get(c.table.toLowerCase())!.headers.push(...c.headers);
      if (c.op === "appendRows") {
        const vt = tables.get(c.table.toLowerCase())!;
        const wide = c.rows.find((r) => r.length > vt.headers.length);
        if (wide)
          throw new Error(`appendRows ${c.table}: a row has ${wide.length} cells for ${vt.headers.length} columns`);
        if (c.rows.length) {
          vt.rows += vt.placeholder ? c.rows.length - 1 : c.rows.length;
          vt.placeholder = false;
        }
      }
      if (t.sheet) {
        const vs = sheets.get(t.sheet.toLowerCase());
        if (!vs && c.op !== "unprotectSheet")
          throw new WorkbookError(
            "table-missing",
            `找不到工作表“${t.sheet}”。/ Sheet "${t.sheet}" was not found.`,
            t.sheet,
          );
        if (vs && c.op === "unprotectSheet") vs.protected = false;
        else if (vs && c.op === "protectSheet") vs.protected = true;
        else if (vs && t.writes && vs.protected)
          throw new WorkbookError(
            "protected",
            `工作表“${vs.name}”受保护，无法写入；未做任何更改。请撤消工作表保护后重试。/ Sheet "${vs.name}" is protected and cannot be written; nothing was changed. Unprotect it and try again.`,
            vs.name,
          );
      }
    }
  }
}

/**
 * Sizes read chunks by response bytes, not only cells: Excel on the web refuses
 * a response over 5 MB. The first request reads a small probe of each table
 * (its row count from the header count); each later chunk is sized from the
 * JSON bytes per row measured so far, with a margin, so that all chunk loads
 * queued in one sync together stay within the byte budget (~4 MB).
 */
class ChunkReader {
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

/**
 * True when a formula means the same in every cell it is copied to: no
 * relative A1 cell reference outside strings and structured references
 * (`Leads[[#This Row],[Budget]]`, defined names and absolute `$A$1` are fine).
 */
export function isPositionIndependent(formula: string): boolean {
  const stripped = formula.replace(/"(?:[^"]|"")*"/g, '""').replace(/\[(?:[^[\]]|\[[^\]]*\])*\]/g, "[]");
  return !/(^|[^A-Za-z0-9_.$])(\$?[A-Za-z]{1,3}\d+|[A-Za-z]{1,3}\$\d+)(?![A-Za-z0-9_(!])/.test(stripped);
}

/**
 * A table with hidden rows (a seller filtered Leads by owner). Refused rather than
 * cleared: the filter is the person's working view, and LeadFlow does not change it
 * behind their back; the message says how to clear it in one step.
 */
function filteredError(table: string, sheet: string, rows: number, visible: number): WorkbookError {
  return new WorkbookError(
    "filtered",
    `表格“${table}”（工作表“${sheet}”）已筛选或隐藏了部分行（显示 ${visible} / ${rows} 行）。在筛选状态下写入，Excel 可能把数据写到错误的行，所以 LeadFlow 没有做任何更改。请先清除筛选（“数据 > 清除”）并取消隐藏行，然后重试。/ Table "${table}" (sheet "${sheet}") is filtered or has hidden rows (${visible} of ${rows} rows shown). Excel can put data written into a filtered table in the wrong rows, so LeadFlow changed nothing. Clear the filter (Data > Clear) and unhide the rows, then try again.`,
    `${table}: ${visible}/${rows} rows visible`,
  );
}

/**
 * Sets one scalar for every cell of a range: the documented single-value form of
 * `Range.numberFormat` (typed as a 2-D array in the typings, hence the cast).
 */
function setScalar(range: Excel.Range, prop: "numberFormat", value: string): void {
  (range as unknown as Record<typeof prop, string>)[prop] = value;
}

/** Queues the Excel calls of each plan step, syncing only when a request is full. */
class PlanWriter {
  private readonly sheetProxies = new Map<string, Excel.Worksheet>();
  private readonly tableProxies = new Map<string, Excel.Table>();

  constructor(
    private readonly s: SyncSession,
    private readonly caps: Capabilities,
    private readonly budget: number,
  ) {}

  private get wb(): Excel.Workbook {
    return this.s.ctx.workbook;
  }

  private sheet(name: string): Excel.Worksheet {
    const key = name.toLowerCase();
    let ws = this.sheetProxies.get(key);
    if (!ws) {
      ws = this.wb.worksheets.getItem(name); // ExcelApi 1.1
      this.sheetProxies.set(key, ws);
    }
    return ws;
  }

  private table(name: string): Excel.Table {
    const key = name.toLowerCase();
    let t = this.tableProxies.get(key);
    if (!t) {
      t = this.wb.tables.getItem(name); // ExcelApi 1.1
      this.tableProxies.set(key, t);
    }
    return t;
  }

  /**
   * Writes rows of plan cells as 2-D blocks, chunked by payload. `target(start, count)`
   * returns the range for rows [start, start+count) and may queue calls of its own
   * (`extraBytes` estimates them).
   */
  private async writeRows(
    rows: readonly (readonly CellWrite[])[],
    width: number,
    formats: readonly (string | null)[] | undefined,
    target: (start: number, count: number) => Excel.Range,
    opts: { nullUnchanged?: boolean; extraBytesPerRow?: number } = {},
  ): Promise<void> {
    if (!rows.length || width === 0) return;
    // A formula repeated down a column goes as a full array, chunked by payload: a 1×1 array over a
    // larger range is not a documented form of `formulas`/`values` (issue 11 item 2).
    const enc = encodeRows(rows, width, formats);
    if (opts.nullUnchanged) {
      // Rows just added by Excel may hold calculated-column formulas: a plan null leaves them.
      rows.forEach((row, i) => {
        for (let j = 0; j < width; j++)
          if (j >= row.length || row[j] === null) enc.grid[i]![j] = null as unknown as OfficeScalar;
      });
    }
    const rowBytes = enc.grid.map(
      (row, i) =>
        jsonSize(row) + (enc.numberFormat ? jsonSize(enc.numberFormat[i]) : 0) + (opts.extraBytesPerRow ?? 0) + 1,
    );
    const limit = this.budget - 4 * ACTION_OVERHEAD_BYTES;
    let start = 0;
    while (start < rows.length) {
      let bytes = 0;
      let end = start;
      while (end < rows.length && (end === start || bytes + rowBytes[end]! <= limit)) bytes += rowBytes[end++]!;
      if (bytes > limit)
        throw new WorkbookError(
          "too-large",
          `一行数据超过单次请求上限（约 ${Math.round(bytes / 1e6)} MB）。/ One row is larger than a single request allows (about ${Math.round(bytes / 1e6)} MB).`,
        );
      await this.s.reserve(bytes);
      const range = target(start, end - start);
      if (enc.numberFormat) range.numberFormat = enc.numberFormat.slice(start, end); // ExcelApi 1.1
      const grid = enc.grid.slice(start, end);
      if (enc.hasFormulas)
        range.formulas = grid; // ExcelApi 1.1
      else range.values = grid; // ExcelApi 1.1
      this.s.add(0);
      start = end;
    }
  }

  async apply(
    c: Change,
    vsheets: Map<string, VSheet>,
    vtables: Map<string, VTable>,
    vnames: Map<string, string>,
  ): Promise<void> {
    const s = this.s;
    switch (c.op) {
      case "ensureSheet": {
        const key = c.sheet.toLowerCase();
        if (vsheets.has(key)) return;
        const ws = this.wb.worksheets.add(c.sheet); // ExcelApi 1.1
        this.sheetProxies.set(key, ws);
        if (c.index !== undefined) ws.position = Math.min(c.index, vsheets.size); // ExcelApi 1.1
        if (c.tabColor) ws.tabColor = c.tabColor; // ExcelApi 1.7
        if (c.hidden) ws.visibility = "Hidden"; // ExcelApi 1.2
        vsheets.set(key, { name: c.sheet, protected: false, existed: false });
        s.add(jsonSize(c));
        return;
      }
      case "createTable": {
        if (vtables.has(c.table.toLowerCase())) return;
        const tl = parseCell(c.topLeft);
        const ws = this.sheet(c.sheet);
        await this.writeRows(
          [c.headers],
          c.headers.length,
          undefined,
          () => ws.getRange(rectA1({ row: tl.row, col: tl.col, rows: 1, cols: c.headers.length })), // ExcelApi 1.1
        );
        const t = ws.tables.add(
          ws.getRange(rectA1({ row: tl.row, col: tl.col, rows: 1, cols: c.headers.length })),
          true,
        ); // ExcelApi 1.1
        t.name = c.table; // ExcelApi 1.1
        if (c.style) t.style = c.style; // ExcelApi 1.1
        if (c.showTotals !== undefined) t.showTotals = c.showTotals; // ExcelApi 1.1
        s.add(jsonSize(c.headers));
        this.tableProxies.set(c.table.toLowerCase(), t);
        vtables.set(c.table.toLowerCase(), {
          name: c.table,
          sheet: c.sheet,
          row: tl.row,
          col: tl.col,
          headers: [...c.headers],
          rows: 1,
          blankRow: true,
          existed: false,
        });
        return;
      }
      case "addColumns": {
        const vt = vtables.get(c.table.toLowerCase())!;
        const t = this.table(c.table);
        for (const h of c.headers) {
          if (vt.headers.some((x) => sameName(x, h))) continue;
          t.columns.add(undefined, undefined, h); // ExcelApi 1.4 (name)
          vt.headers.push(h);
          s.add(jsonSize(h));
        }
        return;
      }
      case "writeCells": {
        const tl = parseCell(c.topLeft);
        const width = c.cells.reduce((w, r) => Math.max(w, r.length), 0);
        const ws = this.sheet(c.sheet);
        await this.writeRows(
          c.cells,
          width,
          c.numberFormats,
          (start, count) => ws.getRange(rectA1({ row: tl.row + start, col: tl.col, rows: count, cols: width })), // ExcelApi 1.1
        );
        return;
      }
      case "appendRows": {
        const vt = vtables.get(c.table.toLowerCase())!;
        const t = this.table(c.table);
        const width = vt.headers.length;
        let rows: readonly (readonly CellWrite[])[] = c.rows;
        if (vt.blankRow && rows.length) {
          // Fill Excel's placeholder row of an empty table instead of leaving it blank above the data.
          await this.writeRows(rows.slice(0, 1), width, undefined, () => t.getDataBodyRange().getRow(0), {
            nullUnchanged: true,
          }); // ExcelApi 1.1
          vt.blankRow = false;
          rows = rows.slice(1);
        }
        const blankRowBytes = jsonSize(new Array(width).fill("")) + 1;
        await this.writeRows(
          rows,
          width,
          undefined,
          (_start, count) => {
            const blanks = Array.from({ length: count }, () => new Array<string>(width).fill(""));
            const added = t.rows.add(undefined, blanks); // ExcelApi 1.4 (several rows)
            return added.getRange().getResizedRange(count - 1, 0); // ExcelApi 1.1 / 1.2
          },
          { nullUnchanged: true, extraBytesPerRow: blankRowBytes },
        );
        vt.rows += rows.length;
        return;
      }
      case "writeTableColumn": {
        const t = this.table(c.table);
        const body = t.columns.getItem(c.column).getDataBodyRange(); // ExcelApi 1.1
        const order = c.rowIndexes.map((r, i) => [r, i] as const).sort((a, b) => a[0] - b[0]);
        let i = 0;
        while (i < order.length) {
          let j = i + 1;
          while (j < order.length && order[j]![0] === order[j - 1]![0] + 1) j++;
          const first = order[i]![0];
          const cells = order.slice(i, j).map(([, k]) => [c.cells[k]!]);
          await this.writeRows(cells, 1, undefined, (start, count) =>
            body.getCell(first + start, 0).getResizedRange(count - 1, 0),
          ); // ExcelApi 1.1 / 1.2
          i = j;
        }
        return;
      }
      case "replaceTable": {
        const key = c.table.toLowerCase();
        if (vtables.has(key)) {
          this.table(c.table).convertToRange().clear(); // ExcelApi 1.2 / 1.1
          s.add(0);
        }
        const tl = parseCell(c.topLeft);
        const ws = this.sheet(c.sheet);
        const width = c.headers.length;
        const block: CellWrite[][] = [c.headers, ...c.rows];
        const formats = c.numberFormats;
        // Header cells are text; the column formats apply to the data rows.
        await this.writeRows(block.slice(0, 1), width, undefined, () =>
          ws.getRange(rectA1({ row: tl.row, col: tl.col, rows: 1, cols: width })),
        ); // ExcelApi 1.1
        await this.writeRows(
          block.slice(1),
          width,
          formats,
          (start, count) => ws.getRange(rectA1({ row: tl.row + 1 + start, col: tl.col, rows: count, cols: width })), // ExcelApi 1.1
        );
        const t = ws.tables.add(
          ws.getRange(rectA1({ row: tl.row, col: tl.col, rows: 1 + c.rows.length, cols: width })),
          true,
        ); // ExcelApi 1.1
        t.name = c.table; // ExcelApi 1.1
        if (c.style) t.style = c.style; // ExcelApi 1.1
        s.add(0);
        this.tableProxies.set(key, t);
        vtables.set(key, {
          name: c.table,
          sheet: c.sheet,
          row: tl.row,
          col: tl.col,
          headers: [...c.headers],
          rows: Math.max(1, c.rows.length),
          blankRow: c.rows.length === 0,
          existed: false,
        });
        return;
      }
      case "clearRange":
        this.sheet(c.sheet).getRange(c.address).clear(); // ExcelApi 1.1
        s.add(0);
        return;
      case "setValidation": {
        const dv = this.sheet(c.sheet).getRange(c.address).dataValidation; // ExcelApi 1.8
        dv.clear(); // ExcelApi 1.8
        dv.rule = toDataValidationRule(c.validation.rule); // ExcelApi 1.8
        dv.ignoreBlanks = c.validation.allowBlank; // ExcelApi 1.8
        if (c.validation.prompt)
          dv.prompt = {
            showPrompt: true,
            title: clip(c.validation.prompt.title, 32),
            message: clip(c.validation.prompt.message, 255),
          }; // ExcelApi 1.8
        if (c.validation.error)
          dv.errorAlert = {
            showAlert: true,
            style:
              c.validation.error.style === "stop"
                ? "Stop"
                : c.validation.error.style === "warning"
                  ? "Warning"
                  : "Information",
            title: clip(c.validation.error.title, 32),
            message: clip(c.validation.error.message, 255),
          }; // ExcelApi 1.8
        s.add(jsonSize(c.validation));
        return;
      }
      case "setConditionalFormats": {
        const range = this.sheet(c.sheet).getRange(c.address); // ExcelApi 1.1
        range.conditionalFormats.clearAll(); // ExcelApi 1.6
        const added = c.formats.map((f) => this.addConditionalFormat(range, f));
        // Explicit priorities: the plan's order, whatever position Excel gives a new rule.
        added.forEach((cf, i) => (cf.priority = i)); // ExcelApi 1.6
        s.add(jsonSize(c.formats));
        return;
      }
      case "setNumberFormat": {
        // A single value sets the whole range ("If the argument is a single value, it will be applied to all
        // cells in the range", Range.numberFormat, ExcelApi 1.1): a column down to row 1,048,576 is one small request.
        setScalar(this.sheet(c.sheet).getRange(c.address), "numberFormat", c.format); // ExcelApi 1.1
        s.add(jsonSize(c));
        return;
      }
      case "setColumnWidths": {
        const ws = this.sheet(c.sheet);
        for (const w of c.widths) {
          const [a, b = a] = w.column.split(":");
          ws.getRange(`${a}:${b}`).format.columnWidth = charactersToPoints(w.width); // ExcelApi 1.1 / 1.2
          s.add(32);
        }
        return;
      }
      case "setFont": {
        const range = this.sheet(c.sheet).getRange(c.address); // ExcelApi 1.1
        if (c.bold !== undefined) range.format.font.bold = c.bold; // ExcelApi 1.1
        if (c.color !== undefined) range.format.font.color = c.color; // ExcelApi 1.1
        if (c.size !== undefined) range.format.font.size = c.size; // ExcelApi 1.1
        if (c.fill !== undefined) range.format.fill.color = c.fill; // ExcelApi 1.1
        if (c.wrap !== undefined) range.format.wrapText = c.wrap; // ExcelApi 1.1
        s.add(jsonSize(c));
        return;
      }
      case "freezePanes": {
        const panes = this.sheet(c.sheet).freezePanes; // ExcelApi 1.7
        if (c.rows > 0 && c.columns > 0)
          panes.freezeAt(rectA1({ row: 0, col: 0, rows: c.rows, cols: c.columns })); // ExcelApi 1.7
        else if (c.rows > 0)
          panes.freezeRows(c.rows); // ExcelApi 1.7
        else if (c.columns > 0)
          panes.freezeColumns(c.columns); // ExcelApi 1.7
        else panes.unfreeze(); // ExcelApi 1.7
        s.add(0);
        return;
      }
      case "groupColumns": {
        if (this.caps.excelApi1_10) {
          this.sheet(c.sheet).getRange(`${c.fromColumn}:${c.toColumn}`).group(Excel.GroupOption.byColumns); // ExcelApi 1.10 (gated)
          s.add(0);
        } else s.skipped.push(`groupColumns ${c.sheet}!${c.fromColumn}:${c.toColumn} (needs ExcelApi 1.10)`);
        return;
      }
      case "setDefinedName": {
        const key = c.name.toLowerCase();
        const formula = c.formula.startsWith("=") ? c.formula : `=${c.formula}`;
        const current = vnames.get(key);
        const norm = (f: string): string => f.replace(/^=/, "").replace(/'/g, "").toLowerCase();
        if (current === undefined) {
          if (c.comment !== undefined)
            this.wb.names.add(c.name, formula, c.comment); // ExcelApi 1.4
          else this.wb.names.add(c.name, formula); // ExcelApi 1.4
        } else if (norm(current) !== norm(formula)) {
          this.wb.names.getItem(c.name).formula = formula; // ExcelApi 1.1 / 1.7 (formula)
        } else return;
        vnames.set(key, formula);
        s.add(jsonSize(c));
        return;
      }
      case "protectSheet": {
        const vs = vsheets.get(c.sheet.toLowerCase())!;
        const ws = this.sheet(c.sheet);
        if (vs.protected) {
          if (c.options.password !== undefined)
            ws.protection.unprotect(c.options.password); // ExcelApi 1.7 (password)
          else ws.protection.unprotect(); // ExcelApi 1.2
        }
        for (const a of c.unlockedAddresses) ws.getRange(a).format.protection.locked = false; // ExcelApi 1.2
        const options = protectionOptions(c.options);
        if (c.options.password !== undefined)
          ws.protection.protect(options, c.options.password); // ExcelApi 1.7 (password)
        else ws.protection.protect(options); // ExcelApi 1.2
        vs.protected = true;
        s.add(jsonSize(c));
        return;
      }
      case "unprotectSheet": {
        const vs = vsheets.get(c.sheet.toLowerCase());
        if (!vs?.protected) return;
        const ws = this.sheet(c.sheet);
        if (c.password !== undefined)
          ws.protection.unprotect(c.password); // ExcelApi 1.7 (password)
        else ws.protection.unprotect(); // ExcelApi 1.2
        vs.protected = false;
        s.add(0);
        return;
      }
      case "setProperty":
        this.wb.properties.custom.add(c.key, c.value); // ExcelApi 1.7
        s.add(jsonSize(c));
        return;
    }
  }

  private addConditionalFormat(range: Excel.Range, f: ConditionalFormat): Excel.ConditionalFormat {
    const cf = range.conditionalFormats.add(Excel.ConditionalFormatType.custom); // ExcelApi 1.6
    cf.custom.rule.formula = f.formula; // ExcelApi 1.6
    if (f.fill) cf.custom.format.fill.color = f.fill; // ExcelApi 1.6
    if (f.fontColor) cf.custom.format.font.color = f.fontColor; // ExcelApi 1.6
    if (f.bold !== undefined) cf.custom.format.font.bold = f.bold; // ExcelApi 1.6
    if (f.stopIfTrue !== undefined) cf.stopIfTrue = f.stopIfTrue; // ExcelApi 1.8
    return cf;
  }
}

function protectionOptions(o: ProtectionOptions): Excel.WorksheetProtectionOptions {
  return {
    allowInsertRows: o.allowInsertRows, // ExcelApi 1.2
    allowSort: o.allowSort, // ExcelApi 1.2
    allowAutoFilter: o.allowAutoFilter, // ExcelApi 1.2
    allowFormatColumns: o.allowFormatColumns, // ExcelApi 1.2
  };
}

export { cellA1 };
export type { Rect };
