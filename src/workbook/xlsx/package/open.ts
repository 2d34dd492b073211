/**
 * The one way every command opens a workbook file: `init`, `import` (its
 * target and its .xlsx sources), `refresh` and `check` all read the bytes with
 * readWorkbookBytes, open them here on the package engine (FastXlsxPort over
 * XlsxPackage, cells scanned by scanSheet) and, when they write, save through
 * saveOpened → writeWorkbookBytes (atomic, with the stamp of what was read).
 *
 * Whatever the engine can edit safely is opened, charts, pivot tables,
 * images, comments, slicers, macros and external links included: they are
 * copied byte for byte. Only what cannot be edited safely is refused, by one
 * function (refuseUnreadable / openPackage) with the same words whichever
 * command opens the file: an encrypted workbook, an old .xls, a damaged
 * package, Strict Open XML. Whatever the engine raises later while a command
 * works goes through one mapping (engineError) to a WorkbookError in both
 * languages (exit 2, file untouched).
 */
import { basename } from "node:path";
import { isBlankCell } from "../../../domain/parse/text";
import { WorkbookError } from "../../port";
import { hasWorkbookExtension, notXlsxByName, readWorkbookBytes, writeWorkbookBytes, type FileStamp } from "../file";
import { FastXlsxPort } from "./fastPort";
import { XlsxPackage } from "./package";
import { scanSheet } from "./xml";
import { columnLetters1 } from "../../../domain/a1";
import { UnsupportedPackage } from "./zip";

const bilingual = (en: string, zh: string) => `${en} / ${zh}`;

// ------------------------------------------------------------------ refusals

const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

function isOle(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && OLE.every((b, i) => bytes[i] === b);
}

/** An OLE compound file holding "EncryptionInfo" (UTF-16 directory name) is an encrypted OOXML package. */
function isEncryptedOle(bytes: Uint8Array): boolean {
  const name = Buffer.from("EncryptionInfo", "utf16le");
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf(name) >= 0;
}

function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b;
}

function notXlsx(label: string): WorkbookError {
  return new WorkbookError("not-xlsx", bilingual(`${label} is not an .xlsx workbook`, `${label} 不是 .xlsx 工作簿`));
}

function damaged(label: string, detail: string): WorkbookError {
  return new WorkbookError(
    "unreadable",
    bilingual(
      `${label} is damaged or incomplete and cannot be edited safely (${detail}); nothing was changed`,
      `${label} 已损坏或不完整，无法安全编辑（${detail}）；文件未做任何修改`,
    ),
    detail,
  );
}

/** Refuse bytes that are not an .xlsx package at all: an encrypted workbook, an old .xls, anything else. */
function refuseNotPackage(bytes: Uint8Array, label: string): void {
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
  if (!isZip(bytes)) throw notXlsx(label);
}

/**
 * Open package bytes on the engine, or a WorkbookError naming why they cannot
 * be edited safely. Every command opens through here; the port keeps no list
 * of written cells (at 50,000 leads it alone would hold millions of strings).
 */
export function openPackage(bytes: Uint8Array, label: string): FastXlsxPort {
  refuseNotPackage(bytes, label);
  let port: FastXlsxPort;
  try {
    port = new FastXlsxPort(bytes);
  } catch (err) {
    if (err instanceof UnsupportedPackage && /no xl\/workbook\.xml/.test(err.message)) throw notXlsx(label);
    if (err instanceof WorkbookError) throw err;
    throw damaged(label, err instanceof Error ? err.message : String(err));
  }
  if (port.isStrict())
    throw new WorkbookError(
      "not-xlsx",
      bilingual(
        `${label} is saved as "Strict Open XML", which LeadFlow cannot edit safely; save it as a normal Excel Workbook (.xlsx)`,
        `${label} 以“Strict Open XML”格式保存，LeadFlow 无法安全编辑；请另存为普通的 Excel 工作簿（.xlsx）`,
      ),
    );
  return port;
}

// ------------------------------------------------- errors while a command works

/** Refusals for what the engine will not edit, by the UnsupportedPackage message; the rest get a generic line. */
const CANNOT_EDIT: { test: RegExp; en: (d: string) => string; zh: (d: string) => string }[] = [
  {
    test: /^append to a table with a totals row/,
    en: () =>
      "a LeadFlow table has a totals row, and rows cannot be added above it safely yet; turn the totals row off (Table Design → Total Row) and run again",
    zh: () => "LeadFlow 表格带有汇总行，目前无法在其上方安全地添加行；请关闭汇总行（表设计 → 汇总行）后重试",
  },
  {
    test: /^shared or array formula at (\S+)/,
    en: (d) =>
      `cell ${/at (\S+)/.exec(d)?.[1] ?? ""} of a LeadFlow column holds a shared or array formula written by another program, which cannot be replaced safely; open the workbook in Excel, save it, and run again`,
    zh: (d) =>
      `LeadFlow 列中的单元格 ${/at (\S+)/.exec(d)?.[1] ?? ""} 含有其他程序写入的共享公式或数组公式，无法安全替换；请在 Excel 中打开并保存工作簿后重试`,
  },
  {
    test: /^wide <col> range/,
    en: () =>
      "a review sheet has a column format spanning hundreds of columns, which cannot be rewritten safely; clear that column formatting and run again",
    zh: () => "某个回顾工作表的列格式跨越数百列，无法安全改写；请清除该列格式后重试",
  },
  {
    test: /^column (.+) of (.+)$/,
    en: (d) => {
      const m = /^column (.+) of (.+)$/.exec(d)!;
      return `the table ${m[2]} has no column "${m[1]}"; restore the column (or run leadflow init to repair the tables) and run again`;
    },
    zh: (d) => {
      const m = /^column (.+) of (.+)$/.exec(d)!;
      return `表格 ${m[2]} 缺少列“${m[1]}”；请恢复该列（或运行 leadflow init 修复表格）后重试`;
    },
  },
  {
    test: /^table (.+) (moved to another sheet|would overlap .+)$/,
    en: (d) => `a review table cannot be rebuilt where it is (${d}); move the other table away and run again`,
    zh: (d) => `无法在原位置重建回顾表格（${d}）；请移开另一个表格后重试`,
  },
];

/** What the engine raises when a part it reads on demand (a sheet, shared strings, a table) is damaged. */
const DAMAGE =
  /archive|central directory|local header|size mismatch|compression method|zip64 entry|missing part|no sheets|sheet without relationship|sheet without sheetData|styles without|empty cellXfs/;

/**
 * Turn what the engine raises while a command works into the error it
 * reports: damage and unsupported shapes become a WorkbookError in both
 * languages; WorkbookErrors and anything else pass through unchanged.
 */
export function engineError(err: unknown, label: string): unknown {
  if (!(err instanceof UnsupportedPackage)) return err;
  const detail = err.message;
  if (DAMAGE.test(detail)) return damaged(label, detail);
  const known = CANNOT_EDIT.find((k) => k.test.test(detail));
  return new WorkbookError(
    "would-lose-content",
    known
      ? bilingual(
          `${label}: ${known.en(detail)}; nothing was changed`,
          `${label}：${known.zh(detail)}；文件未做任何修改`,
        )
      : bilingual(
          `${label} cannot be edited safely (${detail}); nothing was changed`,
          `无法安全地修改 ${label}（${detail}）；文件未做任何修改`,
        ),
    detail,
  );
}

/** Run `fn`, reporting engine refusals as WorkbookErrors (see engineError). */
export async function withEngineErrors<T>(label: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw engineError(err, label);
  }
}

// ------------------------------------------------------------------ files

/** A workbook file opened on the engine: the port every command uses, and what a save needs. */
export interface OpenedPackage {
  port: FastXlsxPort;
  /** The file's name, as messages say it. */
  label: string;
  /** Undefined when the file did not exist (a new workbook). */
  stamp?: FileStamp;
  existed: boolean;
  /** The package's bytes as read (empty for a new workbook). */
  bytes: Uint8Array;
}

/**
 * Open a workbook file, for reading or writing; with `create`, a missing file
 * gives a new empty workbook.
 */
export async function openWorkbook(path: string, options: { create?: boolean } = {}): Promise<OpenedPackage> {
  const label = basename(path);
  if (!hasWorkbookExtension(path)) throw notXlsxByName(path);
  let read: { bytes: Uint8Array; stamp: FileStamp };
  try {
    read = await readWorkbookBytes(path);
  } catch (err) {
    if (options.create && err instanceof WorkbookError && err.code === "not-found")
      return { port: FastXlsxPort.create(), label, existed: false, bytes: new Uint8Array(0) };
    throw err;
  }
  return { port: openPackage(read.bytes, label), label, stamp: read.stamp, existed: true, bytes: read.bytes };
}

/** Save the edited package atomically (nothing is written when building it fails). */
export async function saveOpened(path: string, opened: OpenedPackage): Promise<void> {
  const bytes = await withEngineErrors(opened.label, async () => opened.port.save());
  await writeWorkbookBytes(path, bytes, opened.stamp);
}

/**
 * The used range of a sheet in package bytes: the smallest block holding
 * every non-blank cell value, or null when the sheet holds none. Formatted
 * empty cells (a style at row 1,048,576) do not count: a source is read by
 * its cells, not its nominal range. (For .xlsx import sources; the package
 * index is read on the first call.)
 */
export function usedRanges(bytes: Uint8Array): (sheet: string) => string | null {
  let pkg: XlsxPackage | undefined;
  return (sheet) => {
    pkg ??= new XlsxPackage(bytes);
    const part = pkg.sheets().find((s) => s.name === sheet);
    if (!part || !pkg.has(part.path)) return null;
    const xml = pkg.sheetXml(part.path);
    if (!/<worksheet\b/.test(xml.slice(0, 4096))) return null; // a chart sheet or dialog sheet has no cells
    let r1 = Infinity;
    let r2 = 0;
    let c1 = Infinity;
    let c2 = 0;
    scanSheet(xml, 1, Number.MAX_SAFE_INTEGER, pkg.sharedStrings(), (row, cell) => {
      if (isBlankCell(cell.value)) return;
      if (row < r1) r1 = row;
      if (row > r2) r2 = row;
      if (cell.col < c1) c1 = cell.col;
      if (cell.col > c2) c2 = cell.col;
    });
    pkg.forgetSheet(part.path);
    return r2 === 0 ? null : `${columnLetters1(c1)}${r1}:${columnLetters1(c2)}${r2}`;
  };
}
