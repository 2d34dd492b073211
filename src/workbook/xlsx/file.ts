/**
 * Reading and saving workbook files. A save is atomic: the new workbook is
 * written to a temporary file in the same folder, flushed, then renamed over
 * the original, so a crash or a full disk never leaves a half-written
 * workbook, and on any error the original stays as it was.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { createHash, randomBytes } from "node:crypto";
import { closeSync, constants as fsConstants, openSync, readFileSync, statSync, unlinkSync, writeSync } from "node:fs";
import {
  access,
  lstat,
  open,
  readdir,
  readFile,
  readlink,
  realpath,
  rename,
  stat,
  unlink,
  type FileHandle,
} from "node:fs/promises";
import { hostname } from "node:os";
import { basename, dirname, extname, join, resolve } from "node:path";
import { WorkbookError } from "../port";

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

/** Where a save must go: a symlinked workbook is written through the link to its target. */
async function targetOf(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch {
    // A missing file, or a link to a file not created yet: follow the link by hand.
    const link = await lstat(path).catch(() => undefined);
    if (link?.isSymbolicLink()) return resolve(dirname(path), await readlink(path));
    return path;
  }
}

/** A file nobody may write: no write bit at all (0444), or the system refuses write access. */
async function isReadOnly(path: string, mode: number): Promise<boolean> {
  if ((mode & 0o222) === 0) return true;
  return access(path, fsConstants.W_OK).then(
    () => false,
    (err: unknown) => errCode(err) === "EACCES" || errCode(err) === "EROFS" || errCode(err) === "EPERM",
  );
}

function readOnlyError(path: string): WorkbookError {
  const name = basename(path);
  return new WorkbookError(
    "locked",
    bilingual(
      `${name} is read-only: LeadFlow leaves read-only files as they are; make it writable to update it`,
      `${name} 是只读文件：LeadFlow 不修改只读文件，如需更新请先取消只读`,
    ),
  );
}

/** The folder a workbook is in refuses new files (permissions, read-only disk). */
function folderError(err: unknown, path: string): WorkbookError {
  const name = basename(path);
  const folder = dirname(path);
  return new WorkbookError(
    "locked",
    bilingual(
      `${name} could not be saved: the folder ${folder} is not writable (no permission to create files there)`,
      `无法保存 ${name}：文件夹 ${folder} 不可写（没有在其中创建文件的权限）`,
    ),
    err instanceof Error ? err.message : String(err),
  );
}

const FOLDER_REFUSALS = new Set(["EACCES", "EPERM", "EROFS"]);

function changedError(path: string): WorkbookError {
  const name = basename(path);
  return new WorkbookError(
    "locked",
    bilingual(
      `${name} was changed by someone else while LeadFlow was working on it; nothing was saved, run the command again`,
      `${name} 在 LeadFlow 处理期间被其他人或程序修改，未保存任何内容，请重新运行命令`,
    ),
  );
}

/** The stamp of a file now (null when it is gone). */
async function currentStamp(path: string): Promise<FileStamp | null> {
  try {
    const info = await stat(path);
    const bytes = await readFile(path);
    return stampOf(bytes, info.size, info.mtimeMs);
  } catch (err) {
    if (errCode(err) === "ENOENT") return null;
    throw err;
  }
}

/**
 * True when the file is no longer what was read: another size, or other
 * bytes (a new mtime over the same bytes — a `touch` — is no change).
 */
async function changedSince(path: string, expected: FileStamp | null): Promise<boolean> {
  const info = await stat(path).catch(() => null);
  if (!info) return expected !== null;
  if (expected === null || info.size !== expected.size) return true;
  const now = await currentStamp(path);
  return now === null || now.hash !== expected.hash;
}

// ------------------------------------------------------------ temp files

/** `.name.pid.hex.tmp` — the temp file of a save of `name`. */
function tempName(target: string): string {
  return `.${basename(target)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
}

/** A temp file older than this is stale whatever its process. */
const STALE_TEMP_MS = 60 * 60 * 1000;

function processAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return errCode(err) === "EPERM"; // alive, owned by another user
  }
}

/**
 * Remove the temp files an interrupted save of this workbook left behind
 * (killed between writing the temp file and renaming it): only stale ones —
 * their process is gone, or they are old — so a save running right now in
 * another process keeps its file.
 */
export async function removeStaleTempFiles(path: string): Promise<string[]> {
  const target = await targetOf(path);
  const folder = dirname(target);
  const prefix = `.${basename(target)}.`;
  const removed: string[] = [];
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    return removed;
  }
  for (const n of names) {
    if (!n.startsWith(prefix) || !n.endsWith(".tmp")) continue;
    const m = /^(\d+)\.[0-9a-f]+\.tmp$/.exec(n.slice(prefix.length));
    if (!m) continue;
    const file = join(folder, n);
    const info = await lstat(file).catch(() => undefined);
    if (!info?.isFile()) continue;
    const pid = Number(m[1]);
    const stale = (pid !== process.pid && !processAlive(pid)) || Date.now() - info.mtimeMs > STALE_TEMP_MS;
    if (
      stale &&
      (await unlink(file).then(
        () => true,
        () => false,
      ))
    )
      removed.push(n);
  }
  return removed;
}

// ------------------------------------------------------------ locks

/**
 * Owner / lock files of office programs that have the workbook open:
 * Excel writes `~$name.xlsx` beside the workbook while it is open (full name
 * for workbooks; Word alone shortens long names), LibreOffice
 * `.~lock.name.xlsx#`. See the lock-file names in cs3org/wopiserver
 * (src/core/wopiutils.py, getMicrosoftOfficeLockName / getLibreOfficeLockName).
 */
export function officeLockFiles(path: string): { file: string; program: "Excel" | "LibreOffice" }[] {
  const folder = dirname(path);
  const name = basename(path);
  return [
    { file: join(folder, `~$${name}`), program: "Excel" },
    { file: join(folder, `.~lock.${name}#`), program: "LibreOffice" },
  ];
}

async function assertNotOpenElsewhere(paths: string[]): Promise<void> {
  for (const p of new Set(paths))
    for (const { file, program } of officeLockFiles(p)) {
      if (
        !(await lstat(file).then(
          () => true,
          () => false,
        ))
      )
        continue;
      const name = basename(p);
      throw new WorkbookError(
        "locked",
        bilingual(
          `${name} is open in ${program} (${basename(file)} is present): close it there first, then run the command again`,
          `${name} 正在 ${program} 中打开（存在 ${basename(file)}）：请先在 ${program} 中关闭，再重新运行命令`,
        ),
      );
    }
}

/** The lock file of a workbook: beside it, hidden. */
export function lockFileOf(target: string): string {
  return join(dirname(target), `.~leadflow.${basename(target)}.lock`);
}

/** A lock older than this is taken over even when its process id is alive (a reused id). */
const STALE_LOCK_MS = 30 * 60 * 1000;

interface LockBody {
  pid: number;
  time: string;
  host: string;
  token: string;
}

function readLock(file: string): { body: LockBody | null; mtimeMs: number } | null {
  try {
    const mtimeMs = statSync(file).mtimeMs;
    try {
      const body = JSON.parse(readFileSync(file, "utf8")) as LockBody;
      return { body: typeof body?.pid === "number" ? body : null, mtimeMs };
    } catch {
      return { body: null, mtimeMs };
    }
  } catch (err) {
    if (errCode(err) === "ENOENT") return null;
    throw err;
  }
}

function isStale(lock: { body: LockBody | null; mtimeMs: number }): boolean {
  const age = Date.now() - lock.mtimeMs;
  if (age > STALE_LOCK_MS) return true;
  // Unreadable content: a writer between create and write, or a crash then; give it a moment.
  if (!lock.body) return age > 10_000;
  if (lock.body.host !== hostname()) return false;
  return !processAlive(lock.body.pid);
}

function takeLock(target: string): LockBody {
  const file = lockFileOf(target);
  const body: LockBody = {
    pid: process.pid,
    time: new Date().toISOString(),
    host: hostname(),
    token: randomBytes(8).toString("hex"),
  };
  for (let attempt = 0; attempt < 3; attempt++) {
    let fd: number;
    try {
      fd = openSync(file, "wx", 0o644);
    } catch (err) {
      if (errCode(err) !== "EEXIST") {
        if (FOLDER_REFUSALS.has(errCode(err))) throw folderError(err, target);
        throw fileError(err, target, true);
      }
      const held = readLock(file);
      if (held === null) continue; // released meanwhile
      if (isStale(held)) {
        try {
          unlinkSync(file);
        } catch {
          /* another process took it over first */
        }
        continue;
      }
      const name = basename(target);
      const who = held.body ? `process ${held.body.pid}, since ${held.body.time}` : "another process";
      const whoZh = held.body ? `进程 ${held.body.pid}，开始于 ${held.body.time}` : "另一个进程";
      throw new WorkbookError(
        "locked",
        bilingual(
          `${name} is being changed by another LeadFlow command (${who}); nothing was done, run the command again when it has finished`,
          `${name} 正被另一个 LeadFlow 命令修改（${whoZh}），本次未做任何更改，请在其完成后重新运行`,
        ),
      );
    }
    try {
      writeSync(fd, JSON.stringify(body));
    } finally {
      closeSync(fd);
    }
    return body;
  }
  throw new WorkbookError(
    "locked",
    bilingual(
      `${basename(target)} is being changed by another LeadFlow command; run the command again`,
      `${basename(target)} 正被另一个 LeadFlow 命令修改，请稍后重新运行`,
    ),
  );
}

function releaseLock(target: string, body: LockBody): void {
  const file = lockFileOf(target);
  const held = readLock(file);
  // Only our own lock: a lock taken over (we were thought dead) belongs to someone else now.
  if (held?.body?.token === body.token) {
    try {
      unlinkSync(file);
    } catch {
      /* already gone */
    }
  }
}

/** What the file was when the lock was taken (null: it did not exist; undefined: unknown), by target path. */
const lockedFiles = new AsyncLocalStorage<Map<string, FileStamp | null | undefined>>();

/**
 * Save bytes atomically (every command's one way out): temp file in the same
 * folder, fsync, rename over the target. A symlinked workbook is written
 * through the link (the link stays a link); the replacement keeps the
 * original's permission bits and, where permitted, its owner. A read-only
 * file is refused, and so is a file that changed since it was read
 * (`expected`, or the state when `withWorkbookLock` took the lock).
 */
export async function writeWorkbookBytes(path: string, bytes: Uint8Array, expected?: FileStamp): Promise<void> {
  const target = await targetOf(path);
  await assertNotOpenElsewhere([path, target]);
  const original = await stat(target).catch(() => undefined);
  if (original && (await isReadOnly(target, original.mode))) throw readOnlyError(path);
  const known = expected !== undefined ? expected : lockedFiles.getStore()?.get(target);
  if (known !== undefined && (await changedSince(target, known))) throw changedError(path);
  await removeStaleTempFiles(target);
  const mode = original ? original.mode & 0o7777 : undefined;
  const tmp = join(dirname(target), tempName(target));
  let fh: FileHandle;
  try {
    fh = await open(tmp, "wx", mode ?? 0o666);
  } catch (err) {
    if (FOLDER_REFUSALS.has(errCode(err))) throw folderError(err, path);
    throw fileError(err, path, true);
  }
  try {
    try {
      await fh.writeFile(bytes);
      if (mode !== undefined) await fh.chmod(mode).catch(() => undefined); // the umask may have changed it
      if (original && (original.uid !== process.getuid?.() || original.gid !== process.getgid?.()))
        await fh.chown(original.uid, original.gid).catch(() => undefined); // only where permitted
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, target);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw fileError(err, path, true);
  }
}

/**
 * Run a command's read-compute-write on `path` while holding the workbook's
 * lock: an exclusive lock file beside the workbook (created with O_EXCL,
 * holding pid and time; one left by a dead process is taken over). Refused
 * while another LeadFlow command holds it, or while Excel or LibreOffice has
 * the workbook open. Saves inside `fn` refuse to overwrite a file that
 * changed since the lock was taken. Stale temp files of killed saves go.
 */
export async function withWorkbookLock<T>(path: string, fn: () => Promise<T>): Promise<T> {
  const target = await targetOf(path);
  if (lockedFiles.getStore()?.has(target)) return fn(); // already ours (a nested call)
  await assertNotOpenElsewhere([path, target]);
  const folderExists = await stat(dirname(target)).then(
    (s) => s.isDirectory(),
    () => false,
  );
  // A workbook about to be created in a folder not made yet (init): nothing to race on.
  if (!folderExists) return fn();
  const body = takeLock(target);
  try {
    await removeStaleTempFiles(target);
    const stamp = await currentStamp(target).catch(() => undefined);
    const files = new Map(lockedFiles.getStore() ?? []);
    files.set(target, stamp);
    return await lockedFiles.run(files, fn);
  } finally {
    releaseLock(target, body);
  }
}
