/**
 * The task pane's real service (officeService.ts) end to end: the operations
 * over the Office.js adapter, on the strict fake of the Excel object model.
 * It proves the glue the browser tests replace with an in-memory workbook.
 */
import { createOfficeService } from "../../src/service/officeService";
import type { RefreshStatus } from "../../src/service/service";
import { SelectableOfficeWorkbook } from "../../src/workbook/office/selection";
import { CHART_NAMES } from "../../src/workbook/office/charts";
import { protect } from "../../src/operations/protect";
import { SHEET_NAMES } from "../../src/domain/fields/definitions";
import { parseRect, uninstallFakeExcel, type FakeExcelHost } from "../fakes/excel";
import { officeOnFake } from "../support/officeFake";
import { plant } from "../support/plant";
import { VALID_ENTRY_LEAD } from "../support/validLead";

afterEach(() => uninstallFakeExcel());

/** The adapter with its real selection API, on the fake host (what the pane constructs in Excel). */
function selectable(): { host: FakeExcelHost; wb: SelectableOfficeWorkbook } {
  const { host } = officeOnFake();
  return { host, wb: new SelectableOfficeWorkbook({ run: host.run, requirements: host.requirements }) };
}

/** The user clicks a range in the grid. */
function userSelects(host: FakeExcelHost, sheet: string, address: string): void {
  host.state.selection = { sheetId: host.state.mustSheet(sheet).id, rect: parseRect(address) };
}

/** Sheet and A1 address of what is selected in the fake Excel now. */
function selectedNow(host: FakeExcelHost): { sheet: string; address: string; active: string } {
  const sel = host.state.selection;
  if (!sel) throw new Error("nothing selected");
  const sheet = host.state.sheets.find((s) => s.id === sel.sheetId)!.name;
  const active = host.state.sheets.find((s) => s.id === host.state.activeSheetId)?.name ?? "";
  const col = (c: number) => String.fromCharCode(65 + c);
  const { r0, c0, r1, c1 } = sel.rect;
  const address = r0 === r1 && c0 === c1 ? `${col(c0)}${r0 + 1}` : `${col(c0)}${r0 + 1}:${col(c1)}${r1 + 1}`;
  return { sheet, address, active };
}

const validLead = VALID_ENTRY_LEAD;

describe("officeService over the Office adapter (fake Excel)", () => {
  test("install, quick entry, check, refresh, due list, import", async () => {
    const { host, wb } = selectable();
    const service = createOfficeService(() => wb);

    expect((await service.readLists()).installed).toBe(false);
    const installed = await service.install({ locale: "en-US" });
    expect(installed.upgraded).toBe(false);
    expect(installed.created.map((c) => c.en)).toContain('Sheet "Leads"');

    const lists = await service.readLists();
    expect(lists).toMatchObject({ installed: true, locale: "en-US" });
    expect(lists.lists.industry).toContain("Retail");
    expect(lists.nextLeadId).toMatch(/^L-\d{8}-001$/);

    // Installing again is an upgrade that changes nothing typed.
    expect((await service.install({ locale: "en-US" })).upgraded).toBe(true);

    const invalid = await service.newLead({ ...validLead, phone: "12-34" });
    expect(invalid.ok).toBe(false);
    if (!invalid.ok) expect(invalid.problems.map((p) => p.field)).toContain("phone");

    const saved = await service.newLead(validLead);
    expect(saved).toEqual({ ok: true, id: lists.nextLeadId, row: 2 });
    expect((await service.readLists()).nextLeadId).toMatch(/-002$/);

    // The selected row of Leads gives the lead to log a follow-up for.
    userSelects(host, "Leads", "C2");
    await expect(service.selectedLeadId()).resolves.toBe(lists.nextLeadId);

    const report = await service.check();
    expect(report.rowsChecked).toBeGreaterThanOrEqual(1);
    for (const p of report.problems) expect(p.kind.en.length).toBeGreaterThan(0);

    // A click on the lead goes to its Lead ID cell.
    await service.selectCell("Leads", 2, "leadId");
    expect(selectedNow(host)).toEqual({ sheet: "Leads", address: "A2", active: "Leads" });

    const progress: RefreshStatus[] = [];
    const summary = await service.refresh({ kind: "all" }, (p) => progress.push(p));
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.every((p) => p.stepIndex >= 1 && p.stepIndex <= p.stepCount)).toBe(true);
    expect(summary.items.length).toBeGreaterThan(0);
    await expect(service.lastRefreshed()).resolves.toBe(summary.refreshedAt);

    const due = await service.dueList({ owner: null });
    expect(Array.isArray(due)).toBe(true);

    const csv = "Customer,Contact,Phone,Notes\r\nContoso Ltd.,Ann Lee,13800001111,hello\r\n";
    const preview = await service.previewImport({ kind: "csv", fileName: "in.csv", text: csv }, "Leads");
    expect(preview.mapping.slice(0, 3)).toEqual(["customer", "contact", "phone"]);
    expect(preview.rowCount).toBe(1);
    const imported = await service.runImport({
      source: { kind: "csv", fileName: "in.csv", text: csv },
      target: "Leads",
      mapping: preview.mapping,
      onDuplicate: "skip",
    });
    // The row lacks required fields: it is either imported with its problems listed, or skipped — never silently.
    expect(imported.added + imported.skipped).toBe(1);
    if (imported.added === 1) expect(imported.problems.length).toBeGreaterThan(0);
  }, 60_000);

  test("selection in Excel: the follow-up form's lead comes from the selected Leads row; a Check problem and a due lead select their cell", async () => {
    const { host, wb } = selectable();
    const service = createOfficeService(() => wb);
    await service.install({ locale: "en-US" });
    const first = await service.newLead(validLead);
    const second = await service.newLead({ ...validLead, customer: "Contoso Ltd.", phone: "13700000000" });
    if (!first.ok || !second.ok) throw new Error("the leads were not saved");
    expect([first.row, second.row]).toEqual([2, 3]);

    // The seller clicks any cell of the second lead's row (its Phone cell): that lead, not the first.
    userSelects(host, "Leads", "D3");
    await expect(service.selectedLeadId()).resolves.toBe(second.id);
    // A whole-row selection works the same way.
    userSelects(host, "Leads", "A2:H2");
    await expect(service.selectedLeadId()).resolves.toBe(first.id);
    // Outside the lead rows (the header, another sheet): no lead, so the form stays empty.
    userSelects(host, "Leads", "B1");
    await expect(service.selectedLeadId()).resolves.toBeNull();
    userSelects(host, "Sheet1", "A1");
    await expect(service.selectedLeadId()).resolves.toBeNull();

    // A lead typed by hand with a bad phone and an old created date (so it is overdue).
    await plant(wb, "Leads", [
      { ...validLead, leadId: "L-20240101-001", customer: "Fabrikam", phone: "12345", createdAt: 45292 },
    ]);
    const report = await service.check();
    const phone = report.problems.find((p) => p.table === "Leads" && p.row === 4 && p.field === "phone");
    expect(phone).toBeDefined();
    // The user is on another sheet when they click the problem: Excel goes to the Leads sheet, Phone of row 4.
    userSelects(host, "Sheet1", "C7");
    await service.selectCell(phone!.table, phone!.row, phone!.field);
    // Leads columns start Lead ID, Customer, Contact, Phone (fields/definitions.ts).
    expect(selectedNow(host)).toEqual({ sheet: "Leads", address: "D4", active: "Leads" });

    const due = await service.dueList({ owner: "Tom Chen" });
    const overdue = due.find((d) => d.leadId === "L-20240101-001");
    expect(overdue).toMatchObject({ customer: "Fabrikam", row: 4 });
    expect(overdue!.overdueDays).toBeGreaterThan(0);
    expect(await service.dueList({ owner: "Nobody" })).toEqual([]);
    // A click on the due lead selects its Lead ID cell.
    userSelects(host, "Sheet1", "A1");
    await service.selectCell("Leads", overdue!.row, "leadId");
    expect(selectedNow(host)).toEqual({ sheet: "Leads", address: "A4", active: "Leads" });
  }, 60_000);

  test("import the selection: the selected range of another sheet, header row first", async () => {
    const { host, wb } = selectable();
    const service = createOfficeService(() => wb);
    await service.install({ locale: "en-US" });
    await wb.apply([
      {
        op: "writeCells",
        sheet: "Sheet1",
        topLeft: "B3",
        cells: [
          ["Customer", "Contact", "Phone"],
          ["Contoso Ltd.", "Ann Lee", "13800001111"],
          ["Fabrikam", "Bo Li", "13800002222"],
        ],
      },
    ]);
    userSelects(host, "Sheet1", "B3:D5");
    const preview = await service.previewImport({ kind: "selection" }, "Leads");
    expect(preview.headers).toEqual(["Customer", "Contact", "Phone"]);
    expect(preview.mapping).toEqual(["customer", "contact", "phone"]);
    expect(preview.rowCount).toBe(2);
    expect(preview.sourceLabel).toContain("Sheet1");
  }, 60_000);

  test("the Chinese workbook: lists and the first lead ID", async () => {
    const { wb } = selectable();
    const service = createOfficeService(() => wb);
    await service.install({ locale: "zh-CN" });
    const lists = await service.readLists();
    expect(lists.lists.industry).toContain("制造业");
    expect(lists.nextLeadId).toMatch(/^线索-\d{8}-001$/);
  }, 60_000);
});

describe("officeService on a workbook LeadFlow protected (fake Excel)", () => {
  test("refresh, new lead and follow-up write through the protection and leave it on; charts still made", async () => {
    const { host, wb } = selectable();
    const service = createOfficeService(() => wb);
    await service.install({ locale: "en-US" });
    expect((await service.newLead(validLead)).ok).toBe(true);
    await protect(wb);

    const protectedNow = async () => (await wb.readState()).sheets.filter((s) => s.protected).map((s) => s.name);
    const before = await protectedNow();
    expect(before).toEqual(expect.arrayContaining([SHEET_NAMES.leads.en, SHEET_NAMES.followUps.en]));

    // The fake refuses writes to locked cells of a protected sheet, as Excel does: without the lift this throws.
    await expect(wb.apply([{ op: "appendRows", table: "Leads", rows: [[]] }])).rejects.toThrow();

    const added = await service.newLead(
      { ...validLead, customer: "Contoso Pharmaceuticals", phone: "13812345679" },
      { acceptWarnings: true },
    );
    if (!added.ok) throw new Error(JSON.stringify(added.problems));
    expect(added.row).toBe(3);
    // The service stamps leads with today's date, so the follow-up is dated today too.
    const day = (offset: number) => {
      const d = new Date();
      d.setDate(d.getDate() + offset);
      return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
    };
    const logged = await service.logFollowUp(
      {
        leadId: added.id,
        at: day(0),
        method: "Phone",
        counterpart: "Nancy Davolio",
        summary: "Sent the quote",
        intent: "Medium",
        stage: "Initial contact",
        nextStep: "Call back",
        dueDate: day(2),
        by: "Tom Chen",
      },
      { acceptWarnings: true },
    );
    if (!logged.ok) throw new Error(JSON.stringify(logged.problems));

    const summary = await service.refresh({ kind: "all" }, () => undefined);
    expect(summary.items.length).toBeGreaterThan(0);
    const leads = (await wb.readTables(["Leads"])).get("Leads")!;
    expect(leads.values).toHaveLength(2);

    expect((await protectedNow()).sort()).toEqual([...before].sort());
    const charts = host.state.sheets.flatMap((s) => s.charts.map((c) => c.name));
    expect(charts).toEqual(expect.arrayContaining([CHART_NAMES.funnel, CHART_NAMES.channels]));
  }, 60_000);

  test("a review sheet moved aside for a user's own sheet of that name is told in the pane's summary", async () => {
    const { host, wb } = selectable();
    const service = createOfficeService(() => wb);
    // The user keeps a sheet of their own named like a review sheet, in other letter case.
    host.state.addSheet("funnel");
    await service.install({ locale: "en-US" });
    await service.addSample(20);
    const summary = await service.refresh({ kind: "all" }, () => undefined);
    const notices = (summary.warnings ?? []).filter((w) => /Funnel \(2\)/.test(w.en) && /Funnel \(2\)/.test(w.zh));
    expect(notices).toHaveLength(1);
    expect(host.state.sheets.map((x) => x.name)).toEqual(expect.arrayContaining(["funnel", "Funnel (2)"]));
  }, 60_000);
});
