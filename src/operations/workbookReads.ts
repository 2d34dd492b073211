/**
 * Reads a shell needs beyond the operations, through the port: the Settings
 * lists and the next lead ID (for the entry forms), the lead ID of a worksheet
 * row (the user's selection), and the cell of a field (to select a problem).
 * The lookups themselves are pure (src/domain/tableLookup.ts).
 */
import { tableDefs, type TableDef } from "../domain/fields/definitions";
import { LIST_KEYS, type ListKey } from "../domain/fields/lists";
import { PROPERTY_TEMPLATE_VERSION } from "../domain/plan/install";
import { assignLeadIds } from "../domain/plan/leadIds";
import { dataRowIndex, fieldCellAddress, leadIdInRow, leadIdsOf } from "../domain/tableLookup";
import type { InputTableName, Locale } from "../domain/types";
import type { WorkbookPort } from "../workbook/port";
import { loadContext, nowSerial } from "./context";

const defsFor = (stageCount: number): Record<InputTableName, TableDef> => tableDefs(Math.max(1, stageCount));

export interface WorkbookLists {
  installed: boolean;
  locale: Locale | null;
  templateVersion: string | null;
  /** Number of stages in Settings (at least 1). */
  stageCount: number;
  /** Options of every Settings list, in the workbook's language. */
  lists: Partial<Record<ListKey, string[]>>;
  /** The ID the next new lead will get (as of `now`), when the workbook is installed. */
  nextLeadId: string | null;
}

/** Settings lists, template state and the next lead ID. */
export async function readWorkbookLists(port: WorkbookPort, now: Date = new Date()): Promise<WorkbookLists> {
  const ctx = await loadContext(port);
  const installed =
    PROPERTY_TEMPLATE_VERSION in ctx.state.properties || ctx.state.tables.some((t) => t.name === "Leads");
  const lists: Partial<Record<ListKey, string[]>> = {};
  for (const key of LIST_KEYS) lists[key] = (ctx.settings.lists[key] ?? []).map((o) => o.value);
  let nextLeadId: string | null = null;
  if (installed) {
    const leads = (await port.readTables(["Leads"])).get("Leads");
    if (leads) {
      const ids = leadIdsOf(leads, defsFor(ctx.settings.lists.stage.length).Leads);
      const at = nowSerial(now);
      nextLeadId = assignLeadIds(ids, [{ createdAt: at }], at, ctx.locale)[0] ?? null;
    }
  }
  return {
    installed,
    locale: installed ? ctx.locale : null,
    templateVersion: ctx.state.properties[PROPERTY_TEMPLATE_VERSION] ?? null,
    stageCount: Math.max(1, ctx.settings.lists.stage.length),
    lists,
    nextLeadId,
  };
}

/** The lead ID in worksheet row `row` of `sheet`, when that sheet holds Leads or FollowUps; else null. */
export async function leadIdAt(port: WorkbookPort, sheet: string, row: number): Promise<string | null> {
  const state = await port.readState();
  const info = state.tables.find((t) => t.sheet === sheet && (t.name === "Leads" || t.name === "FollowUps"));
  if (!info) return null;
  const data = (await port.readTables([info.name])).get(info.name);
  if (!data || dataRowIndex(data, row) === null) return null;
  const ctx = await loadContext(port);
  return leadIdInRow(data, defsFor(ctx.settings.lists.stage.length)[info.name as InputTableName], row);
}

/** Sheet and address of `field`'s cell in worksheet row `row` of an input table, or null without the table. */
export async function fieldCell(
  port: WorkbookPort,
  table: InputTableName,
  row: number,
  field: string,
): Promise<{ sheet: string; address: string } | null> {
  const state = await port.readState();
  const info = state.tables.find((t) => t.name === table);
  if (!info) return null;
  const ctx = await loadContext(port);
  return fieldCellAddress(info, defsFor(ctx.settings.lists.stage.length)[table], row, field);
}
