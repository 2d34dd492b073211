/**
 * Opening a workbook file for a writing command on the package engine: the
 * bytes come from readWorkbookBytes and go back through writeWorkbookBytes
 * (with the stamp of what was read). Whatever the engine can edit safely is
 * opened, charts, pivot tables, images, comments, slicers, macros and
 * external links included: they are copied byte for byte. Only what cannot be
 * edited safely is refused, with what and why: an encrypted workbook, an old
 * .xls, a damaged package, Strict Open XML.
 */
import { basename } from "node:path";
import { WorkbookError } from "../../port";
import { hasWorkbookExtension, readWorkbookBytes, writeWorkbookBytes, type FileStamp } from "../file";
import { FastXlsxPort } from "./fastPort";
import { UnsupportedPackage } from "./zip";

const bilingual = (en: string, zh: string) => `${en} / ${zh}`;

const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

function isOle(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && OLE.every((b, i) => bytes[i] === b);
}

/** An OLE compound file holding "EncryptionInfo" (UTF-16 directory name) is an encrypted OOXML package. */
function isEncryptedOle(bytes: Uint8Array): boolean {
  const name = Buffer.from("EncryptionInfo", "utf16le");
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf(name) >= 0;
}

/** Open package bytes for editing, or a WorkbookError naming why it cannot be edited safely. */
export function openPackage(bytes: Uint8Array, label: string): FastXlsxPort {
  if (isOle(bytes)) {
    if (isEncryptedOle(bytes))
      throw new WorkbookError(
        "not-xlsx",
        bilingual(
          `${label} is encrypted (it has an open password); LeadFlow cannot read it — save a copy without the password`,
          `${label} 已加密（设置了打开密码），LeadFlow 无法读取——请另存一份不带密码的副本`,
        ),
      );
    throw new WorkbookError(
      "not-xlsx",
      bilingual(
        `${label} is an old Excel 97-2003 (.xls) workbook; save it as .xlsx first`,
        `${label} 是旧版 Excel 97-2003（.xls）工作簿，请先另存为 .xlsx`,
      ),
    );
  }
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b)
    throw new WorkbookError("not-xlsx", bilingual(`${label} is not an .xlsx workbook`, `${label} 不是 .xlsx 工作簿`));
  try {
    const port = new FastXlsxPort(bytes, { trackWrites: false });
    if (port.isStrict())
      throw new WorkbookError(
        "not-xlsx",
        bilingual(
          `${label} is saved as "Strict Open XML", which LeadFlow cannot edit safely; save it as a normal Excel Workbook (.xlsx)`,
          `${label} 以“Strict Open XML”格式保存，LeadFlow 无法安全编辑；请另存为普通的 Excel 工作簿（.xlsx）`,
        ),
      );
    return port;
  } catch (err) {
    if (err instanceof WorkbookError) throw err;
    const why = err instanceof Error ? err.message : String(err);
    throw new WorkbookError(
      "unreadable",
      bilingual(
        `${label} is damaged or incomplete and cannot be edited safely (${why}); nothing was changed`,
        `${label} 已损坏或不完整，无法安全编辑（${why}）；文件未做任何修改`,
      ),
      why,
    );
  }
}

export interface OpenedPackage {
  port: FastXlsxPort;
  /** Undefined when the file did not exist (a new workbook). */
  stamp?: FileStamp;
  existed: boolean;
}

/** Open a workbook file for a writing command; with `create`, a missing file gives a new empty workbook. */
export async function openForWrite(path: string, options: { create?: boolean } = {}): Promise<OpenedPackage> {
  const label = basename(path);
  if (!hasWorkbookExtension(path))
    throw new WorkbookError("not-xlsx", bilingual(`${label} is not an .xlsx workbook`, `${label} 不是 .xlsx 工作簿`));
  let read: { bytes: Uint8Array; stamp: FileStamp };
  try {
    read = await readWorkbookBytes(path);
  } catch (err) {
    if (options.create && err instanceof WorkbookError && err.code === "not-found")
      return { port: FastXlsxPort.create(), existed: false };
    throw err;
  }
  return { port: openPackage(read.bytes, label), stamp: read.stamp, existed: true };
}

/** Save the edited package atomically (nothing is written when building it fails). */
export async function saveOpened(path: string, opened: OpenedPackage): Promise<void> {
  let bytes: Uint8Array;
  try {
    bytes = opened.port.save();
  } catch (err) {
    if (!(err instanceof UnsupportedPackage)) throw err;
    const label = basename(path);
    throw new WorkbookError(
      "unreadable",
      bilingual(
        `${label} holds something LeadFlow cannot edit safely (${err.message}); nothing was changed`,
        `${label} 含有 LeadFlow 无法安全编辑的内容（${err.message}）；文件未做任何修改`,
      ),
      err.message,
    );
  }
  await writeWorkbookBytes(path, bytes, opened.stamp);
}
