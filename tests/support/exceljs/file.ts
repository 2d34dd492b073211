/**
 * Opening and saving a workbook file through the exceljs reader/builder of the
 * tests (an independent implementation to check the package engine against).
 * The file handling itself (errors, atomic save) is the product's.
 */
import { readFile, stat } from "node:fs/promises";
import { basename } from "node:path";
import { fileError, hasWorkbookExtension, notXlsxByName, writeWorkbookBytes } from "../../../src/workbook/xlsx/file";
import { XlsxWorkbook } from "./workbook";

function errCode(err: unknown): string {
  return typeof err === "object" && err !== null && "code" in err ? String((err as { code: unknown }).code) : "";
}

export interface OpenedWorkbook {
  workbook: XlsxWorkbook;
  /** False when the file did not exist and a new workbook was started. */
  existed: boolean;
}

/**
 * Open a workbook file. With `create`, a missing file gives a new empty
 * workbook (saved only by `saveWorkbookFile`).
 */
export async function openWorkbookFile(path: string, options: { create?: boolean } = {}): Promise<OpenedWorkbook> {
  const name = basename(path);
  let bytes: Uint8Array;
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw Object.assign(new Error("is a directory"), { code: "EISDIR" });
    if (!hasWorkbookExtension(path)) throw notXlsxByName(path);
    bytes = await readFile(path);
  } catch (err) {
    if (errCode(err) === "ENOENT" && options.create) {
      if (!hasWorkbookExtension(path, false)) throw notXlsxByName(path);
      return { workbook: XlsxWorkbook.create(name), existed: false };
    }
    throw fileError(err, path, false);
  }
  return { workbook: await XlsxWorkbook.fromBytes(bytes, { label: name }), existed: true };
}

/** Save atomically: temp file in the same folder, fsync, rename over the target. */
export async function saveWorkbookFile(workbook: XlsxWorkbook, path: string): Promise<void> {
  // Build the whole file in memory first: a refusal or a bug leaves the disk untouched.
  await writeWorkbookBytes(path, await workbook.toBytes());
}
