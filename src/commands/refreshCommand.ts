import { WorkbookError } from "../workbook/port";
import type { Locale } from "../domain/types";
import { t, tx } from "../i18n/strings";
import { describeError } from "../taskpane/errors";
import { periodLabel } from "../taskpane/format";
import type { RefreshSummary } from "../taskpane/service";
import { NotAvailableError } from "../taskpane/service";

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
  /** Shows the outcome to the person who clicked the button. */
  notify(note: CommandNote): Promise<void>;
}

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
 * words. `event.completed()` is called exactly once whatever happens, or Excel
 * would keep showing the command as running.
 */
export async function runRefreshCommand(deps: RefreshCommandDeps, event: CommandEvent): Promise<void> {
  const { locale } = deps;
  const base = { title: t("cmdRefreshTitle", locale), closeLabel: t("close", locale), locale };
  try {
    let note: CommandNote;
    try {
      const summary = await deps.refresh();
      note = { ...base, kind: "success", body: t("cmdRefreshOk", locale, { summary: summaryText(summary, locale) }) };
    } catch (error) {
      const plain = describeError(error, locale);
      const body = isNotInstalled(error)
        ? t("cmdNotInstalled", locale)
        : t("cmdRefreshFailed", locale, { reason: plain.message });
      note = plain.detail ? { ...base, kind: "error", body, detail: plain.detail } : { ...base, kind: "error", body };
    }
    await deps.notify(note);
  } catch {
    // Nothing more can be shown when the notification itself fails; the command must still end.
  } finally {
    event.completed();
  }
}
