/**
 * Quick entry (docs/ARCHITECTURE.md §2): the task-pane forms for a new lead and for logging a
 * follow-up. Values are judged with exactly Check's rules (the new row is
 * checked in place, in the book as it would be) before anything is written;
 * with an error nothing is written at all.
 *
 * Severity: every problem is an error except a possible duplicate customer
 * or phone and a status ahead of the Conversion result, which are warnings
 * the seller may accept — Check keeps listing them either way.
 */
import { tableDefs, type TableDef } from "../domain/fields/definitions";
import { isImportable } from "../domain/import/mapping";
import { rowFormulas } from "../domain/import/rowFormulas";
import { ValueConverter } from "../domain/import/values";
import { isBlankCell, normaliseText } from "../domain/parse/text";
import type { CellWrite, Change, Scalar } from "../domain/plan/changes";
import { assignLeadIds } from "../domain/plan/leadIds";
import type { Settings } from "../domain/settings/schema";
import type { CellValue, InputTableName, Locale, Serial } from "../domain/types";
import { checkBook, locateColumns, type TableInput } from "../domain/validate";
import type { ProblemCode } from "../domain/validate/messages";
import type { WorkbookPort } from "../workbook/port";
import { loadWorkbookSettings, toTableInput } from "./check";
import { nowSerial } from "./context";

/** What the form sends: field key → typed value (text as typed, or a number/serial). */
export type FormValues = Record<string, string | number | null | undefined>;

export interface FieldMessage {
  field: string;
  /** Check's problem code; "lead-changed" when a lead cell to change no longer holds what the pane showed. */
  code: ProblemCode | "lead-changed";
  message: string;
  severity: "error" | "warning";
}

export interface QuickEntryContext {
  settings: Settings;
  locale: Locale;
  /** Now (date-time serial): created date of a new lead; dates after today are in the future. */
  now: Serial;
  /** The current tables (Leads always; Conversion for a lead's status; FollowUps for a follow-up). */
  tables: Partial<Record<InputTableName, TableInput>>;
}

export interface EntryValidation {
  ok: boolean;
  /** Errors and warnings by field, in the workbook's locale. */
  messages: FieldMessage[];
  /** The row as it would be written, by field key (parsed values; ID and created date filled for a lead). */
  values: Record<string, Scalar>;
}

/** Warnings: the row is fine on its own, but Check will point at it (a second lead of one company; a won status before the result is recorded). */
const WARNING_CODES = new Set<ProblemCode>(["duplicate-customer", "status-mismatch"]);

function defsOf(settings: Settings): Record<InputTableName, TableDef> {
  return tableDefs(settings.lists.stage.length);
}

/** Convert form values for `table`, append them to a copy of the table, run Check, keep what lands on the new row. */
function judge(ctx: QuickEntryContext, table: "Leads" | "FollowUps", values: Record<string, Scalar>): FieldMessage[] {
  const defs = defsOf(ctx.settings);
  const target = ctx.tables[table];
  if (!target) return [];
  const { index } = locateColumns(defs[table], target.headers);
  const row: CellValue[] = new Array(target.headers.length).fill(null);
  for (const [k, v] of Object.entries(values)) {
    const c = index.get(k);
    if (c !== undefined) row[c] = v;
  }
  const after: TableInput = { headers: target.headers, firstRow: target.firstRow, values: [...target.values, row] };
  const newRow = target.firstRow + target.values.length;
  const problems = checkBook({
    tables: { ...ctx.tables, [table]: after },
    settings: ctx.settings,
    locale: ctx.locale,
    today: Math.floor(ctx.now),
  });
  const messages: FieldMessage[] = [];
  for (const p of problems) {
    if (p.table !== table || p.row !== newRow) continue;
    messages.push({
      field: p.field,
      code: p.code,
      message: p.message,
      severity: WARNING_CODES.has(p.code) ? "warning" : "error",
    });
  }
  return messages;
}

function convertForm(ctx: QuickEntryContext, def: TableDef, form: FormValues): Record<string, Scalar> {
  const convert = new ValueConverter(ctx.settings, ctx.locale);
  const out: Record<string, Scalar> = {};
  for (const f of def.fields) {
    if (!isImportable(f)) continue;
    const v = form[f.key];
    out[f.key] = v === undefined ? null : convert.convert(f, v);
  }
  return out;
}

function existingLeadIds(ctx: QuickEntryContext): string[] {
  const leads = ctx.tables.Leads;
  if (!leads) return [];
  const c = locateColumns(defsOf(ctx.settings).Leads, leads.headers).index.get("leadId");
  return c === undefined ? [] : leads.values.map((v) => normaliseText(v[c])).filter((s) => s !== "");
}

/** Judge a new lead: the form's values plus the lead ID and created date the add-in gives it. */
export function validateNewLead(form: FormValues, ctx: QuickEntryContext): EntryValidation {
  const values = convertForm(ctx, defsOf(ctx.settings).Leads, form);
  values.createdAt = ctx.now;
  values.leadId = assignLeadIds(existingLeadIds(ctx), [{ createdAt: ctx.now }], ctx.now, ctx.locale)[0];
  const messages = judge(ctx, "Leads", values);
  return { ok: !messages.some((m) => m.severity === "error"), messages, values };
}

/** Judge a follow-up for an existing lead. */
export function validateFollowUp(form: FormValues, ctx: QuickEntryContext): EntryValidation {
  const values = convertForm(ctx, defsOf(ctx.settings).FollowUps, form);
  const messages = judge(ctx, "FollowUps", values);
  return { ok: !messages.some((m) => m.severity === "error"), messages, values };
}

export interface EntryOptions {
  now?: Date;
  /** Write even when there are warnings (the seller confirmed). Errors always block. */
  acceptWarnings?: boolean;
  /**
   * Lead cells a follow-up records a change of (the pane's stage or status
   * change): written in the same `apply` as the follow-up row. Refused when
   * the cell no longer holds `from` (someone changed it meanwhile).
   */
  leadCells?: readonly { field: "stage" | "status"; from: string; to: string }[];
}

export type EntryResult =
  | { ok: false; messages: FieldMessage[] }
  | { ok: true; messages: FieldMessage[]; row: number; leadId: string; changes: Change[] };

async function readContext(
  port: WorkbookPort,
  names: InputTableName[],
  options: EntryOptions,
): Promise<QuickEntryContext> {
  const { settings, locale } = await loadWorkbookSettings(port);
  const read = await port.readTables(names);
  const tables: Partial<Record<InputTableName, TableInput>> = {};
  for (const n of names) {
    const d = read.get(n);
    if (d) tables[n] = toTableInput(d);
  }
  return { settings, locale, now: nowSerial(options.now ?? new Date()), tables };
}

function rowCells(
  def: TableDef,
  headers: string[],
  values: Record<string, Scalar>,
  formulas: Map<string, string>,
): CellWrite[] {
  const { index } = locateColumns(def, headers);
  const row: CellWrite[] = new Array(headers.length).fill(null);
  for (const f of def.fields) {
    const c = index.get(f.key);
    if (c === undefined) continue;
    if (f.kind === "calc") row[c] = formulas.has(f.key) ? { formula: formulas.get(f.key)! } : null;
    else if (f.key in values) row[c] = values[f.key];
  }
  return row;
}

function blocked(v: EntryValidation, options: EntryOptions): boolean {
  return !v.ok || (!options.acceptWarnings && v.messages.length > 0);
}

/** Validate and append a new lead (ID and created date filled). Nothing is written when it does not pass. */
export async function addLead(port: WorkbookPort, form: FormValues, options: EntryOptions = {}): Promise<EntryResult> {
  const ctx = await readContext(port, ["Leads", "Conversion"], options);
  const leads = ctx.tables.Leads;
  if (!leads) return { ok: false, messages: [tableMissing(ctx, "Leads")] };
  const v = validateNewLead(form, ctx);
  if (blocked(v, options)) return { ok: false, messages: v.messages };
  const def = defsOf(ctx.settings).Leads;
  const stageCount = ctx.settings.lists.stage.length;
  const changes: Change[] = [
    {
      op: "appendRows",
      table: "Leads",
      rows: [rowCells(def, leads.headers, v.values, rowFormulas("Leads", leads.headers, ctx.locale, stageCount))],
    },
  ];
  await port.apply(changes);
  return {
    ok: true,
    messages: v.messages,
    row: leads.firstRow + leads.values.length,
    leadId: String(v.values.leadId),
    changes,
  };
}

function leadCellConflict(ctx: QuickEntryContext, field: "stage" | "status"): FieldMessage {
  const zh = ctx.locale === "zh-CN";
  const name = field === "stage" ? (zh ? "阶段" : "stage") : zh ? "状态" : "status";
  return {
    field,
    code: "lead-changed",
    severity: "error",
    message: zh
      ? `这条线索的${name}刚被改过（或线索已不在表中），请重新打开后再改。`
      : `The lead's ${name} was changed meanwhile (or the lead is gone): open it again, then change it.`,
  };
}

function tableMissing(ctx: QuickEntryContext, table: InputTableName): FieldMessage {
  return {
    field: "",
    code: "table-missing",
    severity: "error",
    message:
      ctx.locale === "zh-CN"
        ? `找不到表 ${table}，请先安装模板。`
        : `Table ${table} is missing: install the templates first.`,
  };
}

/**
 * Validate and append a follow-up; then keep the add-in's own cells current:
 * the lead's last follow-up (a refresh-owned column) and, when the
 * Conversion entry date of the follow-up's stage is blank, that date — the
 * first follow-up logged at the stage, as Refresh would fill it. Typed
 * dates are never overwritten. One `apply`, so all of it or nothing.
 */
export async function logFollowUp(
  port: WorkbookPort,
  form: FormValues,
  options: EntryOptions = {},
): Promise<EntryResult> {
  const ctx = await readContext(port, ["Leads", "FollowUps", "Conversion"], options);
  const { Leads: leads, FollowUps: fus, Conversion: conv } = ctx.tables;
  if (!leads || !fus) return { ok: false, messages: [tableMissing(ctx, leads ? "FollowUps" : "Leads")] };
  const v = validateFollowUp(form, ctx);
  if (blocked(v, options)) return { ok: false, messages: v.messages };
  const defs = defsOf(ctx.settings);
  const stageCount = ctx.settings.lists.stage.length;
  const changes: Change[] = [
    { op: "appendRows", table: "FollowUps", rows: [rowCells(defs.FollowUps, fus.headers, v.values, new Map())] },
  ];
  const leadId = String(v.values.leadId ?? "");
  const at = v.values.at as number;

  // The lead's last follow-up, when this one is the latest.
  const li = locateColumns(defs.Leads, leads.headers).index;
  const leadIndex = leads.values.findIndex((row) => normaliseText(row[li.get("leadId")!]) === leadId);
  for (const cell of options.leadCells ?? []) {
    const col = li.get(cell.field);
    if (leadIndex < 0 || col === undefined || normaliseText(leads.values[leadIndex][col]) !== cell.from.trim())
      return { ok: false, messages: [leadCellConflict(ctx, cell.field)] };
    changes.push({
      op: "writeTableColumn",
      table: "Leads",
      column: leads.headers[col],
      rowIndexes: [leadIndex],
      cells: [cell.to],
    });
  }
  const lastCol = li.get("lastFollowUp");
  if (leadIndex >= 0 && lastCol !== undefined) {
    const current = leads.values[leadIndex][lastCol];
    if (typeof current !== "number" || at > current)
      changes.push({
        op: "writeTableColumn",
        table: "Leads",
        column: leads.headers[lastCol],
        rowIndexes: [leadIndex],
        cells: [at],
      });
  }

  // The Conversion entry date of this follow-up's stage, when blank: the first follow-up at that stage.
  const stageIdx = ctx.settings.lists.stage.findIndex((o) => o.value.trim() === String(v.values.stage ?? ""));
  if (conv && stageIdx >= 0) {
    const key = `stage${stageIdx + 1}At`;
    const fi = locateColumns(defs.FollowUps, fus.headers).index;
    let first = Math.floor(at);
    for (const row of fus.values) {
      if (
        normaliseText(row[fi.get("leadId")!]) !== leadId ||
        normaliseText(row[fi.get("stage")!]) !== String(v.values.stage)
      )
        continue;
      const t = row[fi.get("at")!];
      if (typeof t === "number" && Math.floor(t) < first) first = Math.floor(t);
    }
    const ci = locateColumns(defs.Conversion, conv.headers).index;
    const stageCol = ci.get(key);
    const convIndex = conv.values.findIndex((row) => normaliseText(row[ci.get("leadId")!]) === leadId);
    if (stageCol !== undefined && convIndex >= 0) {
      const cur = conv.values[convIndex][stageCol];
      if (isBlankCell(cur))
        changes.push({
          op: "writeTableColumn",
          table: "Conversion",
          column: conv.headers[stageCol],
          rowIndexes: [convIndex],
          cells: [first],
        });
    } else if (stageCol !== undefined && convIndex < 0 && leadIndex >= 0) {
      // No Conversion row yet (Refresh adds them): add it now with the copies from Leads.
      const lead = leads.values[leadIndex];
      const copy = (k: string): Scalar => {
        const c = li.get(k);
        const x = c === undefined ? null : lead[c];
        return x instanceof Date ? null : x;
      };
      const values: Record<string, Scalar> = {
        leadId,
        source: copy("source"),
        industry: copy("industry"),
        owner: copy("owner"),
        createdAt: copy("createdAt"),
        [key]: first,
      };
      changes.push({
        op: "appendRows",
        table: "Conversion",
        rows: [
          rowCells(
            defs.Conversion,
            conv.headers,
            values,
            rowFormulas("Conversion", conv.headers, ctx.locale, stageCount),
          ),
        ],
      });
    }
  }
  await port.apply(changes);
  return { ok: true, messages: v.messages, row: fus.firstRow + fus.values.length, leadId, changes };
}
