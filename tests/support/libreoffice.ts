/**
 * LibreOffice Calc as an independent spreadsheet engine (docs/ARCHITECTURE.md §5): open
 * .xlsx files headless, recalculate every formula, save them again.
 *
 * LibreOffice keeps cached formula results unless told otherwise, so it runs
 * with a private profile whose registrymodifications.xcu sets
 * OOXMLRecalcMode = 0 ("always recalculate"). One start costs about a
 * second: convert many files per call.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, delimiter, dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const RECALC_ALWAYS = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`;

/** Path of the soffice binary; a clear error (not a skipped test) when LibreOffice is missing. */
export function findSoffice(): string {
  const candidates = [process.env.SOFFICE, "/usr/bin/soffice", "/usr/lib/libreoffice/program/soffice"];
  for (const dir of (process.env.PATH ?? "").split(delimiter)) if (dir) candidates.push(join(dir, "soffice"));
  const found = candidates.find((c): c is string => Boolean(c) && existsSync(c as string));
  if (!found)
    throw new Error(
      "LibreOffice (soffice) is not installed: the spreadsheet-engine tests need it. " +
        "Install the Debian package libreoffice-calc-nogui (apt-get install libreoffice-calc-nogui), or set SOFFICE to its path.",
    );
  return found;
}

let profileDir: string | undefined;

/** One private profile per test process, reused across calls (the first start initialises it). */
function profile(): string {
  if (!profileDir) {
    profileDir = mkdtempSync(join(tmpdir(), "leadflow-lo-profile-"));
    mkdirSync(join(profileDir, "user"), { recursive: true });
    writeFileSync(join(profileDir, "user", "registrymodifications.xcu"), RECALC_ALWAYS);
    const dir = profileDir;
    process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
  }
  return profileDir;
}

// soffice refuses a second instance on the same profile: run calls one after another.
let queue: Promise<unknown> = Promise.resolve();

/**
 * One soffice at a time across Jest workers too: two instances converting at once on a
 * loaded 2-core machine were seen (rarely) to save without recalculating. A lock folder
 * in the temp dir is the mutex; one left by a killed run goes stale after 15 minutes.
 */
const LOCK = join(tmpdir(), "leadflow-soffice.lock");
const STALE_MS = 15 * 60 * 1000;

async function withMachineLock<T>(work: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      try {
        if (Date.now() - statSync(LOCK).mtimeMs > STALE_MS) rmSync(LOCK, { recursive: true, force: true });
      } catch {
        // The holder released it meanwhile: try again.
      }
      await new Promise((r) => setTimeout(r, 150));
    }
  }
  const release = () => rmSync(LOCK, { recursive: true, force: true });
  process.once("exit", release);
  try {
    return await work();
  } finally {
    process.removeListener("exit", release);
    release();
  }
}

function run(bin: string, args: string[], timeoutMs: number): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(bin, args, { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`soffice failed: ${err.message}\n${stderr}`));
      else resolve({ stdout, stderr });
    });
  });
}

export interface RecalcOptions {
  /** Folder under which a new folder receives the recalculated files (default: the system temp folder). */
  outDir?: string;
  timeoutMs?: number;
}

/**
 * Recalculate and re-save the given .xlsx files with LibreOffice. Returns the
 * paths of the recalculated copies, in the order of `files` (inputs are not changed).
 */
export async function recalculate(files: string[], options: RecalcOptions = {}): Promise<string[]> {
  const bin = findSoffice();
  // Always a fresh folder: LibreOffice names outputs after their inputs, and an output written
  // next to its input would silently replace it (and a comparison would then compare a file with itself).
  mkdirSync(options.outDir ?? tmpdir(), { recursive: true });
  const outDir = mkdtempSync(join(options.outDir ?? tmpdir(), "leadflow-recalculated-"));
  // Outputs are named after their input: files sharing a base name go in separate calls.
  const batches: string[][] = [];
  for (const f of files) {
    const batch = batches.find((b) => !b.some((x) => basename(x) === basename(f)));
    if (batch) batch.push(f);
    else batches.push([f]);
  }
  const outputs = new Map<string, string>();
  for (const batch of batches) {
    const dir = batches.length > 1 ? mkdtempSync(join(outDir, "batch-")) : outDir;
    if (batch.some((f) => resolve(dirname(f)) === resolve(dir)))
      throw new Error("recalculate: the output folder must differ from the inputs' folder");
    const args = [
      `-env:UserInstallation=${pathToFileURL(profile()).href}`,
      "--headless",
      "--norestore",
      "--nolockcheck",
      "--convert-to",
      "xlsx:Calc MS Excel 2007 XML",
      "--outdir",
      dir,
      ...batch,
    ];
    const job = queue.then(() => withMachineLock(() => run(bin, args, options.timeoutMs ?? 600000)));
    queue = job.catch(() => undefined);
    const { stdout, stderr } = await job;
    for (const f of batch) {
      const out = join(dir, basename(f).replace(/\.[^.]+$/, "") + ".xlsx");
      if (!existsSync(out)) throw new Error(`LibreOffice did not produce ${out}\n${stdout}\n${stderr}`);
      outputs.set(f, out);
    }
  }
  return files.map((f) => outputs.get(f) as string);
}

/**
 * Convert one file with LibreOffice to another format (`filter`, as for `--convert-to`, e.g.
 * "ods" or a CSV filter with options) into a new folder; returns that folder. A CSV filter whose
 * last option is -1 writes one file per sheet, named `<input>-<sheet>.csv`.
 */
export async function convertWithLibreOffice(file: string, filter: string, timeoutMs = 600000): Promise<string> {
  const bin = findSoffice();
  const dir = mkdtempSync(join(tmpdir(), "leadflow-converted-"));
  const args = [
    `-env:UserInstallation=${pathToFileURL(profile()).href}`,
    "--headless",
    "--norestore",
    "--nolockcheck",
    "--convert-to",
    filter,
    "--outdir",
    dir,
    file,
  ];
  const job = queue.then(() => withMachineLock(() => run(bin, args, timeoutMs)));
  queue = job.catch(() => undefined);
  await job;
  return dir;
}
