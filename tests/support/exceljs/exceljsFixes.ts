/**
 * A fix to exceljs's reader, applied once when the xlsx adapter loads.
 *
 * exceljs turns the cached result of a formula in a date-formatted cell into
 * a Date even when the result is not a number: an error value
 * (`{ error: "#N/A" }`) or text becomes an Invalid Date (NaN), so the
 * error's text is lost and Check showed “” for it
 * (https://github.com/exceljs/exceljs/issues/2966). The fix proposed
 * upstream (https://github.com/exceljs/exceljs/pull/2956, adopted by the
 * protobi fork) makes `excelToDate` return a non-numeric value unchanged;
 * this applies that same one-line change.
 */
interface ExceljsUtils {
  excelToDate: (v: unknown, date1904?: boolean) => unknown;
  __leadflowFixed?: true;
}

export function fixExceljsDates(): void {
  let utils: ExceljsUtils;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    utils = require("exceljs/lib/utils/utils") as ExceljsUtils;
  } catch {
    return; // a bundled exceljs (browser build) has no separate module to fix
  }
  if (!utils || typeof utils.excelToDate !== "function" || utils.__leadflowFixed) return;
  const original = utils.excelToDate;
  utils.excelToDate = (v, date1904) => (typeof v === "number" && Number.isFinite(v) ? original(v, date1904) : v);
  utils.__leadflowFixed = true;
}
