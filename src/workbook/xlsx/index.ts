/** The file adapter (Node only; never bundled into the task pane). */
export { XlsxWorkbook, dateToSerial } from "./workbook";
export type { XlsxOpenOptions } from "./workbook";
export { openWorkbookFile, saveWorkbookFile, fileError, hasWorkbookExtension } from "./file";
export type { OpenedWorkbook } from "./file";
export type { ValidationInfo } from "./validations";
export type { ForeignContent } from "./package";
