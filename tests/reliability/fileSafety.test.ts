/**
 * File identity and concurrent writers (issue 13 items 4, 10, 15), with the
 * built `leadflow` command in real child processes:
 * - a save writes through a symlink to its target (the link stays a link),
 *   keeps the file's mode, and refuses a read-only (0444) file, untouched;
 * - a writing command holds an exclusive lock for its whole
 *   read-compute-write: a second writer is refused (exit 2, untouched), a
 *   lock left by a dead process is taken over; two imports at once, and a
 *   refresh right after an import, lose no imported row;
 * - a workbook open in Excel (owner file `~$name.xlsx`) or LibreOffice
 *   (`.~lock.name.xlsx#`) is refused. Names of those files: Microsoft's
 *   owner file is "~$" + the workbook's name in the same folder
 *   (https://support.microsoft.com/kb/211632, and cs3org/wopiserver
 *   src/core/wopiutils.py getMicrosoftOfficeLockName: full name for any file
 *   but long .docx names), LibreOffice's lock file is ".~lock." + name + "#"
 *   (same file, getLibreOfficeLockName);
 * - hidden temp files of a killed save (`.name.pid.hex.tmp`) are removed by
 *   the next run when stale (dead process), never a live process's one.
 * Each case is a record in `npm run reliability` ("file safety: …").
 */
import { execFileSync, spawn, spawnSync } from "node:child_process";
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readlinkSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { XlsxWorkbook } from "../support/exceljs";
import { buildBook, listFiles, minimalLead, record, sha256, tempDir } from "../support/xlsxXml";

const ROOT = join(__dirname, "..", "..");
const BIN = join(ROOT, "bin", "leadflow.js");

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function leadflow(args: string[]): Run {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: "utf8", timeout: 180_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function leadflowAsync(args: string[]): Promise<Run> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString("utf8")));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
    child.on("close", (code) => done({ code, stdout, stderr }));
  });
}

const HEADER =
  "客户名称,联系人,联系方式,所属行业,客户规模,需求类型,需求描述,预算范围,需求紧急度,决策人对接,线索来源,线索状态,当前阶段,责任人";

/** A CSV of `n` leads whose customer names start with `tag`. */
function csv(tag: string, n: number): string {
  const rows = Array.from(
    { length: n },
    (_, i) =>
      `${tag}客户${i + 1}有限公司,赵,1380000${String(i).padStart(4, "0")},制造业,年营收1亿以下,产品采购,需要报价,未明确,3个月以上,仅对接执行者,官网注册,待跟进,初步接洽,王芳`,
  );
  return [HEADER, ...rows].join("\n");
}

async function customers(path: string): Promise<string[]> {
  const wb = await XlsxWorkbook.fromBytes(new Uint8Array(readFileSync(path)));
  const t = (await wb.readTables(["Leads"])).get("Leads")!;
  const col = t.table.headers.indexOf("客户名称");
  return t.values.map((r) => String(r[col] ?? ""));
}

/** The last stderr line: what the user is told. */
function lastLine(r: Run): string {
  return r.stderr.trim().split("\n").pop() ?? "";
}

function bilingual(line: string): boolean {
  return /[\u4e00-\u9fff]/.test(line) && /[A-Za-z]{4,} [A-Za-z]{2,}/.test(line);
}

let dir: string;
let cleanup: () => void;
let book: Uint8Array;
let n = 0;

/** A fresh folder holding book.xlsx. */
function fresh(): { folder: string; path: string } {
  const folder = join(dir, `case-${++n}`);
  mkdirSync(folder, { recursive: true });
  const path = join(folder, "book.xlsx");
  writeFileSync(path, book);
  return { folder, path };
}

beforeAll(async () => {
  ({ dir, cleanup } = tempDir("leadflow-filesafety-"));
  execFileSync(process.execPath, [join(ROOT, "scripts", "build-cli.mjs")], { cwd: ROOT });
  book = await buildBook({ Leads: [minimalLead("L-1", "上海一号有限公司")] });
  writeFileSync(join(dir, "a.csv"), csv("甲批", 40));
  writeFileSync(join(dir, "b.csv"), csv("乙批", 40));
}, 120_000);

afterAll(() => cleanup?.());

const WRITERS: Record<string, (path: string) => string[]> = {
  init: (p) => ["init", p],
  import: (p) => ["import", p, join(dir, "a.csv")],
  refresh: (p) => ["refresh", p, "--today", "2024-06-01"],
  "refresh (full reader)": (p) => ["refresh", p, "--today", "2024-06-01"],
};

function run(name: string, path: string): Run {
  if (name === "refresh (full reader)") {
    const r = spawnSync(process.execPath, [BIN, ...WRITERS[name](path)], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 180_000,
      env: { ...process.env, LEADFLOW_REFRESH_PATH: "generic" },
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  }
  return leadflow(WRITERS[name](path));
}

describe("file identity (item 10)", () => {
  test.each(Object.keys(WRITERS))(
    "%s writes a symlinked workbook through the link, keeping its 0600 mode",
    (name) => {
      const { folder, path } = fresh();
      chmodSync(path, 0o600);
      const link = join(folder, "link.xlsx");
      symlinkSync("book.xlsx", link);
      const r = run(name, link);
      const stillLink = lstatSync(link).isSymbolicLink() && readlinkSync(link) === "book.xlsx";
      const targetUpdated = sha256(new Uint8Array(readFileSync(path))) !== sha256(book);
      const mode = statSync(path).mode & 0o777;
      const ok = r.code !== 2 && stillLink && targetUpdated && mode === 0o600;
      record({
        kind: "bad-input",
        name: `file safety: ${name} through a symlink, mode 0600`,
        tried: 1,
        handled: ok ? 1 : 0,
        note: `link kept ${stillLink}, target updated ${targetUpdated}, mode ${mode.toString(8)}`,
      });
      expect(r.code === 0 || r.code === 1).toBe(true);
      expect(stillLink).toBe(true);
      expect(targetUpdated).toBe(true);
      expect(mode.toString(8)).toBe("600");
    },
    120_000,
  );

  test.each(Object.keys(WRITERS))(
    "%s refuses a read-only (0444) workbook: exit 2, clear message, untouched",
    (name) => {
      const { path } = fresh();
      chmodSync(path, 0o444);
      const r = run(name, path);
      const intact = sha256(new Uint8Array(readFileSync(path))) === sha256(book);
      const line = lastLine(r);
      const ok = r.code === 2 && intact && /read-only/.test(line) && /只读/.test(line);
      record({
        kind: "bad-input",
        name: `file safety: ${name} on a read-only file`,
        tried: 1,
        handled: ok ? 1 : 0,
        note: line.slice(0, 160),
      });
      expect(r.code).toBe(2);
      expect(intact).toBe(true);
      expect(line).toMatch(/read-only/);
      expect(line).toMatch(/只读/);
      expect(bilingual(line)).toBe(true);
      expect((statSync(path).mode & 0o777).toString(8)).toBe("444");
    },
    120_000,
  );
});

describe("locks (item 4)", () => {
  test.each(Object.keys(WRITERS))(
    "%s is refused while another LeadFlow command holds the workbook's lock",
    (name) => {
      const { folder, path } = fresh();
      // A live process holds the lock: this test's own process.
      const lock = join(folder, ".~leadflow.book.xlsx.lock");
      const held = JSON.stringify({
        pid: process.pid,
        time: new Date().toISOString(),
        host: hostname(),
        token: "t",
      });
      writeFileSync(lock, held);
      const r = run(name, path);
      const intact = sha256(new Uint8Array(readFileSync(path))) === sha256(book);
      const line = lastLine(r);
      const lockKept = existsSync(lock) && readFileSync(lock, "utf8") === held;
      const ok = r.code === 2 && intact && lockKept && /another LeadFlow command/.test(line) && bilingual(line);
      record({
        kind: "bad-input",
        name: `file safety: ${name} while another writer holds the lock`,
        tried: 1,
        handled: ok ? 1 : 0,
        note: line.slice(0, 160),
      });
      expect(r.code).toBe(2);
      expect(intact).toBe(true);
      expect(line).toMatch(/another LeadFlow command/);
      expect(bilingual(line)).toBe(true);
      expect(lockKept).toBe(true);
    },
    120_000,
  );

  test("a lock left by a dead process is taken over, and released after", () => {
    const { folder, path } = fresh();
    const lock = join(folder, ".~leadflow.book.xlsx.lock");
    // A process that has exited: its pid is free (a fresh spawn's pid, waited for).
    const dead = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], {
      encoding: "utf8",
    });
    const pid = Number(dead.stdout);
    writeFileSync(
      lock,
      JSON.stringify({
        pid,
        time: new Date().toISOString(),
        host: hostname(),
        token: "x",
      }),
    );
    const r = leadflow(WRITERS.import(path));
    const ok = (r.code === 0 || r.code === 1) && !existsSync(lock);
    record({
      kind: "bad-input",
      name: "file safety: stale lock of a dead process taken over",
      tried: 1,
      handled: ok ? 1 : 0,
      note: lastLine(r).slice(0, 160),
    });
    expect(r.code === 0 || r.code === 1).toBe(true);
    expect(existsSync(lock)).toBe(false);
  }, 120_000);

  const OFFICE: [string, string, RegExp][] = [
    ["Excel", "~$book.xlsx", /Excel/],
    ["LibreOffice", ".~lock.book.xlsx#", /LibreOffice/],
  ];
  test.each(OFFICE)(
    "a workbook open in %s is refused by every writing command (exit 2, untouched)",
    (program, owner, mention) => {
      let handled = 0;
      const notes: string[] = [];
      for (const name of ["init", "import", "refresh"]) {
        const { folder, path } = fresh();
        writeFileSync(
          join(folder, owner),
          program === "Excel" ? "\u0004user" : ",user,host,04.12.2026 10:00,file:///;",
        );
        const r = run(name, path);
        const intact = sha256(new Uint8Array(readFileSync(path))) === sha256(book);
        const line = lastLine(r);
        if (r.code === 2 && intact && mention.test(line) && bilingual(line)) handled++;
        else notes.push(`${name}: exit ${r.code}, ${line.slice(0, 80)}`);
      }
      record({
        kind: "bad-input",
        name: `file safety: workbook open in ${program}`,
        tried: 3,
        handled,
        note: notes.join("; "),
      });
      expect(notes).toEqual([]);
    },
    180_000,
  );

  test("two imports at once: no batch is lost", async () => {
    const { path } = fresh();
    const [a, b] = await Promise.all([
      leadflowAsync(["import", path, join(dir, "a.csv")]),
      leadflowAsync(["import", path, join(dir, "b.csv")]),
    ]);
    const names = await customers(path);
    const has = (tag: string) => names.filter((c) => c.startsWith(tag)).length;
    // Each import either saved its whole batch, or was refused with exit 2 and a clear message.
    const outcome = (r: Run, tag: string) =>
      r.code === 2 ? /another LeadFlow command/.test(lastLine(r)) && has(tag) === 0 : has(tag) === 40;
    const ok = outcome(a, "甲批") && outcome(b, "乙批") && has("上海一号") === 1;
    record({
      kind: "fault",
      name: "file safety: two imports at once",
      tried: 1,
      handled: ok ? 1 : 0,
      note: `exit ${a.code}/${b.code}; rows 甲批 ${has("甲批")}, 乙批 ${has("乙批")}`,
    });
    expect(outcome(a, "甲批")).toBe(true);
    expect(outcome(b, "乙批")).toBe(true);
    expect(has("上海一号")).toBe(1);
  }, 180_000);

  test("a refresh started just after an import does not wipe the imported rows", async () => {
    const { folder, path } = fresh();
    const importing = leadflowAsync(["import", path, join(dir, "a.csv")]);
    // Start the refresh while the import is at work: once its lock file is there (or after 300 ms
    // where there is no lock), so both overlap.
    const lock = join(folder, ".~leadflow.book.xlsx.lock");
    for (let waited = 0; waited < 300 && !existsSync(lock); waited += 10) await new Promise((r) => setTimeout(r, 10));
    const refreshing = leadflowAsync(["refresh", path, "--today", "2024-06-01"]);
    const [imp, ref] = await Promise.all([importing, refreshing]);
    const names = await customers(path);
    const imported = names.filter((c) => c.startsWith("甲批")).length;
    // Each command either did its whole work or was refused with a clear message, nothing else;
    // an import that said it succeeded has all its rows in the file.
    const refused = (r: Run) => r.code === 2 && /another LeadFlow command/.test(lastLine(r));
    const importOk = imp.code === 0 || imp.code === 1 ? imported === 40 : refused(imp) && imported === 0;
    const refreshOk = ref.code === 0 || refused(ref);
    const ok = importOk && refreshOk && !(refused(imp) && refused(ref));
    record({
      kind: "fault",
      name: "file safety: refresh just after import",
      tried: 1,
      handled: ok ? 1 : 0,
      note: `import exit ${imp.code}, refresh exit ${ref.code}; imported rows kept ${imported}/40`,
    });
    expect({ import: imp.code, refresh: ref.code, imported, ok }).toEqual(expect.objectContaining({ ok: true }));
    expect(refused(imp) && refused(ref)).toBe(false);
  }, 180_000);
});

describe("temp files (item 15)", () => {
  test("a stale temp file of a killed save is removed by the next run; a live process's one stays", () => {
    const { folder, path } = fresh();
    const dead = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], {
      encoding: "utf8",
    });
    const staleTmp = `.book.xlsx.${Number(dead.stdout)}.0badf00d.tmp`;
    const liveTmp = `.book.xlsx.${process.pid}.0c0ffee0.tmp`;
    writeFileSync(join(folder, staleTmp), "PK half a workbook");
    writeFileSync(join(folder, liveTmp), "PK a save in progress");
    const r = leadflow(WRITERS.refresh(path));
    const left = listFiles(folder);
    const ok = r.code === 0 && !left.includes(staleTmp) && left.includes(liveTmp);
    record({
      kind: "bad-input",
      name: "file safety: stale temp file after a kill",
      tried: 1,
      handled: ok ? 1 : 0,
      note: `left: ${left.join(", ")}`,
    });
    expect(r.code).toBe(0);
    expect(left).not.toContain(staleTmp);
    expect(left).toContain(liveTmp);
    expect(left.filter((f) => f.includes("leadflow"))).toEqual([]);
  }, 120_000);
});
