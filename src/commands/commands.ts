/* global Office */
import { localeFromLanguage } from "../i18n/strings";
import { restoreProtection } from "../operations/protect";
import { createOfficeService } from "../service/officeService";
import { OfficeWorkbook } from "../workbook/office/officeWorkbook";
import { runRefreshCommand, type CommandEvent, type CommandNote } from "./refreshCommand";

/** Leads, follow-ups and conversion rows: what a Refresh reads and writes. */
const INPUT_TABLES = ["Leads", "FollowUps", "Conversion"];

/** Shows a note in a small dialog (dialog.html); resolves when the person closes it or after `maxWaitMs`. */
function showNote(note: CommandNote, maxWaitMs: number): Promise<void> {
  const params = new URLSearchParams({
    kind: note.kind,
    title: note.title,
    body: note.body,
    close: note.closeLabel,
    lang: note.locale,
  });
  if (note.detail) params.set("detail", note.detail);
  const url = `${window.location.origin}/dialog.html?${params.toString()}`;
  return new Promise((resolve, reject) => {
    Office.context.ui.displayDialogAsync(url, { height: 30, width: 30, displayInIframe: true }, (result) => {
      if (result.status !== Office.AsyncResultStatus.Succeeded) {
        reject(new Error(result.error.message));
        return;
      }
      const dialog = result.value;
      const timer = window.setTimeout(() => finish(), maxWaitMs);
      const finish = () => {
        window.clearTimeout(timer);
        try {
          dialog.close();
        } catch {
          // Already closed by the person.
        }
        resolve();
      };
      dialog.addEventHandler(Office.EventType.DialogMessageReceived, finish);
      dialog.addEventHandler(Office.EventType.DialogEventReceived, finish);
    });
  });
}

/** Ribbon button "Refresh review" (manifest FunctionName `refreshReview`). */
export function refreshReview(event: CommandEvent): Promise<void> {
  const service = createOfficeService();
  return runRefreshCommand(
    {
      locale: localeFromLanguage(Office.context.displayLanguage),
      refresh: () => service.refresh({ kind: "all" }, () => undefined),
      notify: showNote,
      inputRows: async () =>
        (await new OfficeWorkbook().readState()).tables
          .filter((t) => INPUT_TABLES.includes(t.name))
          .reduce((n, t) => n + t.rowCount, 0),
      restoreProtection: async () => void (await restoreProtection(new OfficeWorkbook())),
    },
    event,
  );
}

// At the top level, as Microsoft's function-command samples do: the mapping exists as soon as the
// script runs, not only after Office.onReady resolves (learn.microsoft.com/office/dev/add-ins/develop/create-addin-commands).
Office.actions.associate("refreshReview", refreshReview);
