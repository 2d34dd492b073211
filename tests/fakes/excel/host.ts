import { type Rect, rectToA1 } from "./a1";
import { FakeWorkbookState } from "./state";

/**
 * The fake host: request contexts, the sync rules of Office.js and the limits
 * of Excel on the web, counters, and fault injection.
 *
 * What it enforces, like Office does:
 * - a property read before `load()` + `sync()` throws `PropertyNotLoaded`;
 * - a request whose queued payload (JSON of values, formulas, formats and
 *   arguments) exceeds 5 MB is rejected whole with `RequestPayloadSizeLimitExceeded`;
 * - a response over 5 MB is rejected with `ResponsePayloadSizeLimitExceeded`, and
 *   a request reading more than 5 million cells with `RangeExceedsLimit`;
 * - members newer than the host's ExcelApi version throw `ApiNotFound`;
 * - actions run in order at `sync()`; when one fails, the ones before it stay applied
 *   (Office.js batches are not transactions) and the rest are dropped.
 */
export class FakeOfficeError extends Error {
  override readonly name = "RichApi.Error";
  readonly debugInfo: { code: string; message: string; errorLocation?: string };
  constructor(
    readonly code: string,
    message: string,
    errorLocation?: string,
  ) {
    super(message);
    this.debugInfo = { code, message, ...(errorLocation ? { errorLocation } : {}) };
  }
}

export function officeError(code: string, location?: string, message?: string): FakeOfficeError {
  const text =
    message ??
    {
      ItemNotFound: "The requested resource doesn't exist.",
      InvalidArgument: "The argument is invalid or missing or has an incorrect format.",
      InvalidOperation: "The operation is invalid for the object or the current state.",
      AccessDenied: "You cannot perform the requested operation.",
      ApiNotFound: "The API you are trying to use could not be found.",
      ItemAlreadyExists: "The resource being created already exists.",
      RequestPayloadSizeLimitExceeded: "The request payload size has exceeded the limit.",
      ResponsePayloadSizeLimitExceeded: "The response payload size has exceeded the limit.",
      RangeExceedsLimit: "The cell count in the range has exceeded the maximum supported number.",
      RequestAborted: "The request was aborted during run time.",
      GeneralException: "There was an internal error while processing the request.",
      UnsupportedOperation: "The operation being attempted is not supported.",
      OperationCellsExceedLimit: "The operation attempted affects more than the limit of 33554000 cells.",
    }[code] ??
    code;
  return new FakeOfficeError(code, text, location);
}

export function utf8Bytes(s: string): number {
  return Buffer.byteLength(s, "utf8");
}

export function jsonBytes(v: unknown): number {
  return utf8Bytes(JSON.stringify(v) ?? "");
}

export interface QueuedAction {
  label: string;
  bytes: number;
  run(): void;
}

export interface FakeStats {
  syncs: number;
  /** Payload bytes of every request, in order. */
  requestBytes: number[];
  maxRequestBytes: number;
  maxReadCells: number;
  maxResponseBytes: number;
  /** Response bytes of all syncs together (to judge how full the chunks are). */
  totalResponseBytes: number;
  /** Cell writes (values, formulas, formats, rows added) executed while calculation was NOT suspended. */
  writesWithoutCalcSuspended: number;
  /** Cell writes executed while events were enabled. */
  writesWithEventsEnabled: number;
  /** Number of cell-write actions (for ratios in tests). */
  cellWrites: number;
  /** Calls of a member newer than the host supports (each also threw). */
  apiNotFound: string[];
  screenUpdatingSuspensions: number;
  calculations: number;
}

export interface FakeFaults {
  /** Reject the Nth sync (1-based, counted across contexts) before executing anything. */
  rejectSync?: { at: number; code?: string; message?: string };
  /** A user protects this sheet just before the Nth sync executes. */
  protectSheetAtSync?: { at: number; sheet: string };
  /** A user renames this table just before the Nth sync executes. */
  renameTableAtSync?: { at: number; from: string; to: string };
  /** The workbook is closed just before the Nth sync: it and every later one fail. */
  closeAtSync?: number;
  /** The next `times` (default 1) actions with this label (e.g. "ChartCollection.add") fail with `code`. */
  failAction?: { label: string; code?: string; times?: number };
}

export interface FakeHostOptions {
  /** Highest ExcelApi requirement set the host supports, e.g. "1.8" (default), "1.9", "1.10". */
  excelApi?: string;
  requestLimitBytes?: number;
  responseLimitBytes?: number;
  readCellLimit?: number;
}

function minorOf(version: string): number {
  const m = /^1\.(\d+)$/.exec(version.trim());
  if (!m) throw new Error(`bad ExcelApi version ${version}`);
  return Number(m[1]);
}

export interface ContextLike {
  sync(): Promise<void>;
}

/** Minimal base the object model classes need from their context. */
export abstract class FakeContextBase implements ContextLike {
  queue: QueuedAction[] = [];
  /** Set by Application.suspendApiCalculationUntilNextSync while a batch executes. */
  calcSuspended = false;
  readCells = 0;
  responseBytes = 0;
  /** Tables written while events were enabled in the batch being executed, with the rectangle written. */
  touchedTables = new Map<number, Rect>();
  constructor(readonly host: FakeExcelHost) {}

  enqueue(action: QueuedAction): void {
    this.queue.push(action);
  }

  get state(): FakeWorkbookState {
    return this.host.state;
  }

  /** Throws ApiNotFound (at sync) when the host is older than `version`. */
  require(version: string, member: string): void {
    if (minorOf(version) > this.host.excelApiMinor) {
      this.host.stats.apiNotFound.push(member);
      throw officeError("ApiNotFound", member);
    }
  }

  noteRead(cells: number, value: unknown): void {
    this.readCells += cells;
    if (this.readCells > this.host.limits.readCells) throw officeError("RangeExceedsLimit", "Range.load");
    this.responseBytes += jsonBytes(value);
  }

  noteCellWrite(touched: { tableId: number; rect: Rect }[] = []): void {
    const s = this.host.stats;
    s.cellWrites++;
    if (!this.calcSuspended) s.writesWithoutCalcSuspended++;
    if (this.state.eventsEnabled) {
      s.writesWithEventsEnabled++;
      for (const t of touched) {
        const prev = this.touchedTables.get(t.tableId);
        this.touchedTables.set(
          t.tableId,
          prev
            ? {
                r0: Math.min(prev.r0, t.rect.r0),
                c0: Math.min(prev.c0, t.rect.c0),
                r1: Math.max(prev.r1, t.rect.r1),
                c1: Math.max(prev.c1, t.rect.c1),
              }
            : t.rect,
        );
      }
    }
  }

  async sync(): Promise<void> {
    const host = this.host;
    const n = ++host.stats.syncs;
    const queue = this.queue;
    this.queue = [];
    await Promise.resolve();
    const f = host.faults;
    if (f.closeAtSync === n) host.state.closed = true;
    if (host.state.closed) throw officeError("RequestAborted", "context.sync", "The workbook was closed.");
    if (f.rejectSync?.at === n)
      throw officeError(f.rejectSync.code ?? "GeneralException", "context.sync", f.rejectSync.message);
    if (f.protectSheetAtSync?.at === n) {
      const s = host.state.sheet(f.protectSheetAtSync.sheet);
      if (s) s.protection = { on: true };
    }
    if (f.renameTableAtSync?.at === n) {
      const t = host.state.table(f.renameTableAtSync.from);
      if (t) t.name = f.renameTableAtSync.to;
    }
    const bytes = queue.reduce((a, q) => a + q.bytes, 0);
    host.stats.requestBytes.push(bytes);
    host.stats.maxRequestBytes = Math.max(host.stats.maxRequestBytes, bytes);
    if (bytes > host.limits.requestBytes) throw officeError("RequestPayloadSizeLimitExceeded", "context.sync");
    this.calcSuspended = false;
    this.readCells = 0;
    this.responseBytes = 0;
    this.touchedTables.clear();
    try {
      for (const action of queue) {
        const fail = f.failAction;
        if (fail && action.label === fail.label && (fail.times ?? 1) > 0) {
          fail.times = (fail.times ?? 1) - 1;
          throw officeError(fail.code ?? "GeneralException", action.label);
        }
        action.run();
      }
    } finally {
      this.calcSuspended = false;
      host.stats.maxReadCells = Math.max(host.stats.maxReadCells, this.readCells);
      host.stats.maxResponseBytes = Math.max(host.stats.maxResponseBytes, this.responseBytes);
      host.stats.totalResponseBytes += this.responseBytes;
      const touched = [...this.touchedTables];
      if (touched.length) host.scheduleTableEvents(touched);
      this.touchedTables.clear();
    }
    if (this.responseBytes > host.limits.responseBytes)
      throw officeError("ResponsePayloadSizeLimitExceeded", "context.sync");
  }
}

export type TableChangedHandler = (args: {
  address: string;
  changeType: string;
  tableId: string;
  worksheetId: string;
  type: "TableChanged";
  source: "Local";
}) => Promise<unknown>;

/**
 * Workbook.onSelectionChanged (ExcelApi 1.2): "Occurs when the selection in
 * the document is changed"; the handler gets SelectionChangedEventArgs, whose
 * only property is the workbook.
 * https://learn.microsoft.com/en-us/javascript/api/excel/excel.workbook#excel-excel-workbook-onselectionchanged-member
 * https://learn.microsoft.com/en-us/javascript/api/excel/excel.selectionchangedeventargs
 */
export type SelectionChangedHandler = (args: { workbook: unknown }) => Promise<unknown>;

export class FakeExcelHost {
  readonly state = new FakeWorkbookState();
  readonly excelApiMinor: number;
  readonly limits: { requestBytes: number; responseBytes: number; readCells: number };
  faults: FakeFaults = {};
  stats: FakeStats = FakeExcelHost.emptyStats();
  /** Table id -> handlers registered through Table.onChanged. */
  readonly tableHandlers = new Map<number, Set<TableChangedHandler>>();
  /** Handlers registered through Workbook.onSelectionChanged. */
  readonly selectionHandlers = new Set<SelectionChangedHandler>();
  /** Pending event deliveries (tests await `host.settleEvents()`). */
  private pendingEvents: Promise<unknown>[] = [];
  /** Built by the object model module (avoids an import cycle). */
  static contextFactory: (host: FakeExcelHost) => FakeContextBase;

  constructor(opts: FakeHostOptions = {}) {
    this.excelApiMinor = minorOf(opts.excelApi ?? "1.8");
    this.limits = {
      requestBytes: opts.requestLimitBytes ?? 5 * 1024 * 1024,
      responseBytes: opts.responseLimitBytes ?? 5 * 1024 * 1024,
      readCells: opts.readCellLimit ?? 5_000_000,
    };
  }

  static emptyStats(): FakeStats {
    return {
      syncs: 0,
      requestBytes: [],
      maxRequestBytes: 0,
      maxReadCells: 0,
      maxResponseBytes: 0,
      totalResponseBytes: 0,
      writesWithoutCalcSuspended: 0,
      writesWithEventsEnabled: 0,
      cellWrites: 0,
      apiNotFound: [],
      screenUpdatingSuspensions: 0,
      calculations: 0,
    };
  }

  resetStats(): void {
    this.stats = FakeExcelHost.emptyStats();
  }

  /** `Office.context.requirements` of this host. */
  readonly requirements = {
    isSetSupported: (name: string, minVersion?: string | number): boolean => {
      if (name !== "ExcelApi") return false;
      if (minVersion === undefined) return true;
      return minorOf(String(minVersion)) <= this.excelApiMinor;
    },
  };

  newContext(): Excel.RequestContext {
    return FakeExcelHost.contextFactory(this) as unknown as Excel.RequestContext;
  }

  /** Like `Excel.run`: a fresh context; pending actions are flushed when the batch resolves. */
  readonly run = async <T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T> => {
    const ctx = FakeExcelHost.contextFactory(this);
    const result = await batch(ctx as unknown as Excel.RequestContext);
    if (ctx.queue.length) await ctx.sync();
    return result;
  };

  scheduleTableEvents(touched: [number, Rect][]): void {
    for (const [id, rect] of touched) {
      const handlers = this.tableHandlers.get(id);
      if (!handlers?.size) continue;
      const t = this.state.tables.find((x) => x.id === id);
      if (!t) continue;
      const sheet = this.state.sheetById(t.sheetId);
      for (const h of handlers) {
        this.pendingEvents.push(
          new Promise((resolve) => setTimeout(resolve, 0)).then(() =>
            h({
              address: rectToA1(rect),
              changeType: "RangeEdited",
              tableId: String(id),
              worksheetId: String(sheet.id),
              type: "TableChanged",
              source: "Local",
            }),
          ),
        );
      }
    }
  }

  /**
   * The user selects a range in the grid: the selection changes and every
   * Workbook.onSelectionChanged handler is called (asynchronously, as Excel
   * delivers events after the user's action).
   */
  userSelects(sheetId: number, rect: Rect): void {
    this.state.selection = { sheetId, rect };
    for (const h of this.selectionHandlers)
      this.pendingEvents.push(new Promise((resolve) => setTimeout(resolve, 0)).then(() => h({ workbook: {} })));
  }

  /** Waits until every event handler the fake fired has finished (handlers may fire more events). */
  async settleEvents(): Promise<void> {
    while (this.pendingEvents.length) {
      const batch = this.pendingEvents;
      this.pendingEvents = [];
      await Promise.all(batch);
    }
  }
}
