/**
 * The pane's work views over the real service (officeService.ts) on the fake
 * Excel: the lead book is read once and kept until the workbook changes; the
 * card follows Workbook.onSelectionChanged once the selection settles, once per
 * change of lead, reading no table for it.
 * Workbook.onSelectionChanged (ExcelApi 1.2):
 * https://learn.microsoft.com/en-us/javascript/api/excel/excel.workbook#excel-excel-workbook-onselectionchanged-member
 */
import { createOfficeService } from "../../src/service/officeService";
import { SelectableOfficeWorkbook } from "../../src/workbook/office/selection";
import { install } from "../../src/operations/install";
import { PARAMS_TABLE } from "../../src/domain/formulas/names";
import { parseRect, uninstallFakeExcel, type FakeExcelHost } from "../fakes/excel";
import { officeOnFake } from "../support/officeFake";
import { plant } from "../support/plant";
import { validLeadRow } from "../support/validLead";

afterEach(() => uninstallFakeExcel());

/** The adapter with the selection API, counting reads of the Leads table. */
async function setUp() {
  const { host } = officeOnFake();
  const wb = new SelectableOfficeWorkbook({ run: host.run, requirements: host.requirements });
  await install(wb, { locale: "en-US" });
  await plant(wb, "Leads", [
    validLeadRow("en-US", { leadId: "L-20240601-001", customer: "Orion Robotics", createdAt: 45444 }),
    validLeadRow("en-US", { leadId: "L-20240601-002", customer: "Vega Foods", createdAt: 45444 }),
    validLeadRow("en-US", { leadId: "L-20240601-003", customer: "Lyra Textiles", createdAt: 45444 }),
  ]);
  const reads = { tables: 0, selection: 0 };
  const where = wb.readSelectedAddress.bind(wb);
  wb.readSelectedAddress = () => {
    reads.selection++;
    return where();
  };
  const read = wb.readTables.bind(wb);
  wb.readTables = (names, options) => {
    // A read of the lead book is a read of Leads (Settings are read apart).
    if (names.includes("Leads")) reads.tables++;
    return read(names, options);
  };
  const service = createOfficeService(() => wb, { selectionSettleMs: 30 });
  return { host, wb, service, reads };
}

const rowOf = async (wb: SelectableOfficeWorkbook, id: string) => {
  const t = (await wb.readTables(["Leads"])).get("Leads")!;
  return t.firstRow + t.values.findIndex((r) => r.includes(id));
};

function userSelects(host: FakeExcelHost, address: string) {
  host.userSelects(host.state.mustSheet("Leads").id, parseRect(address));
}

const settle = async (host: FakeExcelHost) => {
  await host.settleEvents();
  await new Promise((r) => setTimeout(r, 80));
  await host.settleEvents();
};

test("the card follows the selection once it settles, once per change of lead, with one read of the book", async () => {
  const { host, wb, service, reads } = await setUp();
  const rows = { a: await rowOf(wb, "L-20240601-001"), b: await rowOf(wb, "L-20240601-002") };
  const before = reads.tables;
  const seen: (string | null)[] = [];
  const stop = service.watchSelectedLead((id) => seen.push(id));
  await settle(host);
  const afterStart = reads.tables - before;
  // Arrow keys through the rows: many selection events, one answer for where the selection rests.
  const looks = reads.selection;
  for (const r of [rows.a, rows.b, rows.a, rows.b]) userSelects(host, `C${r}`);
  await settle(host);
  // One look at the selection once it rested, not one per event.
  expect(reads.selection - looks).toBe(1);
  // Another cell of the same lead: no new answer.
  userSelects(host, `E${rows.b}`);
  await settle(host);
  userSelects(host, `A${rows.a}`);
  await settle(host);
  expect(seen.filter((s) => s !== null)).toEqual(["L-20240601-002", "L-20240601-001"]);
  // The card of each lead comes from the same read.
  expect((await service.leadCard("L-20240601-002"))?.customer).toBe("Vega Foods");
  expect((await service.leadCard("L-20240601-001"))?.customer).toBe("Orion Robotics");
  expect((await service.searchLeads("Lyra")).hits.map((h) => h.leadId)).toEqual(["L-20240601-003"]);
  expect(reads.tables - before).toBe(1);
  expect(afterStart).toBe(1);
  stop();
  userSelects(host, `A${rows.b}`);
  await settle(host);
  expect(seen.filter((s) => s !== null)).toHaveLength(2);
});

test("the book is read again after the pane writes or a person edits a lead table", async () => {
  const { host, wb, service, reads } = await setUp();
  const width = (await wb.readTables(["Leads"])).get("Leads")!.table.headers.length;
  reads.tables = 0;
  await service.leadCard("L-20240601-001");
  expect(reads.tables).toBe(1);
  await service.board({});
  expect(reads.tables).toBe(1);
  // A person edits Leads (Table.onChanged): the next answer reads the book again.
  await host.run(async (context) => {
    context.workbook.tables.getItem("Leads").rows.add(undefined, [new Array(width).fill("")]);
    await context.sync();
  });
  await host.settleEvents();
  const n = reads.tables;
  await service.board({});
  expect(reads.tables).toBe(n + 1);
  // A person edits Settings (a list or a parameter): the grades and alerts may change, so read again.
  await host.run(async (context) => {
    const params = context.workbook.tables.getItem(PARAMS_TABLE);
    const header = params.getHeaderRowRange().load("columnCount");
    await context.sync();
    params.rows.add(undefined, [new Array(header.columnCount).fill("")]);
    await context.sync();
  });
  await host.settleEvents();
  await service.board({});
  expect(reads.tables).toBe(n + 2);
  // The pane's own write.
  const moved = await service.updateLead({
    leadId: "L-20240601-002",
    stage: "Proposal",
    followUp: {
      method: "Phone",
      counterpart: "Ms Li, Purchasing",
      intent: "High",
      nextStep: "Send the proposal - Mary",
      dueDate: "2030-01-10",
    },
  });
  expect(moved.ok).toBe(true);
  const card = await service.leadCard("L-20240601-002");
  expect(card?.stage).toBe("Proposal");
  expect(card?.timeline).toHaveLength(1);
  const column = (await service.board({})).columns.find((c) => c.stage === "Proposal")!;
  expect(column.cards.map((c) => c.leadId)).toContain("L-20240601-002");
});
