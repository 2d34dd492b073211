/**
 * The "real operations" backend of the test host: the task pane's own
 * officeService (operations + Office.js adapter) running on the strict fake of
 * the Excel object model (tests/fakes/excel), in the browser. A scripted
 * selection stands in for the user's clicks in the grid, because the adapter
 * has no selection API yet.
 */
import { tableDefs } from "../../../src/domain/fields/definitions";
import type { InputTableName } from "../../../src/domain/types";
import { parseDate } from "../../../src/domain/parse/dates";
import { createOfficeService } from "../../../src/taskpane/officeService";
import type { LeadFlowService } from "../../../src/taskpane/service";
import type { OfficeWorkbook } from "../../../src/workbook/office/officeWorkbook";
import { SelectableOfficeWorkbook } from "../../../src/workbook/office/selection";
import type { CellValue } from "../../../src/domain/types";
import { EXCEL_ENUMS, FakeExcelHost } from "../excel";
import { parseRect } from "../excel/a1";

const DATE_TYPES = new Set(["date", "dateTime", "month"]);

export interface ExcelBackend {
  service: LeadFlowService;
  port: OfficeWorkbook;
  /** Cells the pane asked to select. */
  selections: { sheet: string; address: string }[];
  /** The user selects a range in the grid (for "use the selected row" and "import the selection"). */
  select(sheet: string, address: string): void;
  /** Data rows of a table, as the adapter reads them. */
  rows(table: InputTableName): Promise<CellValue[][]>;
  /** Appends a row typed "by hand" (fields by key; the header may be in either language). */
  plant(table: InputTableName, values: Record<string, string>): Promise<void>;
  requirements: FakeExcelHost["requirements"];
}

export function createExcelBackend(): ExcelBackend {
  // The fake host measures payloads with Buffer.byteLength; the browser has TextEncoder instead.
  const g = globalThis as unknown as { Buffer?: unknown; Excel?: unknown };
  if (!g.Buffer) g.Buffer = { byteLength: (s: string) => new TextEncoder().encode(s).length };
  const host = new FakeExcelHost();
  host.state.addSheet("Sheet1");
  g.Excel = { ...EXCEL_ENUMS, run: host.run };
  const selections: { sheet: string; address: string }[] = [];
  /** The adapter with the selection API; the pane's selectRange calls are recorded, then really made. */
  class RecordingWorkbook extends SelectableOfficeWorkbook {
    override async selectRange(sheet: string, address: string): Promise<void> {
      selections.push({ sheet, address });
      await super.selectRange(sheet, address);
    }
  }
  const port = new RecordingWorkbook({ run: host.run, requirements: host.requirements });

  return {
    service: createOfficeService(() => port),
    port,
    selections,
    requirements: host.requirements,
    select(sheet, address) {
      host.state.selection = { sheetId: host.state.mustSheet(sheet).id, rect: parseRect(address) };
    },
    async rows(table) {
      return (await port.readTables([table])).get(table)?.values ?? [];
    },
    async plant(table, values) {
      const data = (await port.readTables([table])).get(table);
      if (!data) throw new Error(`no table ${table}`);
      const fields = tableDefs(5)[table].fields;
      const row = data.table.headers.map((h) => {
        const field = fields.find((f) => f.header.zh === h || f.header.en === h);
        if (!field || !(field.key in values)) return null;
        // Typed into a date column, Excel stores a date (a serial), as a user's typing would.
        const typed = values[field.key];
        const d = DATE_TYPES.has(field.type) ? parseDate(typed) : undefined;
        return d && d.ok ? d.value : typed;
      });
      await port.apply([{ op: "appendRows", table, rows: [row] }]);
    },
  };
}
