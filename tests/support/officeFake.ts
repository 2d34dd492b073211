import { OfficeWorkbook, type OfficeWorkbookOptions } from "../../src/workbook/office/officeWorkbook";
import { type FakeExcelHost, type FakeHostOptions, installFakeExcel } from "../fakes/excel";

/** A fake Excel host with the Office globals installed, and the adapter wired to it. */
export function officeOnFake(
  host: FakeHostOptions = {},
  adapter: Omit<OfficeWorkbookOptions, "run" | "requirements"> = {},
): { host: FakeExcelHost; wb: OfficeWorkbook } {
  const h = installFakeExcel(host);
  if (!h.state.sheets.length) h.state.addSheet("Sheet1");
  return { host: h, wb: new OfficeWorkbook({ run: h.run, requirements: h.requirements, ...adapter }) };
}

/** Runs a promise expected to fail and returns the error. */
export async function failure(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error("expected a failure");
}
