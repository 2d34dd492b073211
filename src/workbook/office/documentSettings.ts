/* global Office */

/**
 * The add-in's own settings stored in the workbook (Office.Settings, the Common
 * API): name/value pairs saved per add-in and per document, so each workbook
 * remembers its own values. `set` only changes the in-memory copy; `saveAsync`
 * writes it into the document, and the copy is loaded again with the add-in
 * the next time the workbook opens.
 * https://learn.microsoft.com/javascript/api/office/office.settings
 * https://learn.microsoft.com/office/dev/add-ins/develop/persisting-add-in-state-and-settings
 */
export interface DocumentSettingsStore {
  /** The stored value, or null when the setting does not exist (Office.Settings.get returns null then). */
  get(name: string): unknown;
  /** Sets the value and saves the settings into the document; rejects when Office reports a failure. */
  set(name: string, value: string): Promise<void>;
}

/** Office.context.document.settings of the workbook the pane runs in. */
export function officeDocumentSettings(): DocumentSettingsStore {
  const settings = () => Office.context.document.settings;
  return {
    get: (name) => settings().get(name) ?? null,
    set: (name, value) =>
      new Promise<void>((resolve, reject) => {
        settings().set(name, value);
        settings().saveAsync((result) => {
          if (result.status === Office.AsyncResultStatus.Failed) reject(new Error(result.error.message));
          else resolve();
        });
      }),
  };
}
