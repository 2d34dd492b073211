import { FakeExcelHost, type FakeHostOptions } from "./host";
import "./objects";

export * from "./a1";
export * from "./host";
export * from "./objects";
export * from "./state";

/**
 * The subset of the `Excel` enums the adapter uses, with the string values
 * Office.js gives them. Typed against @types/office-js so a misspelled member
 * or value fails type-checking.
 */
export const EXCEL_ENUMS = {
  ChartType: {
    funnel: "Funnel",
    barClustered: "BarClustered",
    columnClustered: "ColumnClustered",
    line: "Line",
    lineMarkers: "LineMarkers",
  },
  ChartSeriesBy: { columns: "Columns", rows: "Rows", auto: "Auto" },
  ChartAxisGroup: { primary: "Primary", secondary: "Secondary" },
  ConditionalFormatType: { custom: "Custom" },
  GroupOption: { byColumns: "ByColumns", byRows: "ByRows" },
  CalculationType: { recalculate: "Recalculate", full: "Full", fullRebuild: "FullRebuild" },
  SheetVisibility: { visible: "Visible", hidden: "Hidden", veryHidden: "VeryHidden" },
  AggregationFunction: { count: "Count", sum: "Sum", countNumbers: "CountNumbers", automatic: "Automatic" },
} as const satisfies {
  ChartType: Partial<Record<keyof typeof Excel.ChartType, `${Excel.ChartType}`>>;
  ChartSeriesBy: Partial<Record<keyof typeof Excel.ChartSeriesBy, `${Excel.ChartSeriesBy}`>>;
  ChartAxisGroup: Partial<Record<keyof typeof Excel.ChartAxisGroup, `${Excel.ChartAxisGroup}`>>;
  ConditionalFormatType: Partial<Record<keyof typeof Excel.ConditionalFormatType, `${Excel.ConditionalFormatType}`>>;
  GroupOption: Partial<Record<keyof typeof Excel.GroupOption, `${Excel.GroupOption}`>>;
  CalculationType: Partial<Record<keyof typeof Excel.CalculationType, `${Excel.CalculationType}`>>;
  SheetVisibility: Partial<Record<keyof typeof Excel.SheetVisibility, `${Excel.SheetVisibility}`>>;
  AggregationFunction: Partial<Record<keyof typeof Excel.AggregationFunction, `${Excel.AggregationFunction}`>>;
};

/** Makes a fake host and installs `global.Excel` (enums + run) and `global.Office` (requirements) pointing at it. */
export function installFakeExcel(opts: FakeHostOptions = {}): FakeExcelHost {
  const host = new FakeExcelHost(opts);
  const g = globalThis as unknown as { Excel: unknown; Office: unknown };
  g.Excel = { ...EXCEL_ENUMS, run: host.run };
  g.Office = { context: { requirements: host.requirements } };
  return host;
}

export function uninstallFakeExcel(): void {
  const g = globalThis as unknown as { Excel?: unknown; Office?: unknown };
  delete g.Excel;
  delete g.Office;
}
