/**
 * The exceljs-based workbook of the tests: an independent reader and builder
 * (issue 12 keeps exceljs only here, never in the product). Tests use it to
 * build input workbooks and to read back what the package engine wrote.
 */
export { XlsxWorkbook, dateToSerial } from "./workbook";
export type { XlsxOpenOptions } from "./workbook";
export { openWorkbookFile, saveWorkbookFile } from "./file";
export type { OpenedWorkbook } from "./file";
export type { ValidationInfo } from "./validations";
export type { ForeignContent } from "./packageParts";
