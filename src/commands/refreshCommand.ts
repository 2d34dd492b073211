import { WorkbookError } from "../workbook/port";
import type { Locale } from "../domain/types";
import { t, tx } from "../i18n/strings";
import { describeError } from "../service/errorMessages";
import { periodLabel } from "../i18n/format";
import type { RefreshSummary } from "../service/service";
import { NotAvailableError } from "../service/service";

/** What the ribbon shows a person after the command ran. */
export interface CommandNote {
  kind: "success" | "error";
  title: string;
  body: string;
  /** Technical text for support; shown small, never alone. */
  detail?: string;
  closeLabel: string;
  locale: Locale;
}

export interface RefreshCommandDeps {
  locale: Locale;
  /** Runs Refresh review over the workbook (the operation through the Office adapter). */
  refresh(): Promise<RefreshSummary>;
  /** Shows the outcome to the person who clicked the button, for at most `maxWaitMs`. */
  notify(note: CommandNote, maxWaitMs: number): Promise<void>;
  /** Input rows (leads, follow-ups, conversion) of the workbook, to judge whether the ribbon can finish in time. */
  inputRows?(): Promise<number>;
  /** Re-protects the LeadFlow sheets a failed run left open (best effort). */
  restoreProtection?(): Promise<void>;
  /** Timers (tests pass a fake clock). */
  clock?: CommandClock;
}

export interface CommandClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realClock: CommandClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/**
 * "The runtime closes when either the function completes or 5 minutes have passed,
 * whichever is earlier" (learn.microsoft.com/office/dev/add-ins/design/add-in-commands).
 * The command reports itself finished well before that, whatever is still running.
 */
export const COMMAND_LIMIT_MS = 5 * 60 * 1000;
/** When event.completed() is called at the latest: a margin of 45 s under the limit. */
export const COMMAND_DEADLINE_MS = COMMAND_LIMIT_MS - 45 * 1000;
/** The result dialog stays at most this long (and never past the deadline). */
export const DIALOG_MAX_MS = 90 * 1000;
/**
 * Input rows above which Refresh is left to the task pane, which has no time limit.
 * The review of 50,000 leads / 200,000 follow-ups takes several minutes on a laptop;
 * a quarter of that stays well inside the ribbon's limit.
 */
export const RIBBON_MAX_ROWS = 60_000;

/** The part of Office.AddinCommands.Event the command uses. */
export interface CommandEvent {
  completed(): void;
}

function summaryText(summary: RefreshSummary, locale: Locale): string {
  const items = summary.items
    .map((item) => `${tx(item.label, locale)} ${item.count}`)
    .join(locale === "zh-CN" ? "；" : "; ");
  const period = periodLabel(summary.period, locale);
  const text = items ? `${period} — ${items}` : period;
  const warnings = (summary.warnings ?? []).map((w) => tx(w, locale)).join(" ");
  return warnings ? `${text}. ${warnings}` : text;
}

/** True when the workbook has no LeadFlow templates to refresh. */
function isNotInstalled(error: unknown): boolean {
  return error instanceof NotAvailableError || (error instanceof WorkbookError && error.code === "table-missing");
}

/**
 * The "Refresh review" ribbon button: refresh, then say what happened in plain
 * words. `event.completed()` is called exactly once on every path, and before
 * COMMAND_DEADLINE_MS even when the refresh or the dialog is still running: Office
 * closes the command's runtime after 5 minutes. A workbook too large to refresh
 * safely in that time is sent to the task pane; a failed run re-protects the sheets.
 */
export async function runRefreshCommand(deps: RefreshCommandDeps, event: CommandEvent): Promise<void> {
  const { locale } = deps;
  const clock = deps.clock ?? realClock;
  const started = clock.now();
  const base = { title: t("cmdRefreshTitle", locale), closeLabel: t("close", locale), locale };
  let done = false;
  const complete = (): void => {
    if (done) return;
    done = true;
    clock.clearTimeout(watchdog);
    event.completed();
  };
  let resolveDeadline!: () => void;
  const deadline = new Promise<void>((r) => (resolveDeadline = r));
  const watchdog = clock.setTimeout(() => {
    complete();
    resolveDeadline();
  }, COMMAND_DEADLINE_MS);
  const run = async (): Promise<void> => {
    let note: CommandNote;
    try {
      const rows = deps.inputRows ? await deps.inputRows() : 0;
      if (rows > RIBBON_MAX_ROWS) {
        note = {
          ...base,
          kind: "error",
          body: t("cmdTooLarge", locale, {
            rows: rows.toLocaleString(locale),
            limit: RIBBON_MAX_ROWS.toLocaleString(locale),
          }),
        };
      } else {
        const summary = await deps.refresh();
        note = { ...base, kind: "success", body: t("cmdRefreshOk", locale, { summary: summaryText(summary, locale) }) };
      }
    } catch (error) {
      try {
        await deps.restoreProtection?.();
      } catch {
        // Best effort: the next write operation re-protects too.
      }
      const plain = describeError(error, locale);
      const body = isNotInstalled(error)
        ? t("cmdNotInstalled", locale)
        : t("cmdRefreshFailed", locale, { reason: plain.message });
      note = plain.detail ? { ...base, kind: "error", body, detail: plain.detail } : { ...base, kind: "error", body };
    }
    if (done) return; // past the deadline: Office may close the runtime at any moment
    const left = Math.max(0, COMMAND_DEADLINE_MS - (clock.now() - started));
    await deps.notify(note, Math.min(DIALOG_MAX_MS, left));
  };
  // Nothing more can be shown when the notification itself fails; the command must still end.
  const running = run().catch(() => undefined);
  try {
    await Promise.race([running, deadline]);
  } finally {
    complete();
  }
}
