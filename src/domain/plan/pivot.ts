/**
 * The Leads PivotTable as plan data (issue 14 item 7): a real PivotTable on a
 * 透视 / Pivot sheet for the manager's own slicing, over the Leads table, with
 * a default layout of source (rows) × status (columns), counting leads.
 *
 * Created once, refreshed by every Refresh, never rebuilt: what the adapters do
 * with the `pivotTable` change (see changes.ts) keeps a manager's own
 * rearrangement, and never writes over a sheet of that name that is not ours.
 * Pure: the headers are the Leads table's own (a workbook installed in one
 * language and refreshed in the other keeps its columns).
 */
import type { TableDef } from "../fields/definitions";
import { headerIndex } from "../rows";
import type { CellValue, L10n, Locale } from "../types";
import { tr } from "../types";
import type { Change } from "./changes";

/** The PivotTable's name: stable, in every language, so Refresh finds its own and nothing else. */
export const PIVOT_NAME = "LF_LeadsPivot";

export const PIVOT_SHEET: L10n = { zh: "透视", en: "Pivot" };

/** Top-left cell on a new sheet, as Excel places one (two rows left for report filters). */
export const PIVOT_TOP_LEFT = "A3";

/** What an adapter says when a sheet of that name, not holding our PivotTable, is in the way. */
export function pivotSheetTakenNotice(sheet: string): L10n {
  return {
    zh: `工作表“${sheet}”已存在且其中没有 LeadFlow 的数据透视表，为不覆盖其中内容，未创建数据透视表；如需创建，请重命名或删除该工作表后再刷新。`,
    en: `Sheet "${sheet}" exists without LeadFlow's PivotTable; to leave its content alone, no PivotTable was made. Rename or delete that sheet and refresh to get it.`,
  };
}

const VALUE_CAPTION: L10n = { zh: "线索数", en: "Lead count" };

/** Default layout, by Leads field key. */
const LAYOUT = { rows: ["source"], columns: ["status"], count: "leadId" } as const;

/**
 * The `pivotTable` change over the Leads table, or null when there is no Leads table
 * or it lacks a column of the default layout (Refresh says what is missing elsewhere).
 */
export function planPivot(
  leads: { headers: readonly CellValue[] } | undefined,
  def: TableDef,
  locale: Locale,
): Change | null {
  if (!leads) return null;
  const { index } = headerIndex(def, leads.headers);
  const header = (key: string): string | undefined => {
    const col = index.get(key);
    const h = col === undefined ? undefined : leads.headers[col];
    return typeof h === "string" && h.trim() !== "" ? h : undefined;
  };
  const rows = LAYOUT.rows.map(header);
  const columns = LAYOUT.columns.map(header);
  const counted = header(LAYOUT.count);
  if (rows.some((h) => h === undefined) || columns.some((h) => h === undefined) || counted === undefined) return null;
  return {
    op: "pivotTable",
    name: PIVOT_NAME,
    sheet: tr(PIVOT_SHEET, locale),
    topLeft: PIVOT_TOP_LEFT,
    sourceTable: def.name,
    rows: rows as string[],
    columns: columns as string[],
    values: [{ column: counted, caption: tr(VALUE_CAPTION, locale), summarizeBy: "count" }],
  };
}
