import { describeError } from "../../src/service/errorMessages";
import { createOfficeService } from "../../src/service/officeService";
import { SelectableOfficeWorkbook } from "../../src/workbook/office/selection";
import { WorkbookError } from "../../src/workbook/port";
import { installFakeExcel } from "../fakes/excel";
import { failure } from "../support/officeFake";
import { VALID_ENTRY_LEAD } from "../support/validLead";

/**
 * Issue 11 item 5. Evidence: "Setting range data when filter is applied doesn't work …
 * rows that should be filtered are shown, rows that should be shown are filtered and data
 * seems to be misplaced" — OfficeDev/office-js#224 (labelled product bug,
 * https://github.com/OfficeDev/office-js/issues/224). The strict fake models rows hidden
 * by a filter (reported by Range.getVisibleView().rowCount, ExcelApi 1.3) and fails any
 * write into them. The adapter compares visible and total rows before writing and
 * refuses with a message: the seller's filter is their working view, so LeadFlow does
 * not clear it behind their back.
 */

async function filteredLeads() {
  const host = installFakeExcel({ excelApi: "1.8" });
  host.state.addSheet("Sheet1");
  const wb = new SelectableOfficeWorkbook({ run: host.run, requirements: host.requirements });
  const service = createOfficeService(() => wb);
  await service.install({ locale: "en-US" });
  await service.addSample(30);
  const team = (await service.readLists()).lists.team ?? [];
  const lead = { ...VALID_ENTRY_LEAD, owner: team[0] ?? VALID_ENTRY_LEAD.owner };
  const leads = host.state.table("Leads")!;
  const sheet = host.state.sheetById(leads.sheetId);
  // Filtered by owner: every other lead row hidden.
  for (let r = leads.rect.r0 + 2; r <= leads.rect.r1; r += 2) sheet.filteredRows.add(r);
  return { host, wb, service, sheet, leads, lead };
}

describe("writing into a filtered table", () => {
  test("the fake fails a blind write into filtered rows", async () => {
    const { host, leads } = await filteredLeads();
    const e = await failure(
      host.run(async (ctx) => {
        const t = ctx.workbook.tables.getItem("Leads");
        const body = t.getDataBodyRange().getColumn(0);
        body.values = Array.from({ length: leads.rect.r1 - leads.rect.r0 }, (_, i) => [`X${i}`]);
        await ctx.sync();
      }),
    );
    expect(String(e)).toMatch(/hidden by a filter.*office-js#224/);
  });

  test("a new lead or a write to Leads is refused with a message in both languages; nothing changes", async () => {
    const { host, wb, service, sheet, lead } = await filteredLeads();
    const before = host.state.snapshotCells();
    const attempts = [
      () => service.newLead(lead),
      () =>
        wb.apply([
          { op: "writeTableColumn", table: "Leads", column: "Notes", rowIndexes: [0, 1, 2], cells: ["a", "b", "c"] },
        ]),
    ];
    for (const attempt of attempts) {
      const e = (await failure(attempt())) as WorkbookError;
      expect(e).toBeInstanceOf(WorkbookError);
      expect(e.code).toBe("filtered");
      expect(e.message).toContain('Table "Leads"');
      expect(e.message).toContain("Clear the filter");
      expect(e.message).toContain("请先清除筛选");
      expect(describeError(e, "en-US").message).toMatch(/filtered/);
      expect(describeError(e, "zh-CN").message).toMatch(/筛选/);
    }
    expect(host.state.snapshotCells()).toEqual(before);
    // Filter cleared: the same entry goes through.
    sheet.filteredRows.clear();
    expect((await service.newLead(lead)).ok).toBe(true);
  });
});
