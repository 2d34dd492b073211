import type { InputTableName, Locale } from "../types";
import { tr } from "../types";
import { SHEET_NAMES, type TableDef } from "../fields/definitions";
import { columnIndex1, columnLetters1, parseRange } from "../a1";

/**
 * Where things go: sheet order, table positions, and the A1 ranges that
 * rules and formats cover. Data validation and conditional formats cover the
 * whole column below the header so that Excel carries them into rows the
 * table grows into (and rows pasted below it).
 */
export type SheetKey = keyof typeof SHEET_NAMES;

/** Install-time sheet order; review sheets are placed by Refresh. */
export const INSTALL_SHEETS: SheetKey[] = ["leads", "followUps", "conversion", "channelCosts", "settings", "guide"];

export const TABLE_SHEET: Record<InputTableName, SheetKey> = {
  Leads: "leads",
  FollowUps: "followUps",
  Conversion: "conversion",
  ChannelCosts: "channelCosts",
};

export const TAB_COLORS: Partial<Record<SheetKey, string>> = {
  leads: "#2F75B5",
  followUps: "#548235",
  conversion: "#BF8F00",
  channelCosts: "#7030A0",
  settings: "#595959",
  guide: "#A6A6A6",
};

export function sheetName(key: SheetKey, locale: Locale): string {
  return tr(SHEET_NAMES[key], locale);
}

/** Input tables start at A1 of their own sheet (header row 1, data from row 2). */
export const INPUT_TABLE_TOP_LEFT = "A1";
export const LAST_ROW = 1048576;

/** Where one table's columns are, by field key, as it is (existing) or will be (new / columns appended). */
export interface TableLayout {
  table: InputTableName;
  sheet: string;
  headerRow: number;
  firstDataRow: number;
  /** Data rows now (0 for a table that is about to be created: it gets one blank row). */
  rowCount: number;
  /** Column letter of each present field. */
  columnOf: Map<string, string>;
  /** Actual header text of each present field. */
  headerOf: Map<string, string>;
  /** Header texts in table order after the planned additions. */
  headers: string[];
}

/** Column range of the data body, through the bottom of the sheet. */
export function dataColumnRange(layout: TableLayout, key: string): string | undefined {
  const col = layout.columnOf.get(key);
  return col === undefined ? undefined : `${col}${layout.firstDataRow}:${col}${LAST_ROW}`;
}

/** Build a layout from the table's header texts and its A1 address. */
export function tableLayout(
  def: TableDef,
  sheet: string,
  address: string,
  headers: string[],
  rowCount: number,
  match: (header: string) => string | undefined,
): TableLayout {
  const { first } = parseRange(address);
  const start = columnIndex1(first.column);
  const columnOf = new Map<string, string>();
  const headerOf = new Map<string, string>();
  headers.forEach((h, i) => {
    const key = match(h);
    if (key !== undefined && !columnOf.has(key)) {
      columnOf.set(key, columnLetters1(start + i));
      headerOf.set(key, h);
    }
  });
  return {
    table: def.name,
    sheet,
    headerRow: first.row,
    firstDataRow: first.row + 1,
    rowCount,
    columnOf,
    headerOf,
    headers: [...headers],
  };
}
