import { type Rect, colIndex, contains, parseRect, rectToA1 } from "./a1";

/**
 * The in-memory workbook behind the fake Excel object model. Tests build it,
 * the fake mutates it only while a `sync()` executes queued actions, and tests
 * inspect it afterwards. The fake does not calculate: a formula cell's value
 * stays "" (there is no engine here; LibreOffice is the engine in other tests).
 */
export type Primitive = string | number | boolean;

export class FakeCell {
  value: Primitive = "";
  formula: string | null = null;
  numberFormat = "General";
  bold?: boolean;
  fontColor?: string;
  fontSize?: number;
  fill?: string;
  wrap?: boolean;
  locked = true;
}

export interface FakeValidation {
  rect: Rect;
  rule: Excel.DataValidationRule;
  ignoreBlanks: boolean;
  prompt?: Excel.DataValidationPrompt;
  errorAlert?: Excel.DataValidationErrorAlert;
}

export interface FakeConditionalFormat {
  id: number;
  rect: Rect;
  type: string;
  formula: string;
  fill?: string;
  fontColor?: string;
  bold?: boolean;
  stopIfTrue?: boolean;
}

export interface FakeChartSeries {
  name: string;
  values?: string;
  xValues?: string;
  chartType?: string;
  axisGroup?: string;
}

export interface FakeChart {
  id: number;
  name: string;
  type: string;
  source: string;
  title: string;
  series: FakeChartSeries[];
  position?: { start: string; end?: string };
}

/** A PivotTable: where it is, what it reads, and its layout (hierarchy names per axis). */
export interface FakePivot {
  id: number;
  name: string;
  sheetId: number;
  /** Top-left cell of the report, 0-based. */
  row: number;
  col: number;
  /** The source table's id. */
  tableId: number;
  rows: string[];
  columns: string[];
  filters: string[];
  data: { name: string; field: string; summarizeBy: string }[];
  /** Times refresh() ran on it. */
  refreshes: number;
}

export interface FakeProtection {
  on: boolean;
  password?: string;
  options?: Excel.WorksheetProtectionOptions;
}

export class FakeSheet {
  /** rows[r][c]; sparse. */
  rows: (FakeCell | undefined)[][] = [];
  columnWidths = new Map<number, number>();
  frozen = { rows: 0, columns: 0 };
  validations: FakeValidation[] = [];
  /** In priority order (index 0 = highest). */
  conditionalFormats: FakeConditionalFormat[] = [];
  charts: FakeChart[] = [];
  protection: FakeProtection = { on: false };
  visibility: "Visible" | "Hidden" | "VeryHidden" = "Visible";
  tabColor = "";
  groupedColumns: { c0: number; c1: number }[] = [];
  /**
   * Rows (0-based) hidden by a filter — a table's header filter or an AutoFilter, as a
   * seller filtering Leads by owner leaves them. Tests set it; the fake reports it
   * through Range.getVisibleView().rowCount and refuses writes into such rows.
   */
  filteredRows = new Set<number>();
  /** Number formats set on whole rectangles at once (single-input copy): a cell created later takes the last covering one. */
  formatLayers: { rect: Rect; format: string }[] = [];
  constructor(
    readonly id: number,
    public name: string,
  ) {}

  cell(r: number, c: number): FakeCell | undefined {
    return this.rows[r]?.[c];
  }

  ensureCell(r: number, c: number): FakeCell {
    const row = (this.rows[r] ??= []);
    let cell = row[c];
    if (!cell) {
      cell = row[c] = new FakeCell();
      for (let i = this.formatLayers.length - 1; i >= 0; i--) {
        const l = this.formatLayers[i]!;
        if (r >= l.rect.r0 && r <= l.rect.r1 && c >= l.rect.c0 && c <= l.rect.c1) {
          cell.numberFormat = l.format;
          break;
        }
      }
    }
    return cell;
  }

  /** Last row index holding any cell object (-1 when empty). */
  lastRow(): number {
    return this.rows.length - 1;
  }
}

export interface FakeTable {
  id: number;
  name: string;
  sheetId: number;
  /** Whole table (header + body), 0-based inclusive. */
  rect: Rect;
  style: string;
  showTotals: boolean;
}

export interface FakeName {
  name: string;
  formula: string;
  comment: string;
}

export class FakeWorkbookState {
  private nextId = 1;
  sheets: FakeSheet[] = [];
  tables: FakeTable[] = [];
  pivotTables: FakePivot[] = [];
  names: FakeName[] = [];
  customProperties = new Map<string, string>();
  eventsEnabled = true;
  closed = false;
  /** The user's selection (sheet id + rectangle); default A1 of the first sheet. */
  selection?: { sheetId: number; rect: Rect };
  activeSheetId?: number;

  newId(): number {
    return this.nextId++;
  }

  addSheet(name: string, index?: number): FakeSheet {
    const sheet = new FakeSheet(this.newId(), name);
    if (index === undefined || index >= this.sheets.length) this.sheets.push(sheet);
    else this.sheets.splice(Math.max(0, index), 0, sheet);
    return sheet;
  }

  sheet(name: string): FakeSheet | undefined {
    const lower = name.toLowerCase();
    return this.sheets.find((s) => s.name.toLowerCase() === lower);
  }

  sheetById(id: number): FakeSheet {
    const s = this.sheets.find((x) => x.id === id);
    if (!s) throw new Error(`sheet ${id} gone`);
    return s;
  }

  table(name: string): FakeTable | undefined {
    const lower = name.toLowerCase();
    return this.tables.find((t) => t.name.toLowerCase() === lower);
  }

  // ---- inspection helpers for tests (not part of the Excel surface) ----

  mustSheet(name: string): FakeSheet {
    const s = this.sheet(name);
    if (!s) throw new Error(`no sheet ${name}`);
    return s;
  }

  /** The cell at an A1 address on a sheet (a blank cell, with the format its area has, when never written). */
  cellAt(sheet: string, a1: string): FakeCell {
    const r = parseRect(a1);
    const s = this.mustSheet(sheet);
    const cell = s.cell(r.r0, r.c0);
    if (cell) return cell;
    const blank = new FakeCell();
    for (let i = s.formatLayers.length - 1; i >= 0; i--) {
      const l = s.formatLayers[i]!;
      if (contains(l.rect, r)) {
        blank.numberFormat = l.format;
        break;
      }
    }
    return blank;
  }

  tableHeaders(name: string): string[] {
    const t = this.table(name);
    if (!t) throw new Error(`no table ${name}`);
    const s = this.sheetById(t.sheetId);
    const out: string[] = [];
    for (let c = t.rect.c0; c <= t.rect.c1; c++) out.push(String(s.cell(t.rect.r0, c)?.value ?? ""));
    return out;
  }

  /** Data body cells of a table, row-major. */
  tableBody(name: string): FakeCell[][] {
    const t = this.table(name);
    if (!t) throw new Error(`no table ${name}`);
    const s = this.sheetById(t.sheetId);
    const out: FakeCell[][] = [];
    for (let r = t.rect.r0 + 1; r <= t.rect.r1; r++) {
      const row: FakeCell[] = [];
      for (let c = t.rect.c0; c <= t.rect.c1; c++) row.push(s.cell(r, c) ?? new FakeCell());
      out.push(row);
    }
    return out;
  }

  tableAddress(name: string): string {
    const t = this.table(name);
    if (!t) throw new Error(`no table ${name}`);
    return rectToA1(t.rect);
  }

  /** The validation that applies to one cell (the last one set wins). */
  validationAt(sheet: string, a1: string): FakeValidation | undefined {
    const r = parseRect(a1);
    const list = this.mustSheet(sheet).validations;
    for (let i = list.length - 1; i >= 0; i--) if (contains(list[i]!.rect, r)) return list[i];
    return undefined;
  }

  conditionalFormatsAt(sheet: string, a1: string): FakeConditionalFormat[] {
    const r = parseRect(a1);
    return this.mustSheet(sheet).conditionalFormats.filter((cf) => contains(cf.rect, r));
  }

  /** A deep snapshot of every cell (value, formula, format) — compare two to prove nothing changed. */
  snapshotCells(sheetNames?: string[]): Map<string, string> {
    const out = new Map<string, string>();
    for (const s of this.sheets) {
      if (sheetNames && !sheetNames.includes(s.name)) continue;
      s.rows.forEach((row, r) =>
        row?.forEach((cell, c) => {
          if (!cell) return;
          if (cell.value === "" && cell.formula === null) return;
          out.set(`${s.name}!${rectToA1({ r0: r, c0: c, r1: r, c1: c })}`, JSON.stringify([cell.value, cell.formula]));
        }),
      );
    }
    return out;
  }
}

/** Test set-up helper: puts a header row + rows on a sheet and makes it a table, as a user's workbook would have. */
export function seedTable(
  state: FakeWorkbookState,
  opts: {
    sheet: string;
    table: string;
    topLeft?: string;
    headers: string[];
    rows: Primitive[][];
    numberFormats?: (string | undefined)[];
  },
): FakeTable {
  const sheet = state.sheet(opts.sheet) ?? state.addSheet(opts.sheet);
  const tl = parseRect(opts.topLeft ?? "A1");
  opts.headers.forEach((h, j) => (sheet.ensureCell(tl.r0, tl.c0 + j).value = h));
  opts.rows.forEach((row, i) =>
    row.forEach((v, j) => {
      const cell = sheet.ensureCell(tl.r0 + 1 + i, tl.c0 + j);
      cell.value = v;
      const nf = opts.numberFormats?.[j];
      if (nf) cell.numberFormat = nf;
    }),
  );
  const bodyRows = Math.max(1, opts.rows.length);
  const table: FakeTable = {
    id: state.newId(),
    name: opts.table,
    sheetId: sheet.id,
    rect: { r0: tl.r0, c0: tl.c0, r1: tl.r0 + bodyRows, c1: tl.c0 + opts.headers.length - 1 },
    style: "TableStyleMedium2",
    showTotals: false,
  };
  state.tables.push(table);
  return table;
}

export { colIndex };
