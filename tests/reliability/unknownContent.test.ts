/**
 * Workbook content the file adapter does not own (issue 7, item 4; docs/ARCHITECTURE.md
 * §4), through the real `leadflow` command (node bin/leadflow.js):
 * a user's workbook with a chart, a pivot table, an image and a comment
 * (made with LibreOffice), and macro-enabled copies with a VBA project.
 * After init / refresh / import, either every part the command does not own
 * is byte-identical, or the command refused with a message naming what it
 * would lose and the file is byte-identical. And faults — a read-only
 * folder, a locked file, a truncated file, a kill in the middle — never
 * leave a half-written workbook or temp files behind.
 */
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { strFromU8, strToU8, unzipSync, zipSync } from "fflate";
import { buildBook, listFiles, minimalLead, record, sha256, tempDir, unzipBytes } from "../support/xlsxXml";

const ROOT = resolve(__dirname, "..", "..");
const CLI = join(ROOT, "bin", "leadflow.js");
const FIXTURE = resolve(ROOT, "tests", "fixtures", "existing-with-chart-pivot-image.xlsx");
const FIXTURE_FOUND = existsSync(FIXTURE);
const IS_ROOT = typeof process.getuid === "function" && process.getuid() === 0;

/** Parts no LeadFlow command owns: they must come out byte-identical, or the command must refuse. */
const FOREIGN =
  /^xl\/(charts|chartsheets|pivotTables|pivotCache|media|drawings|vbaProject\.bin|comments|threadedComments|persons|slicers|slicerCaches|ctrlProps|activeX|embeddings|timelines|timelineCaches)/;
/** What a refusal must name, in both languages. */
const NAMES = /chart|pivot|macro|VBA|image|drawing|comment|图表|透视|宏|图片|批注/i;

function cli(
  args: string[],
  env: Record<string, string> = {},
): { status: number | null; stderr: string; stdout: string; ms: number } {
  const t = Date.now();
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, ...env },
    timeout: 300_000,
  });
  return { status: r.status, stderr: r.stderr, stdout: r.stdout, ms: Date.now() - t };
}

/** A minimal, well-formed VBA project part: an OLE compound-file header and padding (Excel would open it as a macro project container). */
function vbaProjectBin() {
  const b = new Uint8Array(1536);
  [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1].forEach((x, i) => (b[i] = x));
  for (let i = 512; i < b.length; i++) b[i] = (i * 31) & 0xff;
  return b;
}

/** Turn an .xlsx package into an .xlsm one with a VBA project (part, relationship, content types). */
function withMacros(bytes: Uint8Array): Uint8Array {
  const files = unzipSync(bytes);
  files["xl/vbaProject.bin"] = vbaProjectBin();
  let ct = strFromU8(files["[Content_Types].xml"]);
  ct = ct.replace(
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
  );
  if (!ct.includes('Extension="bin"'))
    ct = ct.replace(
      "</Types>",
      '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>',
    );
  files["[Content_Types].xml"] = strToU8(ct);
  const rels = strFromU8(files["xl/_rels/workbook.xml.rels"]);
  files["xl/_rels/workbook.xml.rels"] = strToU8(
    rels.replace(
      "</Relationships>",
      '<Relationship Id="rIdVbaLF1" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" Target="vbaProject.bin"/></Relationships>',
    ),
  );
  return zipSync(files, { level: 6 });
}

function foreignParts(bytes: Uint8Array): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(unzipBytes(bytes))) if (FOREIGN.test(k)) out[k] = sha256(v);
  return out;
}

const CSV = [
  "客户名称,联系人,联系方式,所属行业,客户规模,需求类型,需求描述,预算范围,需求紧急度,决策人对接,线索来源,线索状态,当前阶段,责任人",
  "导入测试有限公司,赵,13800001111,制造业,年营收1亿以下,产品采购,需要报价,未明确,3个月以上,仅对接执行者,官网注册,待跟进,初步接洽,王芳",
].join("\n");

let dir: string;
let cleanup: () => void;
let leadflowXlsm: Uint8Array;

beforeAll(async () => {
  const built = spawnSync(process.execPath, [join(ROOT, "scripts", "build-cli.mjs")], { cwd: ROOT, encoding: "utf8" });
  if (built.status !== 0) throw new Error(`CLI build failed: ${built.stderr}`);
  ({ dir, cleanup } = tempDir("leadflow-unknown-"));
  writeFileSync(join(dir, "leads.csv"), CSV);
  leadflowXlsm = withMacros(
    await buildBook({
      Leads: [minimalLead("L-1", "宏测试有限公司")],
    }),
  );
}, 120_000);

afterAll(() => {
  if (IS_ROOT) spawnSync("chattr", ["-R", "-i", dir]);
  else spawnSync("chmod", ["-R", "u+w", dir]);
  cleanup?.();
});

interface Case {
  label: string;
  file: string;
  make: () => Uint8Array;
}

const CASES: Case[] = [
  {
    label: "user workbook with chart, pivot table, image, comment (.xlsx)",
    file: "existing.xlsx",
    make: () => new Uint8Array(readFileSync(FIXTURE)),
  },
  {
    label: "the same with a VBA project (.xlsm)",
    file: "existing-macro.xlsm",
    make: () => withMacros(new Uint8Array(readFileSync(FIXTURE))),
  },
  { label: "a LeadFlow workbook with a VBA project (.xlsm)", file: "leadflow-macro.xlsm", make: () => leadflowXlsm },
];

const COMMANDS: { name: string; args: (f: string) => string[] }[] = [
  { name: "init", args: (f) => ["init", f] },
  { name: "refresh", args: (f) => ["refresh", f, "--today", "2024-06-01"] },
  { name: "import", args: (f) => ["import", f, join(dir, "leads.csv")] },
];

const describeIf = FIXTURE_FOUND ? describe : describe.skip;

describeIf("unknown content survives or the command refuses, naming it", () => {
  for (const c of CASES) {
    for (const cmd of COMMANDS) {
      test(`${cmd.name} on ${c.label}`, () => {
        const path = join(dir, `${cmd.name}-${c.file}`);
        const original = c.make();
        writeFileSync(path, original);
        const before = foreignParts(original);
        expect(Object.keys(before).length).toBeGreaterThan(0);
        const r = cli(cmd.args(path));
        const after = new Uint8Array(readFileSync(path));
        const leftovers = listFiles(dir).filter((f) => f.endsWith(".tmp"));
        let handled: boolean;
        let note: string;
        if (r.status === 0 || r.status === 1) {
          // Completed (1 = import/check found problems): every foreign part is still there, byte for byte.
          const now = foreignParts(after);
          const lost = Object.keys(before).filter((k) => now[k] !== before[k]);
          handled = lost.length === 0 && leftovers.length === 0;
          note = `completed (exit ${r.status}); foreign parts kept ${Object.keys(before).length - lost.length}/${Object.keys(before).length}`;
          expect(lost).toEqual([]);
        } else {
          const msg = r.stderr;
          // Import into a workbook that has no LeadFlow tables yet is unusable input of its own (run init first).
          const why = cmd.name === "import" && /leadflow init/.test(msg) ? /leadflow init/ : NAMES;
          handled =
            why.test(msg) &&
            /[\u4e00-\u9fff]/.test(msg) &&
            sha256(after) === sha256(original) &&
            leftovers.length === 0;
          note = `refused: ${msg.trim().split("\n").pop()?.slice(0, 200)}`;
          expect(msg).toMatch(why);
          expect(msg).toMatch(/[\u4e00-\u9fff]/);
          expect(sha256(after)).toBe(sha256(original));
        }
        record({
          kind: "bad-input",
          name: `${cmd.name} on ${c.label}`,
          tried: 1,
          handled: handled ? 1 : 0,
          ms: r.ms,
          note,
        });
        expect(leftovers).toEqual([]);
        expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
      }, 300_000);
    }
  }
});

// ------------------------------------------------------------------ faults

function lockDir(path: string): void {
  if (IS_ROOT) spawnSync("chattr", ["+i", path]);
  else chmodSync(path, 0o555);
}
function unlockDir(path: string): void {
  if (IS_ROOT) spawnSync("chattr", ["-i", path]);
  else chmodSync(path, 0o755);
}

async function leadflowBook(rows = 3): Promise<Uint8Array> {
  const leads = Array.from({ length: rows }, (_, i) => minimalLead(`L-${i + 1}`, `客户${i + 1}有限公司`));
  return buildBook({ Leads: leads });
}

describe("faults never leave a half-written workbook", () => {
  test.each(["refresh", "import", "init"])(
    "%s into a read-only folder: clear error, file intact, no temp files",
    async (name) => {
      const sub = join(dir, `ro-${name}`);
      spawnSync("mkdir", ["-p", sub]);
      const path = join(sub, "book.xlsx");
      const original = await leadflowBook();
      writeFileSync(path, original);
      lockDir(sub);
      let r: ReturnType<typeof cli>;
      try {
        r = cli(COMMANDS.find((c) => c.name === name)!.args(path));
      } finally {
        unlockDir(sub);
      }
      const intact = sha256(new Uint8Array(readFileSync(path))) === sha256(original);
      const leftovers = listFiles(sub).filter((f) => f !== "book.xlsx");
      const clear =
        r.status === 2 &&
        /[\u4e00-\u9fff]/.test(r.stderr) &&
        /cannot be written|could not be saved|read-only|locked/i.test(r.stderr);
      record({
        kind: "fault",
        name: `${name}: read-only folder`,
        tried: 1,
        handled: intact && clear && leftovers.length === 0 ? 1 : 0,
        ms: r.ms,
        note: r.stderr.trim().split("\n").pop(),
      });
      expect(r.status).toBe(2);
      expect(clear).toBe(true);
      expect(intact).toBe(true);
      expect(leftovers).toEqual([]);
    },
    120_000,
  );

  (IS_ROOT ? test : test.skip)(
    "refresh onto a locked (immutable) file: clear error, file intact, no temp files",
    async () => {
      const sub = join(dir, "locked");
      spawnSync("mkdir", ["-p", sub]);
      const path = join(sub, "book.xlsx");
      const original = await leadflowBook();
      writeFileSync(path, original);
      spawnSync("chattr", ["+i", path]);
      let r: ReturnType<typeof cli>;
      try {
        r = cli(["refresh", path, "--today", "2024-06-01"]);
      } finally {
        spawnSync("chattr", ["-i", path]);
      }
      const intact = sha256(new Uint8Array(readFileSync(path))) === sha256(original);
      const leftovers = listFiles(sub).filter((f) => f !== "book.xlsx");
      record({
        kind: "fault",
        name: "refresh: locked file",
        tried: 1,
        handled: intact && r.status === 2 && leftovers.length === 0 ? 1 : 0,
        ms: r.ms,
        note: r.stderr.trim().split("\n").pop(),
      });
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/[\u4e00-\u9fff]/);
      expect(intact).toBe(true);
      expect(leftovers).toEqual([]);
    },
    120_000,
  );

  test.each(["refresh", "import", "init", "check"])(
    "%s on a truncated file: clear error, file untouched",
    async (name) => {
      const path = join(dir, `truncated-${name}.xlsx`);
      const full = await leadflowBook();
      const cut = full.slice(0, Math.floor(full.length / 2));
      writeFileSync(path, cut);
      const args = name === "check" ? ["check", path] : COMMANDS.find((c) => c.name === name)!.args(path);
      const r = cli(args);
      const intact = sha256(new Uint8Array(readFileSync(path))) === sha256(cut);
      const clear = r.status === 2 && /[\u4e00-\u9fff]/.test(r.stderr) && !/\n\s+at /.test(r.stderr);
      record({
        kind: "fault",
        name: `${name}: truncated file`,
        tried: 1,
        handled: intact && clear ? 1 : 0,
        ms: r.ms,
        note: r.stderr.trim().split("\n").pop(),
      });
      expect(r.stderr.trim().split("\n").pop()).toMatch(/[\u4e00-\u9fff]/);
      expect(r.status).toBe(2);
      expect(intact).toBe(true);
    },
    120_000,
  );

  test("refresh killed mid-way: the workbook is the original or a complete new one, never half-written", async () => {
    const sub = join(dir, "kill");
    spawnSync("mkdir", ["-p", sub]);
    const path = join(sub, "book.xlsx");
    const original = await leadflowBook(3000);
    writeFileSync(path, original);
    const outcomes: string[] = [];
    // One clean run gives the duration T; then kill at moments spread over it, the last ones inside
    // the final stretch where the temp file is written and renamed.
    const t0 = Date.now();
    const clean = spawnSync(process.execPath, [CLI, "refresh", path, "--today", "2024-06-01"], {
      cwd: ROOT,
    });
    expect(clean.status).toBe(0);
    const full = Date.now() - t0;
    const KILLS = [0.2, 0.5, 0.8, 0.9, 0.95, 0.98, 1.0].map((f) => Math.round(f * full));
    for (const delay of KILLS) {
      writeFileSync(path, original);
      const child = spawn(process.execPath, [CLI, "refresh", path, "--today", "2024-06-01"], {
        cwd: ROOT,
        stdio: "ignore",
      });
      // Listen before the kill: the last moments may come after the run has already ended.
      const exited = new Promise((res) => child.on("exit", res));
      await new Promise((res) => setTimeout(res, delay));
      child.kill("SIGKILL");
      await exited;
      const now = new Uint8Array(readFileSync(path));
      if (sha256(now) === sha256(original)) outcomes.push("original");
      else {
        // A complete workbook: a valid zip whose parts all inflate.
        const parts = unzipSync(now);
        expect(Object.keys(parts)).toContain("xl/workbook.xml");
        outcomes.push("complete new");
      }
    }
    // The kill leaves its temp file and its lock (a process killed with SIGKILL cannot clean up) — but
    // never in place of the workbook; the next run removes the stale temp file and takes the stale lock over.
    const leftovers = listFiles(sub).filter((f) => f !== "book.xlsx");
    const next = spawnSync(process.execPath, [CLI, "refresh", path, "--today", "2024-06-01"], {
      cwd: ROOT,
      env: { ...process.env, LEADFLOW_REFRESH_PATH: "generic" },
    });
    const afterNext = listFiles(sub).filter((f) => f !== "book.xlsx");
    record({
      kind: "fault",
      name: `refresh: killed (SIGKILL) at ${KILLS.length} moments`,
      tried: KILLS.length,
      handled: next.status === 0 && afterNext.length === 0 ? outcomes.length : 0,
      note: `${outcomes.join(", ")}; stray files after the kills: ${leftovers.length}, after the next run: ${afterNext.length}`,
    });
    expect(outcomes.length).toBe(KILLS.length);
    for (const f of leftovers) expect(f).toMatch(/^\.book\.xlsx\.\d+\.[0-9a-f]+\.tmp$|^\.~leadflow\.book\.xlsx\.lock$/);
    expect(next.status).toBe(0);
    expect(afterNext).toEqual([]);
  }, 300_000);
});
