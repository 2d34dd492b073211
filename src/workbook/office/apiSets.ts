/**
 * Requirement sets of the Office adapter.
 *
 * The add-in declares ExcelApi 1.8 (Excel 2021+, Microsoft 365, web, Mac):
 * data validation and `runtime.enableEvents` need it. Every member newer than
 * that is listed here and used only behind `isSetSupported` (see
 * `Capabilities`); the API-set audit test fails on any newer member that is
 * not in this list or not behind a guard. Each Excel call in this folder is
 * tagged `// ExcelApi x.y` like the office-js snippets.
 */
export const DECLARED_EXCEL_API = "1.8";

/** Members above the declared set that the adapter uses, each with the set that brings it. */
export const GATED_MEMBERS: Readonly<Record<string, string>> = {
  "Excel.ChartType.funnel": "1.9",
  "Excel.Application.suspendScreenUpdatingUntilNextSync": "1.9",
  "Excel.Range.group": "1.10",
  "Excel.GroupOption": "1.10",
  "Excel.GroupOption.byColumns": "1.10",
};

export interface RequirementsLike {
  isSetSupported(name: string, minVersion?: string): boolean;
}

/** What the running host can do beyond ExcelApi 1.8, detected once per operation. */
export interface Capabilities {
  /**
   * ExcelApi 1.8, the declared set: checked at run time all the same for the PivotTable
   * (`PivotTableCollection.add`), so a host that loads the add-in without it gets a notice.
   */
  excelApi1_8: boolean;
  /** ExcelApi 1.9: funnel chart type, suspendScreenUpdatingUntilNextSync. */
  excelApi1_9: boolean;
  /** ExcelApi 1.10: Range.group (outline column groups). */
  excelApi1_10: boolean;
}

export function detectCapabilities(requirements: RequirementsLike | undefined): Capabilities {
  const has = (v: string): boolean => {
    try {
      return Boolean(requirements?.isSetSupported("ExcelApi", v));
    } catch {
      return false;
    }
  };
  return { excelApi1_8: has("1.8"), excelApi1_9: has("1.9"), excelApi1_10: has("1.10") };
}

/** `Office.context.requirements` when running inside Office, else undefined (tests pass their own). */
export function officeRequirements(): RequirementsLike | undefined {
  const office = (globalThis as { Office?: { context?: { requirements?: RequirementsLike } } }).Office;
  return office?.context?.requirements;
}
