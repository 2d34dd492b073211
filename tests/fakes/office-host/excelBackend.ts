/**
 * The "real operations" backend of the test host: the task pane's own
 * officeService (operations + Office.js adapter) running on the strict fake of
 * the Excel object model (tests/fakes/excel), in the browser. A scripted
 * selection stands in for the user's clicks in the grid, because the adapter
 * has no selection API yet.
 */
import { tableDefs } from "../../../src/domain/fields/definitions";
import type { InputTableName, Locale } from "../../../src/domain/types";
import { parseDate } from "../../../src/domain/parse/dates";
import { install } from "../../../src/operations/install";
import { createOfficeService } from "../../../src/service/officeService";
import type { LeadFlowService } from "../../../src/service/service";
import type { OfficeWorkbook } from "../../../src/workbook/office/officeWorkbook";
import { SelectableOfficeWorkbook } from "../../../src/workbook/office/selection";
import type { CellValue } from "../../../src/domain/types";
import { EXCEL_ENUMS, FakeExcelHost } from "../excel";
import { parseRect } from "../excel/a1";

const DATE_TYPES = new Set(["date", "dateTime", "month"]);

export interface ExcelBackend {
  service: LeadFlowService;
  /** A new service over the same workbook: what a reopened pane constructs. */
  newService(): LeadFlowService;
  port: OfficeWorkbook;
  /** Cells the pane asked to select. */
  selections: { sheet: string; address: string }[];
  /** The user selects a range in the grid (for "use the selected row" and "import the selection"). */
  select(sheet: string, address: string): void;
  /** Data rows of a table, as the adapter reads them. */
  rows(table: InputTableName): Promise<CellValue[][]>;
  /**
   * Appends a row (fields by key; the header may be in either language) through the adapter, as
   * LeadFlow writes: events off, so no change handler sees it.
   */
  plant(table: InputTableName, values: Record<string, string>): Promise<void>;
  /**
   * A person types a new row under the table in the grid: a user edit, so Excel raises the table's
   * onChanged event (events on); resolves once the handlers have run.
   */
  typeRow(table: InputTableName, values: Record<string, string>): Promise<void>;
  /** Installs the templates before the pane opens (a workbook that already has LeadFlow), with `sample` sample leads. */
  install(locale: Locale, sample?: number): Promise<void>;
  /** Waits until the event handlers the fake fired have run. */
  settleEvents(): Promise<void>;
  /** Sync count and read volume of the fake host so far (reads of the lead book show in it). */
  stats(): { syncs: number; totalResponseBytes: number };
  /** Number of table onChanged handlers registered in the workbook. */
  changeHandlers(): number;
  /** Headers and data rows of a table. */
  table(table: InputTableName): Promise<{ headers: string[]; values: CellValue[][] }>;
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

  /** A row of `table` in its header order, as a person would type it. */
  async function typedRow(table: InputTableName, values: Record<string, string>): Promise<(string | number | null)[]> {
    const data = (await port.readTables([table])).get(table);
    if (!data) throw new Error(`no table ${table}`);
    const fields = tableDefs(5)[table].fields;
    return data.table.headers.map((h) => {
      const field = fields.find((f) => f.header.zh === h || f.header.en === h);
      if (!field || !(field.key in values)) return null;
      // Typed into a date column, Excel stores a date (a serial), as a user's typing would.
      const typed = values[field.key];
      const d = DATE_TYPES.has(field.type) ? parseDate(typed) : undefined;
      return d && d.ok ? d.value : typed;
    });
  }

  return {
    service: createOfficeService(() => port),
    newService: () => createOfficeService(() => port),
    port,
    selections,
    requirements: host.requirements,
    select(sheet, address) {
      // The user's click: the selection changes and Workbook.onSelectionChanged handlers run.
      host.userSelects(host.state.mustSheet(sheet).id, parseRect(address));
    },
    async rows(table) {
      return (await port.readTables([table])).get(table)?.values ?? [];
    },
    async plant(table, values) {
      await port.apply([{ op: "appendRows", table, rows: [await typedRow(table, values)] }]);
    },
    async typeRow(table, values) {
      const row = (await typedRow(table, values)).map((v) => v ?? "");
      await host.run(async (context) => {
        context.workbook.tables.getItem(table).rows.add(undefined, [row]);
        await context.sync();
      });
      await host.settleEvents();
    },
    async install(locale, sample) {
      await install(port, { locale, ...(sample ? { sample: { count: sample, seed: 7 } } : {}) });
    },
    settleEvents: () => host.settleEvents(),
    stats: () => ({ syncs: host.stats.syncs, totalResponseBytes: host.stats.totalResponseBytes }),
    changeHandlers() {
      let n = 0;
      for (const set of host.tableHandlers.values()) n += set.size;
      return n;
    },
    async table(table) {
      const data = (await port.readTables([table])).get(table);
      return { headers: data?.table.headers ?? [], values: data?.values ?? [] };
    },
  };
}
