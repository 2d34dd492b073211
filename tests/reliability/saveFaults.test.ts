/**
 * Faults at the moment of saving (issue 7, item 1, xlsx side), injected in
 * the file system calls the `leadflow` commands use: the final rename is
 * refused (the file is locked by another program — what Windows does while
 * Excel has it open), the temp file cannot be written (disk full). Each
 * command must answer with a clear error in both languages, leave the
 * workbook byte-identical, and leave no temp file behind. Runs the commands
 * in-process so the faults work for any user (root or not).
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildBook, listFiles, minimalLead, record, sha256, tempDir } from "../support/xlsxXml";

type Fault = "none" | "rename-locked" | "write-enospc";
let fault: Fault = "none";

jest.mock("node:fs/promises", () => {
  const actual = jest.requireActual<typeof import("node:fs/promises")>("node:fs/promises");
  const err = (code: string, message: string) => Object.assign(new Error(`${code}: ${message}`), { code });
  return {
    ...actual,
    rename: async (from: string, to: string) => {
      if (fault === "rename-locked") throw err("EBUSY", `resource busy or locked, rename '${from}' -> '${to}'`);
      return actual.rename(from, to);
    },
    open: async (path: string, flags?: string, mode?: number) => {
      const fh = await actual.open(path, flags, mode);
      if (fault === "write-enospc" && flags === "wx") {
        return new Proxy(fh, {
          get(target, prop, receiver) {
            if (prop === "writeFile")
              return async () => Promise.reject(err("ENOSPC", "no space left on device, write"));
            const v = Reflect.get(target, prop, receiver) as unknown;
            return typeof v === "function" ? (v as (...a: unknown[]) => unknown).bind(target) : v;
          },
        });
      }
      return fh;
    },
  };
});

// Loaded after the mock so the commands see the faulty file system.
/* eslint-disable @typescript-eslint/no-require-imports */
const refreshCmd = require("../../src/cli/commands/refresh") as typeof import("../../src/cli/commands/refresh");
const importCmd = require("../../src/cli/commands/import") as typeof import("../../src/cli/commands/import");
const initCmd = require("../../src/cli/commands/init") as typeof import("../../src/cli/commands/init");
const io = require("../../src/cli/io") as typeof import("../../src/cli/io");
/* eslint-enable @typescript-eslint/no-require-imports */

const CSV = [
  "客户名称,联系人,联系方式,所属行业,客户规模,需求类型,需求描述,预算范围,需求紧急度,决策人对接,线索来源,线索状态,当前阶段,责任人",
  "故障测试有限公司,赵,13800001111,制造业,年营收1亿以下,产品采购,需要报价,未明确,3个月以上,仅对接执行者,官网注册,待跟进,初步接洽,王芳",
].join("\n");

let dir: string;
let cleanup: () => void;
let book: Uint8Array;
let messages = "";

beforeAll(async () => {
  ({ dir, cleanup } = tempDir("leadflow-savefault-"));
  writeFileSync(join(dir, "leads.csv"), CSV);
  book = await buildBook({
    Leads: [minimalLead("L-1", "上海一号有限公司")],
  });
  io.out.write = (text: string) => {
    messages += text;
  };
  // The import command prints its report on stdout; keep the test output quiet.
  jest.spyOn(process.stdout, "write").mockImplementation(() => true);
}, 60_000);

afterAll(() => {
  fault = "none";
  cleanup?.();
});

const COMMANDS: Record<string, (path: string) => Promise<number>> = {
  refresh: (p) => refreshCmd.run([p, "--today", "2024-06-01"]),
  import: (p) => importCmd.run([p, join(dir, "leads.csv")]),
  init: (p) => initCmd.run([p]),
};

describe.each(["rename-locked", "write-enospc"] as const)("fault %s", (kind) => {
  test.each(Object.keys(COMMANDS))(
    "%s: clear error, workbook byte-identical, no temp file",
    async (name) => {
      const sub = join(dir, `${kind}-${name.replace(/\W+/g, "-")}`);
      mkdirSync(sub, { recursive: true });
      const path = join(sub, "book.xlsx");
      writeFileSync(path, book);
      messages = "";
      fault = kind;
      let code: number;
      try {
        code = await COMMANDS[name](path);
      } finally {
        fault = "none";
      }
      const intact = sha256(new Uint8Array(readFileSync(path))) === sha256(book);
      const leftovers = listFiles(sub).filter((f) => f !== "book.xlsx");
      const last = messages.trim().split("\n").pop() ?? "";
      const clear = code === 2 && /[\u4e00-\u9fff]/.test(last) && /[A-Za-z]{4,}/.test(last);
      record({
        kind: "fault",
        name: `${name}: ${kind}`,
        tried: 1,
        handled: intact && clear && leftovers.length === 0 ? 1 : 0,
        note: last.slice(0, 160),
      });
      expect(code).toBe(2);
      expect(last).toMatch(/[\u4e00-\u9fff]/);
      // The message names the cause that was injected.
      expect(last).toMatch(kind === "rename-locked" ? /locked|cannot be written|无法写入/ : /disk space|磁盘空间/);
      expect(intact).toBe(true);
      expect(leftovers).toEqual([]);
    },
    60_000,
  );
});

test("control: without a fault the same commands save the workbook", async () => {
  const path = join(dir, "control.xlsx");
  writeFileSync(path, book);
  expect(await COMMANDS.refresh(path)).toBe(0);
  expect(sha256(new Uint8Array(readFileSync(path)))).not.toBe(sha256(book));
}, 60_000);
