/* eslint-disable @typescript-eslint/no-explicit-any */
import {
  type Rect,
  MAX_ROWS,
  cellCount,
  colIndex,
  colLetters,
  contains,
  intersects,
  parseRect,
  quoteSheet,
  rectToA1,
  splitSheet,
} from "./a1";
import {
  FakeContextBase,
  FakeExcelHost,
  jsonBytes,
  officeError,
  type SelectionChangedHandler,
  type TableChangedHandler,
} from "./host";
import {
  type FakeChart,
  type FakeConditionalFormat,
  type FakePivot,
  FakeCell,
  type FakeSheet,
  type FakeTable,
  type FakeValidation,
  type Primitive,
} from "./state";

/**
 * The Excel object model surface the adapter uses, as lazily-resolved proxies.
 * Every method/property call queues an action; the action resolves its target
 * (a sheet by name, a table by name, a range by rectangle) only when `sync()`
 * executes it, exactly as Office.js does — so a table renamed between two
 * syncs makes the second one fail with ItemNotFound.
 */

// ---------------------------------------------------------------- base

type LoadSpec = string | string[] | { select?: string; expand?: string } | undefined;

function loadPaths(spec: LoadSpec, defaults: readonly string[]): string[] {
  if (spec === undefined) return [...defaults];
  const text =
    typeof spec === "string"
      ? spec
      : Array.isArray(spec)
        ? spec.join(",")
        : [spec.select, spec.expand].filter(Boolean).join(",");
  const parts = text
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean);
  return parts.length ? parts : [...defaults];
}

abstract class FakeObject {
  protected readonly loaded = new Map<string, unknown>();
  private readonly children = new Map<string, FakeObject>();
  protected abstract readonly scalarProps: readonly string[];
  constructor(readonly context: FakeContext) {}

  /** Read a scalar property from the state (runs inside sync). */
  protected abstract read(prop: string): unknown;

  /** Navigation property for nested loads such as "protection/protected". */
  protected nav(prop: string): FakeObject | undefined {
    const own = (this as any)[prop];
    return own instanceof FakeObject ? own : undefined;
  }

  protected child<T extends FakeObject>(key: string, make: () => T): T {
    let c = this.children.get(key) as T | undefined;
    if (!c) {
      c = make();
      this.children.set(key, c);
    }
    return c;
  }

  load(spec?: LoadSpec): this {
    const paths = loadPaths(spec, this.scalarProps);
    this.context.enqueue({
      label: `${this.constructor.name}.load`,
      bytes: 16 + jsonBytes(paths),
      run: () => this.execLoad(paths),
    });
    return this;
  }

  execLoad(paths: string[]): void {
    for (const p of paths) {
      const [head, ...rest] = p.split("/");
      if (!head) continue;
      if (rest.length === 0) this.loaded.set(head, this.read(head));
      else {
        const c = this.nav(head);
        if (!c) throw officeError("InvalidArgument", `${this.constructor.name}.load`, `Cannot load ${p}`);
        c.execLoad([rest.join("/")]);
      }
    }
  }

  protected get<T>(prop: string): T {
    if (!this.loaded.has(prop))
      throw officeError(
        "PropertyNotLoaded",
        `${this.constructor.name}.${prop}`,
        `The property '${prop}' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`,
      );
    return this.loaded.get(prop) as T;
  }

  protected queue(label: string, args: unknown, run: () => void): void {
    this.context.enqueue({ label, bytes: 16 + label.length + jsonBytes(args ?? null), run });
  }

  toJSON(): Record<string, unknown> {
    return Object.fromEntries(this.loaded);
  }
}

/** An object that may be a null object (getItemOrNullObject). */
abstract class FakeMaybeNull<S> extends FakeObject {
  constructor(
    context: FakeContext,
    protected readonly resolver: () => S | undefined,
    protected readonly what: string,
  ) {
    super(context);
  }
  protected target(): S {
    const t = this.resolver();
    if (t === undefined) throw officeError("ItemNotFound", this.what);
    return t;
  }
  get isNullObject(): boolean {
    return this.get<boolean>("isNullObject");
  }
  override execLoad(paths: string[]): void {
    const t = this.resolver();
    this.loaded.set("isNullObject", t === undefined);
    if (t === undefined) return;
    super.execLoad(paths);
  }
}

// ---------------------------------------------------------------- cell entry semantics

const NUMERIC = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const PERCENT = /^[+-]?(\d+\.?\d*|\.\d+)%$/;
const ISO_DATE = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/;

function dateSerial(y: number, m: number, d: number): number {
  return Date.UTC(y, m - 1, d) / 86_400_000 + 25_569;
}

/**
 * What Excel stores when a value is entered through `values`/`formulas`, like
 * typing: text that looks like a number, date, boolean or formula is converted,
 * unless the cell is formatted as text ("@") or the text starts with an apostrophe.
 */
export function enterInput(cell: FakeCell, input: unknown): void {
  if (input === null || input === undefined) return; // null leaves the cell unchanged
  cell.formula = null;
  if (cell.numberFormat === "@") {
    cell.value = typeof input === "string" ? input : String(input);
    return;
  }
  if (typeof input === "number" || typeof input === "boolean") {
    cell.value = input;
    return;
  }
  const s = String(input);
  if (s === "") {
    cell.value = "";
    return;
  }
  if (s.startsWith("'")) {
    cell.value = s.slice(1);
    return;
  }
  if (NUMERIC.test(s)) {
    cell.value = Number(s);
    return;
  }
  if (PERCENT.test(s)) {
    cell.value = Number(s.slice(0, -1)) / 100;
    return;
  }
  if (/^(true|false)$/i.test(s)) {
    cell.value = s.toLowerCase() === "true";
    return;
  }
  const d = ISO_DATE.exec(s);
  if (d) {
    cell.value = dateSerial(Number(d[1]), Number(d[2]), Number(d[3]));
    return;
  }
  if (s.startsWith("=")) {
    cell.formula = s;
    cell.value = "";
    return;
  }
  if (s.startsWith("+") || s.startsWith("-")) {
    cell.formula = "=" + s;
    cell.value = "";
    return;
  }
  if (s.startsWith("@")) {
    cell.formula = "=" + s.slice(1);
    cell.value = "";
    return;
  }
  cell.value = s;
}

/**
 * A formula copied Ctrl+Enter-style into a cell (dr, dc) away from the first:
 * relative A1 references move with it (outside strings and [structured] parts).
 */
export function shiftFormula(formula: string, dr: number, dc: number): string {
  if (dr === 0 && dc === 0) return formula;
  let out = "";
  let i = 0;
  while (i < formula.length) {
    const ch = formula[i]!;
    if (ch === '"') {
      const j = formula.indexOf('"', i + 1);
      const end = j < 0 ? formula.length : j + 1;
      out += formula.slice(i, end);
      i = end;
    } else if (ch === "[") {
      let depth = 0;
      let j = i;
      for (; j < formula.length; j++) {
        if (formula[j] === "[") depth++;
        else if (formula[j] === "]" && --depth === 0) break;
      }
      out += formula.slice(i, j + 1);
      i = j + 1;
    } else {
      const m = /^(\$?)([A-Za-z]{1,3})(\$?)(\d+)(?![A-Za-z0-9_(!])/.exec(formula.slice(i));
      const prev = i > 0 ? formula[i - 1]! : "";
      if (m && !/[A-Za-z0-9_.$]/.test(prev)) {
        const col = m[1] ? m[2]! : colLetters(colIndex(m[2]!) + dc);
        const row = m[3] ? m[4]! : String(Number(m[4]) + dr);
        out += `${m[1]}${col}${m[3]}${row}`;
        i += m[0].length;
      } else {
        out += ch;
        i++;
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------- context

export class FakeContext extends FakeContextBase {
  private wb?: FakeWorkbook;
  private rt?: FakeRuntime;
  get workbook(): FakeWorkbook {
    return (this.wb ??= new FakeWorkbook(this));
  }
  get application(): FakeApplication {
    return this.workbook.application;
  }
  get runtime(): FakeRuntime {
    return (this.rt ??= new FakeRuntime(this));
  }
  trackedObjects = { add: (): void => undefined, remove: (): void => undefined };
}
FakeExcelHost.contextFactory = (host) => new FakeContext(host);

// ---------------------------------------------------------------- helpers on state

function protectedCheck(ctx: FakeContext, sheet: FakeSheet, rect: Rect | undefined, what: string): void {
  if (!sheet.protection.on) return;
  if (rect && allUnlocked(sheet, rect)) return;
  throw officeError("AccessDenied", what);
}

function allUnlocked(sheet: FakeSheet, rect: Rect): boolean {
  return (sheet as any).unlocked?.some((u: Rect) => contains(u, rect)) ?? false;
}

function tablesTouching(ctx: FakeContext, sheet: FakeSheet, rect: Rect): { tableId: number; rect: Rect }[] {
  return ctx.state.tables
    .filter((t) => t.sheetId === sheet.id && intersects(t.rect, rect))
    .map((t) => ({ tableId: t.id, rect }));
}

function usedRows(sheet: FakeSheet, rect: Rect): number {
  return Math.min(rect.r1, sheet.lastRow());
}

interface RangeTarget {
  sheet: FakeSheet;
  rect: Rect;
}

/**
 * "Setting range data when filter is applied doesn't work … data seems to be misplaced
 * (i.e. not appearing in the correct cells)" — OfficeDev/office-js#224 (product bug,
 * https://github.com/OfficeDev/office-js/issues/224). Excel raises no error; it writes
 * the wrong rows. The strict fake makes that loud: a write whose rows include a row
 * hidden by a filter fails the test (it is not an Office error an adapter could catch).
 */
function refuseFilteredWrite(sheet: FakeSheet, rect: Rect, what: string): void {
  if (!sheet.filteredRows.size) return;
  for (const r of sheet.filteredRows)
    if (r >= rect.r0 && r <= rect.r1)
      throw new Error(
        `fake: ${what} writes rows ${rectToA1(rect)} of '${sheet.name}' while row ${r + 1} is hidden by a filter: Excel would put the data in the wrong rows (office-js#224)`,
      );
}

// ---------------------------------------------------------------- workbook

export class FakeWorkbook extends FakeObject {
  protected readonly scalarProps = ["name"] as const;
  protected read(): unknown {
    return "Book1";
  }
  get worksheets(): FakeWorksheetCollection {
    return this.child("worksheets", () => new FakeWorksheetCollection(this.context));
  }
  get tables(): FakeTableCollection {
    return this.child("tables", () => new FakeTableCollection(this.context, undefined));
  }
  get pivotTables(): FakePivotTableCollection {
    return this.child("pivotTables", () => new FakePivotTableCollection(this.context, undefined));
  }
  get names(): FakeNamedItemCollection {
    return this.child("names", () => new FakeNamedItemCollection(this.context));
  }
  get properties(): FakeDocumentProperties {
    return this.child("properties", () => new FakeDocumentProperties(this.context));
  }
  get application(): FakeApplication {
    return this.child("application", () => new FakeApplication(this.context));
  }
  get onSelectionChanged(): { add(h: SelectionChangedHandler): { remove(): void; context: FakeContext } } {
    return {
      add: (h) => {
        const result = { context: this.context, remove: () => undefined as void };
        this.queue("Workbook.onSelectionChanged.add", null, () => {
          this.context.require("1.2", "Workbook.onSelectionChanged");
          const set = this.context.host.selectionHandlers;
          set.add(h);
          result.remove = () => {
            set.delete(h);
          };
        });
        return result;
      },
    };
  }
  getSelectedRange(): FakeRange {
    return new FakeRange(this.context, () => {
      const st = this.context.state;
      const sel =
        st.selection ?? (st.sheets[0] ? { sheetId: st.sheets[0].id, rect: { r0: 0, c0: 0, r1: 0, c1: 0 } } : undefined);
      if (!sel) throw officeError("ItemNotFound", "Workbook.getSelectedRange");
      return { sheet: st.sheetById(sel.sheetId), rect: sel.rect };
    });
  }
}

export class FakeApplication extends FakeObject {
  protected readonly scalarProps = ["calculationMode"] as const;
  protected read(prop: string): unknown {
    if (prop === "calculationMode") return "Automatic";
    throw officeError("InvalidArgument", `Application.${prop}`);
  }
  suspendApiCalculationUntilNextSync(): void {
    this.queue("Application.suspendApiCalculationUntilNextSync", null, () => {
      this.context.require("1.6", "Application.suspendApiCalculationUntilNextSync");
      this.context.calcSuspended = true;
    });
  }
  suspendScreenUpdatingUntilNextSync(): void {
    this.queue("Application.suspendScreenUpdatingUntilNextSync", null, () => {
      this.context.require("1.9", "Application.suspendScreenUpdatingUntilNextSync");
      this.context.host.stats.screenUpdatingSuspensions++;
    });
  }
  calculate(type: string): void {
    this.queue("Application.calculate", [type], () => {
      this.context.host.stats.calculations++;
    });
  }
}

export class FakeRuntime extends FakeObject {
  protected readonly scalarProps = ["enableEvents"] as const;
  protected read(prop: string): unknown {
    this.context.require("1.8", "Runtime.enableEvents");
    if (prop === "enableEvents") return this.context.state.eventsEnabled;
    throw officeError("InvalidArgument", `Runtime.${prop}`);
  }
  get enableEvents(): boolean {
    return this.get("enableEvents");
  }
  set enableEvents(v: boolean) {
    this.queue("Runtime.enableEvents", v, () => {
      this.context.require("1.8", "Runtime.enableEvents");
      this.context.state.eventsEnabled = v;
    });
  }
}

// ---------------------------------------------------------------- worksheets

export class FakeWorksheetCollection extends FakeObject {
  protected readonly scalarProps = ["items/name"] as const;
  protected read(): unknown {
    throw officeError("InvalidArgument", "WorksheetCollection.load");
  }
  override execLoad(paths: string[]): void {
    const props = paths.map((p) => (p.startsWith("items/") ? p.slice(6) : p)).filter((p) => p !== "items");
    const items = this.context.state.sheets.map((s) => {
      const id = s.id;
      const ws = new FakeWorksheet(
        this.context,
        () => this.context.state.sheets.find((x) => x.id === id),
        `sheet#${id}`,
      );
      ws.execLoad(props.length ? props : ["name"]);
      return ws;
    });
    this.loaded.set("items", items);
  }
  get items(): FakeWorksheet[] {
    return this.get("items");
  }
  getItem(name: string): FakeWorksheet {
    return new FakeWorksheet(this.context, () => this.context.state.sheet(name), `Worksheet '${name}'`, true);
  }
  getItemOrNullObject(name: string): FakeWorksheet {
    return new FakeWorksheet(this.context, () => this.context.state.sheet(name), `Worksheet '${name}'`);
  }
  add(name?: string): FakeWorksheet {
    let created: FakeSheet | undefined;
    this.queue("WorksheetCollection.add", [name], () => {
      const state = this.context.state;
      const wanted = name ?? `Sheet${state.sheets.length + 1}`;
      if (state.sheet(wanted)) throw officeError("ItemAlreadyExists", "WorksheetCollection.add");
      if (wanted.length > 31 || /[\\/?*[\]:]/.test(wanted))
        throw officeError("InvalidArgument", "WorksheetCollection.add");
      created = state.addSheet(wanted);
    });
    return new FakeWorksheet(this.context, () => created, `new worksheet '${name}'`, true);
  }
}

export class FakeWorksheet extends FakeMaybeNull<FakeSheet> {
  protected readonly scalarProps = ["name", "position", "visibility", "tabColor", "id"] as const;
  constructor(context: FakeContext, resolver: () => FakeSheet | undefined, what: string, strict = false) {
    super(
      context,
      strict
        ? () =>
            resolver() ??
            (() => {
              throw officeError("ItemNotFound", what);
            })()
        : resolver,
      what,
    );
  }
  sheet(): FakeSheet {
    return this.target();
  }
  protected read(prop: string): unknown {
    const s = this.target();
    switch (prop) {
      case "name":
        return s.name;
      case "id":
        return String(s.id);
      case "position":
        return this.context.state.sheets.indexOf(s);
      case "visibility":
        return s.visibility;
      case "tabColor":
        this.context.require("1.7", "Worksheet.tabColor");
        return s.tabColor;
    }
    throw officeError("InvalidArgument", `Worksheet.${prop}`);
  }
  get name(): string {
    return this.get("name");
  }
  get visibility(): string {
    return this.get("visibility");
  }
  set visibility(v: string) {
    this.queue("Worksheet.visibility", v, () => {
      this.target().visibility = v as FakeSheet["visibility"];
    });
  }
  get position(): number {
    return this.get("position");
  }
  set position(p: number) {
    this.queue("Worksheet.position", p, () => {
      const s = this.target();
      const list = this.context.state.sheets;
      list.splice(list.indexOf(s), 1);
      list.splice(Math.min(Math.max(0, p), list.length), 0, s);
    });
  }
  get tabColor(): string {
    return this.get("tabColor");
  }
  set tabColor(c: string) {
    this.queue("Worksheet.tabColor", c, () => {
      this.context.require("1.7", "Worksheet.tabColor");
      this.target().tabColor = c;
    });
  }
  activate(): void {
    this.queue("Worksheet.activate", null, () => {
      this.context.state.activeSheetId = this.target().id;
    });
  }
  get protection(): FakeWorksheetProtection {
    return this.child("protection", () => new FakeWorksheetProtection(this.context, () => this.target()));
  }
  get freezePanes(): FakeFreezePanes {
    return this.child("freezePanes", () => new FakeFreezePanes(this.context, () => this.target()));
  }
  get tables(): FakeTableCollection {
    return this.child("tables", () => new FakeTableCollection(this.context, () => this.target()));
  }
  get charts(): FakeChartCollection {
    return this.child("charts", () => new FakeChartCollection(this.context, () => this.target()));
  }
  get pivotTables(): FakePivotTableCollection {
    return this.child("pivotTables", () => new FakePivotTableCollection(this.context, () => this.target()));
  }
  getRange(address?: string): FakeRange {
    return new FakeRange(this.context, () => {
      const sheet = this.target();
      return { sheet, rect: address ? parseRect(address) : { r0: 0, c0: 0, r1: MAX_ROWS - 1, c1: 16_383 } };
    });
  }
  delete(): void {
    this.queue("Worksheet.delete", null, () => {
      const s = this.target();
      const st = this.context.state;
      st.sheets.splice(st.sheets.indexOf(s), 1);
      st.tables = st.tables.filter((t) => t.sheetId !== s.id);
      st.pivotTables = st.pivotTables.filter((p) => p.sheetId !== s.id);
    });
  }
}

export class FakeWorksheetProtection extends FakeObject {
  protected readonly scalarProps = ["protected", "options"] as const;
  constructor(
    context: FakeContext,
    private readonly sheet: () => FakeSheet,
  ) {
    super(context);
  }
  protected read(prop: string): unknown {
    const p = this.sheet().protection;
    if (prop === "protected") return p.on;
    if (prop === "options") return p.options ?? {};
    throw officeError("InvalidArgument", `WorksheetProtection.${prop}`);
  }
  get protected(): boolean {
    return this.get("protected");
  }
  protect(options?: Excel.WorksheetProtectionOptions, password?: string): void {
    this.queue("WorksheetProtection.protect", [options, password], () => {
      if (password !== undefined) this.context.require("1.7", "WorksheetProtection.protect(password)");
      const s = this.sheet();
      if (s.protection.on)
        throw officeError("InvalidOperation", "WorksheetProtection.protect", "The sheet is already protected.");
      s.protection = { on: true, ...(options ? { options } : {}), ...(password ? { password } : {}) };
    });
  }
  unprotect(password?: string): void {
    this.queue("WorksheetProtection.unprotect", [password], () => {
      if (password !== undefined) this.context.require("1.7", "WorksheetProtection.unprotect(password)");
      const s = this.sheet();
      if (s.protection.password && s.protection.password !== password)
        throw officeError("InvalidArgument", "WorksheetProtection.unprotect", "The password is incorrect.");
      s.protection = { on: false };
    });
  }
}

export class FakeFreezePanes extends FakeObject {
  protected readonly scalarProps = [] as const;
  constructor(
    context: FakeContext,
    private readonly sheet: () => FakeSheet,
  ) {
    super(context);
  }
  protected read(): unknown {
    throw officeError("InvalidArgument", "WorksheetFreezePanes.load");
  }
  private set(rows: number, columns: number): void {
    this.context.require("1.7", "WorksheetFreezePanes");
    const s = this.sheet();
    protectedCheck(this.context, s, undefined, "WorksheetFreezePanes");
    s.frozen = { rows, columns };
  }
  freezeRows(count?: number): void {
    this.queue("WorksheetFreezePanes.freezeRows", [count], () => this.set(count ?? 1, 0));
  }
  freezeColumns(count?: number): void {
    this.queue("WorksheetFreezePanes.freezeColumns", [count], () => this.set(0, count ?? 1));
  }
  freezeAt(frozenRange: string | FakeRange): void {
    this.queue(
      "WorksheetFreezePanes.freezeAt",
      [String(typeof frozenRange === "string" ? frozenRange : "range")],
      () => {
        const rect = typeof frozenRange === "string" ? parseRect(frozenRange) : frozenRange.resolve().rect;
        this.set(rect.r1 + 1, rect.c1 + 1);
      },
    );
  }
  unfreeze(): void {
    this.queue("WorksheetFreezePanes.unfreeze", null, () => this.set(0, 0));
  }
}

// ---------------------------------------------------------------- ranges

export class FakeRange extends FakeObject {
  protected readonly scalarProps = [
    "address",
    "rowCount",
    "columnCount",
    "rowIndex",
    "columnIndex",
    "values",
    "formulas",
    "numberFormat",
    "text",
  ] as const;
  constructor(
    context: FakeContext,
    private readonly resolver: () => RangeTarget,
    /** For ...OrNullObject ranges: resolves to undefined when there is no range. */
    private readonly nullable?: () => RangeTarget | undefined,
  ) {
    super(context);
  }
  resolve(): RangeTarget {
    return this.resolver();
  }
  get isNullObject(): boolean {
    return this.get("isNullObject");
  }
  override execLoad(paths: string[]): void {
    if (this.nullable) {
      const t = this.nullable();
      this.loaded.set("isNullObject", t === undefined);
      if (!t) return;
    }
    super.execLoad(paths);
  }
  select(): void {
    this.queue("Range.select", null, () => {
      const { sheet, rect } = this.resolver();
      this.context.state.selection = { sheetId: sheet.id, rect };
      this.context.state.activeSheetId = sheet.id;
    });
  }
  /** The part of this range inside the sheet's used area (bounding box of non-blank cells). */
  getUsedRangeOrNullObject(valuesOnly?: boolean): FakeRange {
    void valuesOnly;
    const find = (): RangeTarget | undefined => {
      const { sheet, rect } = this.resolver();
      let r0 = Infinity;
      let c0 = Infinity;
      let r1 = -1;
      let c1 = -1;
      sheet.rows.forEach((row, r) =>
        row?.forEach((cell, c) => {
          if (!cell || (cell.value === "" && cell.formula === null)) return;
          r0 = Math.min(r0, r);
          c0 = Math.min(c0, c);
          r1 = Math.max(r1, r);
          c1 = Math.max(c1, c);
        }),
      );
      if (r1 < 0) return undefined;
      const used = { r0, c0, r1, c1 };
      if (!intersects(used, rect)) return undefined;
      return {
        sheet,
        rect: {
          r0: Math.max(r0, rect.r0),
          c0: Math.max(c0, rect.c0),
          r1: Math.min(r1, rect.r1),
          c1: Math.min(c1, rect.c1),
        },
      };
    };
    const strict = (): RangeTarget => {
      const t = find();
      if (!t) throw officeError("ItemNotFound", "Range.getUsedRangeOrNullObject");
      return t;
    };
    return new FakeRange(this.context, strict, find);
  }
  /** The visible rows of the range (Range.getVisibleView, ExcelApi 1.3); rows hidden by a filter are left out. */
  getVisibleView(): FakeRangeView {
    return new FakeRangeView(this.context, () => {
      this.context.require("1.3", "Range.getVisibleView");
      return this.resolver();
    });
  }
  /** "The smallest range object that encompasses the given ranges" (Range.getBoundingRect, ExcelApi 1.1). */
  getBoundingRect(other: FakeRange | string): FakeRange {
    return new FakeRange(this.context, () => {
      const a = this.resolver();
      const b = typeof other === "string" ? { sheet: a.sheet, rect: parseRect(other) } : other.resolve();
      if (a.sheet !== b.sheet) throw officeError("InvalidArgument", "Range.getBoundingRect");
      return {
        sheet: a.sheet,
        rect: {
          r0: Math.min(a.rect.r0, b.rect.r0),
          c0: Math.min(a.rect.c0, b.rect.c0),
          r1: Math.max(a.rect.r1, b.rect.r1),
          c1: Math.max(a.rect.c1, b.rect.c1),
        },
      };
    });
  }
  getEntireRow(): FakeRange {
    return this.derive(({ rect }) => ({ r0: rect.r0, r1: rect.r1, c0: 0, c1: 16_383 }));
  }
  getIntersectionOrNullObject(other: FakeRange): FakeRange {
    const find = (): RangeTarget | undefined => {
      const a = this.resolver();
      const b = other.resolve();
      if (a.sheet !== b.sheet || !intersects(a.rect, b.rect)) return undefined;
      return {
        sheet: a.sheet,
        rect: {
          r0: Math.max(a.rect.r0, b.rect.r0),
          c0: Math.max(a.rect.c0, b.rect.c0),
          r1: Math.min(a.rect.r1, b.rect.r1),
          c1: Math.min(a.rect.c1, b.rect.c1),
        },
      };
    };
    const strict = (): RangeTarget => {
      const t = find();
      if (!t) throw officeError("ItemNotFound", "Range.getIntersectionOrNullObject");
      return t;
    };
    return new FakeRange(this.context, strict, find);
  }
  private derive(f: (t: RangeTarget) => Rect): FakeRange {
    return new FakeRange(this.context, () => {
      const t = this.resolver();
      const rect = f(t);
      if (rect.r0 < 0 || rect.c0 < 0 || rect.r1 < rect.r0 || rect.c1 < rect.c0 || rect.r1 >= MAX_ROWS)
        throw officeError("InvalidArgument", "Range");
      return { sheet: t.sheet, rect };
    });
  }
  private cellGrid(prop: "values" | "formulas" | "numberFormat" | "text", t: RangeTarget): unknown[][] {
    const { sheet, rect } = t;
    const last = usedRows(sheet, rect);
    const out: unknown[][] = [];
    for (let r = rect.r0; r <= rect.r1; r++) {
      const row: unknown[] = [];
      for (let c = rect.c0; c <= rect.c1; c++) {
        const cell = r <= last ? sheet.cell(r, c) : undefined;
        if (prop === "values") row.push(cell ? cell.value : "");
        else if (prop === "formulas") row.push(cell ? (cell.formula ?? cell.value) : "");
        else if (prop === "numberFormat") row.push(cell ? cell.numberFormat : "General");
        else row.push(cell ? String(cell.formula ? "" : cell.value) : "");
      }
      out.push(row);
    }
    return out;
  }
  protected read(prop: string): unknown {
    const t = this.resolver();
    const { rect, sheet } = t;
    switch (prop) {
      case "address":
        return `${quoteSheet(sheet.name)}!${rectToA1(rect)}`;
      case "rowCount":
        return rect.r1 - rect.r0 + 1;
      case "columnCount":
        return rect.c1 - rect.c0 + 1;
      case "rowIndex":
        return rect.r0;
      case "columnIndex":
        return rect.c0;
      case "values":
      case "formulas":
      case "numberFormat":
      case "text": {
        const n = cellCount(rect);
        if (n > this.context.host.limits.readCells) throw officeError("RangeExceedsLimit", `Range.${prop}`);
        const grid = this.cellGrid(prop, t);
        this.context.noteRead(n, grid);
        return grid;
      }
    }
    throw officeError("InvalidArgument", `Range.${prop}`);
  }
  get address(): string {
    return this.get("address");
  }
  get rowCount(): number {
    return this.get("rowCount");
  }
  get columnCount(): number {
    return this.get("columnCount");
  }
  get rowIndex(): number {
    return this.get("rowIndex");
  }
  get columnIndex(): number {
    return this.get("columnIndex");
  }
  get values(): any[][] {
    return this.get("values");
  }
  set values(v: any) {
    this.write("values", v);
  }
  get formulas(): any[][] {
    return this.get("formulas");
  }
  set formulas(v: any) {
    this.write("formulas", v);
  }
  get numberFormat(): any[][] {
    return this.get("numberFormat");
  }
  set numberFormat(v: any) {
    this.write("numberFormat", v);
  }
  get text(): string[][] {
    return this.get("text");
  }

  /**
   * Setting `values`, `formulas` or `numberFormat`: either a two-dimensional array
   * of exactly the range's size, or a single (scalar) value applied to all cells.
   * The scalar form is the documented one ("When setting values/formulas/number
   * format to a range, the value argument can be either a single value or a
   * two-dimensional array. If the argument is a single value, it will be applied
   * to all cells in the range." — Excel.Range reference, ExcelApi 1.1, as shipped
   * in the office-js typings). A 1×1 array over a larger range is not documented
   * (issue 11 item 2: reports conflict), so the strict fake rejects it with the
   * dimension-mismatch error Excel gives for a wrong-sized array.
   */
  private write(prop: "values" | "formulas" | "numberFormat", input: any): void {
    const scalar = input !== null && input !== undefined && !Array.isArray(input);
    const grid: any[][] = scalar ? [[input]] : input;
    this.context.enqueue({
      label: `Range.${prop}`,
      bytes: 16 + jsonBytes(input),
      run: () => {
        const { sheet, rect } = this.resolver();
        const rows = rect.r1 - rect.r0 + 1;
        const cols = rect.c1 - rect.c0 + 1;
        const single = scalar;
        if (
          !single &&
          (!Array.isArray(grid) || grid.length !== rows || grid.some((r) => !Array.isArray(r) || r.length !== cols))
        )
          throw officeError(
            "InvalidArgument",
            `Range.${prop}`,
            "The number of rows or columns in the input array doesn't match the size or dimensions of the range.",
          );
        protectedCheck(this.context, sheet, rect, `Range.${prop}`);
        if (prop !== "numberFormat") refuseFilteredWrite(sheet, rect, `Range.${prop}`);
        if (single) {
          // Single input copy: one value for the whole range, as with Ctrl+Enter in Excel.
          const v = grid[0]![0];
          if (v === null || v === undefined) return;
          if (prop === "numberFormat") {
            const last = usedRows(sheet, rect);
            for (let r = rect.r0; r <= last; r++)
              for (let c = rect.c0; c <= rect.c1; c++) if (sheet.cell(r, c)) sheet.cell(r, c)!.numberFormat = String(v);
            sheet.formatLayers.push({ rect, format: String(v) });
          } else {
            if (rows * cols > 2_000_000)
              throw new Error("fake: single-input copy over more than 2M cells is not modelled");
            for (let r = rect.r0; r <= rect.r1; r++)
              for (let c = rect.c0; c <= rect.c1; c++)
                enterInput(
                  sheet.ensureCell(r, c),
                  typeof v === "string" && v.startsWith("=") ? shiftFormula(v, r - rect.r0, c - rect.c0) : v,
                );
          }
          this.context.noteCellWrite(tablesTouching(this.context, sheet, rect));
          return;
        }
        for (let i = 0; i < rows; i++) {
          const row = grid[i]!;
          for (let j = 0; j < cols; j++) {
            const v = row[j];
            if (v === null || v === undefined) continue;
            if (typeof v === "string" && v.length > 32_767)
              throw officeError("InvalidArgument", `Range.${prop}`, "Text longer than 32,767 characters.");
            const cell = sheet.ensureCell(rect.r0 + i, rect.c0 + j);
            if (prop === "numberFormat") cell.numberFormat = String(v);
            else enterInput(cell, v);
          }
        }
        this.context.noteCellWrite(tablesTouching(this.context, sheet, rect));
      },
    });
  }

  getCell(row: number, column: number): FakeRange {
    return this.derive(({ rect }) => ({
      r0: rect.r0 + row,
      c0: rect.c0 + column,
      r1: rect.r0 + row,
      c1: rect.c0 + column,
    }));
  }
  getRow(row: number): FakeRange {
    return this.derive(({ rect }) => ({ r0: rect.r0 + row, c0: rect.c0, r1: rect.r0 + row, c1: rect.c1 }));
  }
  getColumn(column: number): FakeRange {
    return this.derive(({ rect }) => ({ r0: rect.r0, c0: rect.c0 + column, r1: rect.r1, c1: rect.c0 + column }));
  }
  getLastRow(): FakeRange {
    return this.derive(({ rect }) => ({ r0: rect.r1, c0: rect.c0, r1: rect.r1, c1: rect.c1 }));
  }
  getResizedRange(deltaRows: number, deltaColumns: number): FakeRange {
    return this.derive(({ rect }) => ({
      r0: rect.r0,
      c0: rect.c0,
      r1: rect.r1 + deltaRows,
      c1: rect.c1 + deltaColumns,
    }));
  }
  getOffsetRange(rowOffset: number, columnOffset: number): FakeRange {
    return this.derive(({ rect }) => ({
      r0: rect.r0 + rowOffset,
      c0: rect.c0 + columnOffset,
      r1: rect.r1 + rowOffset,
      c1: rect.c1 + columnOffset,
    }));
  }
  getAbsoluteResizedRange(numRows: number, numColumns: number): FakeRange {
    return this.derive(({ rect }) => ({
      r0: rect.r0,
      c0: rect.c0,
      r1: rect.r0 + numRows - 1,
      c1: rect.c0 + numColumns - 1,
    }));
  }
  clear(applyTo?: string): void {
    this.queue("Range.clear", [applyTo], () => {
      const { sheet, rect } = this.resolver();
      protectedCheck(this.context, sheet, rect, "Range.clear");
      const last = usedRows(sheet, rect);
      for (let r = rect.r0; r <= last; r++) {
        const row = sheet.rows[r];
        if (!row) continue;
        for (let c = rect.c0; c <= Math.min(rect.c1, row.length - 1); c++) {
          if (applyTo === "Formats") {
            const cell = row[c];
            if (cell) {
              const keep = { value: cell.value, formula: cell.formula };
              row[c] = Object.assign(new FakeCell(), keep);
            }
          } else if (applyTo === "Contents") {
            const cell = row[c];
            if (cell) {
              cell.value = "";
              cell.formula = null;
            }
          } else row[c] = undefined;
        }
      }
      if (applyTo !== "Contents")
        sheet.conditionalFormats = sheet.conditionalFormats.filter((cf) => !contains(rect, cf.rect));
      this.context.noteCellWrite(tablesTouching(this.context, sheet, rect));
    });
  }
  group(groupOption: string): void {
    this.queue("Range.group", [groupOption], () => {
      this.context.require("1.10", "Range.group");
      const { sheet, rect } = this.resolver();
      protectedCheck(this.context, sheet, undefined, "Range.group");
      sheet.groupedColumns.push({ c0: rect.c0, c1: rect.c1 });
    });
  }
  get format(): FakeRangeFormat {
    return this.child("format", () => new FakeRangeFormat(this.context, () => this.resolver()));
  }
  get dataValidation(): FakeDataValidation {
    return this.child("dataValidation", () => new FakeDataValidation(this.context, () => this.resolver()));
  }
  get conditionalFormats(): FakeConditionalFormatCollection {
    return this.child(
      "conditionalFormats",
      () => new FakeConditionalFormatCollection(this.context, () => this.resolver()),
    );
  }
  get worksheet(): FakeWorksheet {
    return this.child(
      "worksheet",
      () => new FakeWorksheet(this.context, () => this.resolver().sheet, "range sheet", true),
    );
  }
}

/** Excel.RangeView: only `rowCount` ("The number of visible rows", ExcelApi 1.3) is modelled. */
export class FakeRangeView extends FakeObject {
  protected readonly scalarProps = ["rowCount"] as const;
  constructor(
    context: FakeContext,
    private readonly target: () => RangeTarget,
  ) {
    super(context);
  }
  protected read(prop: string): unknown {
    if (prop !== "rowCount") throw officeError("InvalidArgument", `RangeView.${prop}`);
    const { sheet, rect } = this.target();
    let hidden = 0;
    for (const r of sheet.filteredRows) if (r >= rect.r0 && r <= rect.r1) hidden++;
    return rect.r1 - rect.r0 + 1 - hidden;
  }
  get rowCount(): number {
    return this.get("rowCount");
  }
}

type CellStyleKey = "bold" | "fontColor" | "fontSize" | "fill" | "wrap";

function styleCells(ctx: FakeContext, t: RangeTarget, what: string, apply: (c: FakeCell) => void): void {
  const { sheet, rect } = t;
  protectedCheck(ctx, sheet, undefined, what);
  if (rect.r1 - rect.r0 > 100_000) throw new Error(`fake: styling ${rectToA1(rect)} cell by cell is not supported`);
  for (let r = rect.r0; r <= rect.r1; r++) for (let c = rect.c0; c <= rect.c1; c++) apply(sheet.ensureCell(r, c));
}

export class FakeRangeFormat extends FakeObject {
  protected readonly scalarProps = ["columnWidth", "wrapText"] as const;
  constructor(
    context: FakeContext,
    private readonly target: () => RangeTarget,
  ) {
    super(context);
  }
  protected read(prop: string): unknown {
    const { sheet, rect } = this.target();
    if (prop === "columnWidth") return sheet.columnWidths.get(rect.c0) ?? 48;
    if (prop === "wrapText") return sheet.cell(rect.r0, rect.c0)?.wrap ?? false;
    throw officeError("InvalidArgument", `RangeFormat.${prop}`);
  }
  get columnWidth(): number {
    return this.get("columnWidth");
  }
  set columnWidth(points: number) {
    this.queue("RangeFormat.columnWidth", points, () => {
      const { sheet, rect } = this.target();
      protectedCheck(this.context, sheet, undefined, "RangeFormat.columnWidth");
      for (let c = rect.c0; c <= rect.c1; c++) sheet.columnWidths.set(c, points);
    });
  }
  set wrapText(v: boolean) {
    this.queue("RangeFormat.wrapText", v, () =>
      styleCells(this.context, this.target(), "RangeFormat.wrapText", (c) => (c.wrap = v)),
    );
  }
  get font(): FakeStyleBag {
    return this.child(
      "font",
      () => new FakeStyleBag(this.context, () => this.target(), { bold: "bold", color: "fontColor", size: "fontSize" }),
    );
  }
  get fill(): FakeStyleBag {
    return this.child("fill", () => new FakeStyleBag(this.context, () => this.target(), { color: "fill" }));
  }
  get protection(): FakeFormatProtection {
    return this.child("protection", () => new FakeFormatProtection(this.context, () => this.target()));
  }
}

/** RangeFont / RangeFill: a few style properties stored per cell. */
export class FakeStyleBag extends FakeObject {
  protected readonly scalarProps = [] as const;
  constructor(
    context: FakeContext,
    private readonly target: () => RangeTarget,
    map: Record<string, CellStyleKey>,
  ) {
    super(context);
    for (const [prop, key] of Object.entries(map)) {
      Object.defineProperty(this, prop, {
        get: () => this.get(prop),
        set: (v: unknown) =>
          this.queue(`Range.format.${prop}`, v, () =>
            styleCells(this.context, this.target(), `format.${prop}`, (c) => ((c as any)[key] = v)),
          ),
      });
    }
  }
  protected read(prop: string): unknown {
    throw officeError("InvalidArgument", `load ${prop}`);
  }
}

export class FakeFormatProtection extends FakeObject {
  protected readonly scalarProps = ["locked"] as const;
  constructor(
    context: FakeContext,
    private readonly target: () => RangeTarget,
  ) {
    super(context);
  }
  protected read(): unknown {
    const { sheet, rect } = this.target();
    return !allUnlocked(sheet, rect);
  }
  set locked(v: boolean) {
    this.queue("FormatProtection.locked", v, () => {
      const { sheet, rect } = this.target();
      protectedCheck(this.context, sheet, undefined, "FormatProtection.locked");
      const s = sheet as FakeSheet & { unlocked?: Rect[] };
      s.unlocked = (s.unlocked ?? []).filter((u) => !contains(rect, u));
      if (!v) s.unlocked.push(rect);
    });
  }
}

// ---------------------------------------------------------------- data validation

export class FakeDataValidation extends FakeObject {
  protected readonly scalarProps = ["rule", "ignoreBlanks", "prompt", "errorAlert", "type"] as const;
  constructor(
    context: FakeContext,
    private readonly target: () => RangeTarget,
  ) {
    super(context);
  }
  private entry(create: boolean): FakeValidation | undefined {
    this.context.require("1.8", "Range.dataValidation");
    const { sheet, rect } = this.target();
    let e = sheet.validations.find(
      (v) => v.rect.r0 === rect.r0 && v.rect.c0 === rect.c0 && v.rect.r1 === rect.r1 && v.rect.c1 === rect.c1,
    );
    if (!e && create) {
      protectedCheck(this.context, sheet, undefined, "DataValidation");
      const overlapping = sheet.validations.filter((v) => intersects(v.rect, rect) && !contains(rect, v.rect));
      if (overlapping.length)
        throw officeError(
          "InvalidOperation",
          "DataValidation.rule",
          "The range already has a different data validation; clear it first.",
        );
      sheet.validations = sheet.validations.filter((v) => !contains(rect, v.rect));
      e = { rect, rule: {}, ignoreBlanks: true };
      sheet.validations.push(e);
    }
    return e;
  }
  protected read(prop: string): unknown {
    const e = this.entry(false);
    switch (prop) {
      case "rule":
        return e?.rule ?? {};
      case "ignoreBlanks":
        return e?.ignoreBlanks ?? true;
      case "prompt":
        return e?.prompt ?? { showPrompt: false, title: "", message: "" };
      case "errorAlert":
        return e?.errorAlert ?? { showAlert: true, style: "Stop", title: "", message: "" };
      case "type":
        return e ? (Object.keys(e.rule)[0] ?? "None") : "None";
    }
    throw officeError("InvalidArgument", `DataValidation.${prop}`);
  }
  get rule(): Excel.DataValidationRule {
    return this.get("rule");
  }
  set rule(rule: Excel.DataValidationRule) {
    this.queue("DataValidation.rule", rule, () => {
      const keys = Object.keys(rule).filter((k) => (rule as any)[k] !== undefined);
      if (keys.length !== 1)
        throw officeError("InvalidArgument", "DataValidation.rule", "Exactly one rule type must be set.");
      this.entry(true)!.rule = rule;
    });
  }
  set ignoreBlanks(v: boolean) {
    this.queue("DataValidation.ignoreBlanks", v, () => (this.entry(true)!.ignoreBlanks = v));
  }
  set prompt(p: Excel.DataValidationPrompt) {
    this.queue("DataValidation.prompt", p, () => (this.entry(true)!.prompt = p));
  }
  set errorAlert(a: Excel.DataValidationErrorAlert) {
    this.queue("DataValidation.errorAlert", a, () => (this.entry(true)!.errorAlert = a));
  }
  clear(): void {
    this.queue("DataValidation.clear", null, () => {
      this.context.require("1.8", "DataValidation.clear");
      const { sheet, rect } = this.target();
      protectedCheck(this.context, sheet, undefined, "DataValidation.clear");
      sheet.validations = sheet.validations.filter((v) => !intersects(rect, v.rect));
    });
  }
}

// ---------------------------------------------------------------- conditional formats

export class FakeConditionalFormatCollection extends FakeObject {
  protected readonly scalarProps = ["items/type"] as const;
  constructor(
    context: FakeContext,
    private readonly target: () => RangeTarget,
  ) {
    super(context);
  }
  protected read(): unknown {
    throw officeError("InvalidArgument", "ConditionalFormatCollection.load");
  }
  add(type: string): FakeConditionalFormatProxy {
    let created: FakeConditionalFormat | undefined;
    let sheetRef: FakeSheet | undefined;
    this.queue("ConditionalFormatCollection.add", [type], () => {
      this.context.require("1.6", "ConditionalFormatCollection.add");
      const { sheet, rect } = this.target();
      protectedCheck(this.context, sheet, undefined, "ConditionalFormatCollection.add");
      created = { id: this.context.state.newId(), rect, type, formula: "" };
      sheetRef = sheet;
      sheet.conditionalFormats.unshift(created); // Excel puts a new rule on top
    });
    return new FakeConditionalFormatProxy(this.context, () => {
      if (!created || !sheetRef) throw officeError("ItemNotFound", "ConditionalFormat");
      return { cf: created, sheet: sheetRef };
    });
  }
  clearAll(): void {
    this.queue("ConditionalFormatCollection.clearAll", null, () => {
      this.context.require("1.6", "ConditionalFormatCollection.clearAll");
      const { sheet, rect } = this.target();
      protectedCheck(this.context, sheet, undefined, "ConditionalFormatCollection.clearAll");
      sheet.conditionalFormats = sheet.conditionalFormats.filter((cf) => !intersects(rect, cf.rect));
    });
  }
}

type CfTarget = { cf: FakeConditionalFormat; sheet: FakeSheet };

export class FakeConditionalFormatProxy extends FakeObject {
  protected readonly scalarProps = ["priority", "stopIfTrue", "type"] as const;
  constructor(
    context: FakeContext,
    private readonly target: () => CfTarget,
  ) {
    super(context);
  }
  protected read(prop: string): unknown {
    const { cf, sheet } = this.target();
    if (prop === "priority") return sheet.conditionalFormats.indexOf(cf);
    if (prop === "stopIfTrue") return cf.stopIfTrue ?? false;
    if (prop === "type") return cf.type;
    throw officeError("InvalidArgument", `ConditionalFormat.${prop}`);
  }
  set priority(p: number) {
    this.queue("ConditionalFormat.priority", p, () => {
      const { cf, sheet } = this.target();
      const list = sheet.conditionalFormats;
      list.splice(list.indexOf(cf), 1);
      list.splice(Math.min(Math.max(0, p), list.length), 0, cf);
    });
  }
  set stopIfTrue(v: boolean) {
    this.queue("ConditionalFormat.stopIfTrue", v, () => {
      this.context.require("1.8", "ConditionalFormat.stopIfTrue");
      this.target().cf.stopIfTrue = v;
    });
  }
  get custom(): {
    rule: { formula: string };
    format: { fill: { color: string }; font: { color: string; bold: boolean } };
  } {
    return this.child("custom", () => new FakeCustomCf(this.context, () => this.target().cf)) as any;
  }
}

class FakeCustomCf extends FakeObject {
  protected readonly scalarProps = [] as const;
  readonly rule: { formula: string };
  readonly format: { fill: { color: string }; font: { color: string; bold: boolean } };
  constructor(context: FakeContext, target: () => FakeConditionalFormat) {
    super(context);
    const setter = (label: string, apply: (cf: FakeConditionalFormat, v: any) => void) => (v: any) =>
      this.queue(label, v, () => {
        const cf = target();
        if (cf.type !== "Custom") throw officeError("InvalidOperation", label, "Not a custom conditional format.");
        apply(cf, v);
      });
    const prop = <T>(obj: T, name: string, set: (v: any) => void): T => {
      Object.defineProperty(obj, name, {
        set,
        get: () => {
          throw officeError("PropertyNotLoaded", name);
        },
      });
      return obj;
    };
    this.rule = prop(
      {} as { formula: string },
      "formula",
      setter("ConditionalFormatRule.formula", (cf, v) => (cf.formula = String(v))),
    );
    const fill = prop(
      {} as { color: string },
      "color",
      setter("ConditionalFill.color", (cf, v) => (cf.fill = String(v))),
    );
    const font = prop(
      prop(
        {} as { color: string; bold: boolean },
        "color",
        setter("ConditionalFont.color", (cf, v) => (cf.fontColor = String(v))),
      ),
      "bold",
      setter("ConditionalFont.bold", (cf, v) => (cf.bold = Boolean(v))),
    );
    this.format = { fill, font };
  }
  protected read(): unknown {
    throw officeError("InvalidArgument", "CustomConditionalFormat.load");
  }
}

// ---------------------------------------------------------------- tables

function tableBody(t: FakeTable): Rect {
  return { r0: t.rect.r0 + 1, c0: t.rect.c0, r1: t.rect.r1, c1: t.rect.c1 };
}

function headerNames(sheet: FakeSheet, rect: Rect): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (let c = rect.c0; c <= rect.c1; c++) {
    const cell = sheet.cell(rect.r0, c);
    let name = cell && cell.value !== "" ? String(cell.value) : `Column${c - rect.c0 + 1}`;
    const base = name;
    let k = 2;
    while (seen.has(name.toLowerCase())) name = `${base}${k++}`;
    seen.add(name.toLowerCase());
    if (!cell || String(cell.value) !== name) {
      const hc = sheet.ensureCell(rect.r0, c);
      hc.value = name;
      hc.formula = null;
    }
    out.push(name);
  }
  return out;
}

export class FakeTableCollection extends FakeObject {
  protected readonly scalarProps = ["items/name"] as const;
  constructor(
    context: FakeContext,
    private readonly sheet: (() => FakeSheet) | undefined,
  ) {
    super(context);
  }
  protected read(): unknown {
    throw officeError("InvalidArgument", "TableCollection.load");
  }
  private list(): FakeTable[] {
    const s = this.sheet?.();
    return this.context.state.tables.filter((t) => !s || t.sheetId === s.id);
  }
  override execLoad(paths: string[]): void {
    const props = paths.map((p) => (p.startsWith("items/") ? p.slice(6) : p)).filter((p) => p !== "items");
    const items = this.list().map((t) => {
      const id = t.id;
      const proxy = new FakeTableProxy(
        this.context,
        () => this.context.state.tables.find((x) => x.id === id),
        `table#${id}`,
        true,
      );
      proxy.execLoad(props.length ? props : ["name"]);
      return proxy;
    });
    this.loaded.set("items", items);
  }
  get items(): FakeTableProxy[] {
    return this.get("items");
  }
  getItem(name: string): FakeTableProxy {
    return new FakeTableProxy(this.context, () => this.find(name), `Table '${name}'`, true);
  }
  getItemOrNullObject(name: string): FakeTableProxy {
    return new FakeTableProxy(this.context, () => this.find(name), `Table '${name}'`);
  }
  private find(name: string): FakeTable | undefined {
    const lower = name.toLowerCase();
    return this.list().find((t) => t.name.toLowerCase() === lower);
  }
  add(address: string | FakeRange, hasHeaders: boolean): FakeTableProxy {
    let created: FakeTable | undefined;
    this.queue("TableCollection.add", [typeof address === "string" ? address : "range", hasHeaders], () => {
      const state = this.context.state;
      let sheet: FakeSheet;
      let rect: Rect;
      if (typeof address === "string") {
        const { sheet: sheetName, local } = splitSheet(address);
        const s = sheetName ? state.sheet(sheetName) : this.sheet?.();
        if (!s) throw officeError("InvalidArgument", "TableCollection.add", "The address must name a worksheet.");
        sheet = s;
        rect = parseRect(local);
      } else ({ sheet, rect } = address.resolve());
      protectedCheck(this.context, sheet, undefined, "TableCollection.add");
      if (!hasHeaders) throw new Error("fake: tables without headers are not modelled");
      // A table always has a data body: a header-only range gets one blank row (as in Excel).
      if (rect.r1 === rect.r0) rect = { ...rect, r1: rect.r0 + 1 };
      if (state.tables.some((t) => t.sheetId === sheet.id && intersects(t.rect, rect)))
        throw officeError("InvalidOperation", "TableCollection.add", "A table can't overlap another table.");
      headerNames(sheet, rect);
      let n = state.tables.length + 1;
      while (state.table(`Table${n}`)) n++;
      created = {
        id: state.newId(),
        name: `Table${n}`,
        sheetId: sheet.id,
        rect,
        style: "TableStyleMedium2",
        showTotals: false,
      };
      state.tables.push(created);
      this.context.noteCellWrite();
    });
    return new FakeTableProxy(this.context, () => created, "new table", true);
  }
}

export class FakeTableProxy extends FakeMaybeNull<FakeTable> {
  protected readonly scalarProps = ["name", "id", "style", "showTotals", "showHeaders"] as const;
  constructor(context: FakeContext, resolver: () => FakeTable | undefined, what: string, strict = false) {
    super(
      context,
      strict
        ? () =>
            resolver() ??
            (() => {
              throw officeError("ItemNotFound", what);
            })()
        : resolver,
      what,
    );
  }
  table(): FakeTable {
    return this.target();
  }
  private sheet(): FakeSheet {
    return this.context.state.sheetById(this.target().sheetId);
  }
  protected read(prop: string): unknown {
    const t = this.target();
    switch (prop) {
      case "name":
        return t.name;
      case "id":
        return String(t.id);
      case "style":
        return t.style;
      case "showTotals":
        return t.showTotals;
      case "showHeaders":
        return true;
    }
    throw officeError("InvalidArgument", `Table.${prop}`);
  }
  get name(): string {
    return this.get("name");
  }
  set name(v: string) {
    this.queue("Table.name", v, () => {
      const t = this.target();
      const state = this.context.state;
      if (!/^[A-Za-z_\\\u0080-\uFFFF][A-Za-z0-9_.\\\u0080-\uFFFF]*$/.test(v) || /^[A-Za-z]{1,3}\d+$/.test(v))
        throw officeError("InvalidArgument", "Table.name");
      const other = state.table(v);
      if ((other && other !== t) || state.names.some((n) => n.name.toLowerCase() === v.toLowerCase()))
        throw officeError("ItemAlreadyExists", "Table.name");
      t.name = v;
    });
  }
  set style(v: string) {
    this.queue("Table.style", v, () => (this.target().style = v));
  }
  set showTotals(v: boolean) {
    this.queue("Table.showTotals", v, () => {
      if (v) throw new Error("fake: total rows are not modelled");
      this.target().showTotals = v;
    });
  }
  get worksheet(): FakeWorksheet {
    return this.child("worksheet", () => new FakeWorksheet(this.context, () => this.sheet(), "table sheet", true));
  }
  private rangeOf(f: (t: FakeTable) => Rect): FakeRange {
    return new FakeRange(this.context, () => ({ sheet: this.sheet(), rect: f(this.target()) }));
  }
  getRange(): FakeRange {
    return this.rangeOf((t) => t.rect);
  }
  getHeaderRowRange(): FakeRange {
    return this.rangeOf((t) => ({ ...t.rect, r1: t.rect.r0 }));
  }
  getDataBodyRange(): FakeRange {
    return this.rangeOf(tableBody);
  }
  get rows(): FakeTableRowCollection {
    return this.child(
      "rows",
      () =>
        new FakeTableRowCollection(
          this.context,
          () => this.target(),
          () => this.sheet(),
        ),
    );
  }
  get columns(): FakeTableColumnCollection {
    return this.child(
      "columns",
      () =>
        new FakeTableColumnCollection(
          this.context,
          () => this.target(),
          () => this.sheet(),
        ),
    );
  }
  delete(): void {
    this.queue("Table.delete", null, () => {
      const t = this.target();
      const sheet = this.sheet();
      protectedCheck(this.context, sheet, undefined, "Table.delete");
      for (let r = t.rect.r0; r <= t.rect.r1; r++)
        for (let c = t.rect.c0; c <= t.rect.c1; c++) if (sheet.rows[r]) sheet.rows[r]![c] = undefined;
      const st = this.context.state;
      st.tables.splice(st.tables.indexOf(t), 1);
    });
  }
  convertToRange(): FakeRange {
    let rect: Rect | undefined;
    let sheetRef: FakeSheet | undefined;
    this.queue("Table.convertToRange", null, () => {
      const t = this.target();
      sheetRef = this.sheet();
      protectedCheck(this.context, sheetRef, undefined, "Table.convertToRange");
      rect = t.rect;
      const st = this.context.state;
      st.tables.splice(st.tables.indexOf(t), 1);
    });
    return new FakeRange(this.context, () => {
      if (!rect || !sheetRef) throw officeError("ItemNotFound", "Table.convertToRange");
      return { sheet: sheetRef, rect };
    });
  }
  get onChanged(): { add(h: TableChangedHandler): { remove(): void; context: FakeContext } } {
    return {
      add: (h) => {
        const result = { context: this.context, remove: () => undefined as void };
        this.queue("Table.onChanged.add", null, () => {
          this.context.require("1.7", "Table.onChanged");
          const id = this.target().id;
          const set = this.context.host.tableHandlers.get(id) ?? new Set<TableChangedHandler>();
          set.add(h);
          this.context.host.tableHandlers.set(id, set);
          result.remove = () => {
            set.delete(h);
          };
        });
        return result;
      },
    };
  }
}

export class FakeTableRowCollection extends FakeObject {
  protected readonly scalarProps = ["count"] as const;
  constructor(
    context: FakeContext,
    private readonly table: () => FakeTable,
    private readonly sheet: () => FakeSheet,
  ) {
    super(context);
  }
  protected read(prop: string): unknown {
    if (prop === "count") {
      const t = this.table();
      return t.rect.r1 - t.rect.r0;
    }
    throw officeError("InvalidArgument", `TableRowCollection.${prop}`);
  }
  get count(): number {
    return this.get("count");
  }
  add(index?: number | null, values?: any[][]): { getRange(): FakeRange } {
    let first: number | undefined;
    let sheetRef: FakeSheet | undefined;
    let tableRef: FakeTable | undefined;
    this.context.enqueue({
      label: "TableRowCollection.add",
      bytes: 32 + jsonBytes(values ?? null),
      run: () => {
        const t = this.table();
        const sheet = this.sheet();
        protectedCheck(this.context, sheet, undefined, "TableRowCollection.add");
        if (index !== undefined && index !== null && index !== -1)
          throw new Error("fake: only appending rows is modelled");
        const width = t.rect.c1 - t.rect.c0 + 1;
        const rows = values ?? [new Array(width).fill("")];
        if (rows.some((r) => !Array.isArray(r) || r.length !== width))
          throw officeError(
            "InvalidArgument",
            "TableRowCollection.add",
            "The number of values doesn't match the table's columns.",
          );
        const n = rows.length;
        const at = t.rect.r1 + 1;
        // Cells below the table (in its columns) move down.
        for (let r = sheet.lastRow(); r >= at; r--) {
          const row = sheet.rows[r];
          if (!row) continue;
          for (let c = t.rect.c0; c <= t.rect.c1; c++) {
            const dst = (sheet.rows[r + n] ??= []);
            dst[c] = row[c];
            row[c] = undefined;
          }
        }
        // New rows take the formats of the table's last row.
        const fmtRow = t.rect.r1 > t.rect.r0 ? t.rect.r1 : undefined;
        for (let i = 0; i < n; i++) {
          for (let c = t.rect.c0; c <= t.rect.c1; c++) {
            const cell = sheet.ensureCell(at + i, c);
            const above = fmtRow !== undefined ? sheet.cell(fmtRow, c) : undefined;
            if (above) cell.numberFormat = above.numberFormat;
            const v = rows[i]![c - t.rect.c0];
            enterInput(cell, v === null ? "" : v);
          }
        }
        t.rect = { ...t.rect, r1: t.rect.r1 + n };
        first = at;
        sheetRef = sheet;
        tableRef = t;
        this.context.noteCellWrite([{ tableId: t.id, rect: { r0: at, c0: t.rect.c0, r1: at + n - 1, c1: t.rect.c1 } }]);
      },
    });
    return {
      getRange: () =>
        new FakeRange(this.context, () => {
          if (first === undefined || !sheetRef || !tableRef) throw officeError("ItemNotFound", "TableRow");
          return { sheet: sheetRef, rect: { r0: first, c0: tableRef.rect.c0, r1: first, c1: tableRef.rect.c1 } };
        }),
    };
  }
}

export class FakeTableColumnCollection extends FakeObject {
  protected readonly scalarProps = ["items/name"] as const;
  constructor(
    context: FakeContext,
    private readonly table: () => FakeTable,
    private readonly sheet: () => FakeSheet,
  ) {
    super(context);
  }
  protected read(): unknown {
    throw officeError("InvalidArgument", "TableColumnCollection.load");
  }
  get count(): number {
    return this.get("count");
  }
  override execLoad(paths: string[]): void {
    const t = this.table();
    if (paths.length === 1 && paths[0] === "count") {
      this.loaded.set("count", t.rect.c1 - t.rect.c0 + 1);
      return;
    }
    const names = headerNames(this.sheet(), { ...t.rect, r1: t.rect.r0 });
    this.loaded.set(
      "items",
      names.map((name, i) => {
        const col = new FakeTableColumn(
          this.context,
          () => this.table(),
          () => this.sheet(),
          () => i,
        );
        (col as any).loaded.set("name", name);
        (col as any).loaded.set("index", i);
        return col;
      }),
    );
    void paths;
  }
  get items(): FakeTableColumn[] {
    return this.get("items");
  }
  getItemAt(index: number): FakeTableColumn {
    return this.getItem(index);
  }
  getItem(key: string | number): FakeTableColumn {
    return new FakeTableColumn(
      this.context,
      () => this.table(),
      () => this.sheet(),
      () => {
        const t = this.table();
        const names = headerNames(this.sheet(), { ...t.rect, r1: t.rect.r0 });
        const i = typeof key === "number" ? key : names.findIndex((n) => n.toLowerCase() === key.toLowerCase());
        if (i < 0 || i >= names.length) throw officeError("ItemNotFound", `TableColumnCollection.getItem(${key})`);
        return i;
      },
    );
  }
  add(index?: number | null, values?: any[][] | null, name?: string): FakeTableColumn {
    let at: number | undefined;
    this.queue("TableColumnCollection.add", [index ?? null, values ?? null, name ?? null], () => {
      const t = this.table();
      const sheet = this.sheet();
      protectedCheck(this.context, sheet, undefined, "TableColumnCollection.add");
      if (index !== undefined && index !== null && index !== -1)
        throw new Error("fake: only appending columns is modelled");
      const c = t.rect.c1 + 1;
      if (c >= 16_384) throw officeError("InvalidOperation", "TableColumnCollection.add");
      // Excel on the web: "OperationCellsExceedLimit — The attempted operation affects more than the limit of
      // 33554000 cells. If the TableColumnCollection.add API triggers this error, confirm that there is no
      // unintentional data within the worksheet but outside of the table. In particular, check for data in the
      // right-most columns of the worksheet." (office-js-docs-pr, docs/testing/application-specific-api-error-handling.md)
      // Modelled as: the cells the insertion shifts — the table's rows times the columns from the new column
      // to the last used one right of the table — over the limit.
      let lastRight = c;
      for (let r = t.rect.r0; r <= t.rect.r1; r++) {
        const row = sheet.rows[r];
        if (!row) continue;
        for (let k = row.length - 1; k >= c; k--)
          if (row[k] && (row[k]!.value !== "" || row[k]!.formula !== null)) {
            lastRight = Math.max(lastRight, k + 1);
            break;
          }
      }
      if ((t.rect.r1 - t.rect.r0 + 1) * (lastRight - c + 1) > 33_554_000)
        throw officeError("OperationCellsExceedLimit", "TableColumnCollection.add");
      // Cells right of the table (in its rows) move right.
      for (let r = t.rect.r0; r <= t.rect.r1; r++) {
        const row = sheet.rows[r];
        if (!row) continue;
        for (let k = row.length - 1; k >= c; k--) {
          row[k + 1] = row[k];
          row[k] = undefined;
        }
      }
      const existing = headerNames(sheet, { ...t.rect, r1: t.rect.r0 }).map((x) => x.toLowerCase());
      let header = name ?? `Column${c - t.rect.c0 + 1}`;
      const base = header;
      let k = 2;
      while (existing.includes(header.toLowerCase())) header = `${base}${k++}`;
      const hc = sheet.ensureCell(t.rect.r0, c);
      hc.value = header;
      if (values) values.forEach((row, i) => i > 0 && enterInput(sheet.ensureCell(t.rect.r0 + i, c), row[0]));
      t.rect = { ...t.rect, c1: c };
      at = c - t.rect.c0;
      this.context.noteCellWrite([{ tableId: t.id, rect: { r0: t.rect.r0, c0: c, r1: t.rect.r1, c1: c } }]);
    });
    return new FakeTableColumn(
      this.context,
      () => this.table(),
      () => this.sheet(),
      () => {
        if (at === undefined) throw officeError("ItemNotFound", "TableColumn");
        return at;
      },
    );
  }
}

export class FakeTableColumn extends FakeObject {
  protected readonly scalarProps = ["name", "index"] as const;
  constructor(
    context: FakeContext,
    private readonly table: () => FakeTable,
    private readonly sheet: () => FakeSheet,
    private readonly index: () => number,
  ) {
    super(context);
  }
  protected read(prop: string): unknown {
    const t = this.table();
    const i = this.index();
    if (prop === "index") return i;
    if (prop === "name") return headerNames(this.sheet(), { ...t.rect, r1: t.rect.r0 })[i];
    throw officeError("InvalidArgument", `TableColumn.${prop}`);
  }
  get name(): string {
    return this.get("name");
  }
  getDataBodyRange(): FakeRange {
    return new FakeRange(this.context, () => {
      const t = this.table();
      const c = t.rect.c0 + this.index();
      return { sheet: this.sheet(), rect: { r0: t.rect.r0 + 1, c0: c, r1: t.rect.r1, c1: c } };
    });
  }
  getRange(): FakeRange {
    return new FakeRange(this.context, () => {
      const t = this.table();
      const c = t.rect.c0 + this.index();
      return { sheet: this.sheet(), rect: { r0: t.rect.r0, c0: c, r1: t.rect.r1, c1: c } };
    });
  }
}

// ---------------------------------------------------------------- names and properties

export class FakeNamedItemCollection extends FakeObject {
  protected readonly scalarProps = ["items/name"] as const;
  protected read(): unknown {
    throw officeError("InvalidArgument", "NamedItemCollection.load");
  }
  override execLoad(paths: string[]): void {
    const props = paths.map((p) => (p.startsWith("items/") ? p.slice(6) : p)).filter((p) => p !== "items");
    this.loaded.set(
      "items",
      this.context.state.names.map((n) => {
        const item = new FakeNamedItem(this.context, () => this.context.state.names.find((x) => x === n), n.name);
        item.execLoad(props.length ? props : ["name"]);
        return item;
      }),
    );
  }
  get items(): FakeNamedItem[] {
    return this.get("items");
  }
  add(name: string, reference: string | FakeRange, comment?: string): FakeNamedItem {
    this.queue(
      "NamedItemCollection.add",
      [name, typeof reference === "string" ? reference : "range", comment ?? null],
      () => {
        this.context.require("1.4", "NamedItemCollection.add");
        const st = this.context.state;
        if (st.names.some((n) => n.name.toLowerCase() === name.toLowerCase()) || st.table(name))
          throw officeError("ItemAlreadyExists", "NamedItemCollection.add");
        if (!/^[A-Za-z_\\\u0080-\uFFFF][A-Za-z0-9_.\\\u0080-\uFFFF]*$/.test(name))
          throw officeError("InvalidArgument", "NamedItemCollection.add");
        let formula: string;
        if (typeof reference === "string") formula = reference.startsWith("=") ? reference : `=${reference}`;
        else {
          const { sheet, rect } = reference.resolve();
          formula = `=${quoteSheet(sheet.name)}!${rectToA1(rect).replace(/([A-Z]+)(\d+)/g, "$$$1$$$2")}`;
        }
        st.names.push({ name, formula, comment: comment ?? "" });
      },
    );
    return this.getItem(name);
  }
  getItem(name: string): FakeNamedItem {
    return new FakeNamedItem(
      this.context,
      () =>
        this.find(name) ??
        (() => {
          throw officeError("ItemNotFound", `Name ${name}`);
        })(),
      name,
    );
  }
  getItemOrNullObject(name: string): FakeNamedItem {
    return new FakeNamedItem(this.context, () => this.find(name), name);
  }
  private find(name: string) {
    return this.context.state.names.find((n) => n.name.toLowerCase() === name.toLowerCase());
  }
}

export class FakeNamedItem extends FakeMaybeNull<{ name: string; formula: string; comment: string }> {
  protected readonly scalarProps = ["name", "formula", "comment", "type", "visible"] as const;
  protected read(prop: string): unknown {
    const n = this.target();
    switch (prop) {
      case "name":
        return n.name;
      case "formula":
        this.context.require("1.7", "NamedItem.formula");
        return n.formula;
      case "comment":
        return n.comment;
      case "type":
        return "Range";
      case "visible":
        return true;
    }
    throw officeError("InvalidArgument", `NamedItem.${prop}`);
  }
  get name(): string {
    return this.get("name");
  }
  get formula(): string {
    return this.get("formula");
  }
  set formula(f: string) {
    this.queue("NamedItem.formula", f, () => {
      this.context.require("1.7", "NamedItem.formula");
      this.target().formula = f;
    });
  }
  delete(): void {
    this.queue("NamedItem.delete", null, () => {
      const n = this.target();
      const st = this.context.state;
      st.names.splice(st.names.indexOf(n), 1);
    });
  }
}

export class FakeDocumentProperties extends FakeObject {
  protected readonly scalarProps = ["title"] as const;
  protected read(): unknown {
    return "";
  }
  get custom(): FakeCustomPropertyCollection {
    return this.child("custom", () => new FakeCustomPropertyCollection(this.context));
  }
}

export class FakeCustomPropertyCollection extends FakeObject {
  protected readonly scalarProps = ["items/key", "items/value"] as const;
  protected read(): unknown {
    throw officeError("InvalidArgument", "CustomPropertyCollection.load");
  }
  override execLoad(): void {
    this.context.require("1.7", "DocumentProperties.custom");
    const items = [...this.context.state.customProperties.keys()].map((key) => {
      const p = new FakeCustomProperty(
        this.context,
        () => (this.context.state.customProperties.has(key) ? key : undefined),
        key,
      );
      p.execLoad(["key", "value"]);
      return p;
    });
    this.loaded.set("items", items);
  }
  get items(): FakeCustomProperty[] {
    return this.get("items");
  }
  add(key: string, value: unknown): FakeCustomProperty {
    this.queue("CustomPropertyCollection.add", [key, value], () => {
      this.context.require("1.7", "CustomPropertyCollection.add");
      if (key.length > 255) throw officeError("InvalidArgument", "CustomPropertyCollection.add");
      const text = String(value);
      if (text.length > 255)
        throw officeError(
          "InvalidArgument",
          "CustomPropertyCollection.add",
          "A custom property value is limited to 255 characters.",
        );
      const existing = [...this.context.state.customProperties.keys()].find(
        (k) => k.toLowerCase() === key.toLowerCase(),
      );
      if (existing && existing !== key) this.context.state.customProperties.delete(existing);
      this.context.state.customProperties.set(key, text);
    });
    return this.getItemOrNullObject(key);
  }
  getItemOrNullObject(key: string): FakeCustomProperty {
    return new FakeCustomProperty(
      this.context,
      () => (this.context.state.customProperties.has(key) ? key : undefined),
      key,
    );
  }
}

export class FakeCustomProperty extends FakeMaybeNull<string> {
  protected readonly scalarProps = ["key", "value", "type"] as const;
  protected read(prop: string): unknown {
    const key = this.target();
    if (prop === "key") return key;
    if (prop === "value") return this.context.state.customProperties.get(key);
    if (prop === "type") return "String";
    throw officeError("InvalidArgument", `CustomProperty.${prop}`);
  }
  get key(): string {
    return this.get("key");
  }
  get value(): unknown {
    return this.get("value");
  }
  delete(): void {
    this.queue("CustomProperty.delete", null, () => this.context.state.customProperties.delete(this.target()));
  }
}

// ---------------------------------------------------------------- charts

const CHART_TYPES_1_9 = new Set([
  "Funnel",
  "Histogram",
  "Boxwhisker",
  "Pareto",
  "RegionMap",
  "Treemap",
  "Waterfall",
  "Sunburst",
]);

function checkChartType(ctx: FakeContext, type: string, where: string): void {
  if (CHART_TYPES_1_9.has(type)) ctx.require("1.9", `ChartType.${type} (${where})`);
}

export class FakeChartCollection extends FakeObject {
  protected readonly scalarProps = ["items/name"] as const;
  constructor(
    context: FakeContext,
    private readonly sheet: () => FakeSheet,
  ) {
    super(context);
  }
  protected read(): unknown {
    throw officeError("InvalidArgument", "ChartCollection.load");
  }
  override execLoad(paths: string[]): void {
    const props = paths.map((p) => (p.startsWith("items/") ? p.slice(6) : p)).filter((p) => p !== "items");
    const sheet = this.sheet();
    this.loaded.set(
      "items",
      sheet.charts.map((c) => {
        const proxy = new FakeChartProxy(
          this.context,
          () => sheet.charts.find((x) => x === c),
          c.name,
          () => sheet,
        );
        proxy.execLoad(props.length ? props : ["name"]);
        return proxy;
      }),
    );
  }
  get items(): FakeChartProxy[] {
    return this.get("items");
  }
  add(type: string, sourceData: FakeRange, seriesBy?: string): FakeChartProxy {
    let created: FakeChart | undefined;
    this.queue("ChartCollection.add", [type, "range", seriesBy ?? null], () => {
      checkChartType(this.context, type, "ChartCollection.add");
      const sheet = this.sheet();
      protectedCheck(this.context, sheet, undefined, "ChartCollection.add");
      const src = sourceData.resolve();
      const rect = src.rect;
      const series = [];
      // Like Excel's guess: a first row of text is the series names, a first column of text the categories
      // (when there are other columns); every other column is one series (seriesBy columns).
      const isText = (r: number, c: number) =>
        typeof src.sheet.cell(r, c)?.value === "string" && src.sheet.cell(r, c)?.value !== "";
      let headerRow = rect.r1 > rect.r0;
      for (let c = rect.c0; c <= rect.c1; c++) if (!isText(rect.r0, c)) headerRow = false;
      const dataTop = headerRow ? rect.r0 + 1 : rect.r0;
      let categoryCol = rect.c1 > rect.c0;
      for (let r = dataTop; r <= rect.r1; r++) if (!isText(r, rect.c0)) categoryCol = false;
      for (let c = rect.c0 + (categoryCol ? 1 : 0); c <= rect.c1; c++) {
        series.push({
          name: headerRow ? String(src.sheet.cell(rect.r0, c)?.value ?? "") : `Series${series.length + 1}`,
          values: `${quoteSheet(src.sheet.name)}!${rectToA1({ ...rect, r0: dataTop, c0: c, c1: c })}`,
          ...(categoryCol
            ? { xValues: `${quoteSheet(src.sheet.name)}!${rectToA1({ ...rect, r0: dataTop, c1: rect.c0 })}` }
            : {}),
        });
      }
      created = {
        id: this.context.state.newId(),
        name: `Chart ${sheet.charts.length + 1}`,
        type,
        source: `${quoteSheet(src.sheet.name)}!${rectToA1(rect)}`,
        title: "",
        series,
      };
      sheet.charts.push(created);
    });
    return new FakeChartProxy(
      this.context,
      () => created,
      "new chart",
      () => this.sheet(),
      true,
    );
  }
  getItem(name: string): FakeChartProxy {
    return new FakeChartProxy(
      this.context,
      () => this.sheet().charts.find((c) => c.name === name),
      `Chart '${name}'`,
      () => this.sheet(),
      true,
    );
  }
  getItemOrNullObject(name: string): FakeChartProxy {
    return new FakeChartProxy(
      this.context,
      () => this.sheet().charts.find((c) => c.name === name),
      `Chart '${name}'`,
      () => this.sheet(),
    );
  }
}

export class FakeChartProxy extends FakeMaybeNull<FakeChart> {
  protected readonly scalarProps = ["name", "chartType"] as const;
  constructor(
    context: FakeContext,
    resolver: () => FakeChart | undefined,
    what: string,
    private readonly sheet: () => FakeSheet,
    strict = false,
  ) {
    super(
      context,
      strict
        ? () =>
            resolver() ??
            (() => {
              throw officeError("ItemNotFound", what);
            })()
        : resolver,
      what,
    );
  }
  chart(): FakeChart {
    return this.target();
  }
  protected read(prop: string): unknown {
    const c = this.target();
    if (prop === "name") return c.name;
    if (prop === "chartType") return c.type;
    throw officeError("InvalidArgument", `Chart.${prop}`);
  }
  get name(): string {
    return this.get("name");
  }
  set name(v: string) {
    this.queue("Chart.name", v, () => (this.target().name = v));
  }
  set chartType(v: string) {
    this.queue("Chart.chartType", v, () => {
      checkChartType(this.context, v, "Chart.chartType");
      this.target().type = v;
    });
  }
  get title(): { text: string } {
    const obj = {} as { text: string };
    Object.defineProperty(obj, "text", {
      set: (v: string) => this.queue("ChartTitle.text", v, () => (this.target().title = v)),
    });
    return obj;
  }
  setPosition(startCell: string, endCell?: string): void {
    this.queue(
      "Chart.setPosition",
      [startCell, endCell ?? null],
      () => (this.target().position = { start: startCell, ...(endCell ? { end: endCell } : {}) }),
    );
  }
  delete(): void {
    this.queue("Chart.delete", null, () => {
      const c = this.target();
      const list = this.sheet().charts;
      list.splice(list.indexOf(c), 1);
    });
  }
  get series(): FakeChartSeriesCollection {
    return this.child("series", () => new FakeChartSeriesCollection(this.context, () => this.target()));
  }
}

/**
 * The newer chart family (funnel, waterfall, sunburst, treemap, histogram, box and
 * whisker, pareto, region map) has no series object model: "Chart.series returns
 * 'UnsupportedOperation: This operation is not implemented' for specific types of
 * Excel charts (Doughnut, Waterfall, Sunburst...)" — OfficeDev/office-js-docs#910
 * (https://github.com/OfficeDev/office-js-docs/issues/910). The fake throws on any
 * series call of such a chart.
 */
function seriesChart(chart: () => FakeChart): FakeChart {
  const c = chart();
  if (CHART_TYPES_1_9.has(c.type))
    throw officeError("UnsupportedOperation", "Chart.series", "This operation is not implemented.");
  return c;
}

export class FakeChartSeriesCollection extends FakeObject {
  protected readonly scalarProps = ["count"] as const;
  private readonly chart: () => FakeChart;
  constructor(context: FakeContext, chart: () => FakeChart) {
    super(context);
    this.chart = () => seriesChart(chart);
  }
  protected read(prop: string): unknown {
    if (prop === "count") return this.chart().series.length;
    throw officeError("InvalidArgument", `ChartSeriesCollection.${prop}`);
  }
  getItemAt(index: number): FakeChartSeriesProxy {
    return new FakeChartSeriesProxy(this.context, () => {
      const s = this.chart().series[index];
      if (!s) throw officeError("ItemNotFound", `ChartSeriesCollection.getItemAt(${index})`);
      return s;
    });
  }
  add(name?: string): FakeChartSeriesProxy {
    let created: FakeChart["series"][number] | undefined;
    this.queue("ChartSeriesCollection.add", [name ?? null], () => {
      this.context.require("1.7", "ChartSeriesCollection.add");
      created = { name: name ?? "" };
      this.chart().series.push(created);
    });
    return new FakeChartSeriesProxy(this.context, () => {
      if (!created) throw officeError("ItemNotFound", "ChartSeries");
      return created;
    });
  }
}

export class FakeChartSeriesProxy extends FakeObject {
  protected readonly scalarProps = ["name", "chartType", "axisGroup"] as const;
  constructor(
    context: FakeContext,
    private readonly series: () => FakeChart["series"][number],
  ) {
    super(context);
  }
  protected read(prop: string): unknown {
    const s = this.series() as any;
    if (prop in s || ["name", "chartType", "axisGroup"].includes(prop)) return s[prop];
    throw officeError("InvalidArgument", `ChartSeries.${prop}`);
  }
  private rangeRef(r: FakeRange): string {
    const { sheet, rect } = r.resolve();
    return `${quoteSheet(sheet.name)}!${rectToA1(rect)}`;
  }
  set name(v: string) {
    this.queue("ChartSeries.name", v, () => (this.series().name = v));
  }
  set chartType(v: string) {
    this.queue("ChartSeries.chartType", v, () => {
      this.context.require("1.7", "ChartSeries.chartType");
      checkChartType(this.context, v, "ChartSeries.chartType");
      this.series().chartType = v;
    });
  }
  set axisGroup(v: string) {
    this.queue("ChartSeries.axisGroup", v, () => {
      this.context.require("1.8", "ChartSeries.axisGroup");
      this.series().axisGroup = v;
    });
  }
  setValues(source: FakeRange): void {
    this.queue("ChartSeries.setValues", null, () => {
      this.context.require("1.7", "ChartSeries.setValues");
      this.series().values = this.rangeRef(source);
    });
  }
  setXAxisValues(source: FakeRange): void {
    this.queue("ChartSeries.setXAxisValues", null, () => {
      this.context.require("1.7", "ChartSeries.setXAxisValues");
      this.series().xValues = this.rangeRef(source);
    });
  }
}

export type { Primitive };

// ---------------------------------------------------------------- PivotTables

/**
 * PivotTables as the reference documents them (ExcelApi 1.8 for creating and laying out):
 * - `PivotTableCollection.add(name, source, destination)`: "Add a PivotTable based on the
 *   specified source data and insert it at the top-left cell of the destination range"
 *   (https://learn.microsoft.com/en-us/javascript/api/excel/excel.pivottablecollection).
 *   Added through a worksheet's collection, the destination must be on that worksheet: one on
 *   another sheet "throws an error" (OfficeDev/office-js-docs-pr#251,
 *   https://github.com/OfficeDev/office-js-docs-pr/pull/251). A second PivotTable of the same
 *   name on a sheet is refused, like a second table of one name (OfficeDev/office-js#551:
 *   InvalidArgument), and a report never overlaps a table or another report (Excel: "A
 *   PivotTable report cannot overlap a table"). Only a table source is modelled.
 * - `workbook.pivotTables` spans every sheet, a worksheet's only its own; `getItemOrNullObject`.
 * - Row, column and filter hierarchies: "Adds the PivotHierarchy to the current axis. If the
 *   hierarchy is present elsewhere on the row, column, or filter axis, it will be removed from
 *   that location" (https://learn.microsoft.com/office/dev/add-ins/excel/excel-add-ins-pivottables).
 * - `DataPivotHierarchy.summarizeBy` takes an `AggregationFunction` ("Count" = COUNTA,
 *   https://learn.microsoft.com/en-us/javascript/api/excel/excel.aggregationfunction); its
 *   `name` may not be the name of a field (Excel: "PivotTable field name already exists").
 * - `refresh()` (ExcelApi 1.3) re-reads the source and keeps the layout: the fake counts refreshes.
 * The report's cells are not modelled (the fake does not calculate); it occupies its top-left
 * 3 × 2 block, the smallest report (header, one row, grand total), for the overlap rule.
 */
const AGGREGATIONS = new Set([
  "Automatic",
  "Sum",
  "Count",
  "Average",
  "Max",
  "Min",
  "Product",
  "CountNumbers",
  "StandardDeviation",
  "StandardDeviationP",
  "Variance",
  "VarianceP",
]);

function pivotRect(p: Pick<FakePivot, "row" | "col">): Rect {
  return { r0: p.row, c0: p.col, r1: p.row + 2, c1: p.col + 1 };
}

function pivotSourceHeaders(ctx: FakeContext, p: FakePivot): string[] {
  const t = ctx.state.tables.find((x) => x.id === p.tableId);
  if (!t) throw officeError("InvalidOperation", "PivotTable", "The PivotTable's source is gone.");
  return ctx.state.tableHeaders(t.name);
}

export class FakePivotTableCollection extends FakeObject {
  protected readonly scalarProps = ["items/name"] as const;
  constructor(
    context: FakeContext,
    private readonly sheet: (() => FakeSheet) | undefined,
  ) {
    super(context);
  }
  protected read(): unknown {
    throw officeError("InvalidArgument", "PivotTableCollection.load");
  }
  private list(): FakePivot[] {
    const s = this.sheet?.();
    return this.context.state.pivotTables.filter((p) => !s || p.sheetId === s.id);
  }
  private find(name: string): FakePivot | undefined {
    const lower = name.toLowerCase();
    return this.list().find((p) => p.name.toLowerCase() === lower);
  }
  override execLoad(paths: string[]): void {
    const props = paths.map((p) => (p.startsWith("items/") ? p.slice(6) : p)).filter((p) => p !== "items");
    const items = this.list().map((p) => {
      const id = p.id;
      const proxy = new FakePivotTableProxy(
        this.context,
        () => this.context.state.pivotTables.find((x) => x.id === id),
        `pivot#${id}`,
        true,
      );
      proxy.execLoad(props.length ? props : ["name"]);
      return proxy;
    });
    this.loaded.set("items", items);
  }
  get items(): FakePivotTableProxy[] {
    return this.get("items");
  }
  getItem(name: string): FakePivotTableProxy {
    return new FakePivotTableProxy(this.context, () => this.find(name), `PivotTable '${name}'`, true);
  }
  getItemOrNullObject(name: string): FakePivotTableProxy {
    return new FakePivotTableProxy(this.context, () => this.find(name), `PivotTable '${name}'`);
  }
  refreshAll(): void {
    this.queue("PivotTableCollection.refreshAll", null, () => {
      for (const p of this.list()) p.refreshes++;
    });
  }
  add(name: string, source: FakeTableProxy | FakeRange | string, destination: FakeRange | string): FakePivotTableProxy {
    let created: FakePivot | undefined;
    this.queue("PivotTableCollection.add", [name, typeof destination === "string" ? destination : "range"], () => {
      this.context.require("1.8", "PivotTableCollection.add");
      const state = this.context.state;
      if (!(source instanceof FakeTableProxy)) throw new Error("fake: only a table source is modelled");
      const table = (source as any).target() as FakeTable;
      let sheet: FakeSheet | undefined;
      let rect: Rect;
      if (typeof destination === "string") {
        const { sheet: sheetName, local } = splitSheet(destination);
        sheet = sheetName ? state.sheet(sheetName) : this.sheet?.();
        rect = parseRect(local);
      } else ({ sheet, rect } = destination.resolve());
      if (!sheet)
        throw officeError("InvalidArgument", "PivotTableCollection.add", "The destination must name a worksheet.");
      const own = this.sheet?.();
      if (own && own.id !== sheet.id)
        throw officeError("InvalidArgument", "PivotTableCollection.add", "The destination is not on this worksheet.");
      protectedCheck(this.context, sheet, undefined, "PivotTableCollection.add");
      const lower = name.toLowerCase();
      if (!name || state.pivotTables.some((p) => p.sheetId === sheet.id && p.name.toLowerCase() === lower))
        throw officeError("InvalidArgument", "PivotTableCollection.add", "A PivotTable of that name exists.");
      const at = pivotRect({ row: rect.r0, col: rect.c0 });
      if (
        state.tables.some((t) => t.sheetId === sheet.id && intersects(t.rect, at)) ||
        state.pivotTables.some((p) => p.sheetId === sheet.id && intersects(pivotRect(p), at))
      )
        throw officeError(
          "InvalidOperation",
          "PivotTableCollection.add",
          "A PivotTable report cannot overlap a table.",
        );
      created = {
        id: state.newId(),
        name,
        sheetId: sheet.id,
        row: rect.r0,
        col: rect.c0,
        tableId: table.id,
        rows: [],
        columns: [],
        filters: [],
        data: [],
        refreshes: 0,
      };
      state.pivotTables.push(created);
    });
    return new FakePivotTableProxy(this.context, () => created, "new PivotTable", true);
  }
}

export class FakePivotTableProxy extends FakeMaybeNull<FakePivot> {
  protected readonly scalarProps = ["name", "id"] as const;
  constructor(context: FakeContext, resolver: () => FakePivot | undefined, what: string, strict = false) {
    super(
      context,
      strict
        ? () =>
            resolver() ??
            (() => {
              throw officeError("ItemNotFound", what);
            })()
        : resolver,
      what,
    );
  }
  pivot(): FakePivot {
    return this.target();
  }
  protected read(prop: string): unknown {
    const p = this.target();
    if (prop === "name") return p.name;
    if (prop === "id") return String(p.id);
    throw officeError("InvalidArgument", `PivotTable.${prop}`);
  }
  get name(): string {
    return this.get("name");
  }
  get worksheet(): FakeWorksheet {
    return this.child(
      "worksheet",
      () =>
        new FakeWorksheet(
          this.context,
          () => this.context.state.sheets.find((s) => s.id === this.target().sheetId),
          "PivotTable.worksheet",
          true,
        ),
    );
  }
  private axis(kind: "all" | "rows" | "columns" | "filters" | "data"): FakePivotHierarchyCollection {
    return this.child(kind, () => new FakePivotHierarchyCollection(this.context, () => this.target(), kind));
  }
  get hierarchies(): FakePivotHierarchyCollection {
    return this.axis("all");
  }
  get rowHierarchies(): FakePivotHierarchyCollection {
    return this.axis("rows");
  }
  get columnHierarchies(): FakePivotHierarchyCollection {
    return this.axis("columns");
  }
  get filterHierarchies(): FakePivotHierarchyCollection {
    return this.axis("filters");
  }
  get dataHierarchies(): FakePivotHierarchyCollection {
    return this.axis("data");
  }
  refresh(): void {
    this.queue("PivotTable.refresh", null, () => {
      const p = this.target();
      pivotSourceHeaders(this.context, p);
      p.refreshes++;
    });
  }
  delete(): void {
    this.queue("PivotTable.delete", null, () => {
      this.context.require("1.8", "PivotTable.delete");
      const p = this.target();
      const list = this.context.state.pivotTables;
      list.splice(list.indexOf(p), 1);
    });
  }
}

export class FakePivotHierarchyCollection extends FakeObject {
  protected readonly scalarProps = ["items/name"] as const;
  constructor(
    context: FakeContext,
    private readonly pivot: () => FakePivot,
    private readonly kind: "all" | "rows" | "columns" | "filters" | "data",
  ) {
    super(context);
  }
  protected read(): unknown {
    throw officeError("InvalidArgument", "PivotHierarchyCollection.load");
  }
  private names(): string[] {
    const p = this.pivot();
    switch (this.kind) {
      case "all":
        return pivotSourceHeaders(this.context, p);
      case "rows":
        return p.rows;
      case "columns":
        return p.columns;
      case "filters":
        return p.filters;
      case "data":
        return p.data.map((d) => d.name);
    }
  }
  getItem(name: string): FakePivotHierarchy {
    return new FakePivotHierarchy(this.context, () => {
      const found = this.names().find((n) => n.toLowerCase() === name.toLowerCase());
      if (found === undefined) throw officeError("ItemNotFound", `PivotHierarchy '${name}'`);
      return found;
    });
  }
  add(hierarchy: FakePivotHierarchy): FakePivotHierarchy & FakeDataPivotHierarchy {
    let entry: FakePivot["data"][number] | undefined;
    this.queue(`PivotHierarchyCollection.add(${this.kind})`, null, () => {
      this.context.require("1.8", "PivotHierarchyCollection.add");
      if (this.kind === "all") throw officeError("InvalidOperation", "PivotHierarchyCollection.add");
      const p = this.pivot();
      const name = hierarchy.hierarchyName();
      if (this.kind === "data") {
        const t = this.context.state.tables.find((x) => x.id === p.tableId)!;
        const col = pivotSourceHeaders(this.context, p).findIndex((h) => h.toLowerCase() === name.toLowerCase());
        const numeric = this.context.state.tableBody(t.name).every((r) => typeof r[col]?.value === "number");
        const by = numeric ? "Sum" : "Count";
        entry = { name: `${by === "Sum" ? "Sum" : "Count"} of ${name}`, field: name, summarizeBy: by };
        p.data.push(entry);
        return;
      }
      const drop = (list: string[]) => list.filter((n) => n.toLowerCase() !== name.toLowerCase());
      p.rows = drop(p.rows);
      p.columns = drop(p.columns);
      p.filters = drop(p.filters);
      ({ rows: p.rows, columns: p.columns, filters: p.filters })[this.kind].push(name);
    });
    if (this.kind === "data")
      return new FakeDataPivotHierarchy(this.context, this.pivot, () => entry) as FakePivotHierarchy &
        FakeDataPivotHierarchy;
    return hierarchy as FakePivotHierarchy & FakeDataPivotHierarchy;
  }
}

export class FakePivotHierarchy extends FakeObject {
  protected readonly scalarProps = ["name"] as const;
  constructor(
    context: FakeContext,
    private readonly resolver: () => string,
  ) {
    super(context);
  }
  hierarchyName(): string {
    return this.resolver();
  }
  protected read(prop: string): unknown {
    if (prop === "name") return this.resolver();
    throw officeError("InvalidArgument", `PivotHierarchy.${prop}`);
  }
  get name(): string {
    return this.get("name");
  }
}

export class FakeDataPivotHierarchy extends FakeObject {
  protected readonly scalarProps = ["name", "summarizeBy"] as const;
  constructor(
    context: FakeContext,
    private readonly pivot: () => FakePivot,
    private readonly entry: () => FakePivot["data"][number] | undefined,
  ) {
    super(context);
  }
  private target(): FakePivot["data"][number] {
    const e = this.entry();
    if (!e) throw officeError("ItemNotFound", "DataPivotHierarchy");
    return e;
  }
  protected read(prop: string): unknown {
    const e = this.target();
    if (prop === "name") return e.name;
    if (prop === "summarizeBy") return e.summarizeBy;
    throw officeError("InvalidArgument", `DataPivotHierarchy.${prop}`);
  }
  set summarizeBy(v: string) {
    this.queue("DataPivotHierarchy.summarizeBy", v, () => {
      this.context.require("1.8", "DataPivotHierarchy.summarizeBy");
      if (!AGGREGATIONS.has(v)) throw officeError("InvalidArgument", "DataPivotHierarchy.summarizeBy");
      this.target().summarizeBy = v;
    });
  }
  set name(v: string) {
    this.queue("DataPivotHierarchy.name", v, () => {
      this.context.require("1.8", "DataPivotHierarchy.name");
      const e = this.target();
      const p = this.pivot();
      const lower = v.toLowerCase();
      if (
        !v ||
        pivotSourceHeaders(this.context, p).some((h) => h.toLowerCase() === lower) ||
        p.data.some((d) => d !== e && d.name.toLowerCase() === lower)
      )
        throw officeError("InvalidArgument", "DataPivotHierarchy.name", "PivotTable field name already exists.");
      e.name = v;
    });
  }
}
