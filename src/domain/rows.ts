import { isInputField, tableDefs, type TableDef } from "./fields/definitions";
import type { ChannelCost, ConversionRow, FollowUp, Lead, LeadBook } from "./model";
import { parseAmount } from "./parse/amounts";
import { formatDate, parseDate, workbookDate } from "./parse/dates";
import { isBlankCell, normaliseText } from "./parse/text";
import type { CellValue, InputTableName, Serial } from "./types";

/** A table as read through the port: its header row and data body. */
export interface RawTable {
  headers: string[];
  values: CellValue[][];
  /** Worksheet row number of the first data row. */
  firstRow: number;
}

export interface HeaderIndex {
  /** Field key → 0-based column position in the table. */
  index: Map<string, number>;
  /** Keys of the table's fields that have no column. */
  missing: string[];
}

/**
 * Match a table's headers to its field keys: a header matches a field when,
 * trimmed, it equals the field's zh-CN or en-US header (so a workbook
 * installed in one locale still reads after the other is chosen). Unknown
 * headers are ignored; the first column wins when a header repeats.
 */
export function headerIndex(table: TableDef, headers: readonly CellValue[]): HeaderIndex {
  const byHeader = new Map<string, number>();
  for (let c = 0; c < headers.length; c++) {
    const h = normaliseText(headers[c]);
    if (h !== "" && !byHeader.has(h)) byHeader.set(h, c);
  }
  const index = new Map<string, number>();
  const missing: string[] = [];
  for (const f of table.fields) {
    const col = byHeader.get(f.header.zh.trim()) ?? byHeader.get(f.header.en.trim());
    if (col === undefined) missing.push(f.key);
    else index.set(f.key, col);
  }
  return { index, missing };
}

function cell(row: readonly CellValue[], col: number | undefined): CellValue {
  return col === undefined || col >= row.length ? null : (row[col] ?? null);
}

function text(row: readonly CellValue[], col: number | undefined): string {
  const v = cell(row, col);
  // A phone or ID typed as a number stays readable as its digits.
  return typeof v === "number" && Number.isInteger(v) ? v.toFixed(0) : normaliseText(v);
}

/** A date column: only a real date (serial or Date) counts; text there is blank to the formulas, so to the engine too. */
function date(row: readonly CellValue[], col: number | undefined): Serial | null {
  return workbookDate(cell(row, col));
}

function amount(row: readonly CellValue[], col: number | undefined): number | null {
  const r = parseAmount(cell(row, col));
  return r.ok ? r.value : null;
}

/**
 * A row with nothing in any typed column (a blank row inside the table) is
 * skipped. Calculated and refresh-owned columns are not looked at: a table's
 * calculated column puts a formula, hence a value, in blank rows too.
 */
function isBlankRow(row: readonly CellValue[], cols: readonly number[]): boolean {
  for (const c of cols) {
    if (c < row.length && !isBlankCell(row[c])) return false;
  }
  return true;
}

function parseRows<T>(
  table: TableDef,
  raw: RawTable,
  build: (ix: Map<string, number>) => (row: readonly CellValue[], rowNumber: number) => T,
): T[] {
  const { index } = headerIndex(table, raw.headers);
  const cols: number[] = [];
  for (const f of table.fields) {
    const c = index.get(f.key);
    if (c !== undefined && isInputField(f)) cols.push(c);
  }
  const make = build(index);
  const out: T[] = [];
  for (let i = 0; i < raw.values.length; i++) {
    const row = raw.values[i];
    if (isBlankRow(row, cols)) continue;
    out.push(make(row, raw.firstRow + i));
  }
  return out;
}

export function parseLeads(raw: RawTable, table: TableDef = tableDefs(5).Leads): Lead[] {
  return parseRows(table, raw, (ix) => {
    const c = (k: string) => ix.get(k);
    const [
      leadId,
      customer,
      contact,
      phone,
      industry,
      companySize,
      needType,
      needDesc,
      budget,
      urgency,
      decisionAccess,
      expectedClose,
      source,
      sourceDetail,
      competitor,
      status,
      stage,
      owner,
      createdAt,
      gradeOverride,
    ] = [
      "leadId",
      "customer",
      "contact",
      "phone",
      "industry",
      "companySize",
      "needType",
      "needDesc",
      "budget",
      "urgency",
      "decisionAccess",
      "expectedClose",
      "source",
      "sourceDetail",
      "competitor",
      "status",
      "stage",
      "owner",
      "createdAt",
      "gradeOverride",
    ].map(c);
    return (r, row) => ({
      row,
      leadId: text(r, leadId),
      customer: text(r, customer),
      contact: text(r, contact),
      phone: text(r, phone),
      industry: text(r, industry),
      companySize: text(r, companySize),
      needType: text(r, needType),
      needDesc: text(r, needDesc),
      budget: text(r, budget),
      urgency: text(r, urgency),
      decisionAccess: text(r, decisionAccess),
      expectedClose: date(r, expectedClose),
      source: text(r, source),
      sourceDetail: text(r, sourceDetail),
      competitor: text(r, competitor),
      status: text(r, status),
      stage: text(r, stage),
      owner: text(r, owner),
      createdAt: date(r, createdAt),
      gradeOverride: text(r, gradeOverride),
    });
  });
}

export function parseFollowUps(raw: RawTable, table: TableDef = tableDefs(5).FollowUps): FollowUp[] {
  return parseRows(table, raw, (ix) => {
    const [leadId, at, method, counterpart, summary, intent, feedback, objection, stage, nextStep, dueDate, by] = [
      "leadId",
      "at",
      "method",
      "counterpart",
      "summary",
      "intent",
      "feedback",
      "objection",
      "stage",
      "nextStep",
      "dueDate",
      "by",
    ].map((k) => ix.get(k));
    return (r, row) => ({
      row,
      leadId: text(r, leadId),
      at: date(r, at),
      method: text(r, method),
      counterpart: text(r, counterpart),
      summary: text(r, summary),
      intent: text(r, intent),
      feedback: text(r, feedback),
      objection: text(r, objection),
      stage: text(r, stage),
      nextStep: text(r, nextStep),
      dueDate: date(r, dueDate),
      by: text(r, by),
    });
  });
}

/** Conversion rows; `stageCount` (the Settings stage list's length) decides how many stage-date columns are read. */
export function parseConversion(
  raw: RawTable,
  stageCount: number,
  table: TableDef = tableDefs(stageCount).Conversion,
): ConversionRow[] {
  return parseRows(table, raw, (ix) => {
    const [leadId, source, industry, owner, createdAt, result, closedAt, amountCol, lossReason, keyMoment, notes] = [
      "leadId",
      "source",
      "industry",
      "owner",
      "createdAt",
      "result",
      "closedAt",
      "amount",
      "lossReason",
      "keyMoment",
      "notes",
    ].map((k) => ix.get(k));
    const stageCols: (number | undefined)[] = [];
    for (let k = 1; k <= stageCount; k++) stageCols.push(ix.get(`stage${k}At`));
    return (r, row) => {
      const stageAt: (Serial | null)[] = new Array(stageCount);
      for (let k = 0; k < stageCount; k++) stageAt[k] = date(r, stageCols[k]);
      return {
        row,
        leadId: text(r, leadId),
        source: text(r, source),
        industry: text(r, industry),
        owner: text(r, owner),
        createdAt: date(r, createdAt),
        stageAt,
        result: text(r, result),
        closedAt: date(r, closedAt),
        amount: amount(r, amountCol),
        lossReason: text(r, lossReason),
        keyMoment: text(r, keyMoment),
        notes: text(r, notes),
      };
    };
  });
}

/**
 * A period typed as `2024-05` often becomes a date in Excel (May 1st). Such a
 * cell is read back as the month it stands for; text is kept as typed.
 */
function periodText(v: CellValue): string {
  if (v instanceof Date || (typeof v === "number" && v > 1000)) {
    const d = parseDate(v);
    if (d.ok && d.value !== null) return formatDate(d.value).slice(0, 7);
  }
  return normaliseText(v);
}

export function parseChannelCosts(raw: RawTable, table: TableDef = tableDefs(5).ChannelCosts): ChannelCost[] {
  return parseRows(table, raw, (ix) => {
    const [channel, period, cost] = ["channel", "period", "cost"].map((k) => ix.get(k));
    return (r, row) => ({
      row,
      channel: text(r, channel),
      period: periodText(cell(r, period)),
      cost: amount(r, cost),
    });
  });
}

/** The whole book from the tables read; a missing table reads as empty. */
export function bookFromTables(tables: Partial<Record<InputTableName, RawTable>>, stageCount: number): LeadBook {
  const defs = tableDefs(stageCount);
  return {
    leads: tables.Leads ? parseLeads(tables.Leads, defs.Leads) : [],
    followUps: tables.FollowUps ? parseFollowUps(tables.FollowUps, defs.FollowUps) : [],
    conversion: tables.Conversion ? parseConversion(tables.Conversion, stageCount, defs.Conversion) : [],
    channelCosts: tables.ChannelCosts ? parseChannelCosts(tables.ChannelCosts, defs.ChannelCosts) : [],
  };
}
