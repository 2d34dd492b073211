/**
 * Which sheets LeadFlow owns, and how sheet names compare (issue 13 items 2
 * and 3). Pure: no Office, no files.
 *
 * LeadFlow writes only into sheets it created. The workbook keeps a record of
 * them (the custom property PROPERTY_OWNED_SHEETS, written by install for the
 * sheets it adds and by refresh for the review sheets it adds). A workbook
 * from before the record: a sheet counts as ours when it carries our tables.
 * A user's sheet that happens to have the name of a review sheet is left
 * alone: the review sheet gets a free name, with a notice — as install does
 * for input sheets.
 *
 * Sheet names compare as Excel compares them: without regard to case
 * ("funnel" and "Funnel" are one name; a workbook holding both is invalid).
 */
import type { WorkbookState } from "../workbookShapes";
import { SHEET_NAMES } from "../fields/definitions";
import type { L10n, Locale } from "../types";
import { tr } from "../types";
import type { Change } from "./changes";

/** Custom property: the names of the sheets LeadFlow created, joined by OWNED_SEPARATOR. */
export const PROPERTY_OWNED_SHEETS = "leadflow.ownedSheets";
/** "/" cannot occur in a sheet name, so it separates the names. */
const OWNED_SEPARATOR = "/";

/** The form two sheet names are compared in (Excel: case-insensitive). */
export function sheetNameKey(name: string): string {
  return name.toLocaleUpperCase("en-US");
}

export function sameSheetName(a: string, b: string): boolean {
  return a === b || sheetNameKey(a) === sheetNameKey(b);
}

/** The sheet of that name (any case), as the workbook spells it. */
export function findSheet<T extends { name: string }>(sheets: readonly T[], name: string): T | undefined {
  const key = sheetNameKey(name);
  return sheets.find((s) => s.name === name) ?? sheets.find((s) => sheetNameKey(s.name) === key);
}

/** The sheet names the workbook's record says LeadFlow created. */
export function ownedSheetNames(properties: Readonly<Record<string, string>>): string[] {
  const text = properties[PROPERTY_OWNED_SHEETS];
  return text ? text.split(OWNED_SEPARATOR).filter((n) => n.length > 0) : [];
}

/** The change that adds `created` to the record, or null when they are all recorded already. */
export function recordOwnedSheets(
  properties: Readonly<Record<string, string>>,
  created: readonly string[],
): Change | null {
  const names = ownedSheetNames(properties);
  const known = new Set(names.map(sheetNameKey));
  let added = false;
  for (const n of created)
    if (!known.has(sheetNameKey(n))) {
      names.push(n);
      known.add(sheetNameKey(n));
      added = true;
    }
  return added ? { op: "setProperty", key: PROPERTY_OWNED_SHEETS, value: names.join(OWNED_SEPARATOR) } : null;
}

/** Review sheets and the review tables that mark them as ours. */
export type ReviewSheetKey =
  | "reviewChannels"
  | "reviewFunnel"
  | "reviewBreakdown"
  | "reviewSales"
  | "reviewDue"
  | "reviewLosses"
  | "reviewTrend"
  | "reviewForecast"
  | "reviewScoring"
  | "dashboard";

export interface ReviewSheetChoice {
  /** The sheet each review goes on. */
  names: Record<ReviewSheetKey, string>;
  /** Review sheets to be created (not in the workbook yet). */
  created: string[];
  /** Notices for the user (a name taken by a user's sheet). */
  notices: L10n[];
  /** Record of owned sheets to update (setProperty), empty when nothing changes. */
  changes: Change[];
}

/**
 * Choose the sheet of every review. In order: the sheet that carries the
 * review's table (ours, whatever it is called now); else the sheet of the
 * review's name when the record says we created it; else the review's name
 * when no sheet has it; else the first free "name (n)", with a notice.
 */
export function chooseReviewSheets(
  state: Pick<WorkbookState, "sheets" | "tables" | "properties">,
  locale: Locale,
  sheetTables: Record<ReviewSheetKey, readonly string[]>,
): ReviewSheetChoice {
  const owned = new Set(ownedSheetNames(state.properties).map(sheetNameKey));
  const taken = new Set(state.sheets.map((s) => sheetNameKey(s.name)));
  const names = {} as Record<ReviewSheetKey, string>;
  const created: string[] = [];
  const notices: L10n[] = [];
  for (const key of Object.keys(sheetTables) as ReviewSheetKey[]) {
    const marked = state.tables.find((t) =>
      sheetTables[key].some((name) => name.toUpperCase() === t.name.toUpperCase()),
    );
    const markedSheet = marked ? findSheet(state.sheets, marked.sheet) : undefined;
    if (markedSheet) {
      names[key] = markedSheet.name;
      continue;
    }
    const base = tr(SHEET_NAMES[key], locale);
    const existing = findSheet(state.sheets, base);
    if (existing && owned.has(sheetNameKey(existing.name))) {
      names[key] = existing.name;
      continue;
    }
    let name = base;
    if (taken.has(sheetNameKey(base))) {
      let n = 2;
      while (taken.has(sheetNameKey(`${base} (${n})`))) n++;
      name = `${base} (${n})`;
      notices.push({
        zh: `工作表“${existing?.name ?? base}”不是 LeadFlow 创建的，为不覆盖其中内容，复盘写入新工作表“${name}”`,
        en: `Sheet "${existing?.name ?? base}" was not created by LeadFlow; to leave its content alone, the review goes on a new sheet "${name}"`,
      });
    }
    taken.add(sheetNameKey(name));
    names[key] = name;
    created.push(name);
  }
  const record = recordOwnedSheets(state.properties, created);
  return { names, created, notices, changes: record ? [record] : [] };
}
