import { tableDefs } from "../../domain/fields/definitions";
import { localDateTimeSerial } from "../../domain/parse/dates";
import { isBlankCell } from "../../domain/parse/text";
import { assignLeadIds } from "../../domain/plan/leadIds";
import type { CellValue, Locale, Serial } from "../../domain/types";
import { cellA1From0 } from "./a1";
import { encodeRows } from "./cells";
import type { ExcelRunner } from "./officeWorkbook";

/**
 * Lead ID and created date for new rows while the add-in runs (IDs: domain/plan/leadIds.ts):
 * a `Leads` table `onChanged` handler (ExcelApi 1.7) reads the rows that
 * changed, asks the pure `planLeadIdFill` what to fill, and writes only blank
 * ID / created cells of started rows (a typed value is never overwritten).
 * Two syncs per event; events are off while it writes, so its own write does
 * not trigger it again.
 */
export type LeadIdAssigner = typeof assignLeadIds;

export interface LeadFill {
  /** Index in the rows given to planLeadIdFill. */
  row: number;
  leadId?: string;
  createdAt?: Serial;
}

const LEADS = tableDefs(5).Leads;
const field = (key: string) => LEADS.fields.find((f) => f.key === key)!;
const HEADERS = {
  leadId: [field("leadId").header.zh, field("leadId").header.en],
  createdAt: [field("createdAt").header.zh, field("createdAt").header.en],
  inputs: LEADS.fields.filter((f) => f.kind === "input").flatMap((f) => [f.header.zh, f.header.en]),
};

/**
 * Pure: which cells of the changed rows to fill. A row is started when any
 * input field has a value; it gets an ID when its ID is blank and a created
 * date-time (`now`) when that is blank. IDs continue each day's sequence
 * after `existingIds` (never reusing a number).
 */
export function planLeadIdFill(input: {
  headers: string[];
  rows: CellValue[][];
  existingIds: string[];
  now: Serial;
  locale: Locale;
  assign?: LeadIdAssigner;
}): LeadFill[] {
  const idCol = input.headers.findIndex((h) => HEADERS.leadId.includes(h));
  const createdCol = input.headers.findIndex((h) => HEADERS.createdAt.includes(h));
  const inputCols = input.headers.map((h, i) => (HEADERS.inputs.includes(h) ? i : -1)).filter((i) => i >= 0);
  const fills: LeadFill[] = [];
  const needId: number[] = [];
  input.rows.forEach((row, i) => {
    if (!inputCols.some((c) => !isBlankCell(row[c]))) return;
    const fill: LeadFill = { row: i };
    if (createdCol >= 0 && isBlankCell(row[createdCol])) fill.createdAt = input.now;
    if (idCol >= 0 && isBlankCell(row[idCol])) needId.push(fills.length);
    if (fill.createdAt !== undefined || (idCol >= 0 && isBlankCell(row[idCol]))) fills.push(fill);
  });
  if (needId.length) {
    const created = needId.map((k) => {
      const row = input.rows[fills[k]!.row]!;
      const c = createdCol >= 0 ? row[createdCol] : null;
      return { createdAt: typeof c === "number" ? c : input.now };
    });
    const ids = (input.assign ?? assignLeadIds)(input.existingIds, created, input.now, input.locale);
    needId.forEach((k, j) => (fills[k]!.leadId = ids[j]));
  }
  return fills;
}

export interface LeadIdAutoFillOptions {
  /** Default: `Excel.run`. */
  run?: ExcelRunner;
  /** The workbook's locale (ID prefix). */
  locale: Locale;
  /** Local date-time now as a serial (tests pass a fixed one). */
  now?: () => Serial;
  assign?: LeadIdAssigner;
  /** Called with the number of rows filled, or the error (an event handler must not throw). */
  onFilled?: (count: number) => void;
  onError?: (e: unknown) => void;
}

export interface LeadIdAutoFill {
  /** Fills the rows of one change (what the handler does; exposed for tests and for a manual "fill IDs" command). */
  fillChanged(address: string): Promise<number>;
  remove(): Promise<void>;
}

function localNow(): Serial {
  return localDateTimeSerial(new Date());
}

/** Registers the handler on table `Leads`; resolves to undefined when the workbook has no Leads table yet. */
export async function registerLeadIdAutoFill(opts: LeadIdAutoFillOptions): Promise<LeadIdAutoFill | undefined> {
  const run: ExcelRunner =
    opts.run ?? ((batch) => (globalThis as unknown as { Excel: { run: ExcelRunner } }).Excel.run(batch)); // ExcelApi 1.1

  const fillChanged = async (address: string): Promise<number> =>
    run(async (context) => {
      // Request 1: the header and the changed rows of the table body.
      const table = context.workbook.tables.getItem("Leads"); // ExcelApi 1.1
      const header = table.getHeaderRowRange().load("values"); // ExcelApi 1.1
      const body = table.getDataBodyRange().load("columnIndex"); // ExcelApi 1.1
      // A navigation property: a proxy, nothing to load (the lint rule cannot tell it from a scalar).
      // eslint-disable-next-line office-addins/call-sync-before-read, office-addins/load-object-before-read
      const ws = table.worksheet; // ExcelApi 1.2
      const changed = body.getIntersectionOrNullObject(ws.getRange(address).getEntireRow()); // ExcelApi 1.4 / 1.1
      changed.load("values,rowIndex"); // ExcelApi 1.1
      await context.sync();
      if (changed.isNullObject) return 0; // ExcelApi 1.4
      const headers = (header.values[0] ?? []).map((h) => String(h)); // ExcelApi 1.1
      const rows = changed.values as CellValue[][]; // ExcelApi 1.1
      const idCol = headers.findIndex((h) => HEADERS.leadId.includes(h));
      const started = planLeadIdFill({
        headers,
        rows,
        existingIds: [],
        now: 0,
        locale: opts.locale,
        assign: (_e, r) => r.map(() => ""),
      });
      if (!started.length) return 0;
      // Request 2: the IDs in use (one column), so a new number never repeats one.
      const idRange = idCol < 0 ? undefined : table.columns.getItemAt(idCol).getDataBodyRange().load("values"); // ExcelApi 1.1
      if (idRange) await context.sync();
      const existingIds = idRange ? idRange.values.map((r) => String(r[0] ?? "")).filter((v) => v !== "") : []; // ExcelApi 1.1
      const fills = planLeadIdFill({
        headers,
        rows,
        existingIds,
        now: (opts.now ?? localNow)(),
        locale: opts.locale,
        ...(opts.assign ? { assign: opts.assign } : {}),
      });
      // Request 3: write the blank cells, with events off so this write does not call the handler again.
      const createdCol = headers.findIndex((h) => HEADERS.createdAt.includes(h));
      context.runtime.enableEvents = false; // ExcelApi 1.8
      for (const f of fills) {
        const sheetRow = changed.rowIndex + f.row; // ExcelApi 1.1
        if (f.leadId !== undefined && idCol >= 0) writeCell(ws, sheetRow, body.columnIndex + idCol, f.leadId); // ExcelApi 1.1
        if (f.createdAt !== undefined && createdCol >= 0)
          writeCell(ws, sheetRow, body.columnIndex + createdCol, f.createdAt); // ExcelApi 1.1
      }
      context.runtime.enableEvents = true; // ExcelApi 1.8
      await context.sync();
      opts.onFilled?.(fills.length);
      return fills.length;
    });

  let handler: OfficeExtension.EventHandlerResult<Excel.TableChangedEventArgs> | undefined;
  const registered = await run(async (context) => {
    const table = context.workbook.tables.getItemOrNullObject("Leads"); // ExcelApi 1.4
    table.load("name"); // ExcelApi 1.1
    await context.sync();
    if (table.isNullObject) return false; // ExcelApi 1.4
    handler = table.onChanged.add(async (event: Excel.TableChangedEventArgs) => {
      // ExcelApi 1.7
      try {
        await fillChanged(event.address); // ExcelApi 1.7
      } catch (e) {
        opts.onError?.(e);
      }
    });
    await context.sync();
    return true;
  });
  if (!registered) return undefined;
  return {
    fillChanged,
    remove: async () => {
      if (!handler) return;
      handler.remove(); // ExcelApi 1.7
      await handler.context.sync();
      handler = undefined;
    },
  };
}

/** One cell, text-safe (see cells.ts): an ID is text, a date-time a number. */
function writeCell(ws: Excel.Worksheet, row: number, col: number, value: string | number): void {
  const enc = encodeRows([[value]], 1);
  const range = ws.getRange(cellA1From0(row, col)); // ExcelApi 1.1
  if (enc.numberFormat) range.numberFormat = enc.numberFormat; // ExcelApi 1.1
  range.values = enc.grid; // ExcelApi 1.1
}
