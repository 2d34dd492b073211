/** The file adapter (Node only; never bundled into the task pane). */
export { fileError, hasWorkbookExtension, readWorkbookBytes, writeWorkbookBytes, withWorkbookLock } from "./file";
export type { FileStamp } from "./file";
