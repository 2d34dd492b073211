import { INPUT_TABLES } from "../domain/fields/definitions";
import { computeAll, type DueRow } from "../domain/engine";
import { bookFromTables, type RawTable } from "../domain/rows";
import type { InputTableName, Locale, Serial } from "../domain/types";
import type { TableData, WorkbookPort } from "../workbook/port";
import { asOfSerial, loadContext } from "./context";

/**
 * The follow-up due list (the 待跟进 / Due review sheet): leads due today or overdue, then the
 * dormant ones, computed by the same engine Refresh uses, so the pane's list
 * and the review sheet agree. Read-only: nothing is written.
 */

export interface DueListOptions {
  /** Only this owner's leads (compared trimmed); null or absent for everyone. */
  owner?: string | null;
  /** The clock (tests pass a fixed one); Settings' as-of date still wins when set. */
  now?: Date;
}

export interface DueListResult {
  items: DueRow[];
  /** The day the list is computed for (Excel serial). */
  asOf: Serial;
  locale: Locale;
}

export async function dueList(port: WorkbookPort, options: DueListOptions = {}): Promise<DueListResult> {
  const ctx = await loadContext(port);
  const stageCount = Math.max(1, ctx.settings.lists.stage.length);
  const present = INPUT_TABLES.filter((name) => ctx.state.tables.some((t) => t.name === name));
  const tables = present.length > 0 ? await port.readTables([...present]) : new Map<string, TableData>();
  const raw: Partial<Record<InputTableName, RawTable>> = {};
  for (const name of present) {
    const t = tables.get(name);
    if (t) raw[name] = { headers: t.table.headers, values: t.values, firstRow: t.firstRow };
  }
  const asOf = asOfSerial(ctx.settings, options.now ?? new Date());
  const { review } = computeAll(bookFromTables(raw, stageCount), ctx.settings, { period: { kind: "all" }, asOf });
  const owner = options.owner?.trim();
  const items = owner ? review.due.filter((d) => d.owner.trim() === owner) : review.due;
  return { items, asOf, locale: ctx.locale };
}
