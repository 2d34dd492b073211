/** The file adapter (Node only; never bundled into the task pane). */
export { XlsxWorkbook, dateToSerial } from "./workbook";
export type { XlsxOpenOptions } from "./workbook";
export {
  openWorkbookFile,
  saveWorkbookFile,
  fileError,
  hasWorkbookExtension,
  readWorkbookBytes,
  writeWorkbookBytes,
  withWorkbookLock,
} from "./file";
export type { OpenedWorkbook, FileStamp } from "./file";
export type { ValidationInfo } from "./validations";
export type { ForeignContent } from "./package";
