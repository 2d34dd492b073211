// The issue-12 table (`npm run bench`): every file command of the built CLI on the sample made by
// `leadflow init --sample <leads>`, side by side in one run with the floor (`unzip -p` of the same
// file, best of 3). Printed figures, never asserted by a test.
//
// Per command: wall time (median of the large runs), ratio to the floor, peak memory (maximum
// resident set size from `/usr/bin/time -v`), one more run under --max-old-space-size=768, and the
// growth from the small to the large sample judged on the median of process pairs (each pair runs
// the small then the large file in fresh processes, so a quadratic step shows and cache effects
// wash out). Then the workbook's weight: sheet XML size and formula characters per row.
//
// Environment (the defaults are the full issue-12 table):
//   LEADFLOW_BENCH_LEADS=50000      large sample        LEADFLOW_BENCH_SMALL=5000  small sample
//   LEADFLOW_BENCH_PAIRS=5          process pairs       LEADFLOW_BENCH_FLOOR_RUNS=3
//   LEADFLOW_BENCH_PAIRS_FOR=init:1,reinstall:2   pairs for some commands only (slow ones in a quick run)
//   LEADFLOW_BENCH_COMMANDS=init,refresh1,refresh2,check,import,reinstall   (a subset for a quick run)
//   LEADFLOW_BENCH_TIMEOUT=1800     seconds before one run is stopped
//   LEADFLOW_BENCH_KEEP=1           keep the work folder (its path is printed)
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const env = (name, fallback) => {
  const v = process.env[name];
  return v === undefined || v === "" ? fallback : Number(v);
};
const LARGE = env("LEADFLOW_BENCH_LEADS", 50000);
const SMALL = env("LEADFLOW_BENCH_SMALL", 5000);
const PAIRS = env("LEADFLOW_BENCH_PAIRS", 5);
const FLOOR_RUNS = env("LEADFLOW_BENCH_FLOOR_RUNS", 3);
const TIMEOUT_S = env("LEADFLOW_BENCH_TIMEOUT", 1800);
const PAIRS_FOR = Object.fromEntries(
  (process.env.LEADFLOW_BENCH_PAIRS_FOR ?? "")
    .split(",")
    .map((s) => s.split(":").map((x) => x.trim()))
    .filter(([k, v]) => k && Number(v) > 0)
    .map(([k, v]) => [k, Number(v)]),
);
const pairsOf = (cmd) => PAIRS_FOR[cmd] ?? PAIRS;
const ALL = ["init", "refresh1", "refresh2", "check", "import", "reinstall"];
const COMMANDS = (process.env.LEADFLOW_BENCH_COMMANDS ?? ALL.join(","))
  .split(",")
  .map((s) => s.trim())
  .filter((s) => ALL.includes(s));
const TODAY = "2025-06-30";
const SEED = "7";
const MB = 1024 * 1024;

/** Targets of issue 12: wall time as a multiple of the floor. */
const TARGET = { init: 8, refresh1: 3, refresh2: 3, check: 2, import: 3, reinstall: 4 };
const LABEL = {
  init: "init --sample",
  refresh1: "refresh (first)",
  refresh2: "refresh (second)",
  check: "check --json",
  import: "import 10 rows",
  reinstall: "init again (re-install)",
};
const PEAK_TARGET_MB = 1024;
const HEAP_PROOF_MB = 768;
const GROWTH_TARGET = 13;

function log(line) {
  process.stderr.write(`[bench] ${line}\n`);
}

/** Run one process; wall seconds (monotonic clock), peak RSS in MB from /usr/bin/time -v, exit status. */
function run(work, cmd, args, { ok = [0] } = {}) {
  const stats = join(work, "time-v.txt");
  rmSync(stats, { force: true });
  const t0 = process.hrtime.bigint();
  const r = spawnSync("/usr/bin/time", ["-v", "-o", stats, cmd, ...args], {
    stdio: ["ignore", "ignore", "pipe"],
    encoding: "utf8",
    maxBuffer: 1 << 26,
    timeout: TIMEOUT_S * 1000,
    killSignal: "SIGKILL",
  });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const text = existsSync(stats) ? readFileSync(stats, "utf8") : "";
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(text);
  const exit = /Exit status: (\d+)/.exec(text);
  // A process killed by a signal (an out-of-memory abort is SIGABRT) shows "Exit status: 0" in
  // time's report; the "terminated by signal" line and time's own exit code tell it apart.
  const killed = /Command terminated by signal (\d+)/.exec(text);
  const status = r.signal || killed ? null : r.status !== 0 ? r.status : exit ? Number(exit[1]) : r.status;
  return {
    wall,
    peakMB: rss ? Math.round(Number(rss[1]) / 1024) : null,
    status,
    ok: status !== null && ok.includes(status),
    timedOut: r.error?.code === "ETIMEDOUT" || r.signal === "SIGKILL",
    stderrTail: (r.stderr ?? "").trimEnd().split("\n").slice(-2).join(" | "),
  };
}

const median = (xs) => {
  const s = xs.filter((x) => x !== null && Number.isFinite(x)).sort((a, b) => a - b);
  if (s.length === 0) return null;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fixed = (x, d = 2) => (x === null || x === undefined ? "—" : Number(x).toFixed(d));
const mark = (ok) => (ok === null || ok === undefined ? "—" : ok ? "pass" : "FAIL");

/** Ten new leads, headers as a Chinese CRM export writes them (the sample workbook is zh-CN). */
function importCsv(path) {
  const head = "公司名称,联系人,手机号,行业,来源,状态,负责人,创建时间";
  const rows = Array.from(
    { length: 10 },
    (_, i) =>
      `基准导入客户${i + 1}有限公司,联系人${i + 1},1390000${String(1000 + i)},制造业,展会推荐,待跟进,王芳,2025/6/${10 + i}`,
  );
  writeFileSync(path, "\uFEFF" + [head, ...rows].join("\r\n") + "\r\n");
}

export async function benchTable(root) {
  if (!existsSync("/usr/bin/time")) throw new Error("/usr/bin/time is missing: apt-get install time");
  const cli = join(root, "bin", "leadflow.js");
  if (!existsSync(join(root, "dist"))) throw new Error("build the CLI first: npm run build:cli");
  const work = mkdtempSync(join(tmpdir(), "leadflow-bench12-"));
  log(`work folder ${work}; leads ${SMALL} → ${LARGE}; ${PAIRS} process pairs; commands ${COMMANDS.join(",")}`);
  const node = (heapMB, ...args) => [
    process.execPath,
    [...(heapMB ? [`--max-old-space-size=${heapMB}`] : []), cli, ...args],
  ];
  const csv = join(work, "ten.csv");
  importCsv(csv);
  try {
    // ---------------------------------------------------------------- the samples (and init's own figures)
    const sample = { [SMALL]: join(work, `sample-${SMALL}.xlsx`), [LARGE]: join(work, `sample-${LARGE}.xlsx`) };
    const results = {};
    const initRuns = { small: [], large: [] };
    const pairCount = COMMANDS.includes("init") ? pairsOf("init") : 1;
    for (let i = 0; i < pairCount; i++) {
      for (const [size, key] of [
        [SMALL, "small"],
        [LARGE, "large"],
      ]) {
        const out = i === 0 ? sample[size] : join(work, `init-${size}-${i}.xlsx`);
        rmSync(out, { force: true });
        const r = run(work, ...node(0, "init", out, "--sample", String(size), "--seed", SEED));
        if (!r.ok) throw new Error(`init --sample ${size} failed (${r.status}): ${r.stderrTail}`);
        initRuns[key].push(r);
        if (i > 0) rmSync(out, { force: true });
        log(`init --sample ${size}: ${r.wall.toFixed(2)} s, ${r.peakMB} MB`);
      }
    }
    if (COMMANDS.includes("init")) results.init = { runs: initRuns };

    // ---------------------------------------------------------------- the floor: unzip -p, best of N
    const floor = {};
    for (const size of [SMALL, LARGE]) {
      let best = Infinity;
      for (let i = 0; i < FLOOR_RUNS; i++) {
        const t0 = process.hrtime.bigint();
        const r = spawnSync("unzip", ["-p", sample[size]], { stdio: ["ignore", "ignore", "ignore"] });
        if (r.status !== 0) throw new Error(`unzip -p ${sample[size]} failed (${r.status})`);
        best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e9);
      }
      floor[size] = best;
    }
    log(`floor (unzip -p, best of ${FLOOR_RUNS}): ${floor[LARGE].toFixed(2)} s at ${LARGE}`);

    // ---------------------------------------------------------------- the workbook's weight
    const entry = join(root, "dist", "bench", "entry.cjs");
    const m = spawnSync(process.execPath, ["--max-old-space-size=4096", entry, "measure", sample[LARGE]], {
      encoding: "utf8",
      maxBuffer: 1 << 24,
    });
    const weight = m.status === 0 ? JSON.parse(m.stdout.trim().split("\n").pop()) : { error: m.stderr.slice(-300) };

    // A refreshed copy of each sample, for the second refresh.
    const refreshed = {};
    if (COMMANDS.includes("refresh2"))
      for (const size of [SMALL, LARGE]) {
        refreshed[size] = join(work, `refreshed-${size}.xlsx`);
        copyFileSync(sample[size], refreshed[size]);
        const r = run(work, ...node(0, "refresh", refreshed[size], "--today", TODAY));
        if (!r.ok) throw new Error(`refresh of the ${size} sample failed (${r.status}): ${r.stderrTail}`);
      }

    /** Prepare the input of one run of `cmd` at `size`; the command line to time and the exit codes that count as done. */
    const job = (cmd, size, heapMB = 0) => {
      const copy = join(work, `run-${size}.xlsx`);
      rmSync(copy, { force: true });
      switch (cmd) {
        case "init":
          return { argv: node(heapMB, "init", copy, "--sample", String(size), "--seed", SEED), ok: [0] };
        case "refresh1":
          copyFileSync(sample[size], copy);
          return { argv: node(heapMB, "refresh", copy, "--today", TODAY), ok: [0] };
        case "refresh2":
          copyFileSync(refreshed[size], copy);
          return { argv: node(heapMB, "refresh", copy, "--today", TODAY), ok: [0] };
        case "check":
          copyFileSync(sample[size], copy);
          return { argv: node(heapMB, "check", copy, "--json"), ok: [0, 1] };
        case "import":
          copyFileSync(sample[size], copy);
          return { argv: node(heapMB, "import", copy, csv), ok: [0, 1] };
        case "reinstall":
          copyFileSync(sample[size], copy);
          return { argv: node(heapMB, "init", copy), ok: [0] };
      }
      throw new Error(cmd);
    };

    for (const cmd of COMMANDS) {
      if (cmd === "init") continue; // its runs made the samples
      const runs = { small: [], large: [] };
      for (let i = 0; i < pairsOf(cmd); i++) {
        for (const [size, key] of [
          [SMALL, "small"],
          [LARGE, "large"],
        ]) {
          const j = job(cmd, size);
          const r = run(work, ...j.argv, { ok: j.ok });
          runs[key].push(r);
          log(
            `${cmd} ${size}: ${r.wall.toFixed(2)} s, ${r.peakMB} MB${r.ok ? "" : ` — exit ${r.status}: ${r.stderrTail}`}`,
          );
        }
      }
      results[cmd] = { runs };
    }
    // One run of each command at the large size under a 768 MB heap.
    for (const cmd of COMMANDS) {
      const j = job(cmd, LARGE, HEAP_PROOF_MB);
      const r = run(work, ...j.argv, { ok: j.ok });
      results[cmd].heapProof = r;
      log(
        `${cmd} ${LARGE} under --max-old-space-size=${HEAP_PROOF_MB}: ${r.ok ? "done" : `exit ${r.status}: ${r.stderrTail}`}`,
      );
    }

    // ---------------------------------------------------------------- the table
    const rowsOut = [];
    for (const cmd of COMMANDS) {
      const { runs, heapProof } = results[cmd];
      const large = runs.large.filter((r) => r.ok);
      const wall = median(large.map((r) => r.wall));
      const peak = Math.max(...runs.large.map((r) => r.peakMB ?? 0));
      const ratios = runs.large.map((r, i) =>
        r.ok && runs.small[i]?.ok ? r.wall / Math.max(1e-3, runs.small[i].wall) : null,
      );
      const growth = median(ratios);
      const x = wall === null ? null : wall / floor[LARGE];
      const row = {
        command: LABEL[cmd],
        pairs: pairsOf(cmd),
        seconds: wall,
        firstSeconds: runs.large[0]?.wall ?? null,
        xFloor: x,
        targetX: TARGET[cmd],
        timeMet: x === null ? false : x <= TARGET[cmd],
        peakMB: peak || null,
        peakMet: peak > 0 && peak <= PEAK_TARGET_MB,
        heap768: heapProof.ok,
        growth,
        growthPairs: ratios.map((r) => (r === null ? null : Number(r.toFixed(2)))),
        growthMet: growth !== null && growth <= GROWTH_TARGET,
        failedRuns: runs.large.filter((r) => !r.ok).length + runs.small.filter((r) => !r.ok).length,
      };
      row.met = row.timeMet && row.peakMet && row.heap768 && row.growthMet && row.failedRuns === 0;
      rowsOut.push(row);
    }
    const lines = [];
    lines.push(
      `LeadFlow bench — ${LARGE.toLocaleString("en-US")} leads (growth from ${SMALL.toLocaleString("en-US")}), ` +
        `${PAIRS} process pair${PAIRS === 1 ? "" : "s"}, ${new Date().toISOString()}`,
    );
    lines.push(
      `floor: unzip -p of the ${LARGE}-lead sample, best of ${FLOOR_RUNS}: ${fixed(floor[LARGE])} s ` +
        `(${SMALL}-lead sample: ${fixed(floor[SMALL])} s); file ${fixed(statSync(sample[LARGE]).size / 1e6, 1)} MB`,
    );
    lines.push("");
    lines.push(
      "| command | wall s (median) | × floor | target | peak MB | ≤ 1 GB | 768 MB heap | growth (median of pairs) | pairs | ≤ 13× | all met |",
    );
    lines.push("|---|---|---|---|---|---|---|---|---|---|---|");
    for (const r of rowsOut)
      lines.push(
        `| ${r.command} | ${fixed(r.seconds)} | ${fixed(r.xFloor, 1)}× | ≤ ${r.targetX}× ${mark(r.timeMet)} | ` +
          `${r.peakMB ?? "—"} | ${mark(r.peakMet)} | ${mark(r.heap768)} | ${fixed(r.growth, 1)}× | ${r.pairs} | ${mark(r.growthMet)} | ` +
          `${r.met ? "pass" : "FAIL"}${r.failedRuns ? ` (${r.failedRuns} runs failed)` : ""} |`,
      );
    lines.push("");
    if (weight.error) lines.push(`workbook weight: could not be measured (${weight.error})`);
    else {
      const fc = weight.formulaCharsPerRow ?? {};
      const rows = weight.rows ?? {};
      lines.push(
        `workbook: ${Object.entries(rows)
          .map(([k, v]) => `${k} ${v}`)
          .join(", ")}; sheet XML ${weight.sheetXmlMB} MB (target ≤ 250: ${mark(weight.sheetXmlMB <= 250)})`,
      );
      lines.push(
        `formula characters per row: Leads ${fc.Leads ?? "—"} (≤ 1024: ${mark(fc.Leads != null && fc.Leads <= 1024)}), ` +
          `Conversion ${fc.Conversion ?? "—"} (≤ 1024: ${mark(fc.Conversion != null && fc.Conversion <= 1024)})`,
      );
    }
    process.stdout.write(lines.join("\n") + "\n");
    process.stdout.write(
      JSON.stringify({ step: "table", leads: LARGE, small: SMALL, pairs: PAIRS, floor, weight, rows: rowsOut }) + "\n",
    );
  } finally {
    if (process.env.LEADFLOW_BENCH_KEEP) log(`kept ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
}
