/**
 * The task pane's real service (officeService.ts) end to end: the operations
 * over the Office.js adapter, on the strict fake of the Excel object model.
 * It proves the glue the browser tests replace with an in-memory workbook.
 */
import { createOfficeService, type SelectionPort } from "../../src/taskpane/officeService";
import { NotAvailableError, type RefreshProgress } from "../../src/taskpane/service";
import type { CellValue } from "../../src/domain/types";
import type { WorkbookPort } from "../../src/workbook/port";
import { uninstallFakeExcel } from "../fakes/excel";
import { officeOnFake } from "../office/helpers";

afterEach(() => uninstallFakeExcel());

/** The adapter plus a scripted selection (the Office adapter has no selection API yet). */
function withSelection(port: WorkbookPort, selected: { sheet: string; address: string; values: CellValue[][] }) {
  const selectedRanges: { sheet: string; address: string }[] = [];
  const selectionPort: SelectionPort = {
    readSelection: async () => selected,
    selectRange: async (sheet, address) => {
      selectedRanges.push({ sheet, address });
    },
  };
  return { port: Object.assign(Object.create(port) as WorkbookPort, selectionPort), selectedRanges };
}

const validLead = {
  customer: "Northwind Traders Ltd.",
  contact: "Nancy Davolio",
  phone: "13912345678",
  industry: "Retail",
  companySize: "Revenue 100M-500M",
  needType: "Product purchase",
  needDesc: "200 barcode scanners",
  budget: "200k-500k",
  urgency: "2-3 months",
  decisionAccess: "Influencer",
  source: "Trade show",
  status: "In progress",
  stage: "Initial contact",
  owner: "Tom Chen",
};

describe("officeService over the Office adapter (fake Excel)", () => {
  test("install, quick entry, check, refresh, due list, import", async () => {
    const { wb } = officeOnFake();
    const { port, selectedRanges } = withSelection(wb, { sheet: "Leads", address: "C2", values: [["x"]] });
    const service = createOfficeService(() => port);

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
    await expect(service.selectedLeadId()).resolves.toBe(lists.nextLeadId);

    const report = await service.check();
    expect(report.rowsChecked).toBeGreaterThanOrEqual(1);
    for (const p of report.problems) expect(p.kind.en.length).toBeGreaterThan(0);

    // A click on the lead goes to its Lead ID cell.
    await service.selectCell("Leads", 2, "leadId");
    expect(selectedRanges.at(-1)).toEqual({ sheet: "Leads", address: "A2" });

    const progress: RefreshProgress[] = [];
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

  test("without a selection API in the adapter, selection features say they are not available", async () => {
    const { wb } = officeOnFake();
    const service = createOfficeService(() => wb);
    await service.install({ locale: "zh-CN" });
    await expect(service.selectedLeadId()).rejects.toBeInstanceOf(NotAvailableError);
    await expect(service.selectCell("Leads", 2, "leadId")).rejects.toBeInstanceOf(NotAvailableError);
    await expect(service.previewImport({ kind: "selection" }, "Leads")).rejects.toBeInstanceOf(NotAvailableError);
    // Everything else works: the Chinese lists and the first lead ID.
    const lists = await service.readLists();
    expect(lists.lists.industry).toContain("制造业");
    expect(lists.nextLeadId).toMatch(/^线索-\d{8}-001$/);
  }, 60_000);
});
