import { computeAll, type DueRow } from "../domain/engine";
import type { Locale, Serial } from "../domain/types";
import type { WorkbookPort } from "../workbook/port";
import { asOfSerial, loadContext, readLeadBook } from "./context";

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
  const { book } = await readLeadBook(port, ctx);
  const asOf = asOfSerial(ctx.settings, options.now ?? new Date());
  const { review } = computeAll(book, ctx.settings, { period: { kind: "all" }, asOf });
  const owner = options.owner?.trim();
  const items = owner ? review.due.filter((d) => d.owner.trim() === owner) : review.due;
  return { items, asOf, locale: ctx.locale };
}
