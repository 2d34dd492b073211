import { type Change, type PivotTableChange, unknownChange, unknownOpError } from "../../domain/plan/changes";
import type { ReviewChartSpec } from "../../domain/plan/charts";
import type { CellValue, L10n } from "../../domain/types";
import {
  type ApplyOutcome,
  type ApplyProgress,
  type PivotOutcome,
  type ReadTableOptions,
  type TableData,
  type TableInfo,
  type WorkbookPort,
  type WorkbookState,
  WorkbookError,
} from "../port";
import { stripSheet } from "./a1";
import { type Capabilities, type RequirementsLike, detectCapabilities, officeRequirements } from "./apiSets";
import { MAX_CELL_TEXT, longestText } from "./cells";
import { type DrawnChart, rebuildReviewCharts } from "./charts";
import { type ReadLimits, readRangeChunks, readTableChunks } from "./chunkReader";
import { BUSY_PROPERTY, BUSY_STALE_MS, busyError, decodeMarker, encodeMarker, heldByOther, newOwnerId } from "./busy";
import { isOfficeError, toWorkbookError } from "./errors";
import { applyPivotTable } from "./pivotTable";
import { PlanWriter } from "./planWriter";
import { type VSheet, checkPlan, isPlaceholderRow, readPlanTables, touched } from "./preflight";
import { type OfficeOperationStats, SyncSession } from "./session";

/**
 * The Office.js adapter of the workbook port (docs/ARCHITECTURE.md §1–2).
 *
 * Round trips per operation are constant in the number of rows:
 * - readState: 2 syncs (sheets/tables/names/properties, then table geometry);
 * - readTables: 2 syncs (which tables exist, then headers + data), plus one per
 *   extra chunk when the data exceeds a response budget (~4 MB of JSON per sync,
 *   sized from a small first chunk's bytes per row; never > 5 M cells);
 * - apply: 2 preflight syncs (state, table geometry), the writes (1 sync, plus one
 *   per ~4 MB chunk), 1 final sync restoring events and recalculating; then, for a
 *   `reviewCharts` change, the charts in a session of their own (2 syncs, see charts.ts),
 *   whose failures are warnings of the outcome.
 * This file is the port (sessions, the busy claim, the apply sequence); the chunked
 * reads are in chunkReader.ts, the plan checks in preflight.ts, and the Excel calls
 * of each change, one handler per op, in planWriter.ts.
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

function defaultRunner(): ExcelRunner {
  const excel = (globalThis as { Excel?: { run?: ExcelRunner } }).Excel;
  if (!excel?.run) throw new WorkbookError("closed", "Excel 不可用 / Excel is not available", "Excel.run missing");
  return (batch) => excel.run!(batch); // ExcelApi 1.1
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
  /** Charts drawn by the last apply with a `reviewCharts` change. */
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
      async (s) => readTableChunks(s, names, options, this.limits()),
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
    return readRangeChunks(s, sheet, address, this.limits());
  }

  private limits(): ReadLimits {
    return {
      maxReadCells: this.maxReadCells,
      maxResponseBytes: this.maxResponseBytes,
      firstReadCells: this.firstReadCells,
    };
  }

  // ------------------------------------------------------------------ charts

  /**
   * Re-creates the review charts over the review tables: the `reviewCharts` change,
   * drawn after the plan's writes are synced, in a session of its own. A chart Excel
   * refuses is a warning (both languages) in the outcome, never a failed apply: the
   * data is written (issue 11 item 3).
   */
  private async drawReviewCharts(spec: ReviewChartSpec): Promise<{ drawn: boolean; warnings: L10n[] }> {
    try {
      const outcome = await this.session(
        "charts",
        async (s) => rebuildReviewCharts(s, spec, this.capabilities()),
        () => ({
          sheets: [spec.funnel.sheet, spec.channels.sheet],
          tables: [spec.funnel.table, spec.channels.table],
        }),
      );
      this.lastCharts.push(...outcome.drawn);
      return { drawn: outcome.warnings.length === 0, warnings: outcome.warnings };
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      return {
        drawn: false,
        warnings: [
          {
            zh: `复盘图表未能更新；复盘表的数据已经写好。（${why}）`,
            en: `The review charts could not be updated; the review tables are written. (${why})`,
          },
        ],
      };
    }
  }

  // ------------------------------------------------------------------ pivot

  /**
   * The `pivotTable` change, after the plan's writes: made once, then only refreshed (see
   * pivotTable.ts). Whatever Excel refuses is a notice of the outcome, never a failed apply.
   */
  private async pivotTable(c: PivotTableChange): Promise<PivotOutcome> {
    try {
      return await this.session(
        "pivot",
        async (s) => applyPivotTable(s, c, this.capabilities()),
        () => ({
          sheets: [c.sheet],
          tables: [c.sourceTable],
        }),
      );
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      return {
        name: c.name,
        sheet: c.sheet,
        status: "failed",
        notice: {
          zh: `数据透视表未能创建或刷新；复盘表的数据已经写好。（${why}）`,
          en: `The PivotTable could not be made or refreshed; the review tables are written. (${why})`,
        },
      };
    }
  }

  // ------------------------------------------------------------------ apply

  async apply(changes: Change[], progress?: ApplyProgress): Promise<ApplyOutcome> {
    // An op this adapter does not know (a plan from a newer version) is refused before the first write.
    const unknown = unknownChange(changes);
    if (unknown) throw unknownOpError(unknown.op);
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
    // Review charts the plan asks for, drawn once its writes are synced.
    const charts: ReviewChartSpec[] = [];
    // The PivotTable the plan asks for, made or refreshed once its writes are synced.
    const pivots: PivotTableChange[] = [];
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

        // ---- preflight 2: geometry of the tables the plan touches (refused if filtered)
        const vtables = await readPlanTables(s, changes, tablesCol.items); // ExcelApi 1.1

        // ---- check the whole plan before writing anything
        checkPlan(changes, vsheets, vtables);

        // ---- writes: every request suspends calculation; screen updating is suspended once per
        // write operation, in its first write request: the reference warns that calling
        // suspendScreenUpdatingUntilNextSync repeatedly (as in a loop) makes the Excel window flicker.
        const writer = new PlanWriter(s, caps, this.maxRequestBytes, { vsheets, vtables, vnames }, charts, pivots);
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
          await writer.apply(changes[i]!);
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
    if (!charts.length && !pivots.length) return {};
    const outcome: ApplyOutcome = {};
    const writes = this.lastStats;
    // The apply's stats cover its writes, its charts and its PivotTable.
    const later: OfficeOperationStats[] = [];
    const collect = (): void => {
      if (this.lastStats && this.lastStats !== writes && !later.includes(this.lastStats)) later.push(this.lastStats);
    };
    if (charts.length) {
      this.lastCharts = [];
      outcome.chartsDrawn = true;
      outcome.warnings = [];
      for (const spec of charts) {
        const drawn = await this.drawReviewCharts(spec);
        collect();
        outcome.chartsDrawn &&= drawn.drawn;
        outcome.warnings.push(...drawn.warnings);
      }
    }
    for (const c of pivots) {
      outcome.pivot = await this.pivotTable(c);
      collect();
    }
    if (writes)
      this.lastStats = later.reduce(
        (all, st) => ({
          operation: all.operation,
          syncs: all.syncs + st.syncs,
          chunkSyncs: all.chunkSyncs + st.chunkSyncs,
          largestRequestBytes: Math.max(all.largestRequestBytes, st.largestRequestBytes),
          skipped: [...all.skipped, ...st.skipped],
        }),
        writes,
      );
    return outcome;
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
}

export { charactersToPoints, isPositionIndependent, toDataValidationRule } from "./planWriter";
