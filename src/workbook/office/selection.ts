/* Syncs go through SyncSession.sync (which counts them, then calls context.sync); the office-addins
   lint rules cannot see through that call, so they are off here (the fake enforces load/sync at run time). */
/* eslint-disable office-addins/call-sync-before-read, office-addins/call-sync-after-load */
import type { CellValue } from "../../domain/types";
import { sheetOfAddress } from "../../domain/a1";
import { stripSheet } from "./a1";
import { OfficeWorkbook } from "./officeWorkbook";

/**
 * The Office adapter plus the user's selection (the task pane's "use the
 * selected row", "import the selection" and Check's "go to the cell"). Kept
 * apart from OfficeWorkbook so the plain port stays exactly the port.
 */
export class SelectableOfficeWorkbook extends OfficeWorkbook {
  /**
   * The user's selection: its sheet, its address (without sheet) and the values
   * of its used part, in row chunks like readRange. A selection of whole
   * columns reads only the used rows. A blank selection of up to 10,000 cells
   * reads as nulls.
   */
  async readSelection(): Promise<{ sheet: string; address: string; values: CellValue[][] }> {
    return this.session("readSelection", async (s) => {
      const selected = s.ctx.workbook.getSelectedRange(); // ExcelApi 1.1
      selected.load("address,rowCount,columnCount"); // ExcelApi 1.1
      const used = selected.getUsedRangeOrNullObject(true); // ExcelApi 1.4
      used.load("address"); // ExcelApi 1.1
      s.add(0);
      await s.sync();
      const full = selected.address; // ExcelApi 1.1
      const sheet = sheetOfAddress(full);
      if (used.isNullObject) {
        // ExcelApi 1.4
        const cells = selected.rowCount * selected.columnCount; // ExcelApi 1.1
        const blank =
          cells <= 10_000
            ? Array.from({ length: selected.rowCount }, () => new Array<CellValue>(selected.columnCount).fill(null))
            : []; // ExcelApi 1.1
        return { sheet, address: stripSheet(selected.address), values: blank }; // ExcelApi 1.1
      }
      const address = stripSheet(used.address); // ExcelApi 1.1
      return { sheet, address, values: await this.readRows(s, sheet, address) };
    });
  }

  /** The selected range's sheet and address (without the sheet), nothing else: one sync, no values. */
  async readSelectedAddress(): Promise<{ sheet: string; address: string }> {
    return this.session("readSelectedAddress", async (s) => {
      const selected = s.ctx.workbook.getSelectedRange(); // ExcelApi 1.1
      selected.load("address"); // ExcelApi 1.1
      s.add(0);
      await s.sync();
      const full = selected.address; // ExcelApi 1.1
      const sheet = sheetOfAddress(full);
      return { sheet, address: stripSheet(full) };
    });
  }

  /**
   * Calls `handler` whenever the user changes the selection
   * (Workbook.onSelectionChanged, ExcelApi 1.2). Resolves to a function that
   * removes the handler.
   */
  async onSelectionChanged(handler: () => void): Promise<() => Promise<void>> {
    let registration: OfficeExtension.EventHandlerResult<Excel.SelectionChangedEventArgs> | undefined;
    await this.session("onSelectionChanged", async (s) => {
      registration = s.ctx.workbook.onSelectionChanged.add(async () => handler()); // ExcelApi 1.2
      s.add(0);
      await s.sync();
    });
    return async () => {
      if (!registration) return;
      registration.remove(); // ExcelApi 1.2
      await registration.context.sync();
      registration = undefined;
    };
  }

  /**
   * Calls `handler` when a person edits one of these tables (Table.onChanged,
   * ExcelApi 1.7; LeadFlow's own writes run with events off). Tables the
   * workbook lacks are skipped. Resolves to a function that removes the handlers.
   */
  async onTablesChanged(names: readonly string[], handler: () => void): Promise<() => Promise<void>> {
    const registrations: OfficeExtension.EventHandlerResult<Excel.TableChangedEventArgs>[] = [];
    await this.session("onTablesChanged", async (s) => {
      const tables = names.map((n) => s.ctx.workbook.tables.getItemOrNullObject(n)); // ExcelApi 1.4
      for (const t of tables) t.load("name"); // ExcelApi 1.1
      s.add(0);
      await s.sync();
      for (const t of tables) {
        if (t.isNullObject) continue; // ExcelApi 1.4
        registrations.push(t.onChanged.add(async () => handler())); // ExcelApi 1.7
      }
      s.add(0);
      await s.sync();
    });
    return async () => {
      for (const r of registrations.splice(0)) {
        r.remove(); // ExcelApi 1.7
        await r.context.sync();
      }
    };
  }

  /** Selects (and scrolls to) a range: a click on a problem of Check. */
  async selectRange(sheet: string, address: string): Promise<void> {
    await this.session(
      "selectRange",
      async (s) => {
        const ws = s.ctx.workbook.worksheets.getItem(sheet); // ExcelApi 1.1
        ws.activate(); // ExcelApi 1.1
        ws.getRange(address).select(); // ExcelApi 1.1
        s.add(0);
        await s.sync();
      },
      () => ({ sheets: [sheet] }),
    );
  }
}
