import {
  type CellWrite,
  type Change,
  type ChangeHandlers,
  type ConditionalFormat,
  type PivotTableChange,
  type ProtectionOptions,
  type Validation,
  applyChange,
} from "../../domain/plan/changes";
import type { ReviewChartSpec } from "../../domain/plan/charts";
import { WorkbookError } from "../port";
import { parseCell0, rectA1 } from "./a1";
import type { Capabilities } from "./apiSets";
import { ACTION_OVERHEAD_BYTES, type OfficeScalar, encodeRows, jsonSize } from "./cells";
import { type VSheet, type VTable, sameName } from "./preflight";
import type { SyncSession } from "./session";

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
 * Sets one scalar for every cell of a range: the documented single-value form of
 * `Range.numberFormat` (typed as a 2-D array in the typings, hence the cast).
 */
function setScalar(range: Excel.Range, prop: "numberFormat", value: string): void {
  (range as unknown as Record<typeof prop, string>)[prop] = value;
}

/** The workbook as the plan changes it while it is written: sheets, tables and defined names by lower-case name. */
export interface PlanState {
  vsheets: Map<string, VSheet>;
  vtables: Map<string, VTable>;
  vnames: Map<string, string>;
}

/** Queues the Excel calls of each plan step, syncing only when a request is full. */
export class PlanWriter {
  private readonly sheetProxies = new Map<string, Excel.Worksheet>();
  private readonly tableProxies = new Map<string, Excel.Table>();

  private readonly handlers: ChangeHandlers<Promise<void> | void>;

  /**
   * `state`: the workbook as the plan changes it (the preflight's sheets, tables and
   * names); `charts`: where the `reviewCharts` specs go, drawn after the writes.
   */
  constructor(
    private readonly s: SyncSession,
    private readonly caps: Capabilities,
    private readonly budget: number,
    private readonly state: PlanState,
    private readonly charts: ReviewChartSpec[],
    private readonly pivots: PivotTableChange[] = [],
  ) {
    this.handlers = this.makeHandlers();
  }

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

  /** Queues the Excel calls of one plan step (a request is synced when full). */
  async apply(c: Change): Promise<void> {
    await applyChange(this.handlers, c);
  }

  /**
   * One handler per op: the map is typed over every `Change` op, so an op added to
   * the plan does not compile until this adapter handles it.
   */
  private makeHandlers(): ChangeHandlers<Promise<void> | void> {
    const s = this.s;
    const { vsheets, vtables, vnames } = this.state;
    return {
      ensureSheet: (c) => {
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
      },
      createTable: async (c) => {
        if (vtables.has(c.table.toLowerCase())) return;
        const tl = parseCell0(c.topLeft);
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
      },
      addColumns: (c) => {
        const vt = vtables.get(c.table.toLowerCase())!;
        const t = this.table(c.table);
        for (const h of c.headers) {
          if (vt.headers.some((x) => sameName(x, h))) continue;
          t.columns.add(undefined, undefined, h); // ExcelApi 1.4 (name)
          vt.headers.push(h);
          s.add(jsonSize(h));
        }
        return;
      },
      writeCells: async (c) => {
        const tl = parseCell0(c.topLeft);
        const width = c.cells.reduce((w, r) => Math.max(w, r.length), 0);
        const ws = this.sheet(c.sheet);
        await this.writeRows(
          c.cells,
          width,
          c.numberFormats,
          (start, count) => ws.getRange(rectA1({ row: tl.row + start, col: tl.col, rows: count, cols: width })), // ExcelApi 1.1
        );
        return;
      },
      appendRows: async (c) => {
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
      },
      writeTableColumn: async (c) => {
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
      },
      replaceTable: async (c) => {
        const key = c.table.toLowerCase();
        if (vtables.has(key)) {
          this.table(c.table).convertToRange().clear(); // ExcelApi 1.2 / 1.1
          s.add(0);
        }
        const tl = parseCell0(c.topLeft);
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
      },
      clearRange: (c) => {
        this.sheet(c.sheet).getRange(c.address).clear(); // ExcelApi 1.1
        s.add(0);
        return;
      },
      setValidation: (c) => {
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
      },
      setConditionalFormats: (c) => {
        const range = this.sheet(c.sheet).getRange(c.address); // ExcelApi 1.1
        range.conditionalFormats.clearAll(); // ExcelApi 1.6
        const added = c.formats.map((f) => this.addConditionalFormat(range, f));
        // Explicit priorities: the plan's order, whatever position Excel gives a new rule.
        added.forEach((cf, i) => (cf.priority = i)); // ExcelApi 1.6
        s.add(jsonSize(c.formats));
        return;
      },
      setNumberFormat: (c) => {
        // A single value sets the whole range ("If the argument is a single value, it will be applied to all
        // cells in the range", Range.numberFormat, ExcelApi 1.1): a column down to row 1,048,576 is one small request.
        setScalar(this.sheet(c.sheet).getRange(c.address), "numberFormat", c.format); // ExcelApi 1.1
        s.add(jsonSize(c));
        return;
      },
      setColumnWidths: (c) => {
        const ws = this.sheet(c.sheet);
        for (const w of c.widths) {
          const [a, b = a] = w.column.split(":");
          ws.getRange(`${a}:${b}`).format.columnWidth = charactersToPoints(w.width); // ExcelApi 1.1 / 1.2
          s.add(32);
        }
        return;
      },
      setFont: (c) => {
        const range = this.sheet(c.sheet).getRange(c.address); // ExcelApi 1.1
        if (c.bold !== undefined) range.format.font.bold = c.bold; // ExcelApi 1.1
        if (c.color !== undefined) range.format.font.color = c.color; // ExcelApi 1.1
        if (c.size !== undefined) range.format.font.size = c.size; // ExcelApi 1.1
        if (c.fill !== undefined) range.format.fill.color = c.fill; // ExcelApi 1.1
        if (c.wrap !== undefined) range.format.wrapText = c.wrap; // ExcelApi 1.1
        s.add(jsonSize(c));
        return;
      },
      freezePanes: (c) => {
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
      },
      groupColumns: (c) => {
        if (this.caps.excelApi1_10) {
          this.sheet(c.sheet).getRange(`${c.fromColumn}:${c.toColumn}`).group(Excel.GroupOption.byColumns); // ExcelApi 1.10 (gated)
          s.add(0);
        } else s.skipped.push(`groupColumns ${c.sheet}!${c.fromColumn}:${c.toColumn} (needs ExcelApi 1.10)`);
        return;
      },
      setDefinedName: (c) => {
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
      },
      protectSheet: (c) => {
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
      },
      unprotectSheet: (c) => {
        const vs = vsheets.get(c.sheet.toLowerCase());
        if (!vs?.protected) return;
        const ws = this.sheet(c.sheet);
        if (c.password !== undefined)
          ws.protection.unprotect(c.password); // ExcelApi 1.7 (password)
        else ws.protection.unprotect(); // ExcelApi 1.2
        vs.protected = false;
        s.add(0);
        return;
      },
      setProperty: (c) => {
        this.wb.properties.custom.add(c.key, c.value); // ExcelApi 1.7
        s.add(jsonSize(c));
        return;
      },
      reviewCharts: (c) => {
        // Charts are drawn once the writes are synced, in a session of their own, so that a
        // chart Excel refuses is a warning and never undoes or fails the plan (issue 11 item 3).
        this.charts.push(c.spec);
      },
      pivotTable: (c) => {
        // Made or refreshed once the writes are synced (it counts the rows just written), in a
        // session of its own: a PivotTable Excel refuses is a notice, never a failed plan.
        this.pivots.push(c);
      },
    };
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
