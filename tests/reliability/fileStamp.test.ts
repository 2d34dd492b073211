/**
 * A file changed under a command between its read and its write (issue 13
 * item 4): another program saved the workbook meanwhile. The save compares
 * the file with the stamp taken when it was read (size, mtime, SHA-256) and
 * refuses rather than overwrite the other program's work; a file touched
 * (new mtime, same bytes) is no change.
 */
import { readFileSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { WorkbookError } from "../../src/workbook/port";
import { readWorkbookBytes, withWorkbookLock, writeWorkbookBytes } from "../../src/workbook/xlsx/file";
import { record, tempDir } from "../support/xlsxXml";

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = tempDir("leadflow-stamp-")));
afterAll(() => cleanup?.());

const ORIGINAL = new Uint8Array(Buffer.from("PK original workbook bytes"));
const THEIRS = new Uint8Array(Buffer.from("PK saved by someone else!!")); // same size
const OURS = new Uint8Array(Buffer.from("PK leadflow's new version"));

async function outcome(write: () => Promise<void>): Promise<WorkbookError | null> {
  try {
    await write();
    return null;
  } catch (err) {
    if (err instanceof WorkbookError) return err;
    throw err;
  }
}

test.each([
  ["other bytes of the same size", THEIRS],
  ["a longer file", new Uint8Array(Buffer.from("PK saved by someone else, and longer"))],
])("a save with the read stamp refuses a file changed since (%s)", async (label, theirs) => {
  const path = join(dir, `stamp-${theirs.length}.xlsx`);
  writeFileSync(path, ORIGINAL);
  const { stamp } = await readWorkbookBytes(path);
  writeFileSync(path, theirs);
  // Same mtime as when read: only the size or the hash can tell.
  utimesSync(path, new Date(stamp.mtimeMs), new Date(stamp.mtimeMs));
  const err = await outcome(() => writeWorkbookBytes(path, OURS, stamp));
  const kept = Buffer.from(readFileSync(path)).equals(Buffer.from(theirs));
  record({
    kind: "bad-input",
    name: `file safety: file changed between read and write (${label})`,
    tried: 1,
    handled: err && kept ? 1 : 0,
    note: err?.message.slice(0, 160) ?? "overwritten",
  });
  expect(err?.message).toMatch(/changed/);
  expect(err?.message).toMatch(/修改/);
  expect(kept).toBe(true);
});

test("inside the workbook lock, a save without a stamp still refuses a file changed since the lock", async () => {
  const path = join(dir, "locked.xlsx");
  writeFileSync(path, ORIGINAL);
  const err = await outcome(() =>
    withWorkbookLock(path, async () => {
      writeFileSync(path, THEIRS);
      await writeWorkbookBytes(path, OURS);
    }),
  );
  const kept = Buffer.from(readFileSync(path)).equals(Buffer.from(THEIRS));
  record({
    kind: "bad-input",
    name: "file safety: file changed while a command held the lock",
    tried: 1,
    handled: err && kept ? 1 : 0,
    note: err?.message.slice(0, 160) ?? "overwritten",
  });
  expect(err?.message).toMatch(/changed/);
  expect(kept).toBe(true);
});

test("control: an unchanged (or only touched) file is saved", async () => {
  const path = join(dir, "touched.xlsx");
  writeFileSync(path, ORIGINAL);
  const { stamp } = await readWorkbookBytes(path);
  utimesSync(path, new Date(), new Date(Date.now() + 5000));
  await writeWorkbookBytes(path, OURS, stamp);
  expect(Buffer.from(readFileSync(path)).equals(Buffer.from(OURS))).toBe(true);
  await withWorkbookLock(path, () => writeWorkbookBytes(path, ORIGINAL));
  expect(Buffer.from(readFileSync(path)).equals(Buffer.from(ORIGINAL))).toBe(true);
});
