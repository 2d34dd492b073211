/**
 * The pure planning half of Refresh: given the input tables as read, the book
 * built from them and what the engine computed, the changes to the cells
 * LeadFlow owns in Leads and Conversion (values that differ, blank calculated
 * cells' formulas, stage dates filled into blanks, new Conversion rows), and
 * the targets and notes a manager typed into ReviewSales. No I/O: the
 * operation (src/operations/refresh.ts) reads, computes, calls these and
 * applies the result.
 *
 * Co-authoring safety: input ranges are never rewritten wholesale. Each owned
 * cell is compared with what the workbook holds and written only when it
 * differs; a typed stage date is never replaced; nothing is removed or
 * reordered.
 */
import {
  conversionSource,
  columnValue,
  salesKey,
  SALES_COLUMNS,
  type ComputeAllResult,
  type SalesCarry,
} from "../engine";
import type { FieldDef, TableDef } from "../fields/definitions";
import { conversionFormulas, leadFormulas, withListHeaders, type ColumnFormula } from "../formulas/calculated";
import type { LeadBook, PeriodFilter } from "../model";
import { parseDate } from "../parse/dates";
import { parsePeriodFilter, periodLabel } from "../parse/periods";
import { isBlankCell } from "../parse/text";
import { headerIndex } from "../rows";
import type { CellValue, InputTableName, Locale } from "../types";
import { labelColumn } from "../types";
import type { TableData } from "../workbookShapes";
import type { CellWrite, Change, Scalar } from "./changes";
import { salesMetricFromLabel } from "./reviewSheets";

// ---------------------------------------------------------------- input check

/**
 * Columns of Leads that Refresh cannot do without and the table lacks (renamed or deleted): the
 * required input columns and the lead ID. Refreshing without them would rewrite every review as
 * if there were no leads, so the operation refuses first.
 */
export function missingLeadsColumns(def: TableDef, headers: readonly CellValue[]): FieldDef[] {
  const { index } = headerIndex(def, headers);
  return def.fields.filter((f) => (f.required || f.key === "leadId") && f.kind !== "calc" && !index.has(f.key));
}

// ---------------------------------------------------------------- owned cells

export interface OwnedCellsInput {
  /** Leads and Conversion as read (with formulas); an absent table plans nothing. */
  leads?: TableData;
  conversion?: TableData;
  /** The book computed over: Conversion includes the `appended` new rows at its end. */
  book: LeadBook;
  /** Conversion rows the table holds (the rest of `book.conversion` are new). */
  existingConversionRows: number;
  appended: number;
  result: ComputeAllResult;
  defs: Pick<Record<InputTableName, TableDef>, "Leads" | "Conversion">;
  locale: Locale;
  stageCount: number;
  /** Files only: also bring stale cached results of our own formulas up to date. */
  updateCachedResults?: boolean;
}

/** Every change Refresh makes to Leads and Conversion, and how many of each kind. */
export function planOwnedCells(input: OwnedCellsInput): { changes: Change[]; counts: Counts } {
  const changes: Change[] = [];
  const counts: Counts = {
    owned: 0,
    fills: 0,
    formulas: 0,
    cached: 0,
    updateCached: input.updateCachedResults === true,
  };
  const { book, result, defs, locale, stageCount } = input;
  if (input.leads) planLeads(changes, counts, input.leads, book, result, defs.Leads, locale, stageCount);
  if (input.conversion)
    planConversion(
      changes,
      counts,
      input.conversion,
      book,
      input.existingConversionRows,
      result,
      defs.Conversion,
      locale,
      stageCount,
      input.appended,
    );
  return { changes, counts };
}

/** True when the cell already holds what Refresh would write. */
export function sameValue(current: CellValue | undefined, next: CellWrite): boolean {
  if (next === null || next === "") return isBlankCell(current);
  if (typeof next === "number") {
    let cur: number | null = null;
    if (typeof current === "number") cur = current;
    else if (current instanceof Date) {
      const p = parseDate(current);
      cur = p.ok ? p.value : null;
    }
    // Dates with a time are compared to about a second: files store 15–17 significant digits.
    return cur !== null && Math.abs(cur - next) < 1e-5;
  }
  if (typeof next === "string") return typeof current === "string" && current.trim() === next.trim();
  if (typeof next === "boolean") return current === next;
  return false;
}

/** What the plan writes, counted for the report; `updateCached` asks for stale cached results too (files only). */
export interface Counts {
  owned: number;
  fills: number;
  formulas: number;
  cached: number;
  updateCached: boolean;
}

const normCache = new Map<string, string>();
export function normFormula(f: string): string {
  let n = normCache.get(f);
  if (n === undefined) {
    n = f.replace(/^=/, "").replace(/\s+/g, "");
    if (normCache.size < 256) normCache.set(f, n);
  }
  return n;
}

/** True when two formulas are the same but for a leading "=" and white space. */
export function sameFormula(a: string | null | undefined, b: string): boolean {
  if (!a) return false;
  // The common case (our own formula as written) is an exact match: no normalising per cell.
  return a === b || normFormula(a) === normFormula(b);
}

/**
 * A calculated cell: restore its formula when the cell is blank; with
 * `updateCached`, refresh the cached result of our own formula when it is stale.
 * A value typed over a formula is left for Check to report.
 */
export function planCalcCell(
  x: { c: number; w: ColumnWrites },
  ri: number,
  value: CellValue | undefined,
  formulaText: string | null | undefined,
  formula: string,
  result: Scalar | undefined,
  counts: Counts,
): void {
  const withResult = { formula, ...(result !== undefined ? { result } : {}) };
  if (isBlankCell(value) && isBlankCell(formulaText ?? null)) {
    x.w.push(ri, withResult);
    counts.formulas++;
    return;
  }
  if (!counts.updateCached || result === undefined || !sameFormula(formulaText, formula)) return;
  if (sameValue(value, result ?? null)) return;
  x.w.push(ri, withResult);
  counts.cached++;
}

/** Collects the writes of one table column: only cells whose value changes. */
export class ColumnWrites {
  readonly rowIndexes: number[] = [];
  readonly cells: CellWrite[] = [];
  constructor(
    readonly table: string,
    readonly header: string,
  ) {}
  push(rowIndex: number, cell: CellWrite): void {
    this.rowIndexes.push(rowIndex);
    this.cells.push(cell);
  }
  toChange(): Change | null {
    return this.rowIndexes.length
      ? {
          op: "writeTableColumn",
          table: this.table,
          column: this.header,
          rowIndexes: this.rowIndexes,
          cells: this.cells,
        }
      : null;
  }
}

/** Formulas of calculated columns whose dependencies all exist, by field key. */
export function formulasByKey(list: ColumnFormula[], present: (key: string) => boolean): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of list) if (present(f.key) && f.deps.every(present)) out.set(f.key, f.formula);
  return out;
}

/** Column indexes of `table` by field key, and the formula context that names its own columns by their headers. */
export function formulaContext(
  locale: Locale,
  stageCount: number,
  table: "Leads" | "Conversion",
  headers: string[],
  def: TableDef,
) {
  const ix = headerIndex(def, headers).index;
  const own = (t: string, key: string): string | undefined => {
    if (t === table) {
      const col = ix.get(key);
      return col === undefined ? undefined : headers[col];
    }
    return undefined;
  };
  return { ix, ctx: { locale, stageCount, header: own } };
}

/** Owned cells of Leads (last follow-up, stage since, no-reply run) and blank calculated cells, as changes. */
export function planLeads(
  changes: Change[],
  counts: Counts,
  t: TableData,
  book: LeadBook,
  result: ComputeAllResult,
  def: TableDef,
  locale: Locale,
  stageCount: number,
): void {
  const headers = t.table.headers;
  const { ix, ctx } = formulaContext(locale, stageCount, "Leads", headers, def);
  const writes = new Map<string, ColumnWrites>();
  const col = (key: string) => {
    const c = ix.get(key);
    if (c === undefined) return undefined;
    let w = writes.get(key);
    if (!w) writes.set(key, (w = new ColumnWrites("Leads", headers[c])));
    return { c, w };
  };
  const owned = ["lastFollowUp", "stageSince", "noReplyRun"] as const;
  const formulas = formulasByKey(leadFormulas({ ...ctx, header: withListHeaders(locale, ctx.header) }), (k) =>
    ix.has(k),
  );
  for (let i = 0; i < book.leads.length; i++) {
    const lead = book.leads[i];
    const ri = lead.row - t.firstRow;
    const rowValues = t.values[ri];
    if (!rowValues) continue;
    const act = result.activity;
    const next: Record<(typeof owned)[number], CellWrite> = {
      lastFollowUp: act.lastFollowUp[i],
      stageSince: act.stageSince[i],
      noReplyRun: lead.leadId === "" ? null : act.noReplyRun[i],
    };
    for (const key of owned) {
      const x = col(key);
      if (!x) continue;
      if (sameValue(rowValues[x.c], next[key])) continue;
      x.w.push(ri, next[key]);
      counts.owned++;
    }
    // A calculated cell that is blank (value and formula) gets its formula back; anything typed stays.
    for (const [key, formula] of formulas) {
      const x = col(key);
      if (x)
        planCalcCell(
          x,
          ri,
          rowValues[x.c],
          t.formulas?.[ri]?.[x.c],
          formula,
          columnValue(result.leads, key, i) as Scalar | undefined,
          counts,
        );
    }
  }
  for (const w of writes.values()) {
    const ch = w.toChange();
    if (ch) changes.push(ch);
  }
}

/**
 * Owned cells of the existing Conversion rows (copies of the lead's source, industry, owner, created date),
 * stage dates filled into blanks, blank calculated cells, and the `appendedCount` new rows at the end of
 * `book.conversion` (from `newConversionRows`) as one appendRows change.
 */
export function planConversion(
  changes: Change[],
  counts: Counts,
  t: TableData,
  book: LeadBook,
  existingRows: number,
  result: ComputeAllResult,
  def: TableDef,
  locale: Locale,
  stageCount: number,
  appendedCount: number,
): void {
  const headers = t.table.headers;
  const { ix, ctx } = formulaContext(locale, stageCount, "Conversion", headers, def);
  const formulas = formulasByKey(conversionFormulas({ ...ctx, header: withListHeaders(locale, ctx.header) }), (k) =>
    ix.has(k),
  );
  const writes = new Map<string, ColumnWrites>();
  const col = (key: string) => {
    const c = ix.get(key);
    if (c === undefined) return undefined;
    let w = writes.get(key);
    if (!w) writes.set(key, (w = new ColumnWrites("Conversion", headers[c])));
    return { c, w };
  };
  const cc = result.conversion;
  const calcValue = (i: number, key: string): Scalar | undefined => {
    if (i >= cc.cycleDays.length) return undefined;
    if (key === "cycleDays") return cc.cycleDays[i];
    if (key === "lostAtStage") return cc.lostAtStage[i];
    if (key === "resultRole" || key === "lastStage" || key === "lostClose") return cc[key][i];
    const m = /^stage(\d+)Days$/.exec(key);
    if (m) return cc.stageDays[Number(m[1]) - 1]?.[i] ?? null;
    return undefined;
  };
  const fillsByRow = new Map<number, Map<number, number>>();
  for (const f of result.stageFills) {
    let m = fillsByRow.get(f.index);
    if (!m) fillsByRow.set(f.index, (m = new Map()));
    m.set(f.stageIndex, f.value);
  }

  for (let i = 0; i < existingRows; i++) {
    const conv = book.conversion[i];
    const ri = conv.row - t.firstRow;
    const rowValues = t.values[ri];
    if (!rowValues) continue;
    const sync = conversionSource(book, result, i);
    if (sync) {
      const copies: [string, CellWrite][] = [
        ["source", sync.source],
        ["industry", sync.industry],
        ["owner", sync.owner],
        ["createdAt", sync.createdAt],
      ];
      for (const [key, v] of copies) {
        const x = col(key);
        if (!x || sameValue(rowValues[x.c], v)) continue;
        x.w.push(ri, v);
        counts.owned++;
      }
    }
    const fills = fillsByRow.get(i);
    if (fills) {
      for (const [k, v] of fills) {
        const x = col(`stage${k + 1}At`);
        // Never over a typed value: the engine fills blanks only, and we re-check the cell itself.
        if (!x || !isBlankCell(rowValues[x.c])) continue;
        x.w.push(ri, v);
        counts.fills++;
      }
    }
    for (const [key, formula] of formulas) {
      const x = col(key);
      if (x) planCalcCell(x, ri, rowValues[x.c], t.formulas?.[ri]?.[x.c], formula, calcValue(i, key), counts);
    }
  }
  for (const w of writes.values()) {
    const ch = w.toChange();
    if (ch) changes.push(ch);
  }

  if (appendedCount > 0) {
    const rows: CellWrite[][] = [];
    for (let i = existingRows; i < existingRows + appendedCount; i++) {
      const conv = book.conversion[i];
      const sync = conversionSource(book, result, i);
      const stageAt = result.stageAt[i] ?? [];
      const row: CellWrite[] = new Array(headers.length).fill(null);
      const set = (key: string, v: CellWrite) => {
        const c = ix.get(key);
        if (c !== undefined) row[c] = v;
      };
      set("leadId", conv.leadId);
      set("source", sync?.source ?? conv.source);
      set("industry", sync?.industry ?? conv.industry);
      set("owner", sync?.owner ?? conv.owner);
      set("createdAt", sync?.createdAt ?? conv.createdAt);
      for (let k = 0; k < stageCount; k++) {
        const v = stageAt[k] ?? null;
        set(`stage${k + 1}At`, v);
        if (v !== null) counts.fills++;
      }
      for (const [key, formula] of formulas) {
        const res = calcValue(i, key);
        set(key, { formula, ...(res !== undefined ? { result: res } : {}) });
      }
      rows.push(row);
    }
    changes.push({ op: "appendRows", table: "Conversion", rows });
  }
}

/** Lead IDs of Leads that have no Conversion row yet, as blank Conversion rows (appended in Leads order). */
export function newConversionRows(book: LeadBook, conv: TableData): LeadBook["conversion"] {
  const have = new Set(book.conversion.map((c) => c.leadId));
  const out: LeadBook["conversion"] = [];
  const stageCount = book.conversion[0]?.stageAt.length;
  let row = conv.firstRow + conv.values.length;
  for (const lead of book.leads) {
    if (lead.leadId === "" || have.has(lead.leadId)) continue;
    have.add(lead.leadId);
    out.push({
      row: row++,
      leadId: lead.leadId,
      source: lead.source,
      industry: lead.industry,
      owner: lead.owner,
      createdAt: lead.createdAt,
      stageAt: new Array(stageCount ?? 0).fill(null),
      result: "",
      closedAt: null,
      amount: null,
      lossReason: "",
      keyMoment: "",
      notes: "",
    });
  }
  return out;
}

// ---------------------------------------------------------------- sales carry-over

/**
 * Targets and notes typed into ReviewSales, by key (period | dimension |
 * metric), and the other periods that hold any (they are recomputed so the
 * manager's rows are never lost).
 */
export function readCarried(
  t: TableData | undefined,
  current: PeriodFilter,
  locale: Locale,
): { carried: Map<string, SalesCarry>; periods: PeriodFilter[] } {
  const carried = new Map<string, SalesCarry>();
  const periods: PeriodFilter[] = [];
  if (!t) return { carried, periods };
  const find = (key: string) => {
    const c = SALES_COLUMNS.find((x) => x.key === key)!;
    return labelColumn(t.table.headers, c.header);
  };
  const [pi, di, mi, ti, wi, ii, ai] = [
    "period",
    "dimension",
    "metricLabel",
    "target",
    "wins",
    "issues",
    "actions",
  ].map(find);
  if (pi < 0 || di < 0 || mi < 0) return { carried, periods };
  const seen = new Set<string>([periodLabel(current, undefined, locale)]);
  const str = (v: CellValue | undefined) =>
    v === null || v === undefined ? "" : v instanceof Date ? "" : String(v).trim();
  for (const row of t.values) {
    const metric = salesMetricFromLabel(str(row[mi]));
    if (!metric) continue;
    const targetRaw = ti >= 0 ? row[ti] : null;
    const target =
      typeof targetRaw === "number" && Number.isFinite(targetRaw)
        ? targetRaw
        : typeof targetRaw === "string" &&
            targetRaw.trim() !== "" &&
            Number.isFinite(Number(targetRaw.replace(/,/g, "")))
          ? Number(targetRaw.replace(/,/g, ""))
          : null;
    const wins = wi >= 0 ? str(row[wi]) : "";
    const issues = ii >= 0 ? str(row[ii]) : "";
    const actions = ai >= 0 ? str(row[ai]) : "";
    if (target === null && !wins && !issues && !actions) continue;
    // Period labels are canonical (2024, 2024-Q2, 2024-05, all) in both locales.
    const parsed = parsePeriodFilter(str(row[pi]));
    if (!parsed.ok) continue;
    const label = periodLabel(parsed.value, undefined, locale);
    carried.set(salesKey(label, str(row[di]), metric), { target, wins, issues, actions });
    if (!seen.has(label)) {
      seen.add(label);
      periods.push(parsed.value);
    }
  }
  return { carried, periods };
}
