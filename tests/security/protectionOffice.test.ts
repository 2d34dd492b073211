/**
 * Protection in Excel (issue 7, item 2), on the Office.js adapter over the
 * strict fake of the Excel object model, which refuses a write to a locked
 * cell of a protected sheet the way Excel does. Install with the protect
 * step; then Refresh and the quick-entry forms must work through
 * `withProtectionLifted` and leave the sheets protected.
 */
import { SHEET_NAMES } from "../../src/domain/fields/definitions";
import { install } from "../../src/operations/install";
import { protect, withProtectionLifted } from "../../src/operations/protect";
import { addLead, logFollowUp } from "../../src/operations/quickEntry";
import { refresh } from "../../src/operations/refresh";
import { WorkbookError } from "../../src/workbook/port";
import { failure, officeOnFake } from "../support/officeFake";

const NOW = new Date(2024, 5, 3, 10);
const JOB = { period: { kind: "all" as const }, now: NOW };
const LEADS = SHEET_NAMES.leads.en;
const SETTINGS = SHEET_NAMES.settings.en;

const LEAD_FORM = {
  customer: "Acme Trading Co",
  contact: "Li",
  phone: "13800001234",
  industry: "Manufacturing",
  companySize: "Revenue under 100M",
  needType: "Product purchase",
  needDesc: "Needs a quote",
  budget: "Not stated",
  urgency: "Over 3 months",
  decisionAccess: "Executor only",
  source: "Website sign-up",
  status: "To follow up",
  stage: "Initial contact",
  owner: "Wang",
};

/**
 * An installed workbook with two leads typed before protection was switched
 * on: Refresh then has owned cells to write on protected sheets (their
 * Conversion rows, last follow-up).
 */
async function protectedOffice(password?: string) {
  const { host, wb } = officeOnFake();
  await install(wb, { locale: "en-US", now: NOW });
  for (const customer of ["Acme Trading Co", "Beta Industrial Ltd"]) {
    const r = await addLead(wb, { ...LEAD_FORM, customer }, { now: NOW, acceptWarnings: true });
    if (!r.ok) throw new Error(JSON.stringify(r.messages));
  }
  await protect(wb, password ? { password } : {});
  return { host, wb };
}

async function protectedSheets(wb: Awaited<ReturnType<typeof protectedOffice>>["wb"]): Promise<string[]> {
  return (await wb.readState()).sheets.filter((s) => s.protected).map((s) => s.name);
}

describe("LeadFlow protection on the Office adapter (strict fake)", () => {
  test("install's protect step protects the input sheets and Settings", async () => {
    const { wb } = officeOnFake();
    await install(wb, { locale: "en-US", now: NOW, protect: true });
    expect(await protectedSheets(wb)).toEqual(
      expect.arrayContaining([LEADS, SETTINGS, SHEET_NAMES.followUps.en, SHEET_NAMES.conversion.en]),
    );
  });

  test("Refresh straight onto the protected sheets is refused with a clear error; through the wrapper it completes and they end protected", async () => {
    const { wb } = await protectedOffice();
    const err = await failure(refresh(wb, JOB));
    expect(err).toBeInstanceOf(WorkbookError);
    expect((err as WorkbookError).code).toBe("protected");
    const before = await protectedSheets(wb);
    const result = await refresh(withProtectionLifted(wb), JOB);
    expect(result.report.ownedCellsWritten + result.report.conversionRowsAdded).toBeGreaterThan(0);
    expect((await protectedSheets(wb)).sort()).toEqual(before.sort());
  });

  test("quick entry (new lead, then a follow-up) through the wrapper: rows added, sheets protected again", async () => {
    const { wb } = await protectedOffice();
    const lifted = withProtectionLifted(wb);
    const rowsBefore = (await wb.readState()).tables.find((t) => t.name === "Leads")!.rowCount;
    const added = await addLead(lifted, LEAD_FORM, { now: NOW, acceptWarnings: true });
    expect(added).toMatchObject({ ok: true });
    expect((await wb.readState()).tables.find((t) => t.name === "Leads")!.rowCount).toBe(rowsBefore + 1);
    if (!added.ok) return;
    const logged = await logFollowUp(
      lifted,
      {
        leadId: added.leadId,
        at: "2024-06-03 09:00",
        method: "Phone",
        counterpart: "Li",
        summary: "Called",
        intent: "Medium",
        stage: "Initial contact",
        nextStep: "Send quote",
        dueDate: "2024-06-05",
        by: "Wang",
      },
      { now: NOW, acceptWarnings: true },
    );
    expect(logged.ok ? "ok" : JSON.stringify(logged.messages)).toBe("ok");
    expect(await protectedSheets(wb)).toEqual(expect.arrayContaining([LEADS, SHEET_NAMES.followUps.en]));
  });

  test("a password protection: the wrapper with the password works, without it a bilingual refusal and nothing written", async () => {
    const { host, wb } = await protectedOffice("team-pw");
    const err = await failure(refresh(withProtectionLifted(wb), JOB));
    expect((err as WorkbookError).code).toBe("protected");
    expect((err as Error).message).toMatch(/密码/);
    expect((await wb.readState()).tables.find((t) => t.name === "Conversion")!.rowCount).toBeLessThanOrEqual(1);
    const result = await refresh(withProtectionLifted(wb, { password: "team-pw" }), JOB);
    expect(result.report.conversionRowsAdded).toBe(2);
    expect(host.state.sheet(LEADS)?.protection.on).toBe(true);
  });
});
