/**
 * A workbook in a folder the user may not write to (issue 13 item 15): the
 * save cannot create its temp file beside the workbook. The message says the
 * folder is not writable — not that the workbook is "open in another
 * program". The refusal is injected in the file system call (EACCES on
 * creating the temp file, what open(2) returns without write permission on
 * the folder), so the case works for any user, root included.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildBook, listFiles, record, sha256, tempDir } from "../support/xlsxXml";

let refuseTemp = false;
jest.mock("node:fs/promises", () => {
  const actual = jest.requireActual<typeof import("node:fs/promises")>("node:fs/promises");
  return {
    ...actual,
    open: async (path: string, flags?: string, mode?: number) => {
      if (refuseTemp && String(path).endsWith(".tmp"))
        throw Object.assign(new Error(`EACCES: permission denied, open '${path}'`), { code: "EACCES" });
      return actual.open(path, flags, mode);
    },
  };
});

/* eslint-disable @typescript-eslint/no-require-imports */
const refreshCmd = require("../../src/cli/commands/refresh") as typeof import("../../src/cli/commands/refresh");
const initCmd = require("../../src/cli/commands/init") as typeof import("../../src/cli/commands/init");
const io = require("../../src/cli/io") as typeof import("../../src/cli/io");
/* eslint-enable @typescript-eslint/no-require-imports */

let dir: string;
let cleanup: () => void;
let book: Uint8Array;
let messages = "";
beforeAll(async () => {
  ({ dir, cleanup } = tempDir("leadflow-folder-"));
  book = await buildBook();
  io.out.write = (text: string) => {
    messages += text;
  };
}, 60_000);
afterAll(() => cleanup?.());

const COMMANDS: Record<string, (p: string) => Promise<number>> = {
  refresh: (p) => refreshCmd.run([p, "--today", "2024-06-01"]),
  init: (p) => initCmd.run([p]),
};

test.each(Object.keys(COMMANDS))(
  "%s in a non-writable folder says the folder is not writable",
  async (name) => {
    const sub = join(dir, name);
    mkdirSync(sub);
    const path = join(sub, "book.xlsx");
    writeFileSync(path, book);
    messages = "";
    refuseTemp = true;
    let code: number;
    try {
      code = await COMMANDS[name](path);
    } finally {
      refuseTemp = false;
    }
    const last = messages.trim().split("\n").pop() ?? "";
    const intact = sha256(new Uint8Array(readFileSync(path))) === sha256(book);
    const ok = code === 2 && intact && /folder/.test(last) && /文件夹/.test(last) && !/another program/.test(last);
    record({
      kind: "fault",
      name: `file safety: ${name} in a non-writable folder`,
      tried: 1,
      handled: ok ? 1 : 0,
      note: last.slice(0, 160),
    });
    expect(code).toBe(2);
    expect(last).toMatch(/folder .* not writable/);
    expect(last).toMatch(/文件夹/);
    expect(last).not.toMatch(/another program/);
    expect(intact).toBe(true);
    expect(listFiles(sub)).toEqual(["book.xlsx"]);
  },
  60_000,
);
