/**
 * Benchmark steps, bundled by scripts/bench.mjs with esbuild and run one step
 * per process (so each figure has a clean heap). Every step prints one JSON
 * line on stdout.
 *
 *   gen <leads> <out.xlsx>     a LeadFlow workbook with sample data (init --sample equivalent)
 *   engine <file.xlsx>         row parsing and computeAll time on the file's tables (best and median of 15 runs
 *                              each after 3 warm-up runs, collector run before each)
 *   office <leads>             refresh through the Office adapter on the strict fake Excel
 *   measure <file.xlsx>        the workbook's weight: sheet XML size, rows per input table, formula
 *                              characters per Leads and per Conversion row (one data row in the middle)
 */
import { readFileSync, writeFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { computeAll } from "../../src/domain/engine";
import { bookFromTables, type RawTable } from "../../src/domain/rows";
import { planInstall } from "../../src/domain/plan/install";
import { generateSample, sampleRows } from "../../src/domain/plan/sample";
import type { Change } from "../../src/domain/plan/changes";
import { serialFromYmd } from "../../src/domain/parse/dates";
import type { InputTableName } from "../../src/domain/types";
import { install } from "../../src/operations/install";
import { loadContext } from "../../src/operations/context";
import { XlsxWorkbook } from "../../tests/support/exceljs";
import { FastXlsxPort } from "../../src/workbook/xlsx/package/fastPort";
import { XlsxPackage, parseRange } from "./measure";
import { refresh } from "../../src/operations/refresh";
import { OfficeWorkbook } from "../../src/workbook/office/officeWorkbook";
import { installFakeExcel } from "../../tests/fakes/excel";

const NOW = new Date(2025, 5, 30, 18, 0, 0);
const NOW_SERIAL = serialFromYmd(2025, 6, 30, 18);
const AS_OF = serialFromYmd(2025, 6, 30);
const FOLLOW_UPS_PER_LEAD = 4;

function emit(o: Record<string, unknown>): void {
  process.stdout.write(JSON.stringify(o) + "\n");
}

/**
 * The sample workbook: templates installed through the file adapter, then the
 * sample rows appended through the fast package writer (exceljs would need
 * minutes and gigabytes at 50,000 leads). Follow-ups are topped up or trimmed
 * to exactly FOLLOW_UPS_PER_LEAD per lead on average, as the targets specify.
 */
async function gen(count: number, out: string): Promise<void> {
  const t0 = performance.now();
  const wb = XlsxWorkbook.create("bench.xlsx");
  await install(wb, { locale: "zh-CN", now: NOW });
  const port = new FastXlsxPort(await wb.toBytes());
  const ctx = await loadContext(port);
  const sample = generateSample({ count, seed: 7, locale: ctx.locale, settings: ctx.settings, now: NOW_SERIAL });
  const want = count * FOLLOW_UPS_PER_LEAD;
  const fus = sample.followUps;
  const naturalPerLead = fus.length / count;
  // Extra follow-ups repeat existing ones (same lead, date and stage): the review numbers stay plausible.
  for (let i = 0; fus.length < want; i++) fus.push({ ...fus[i % fus.length] });
  fus.length = Math.min(fus.length, want);
  const settings = { ...ctx.settings, lists: { ...ctx.settings.lists, team: sample.team.map((value) => ({ value })) } };
  const tables = await port.readTables([
    "Leads",
    "FollowUps",
    "Conversion",
    "ChannelCosts",
    ...ctx.settingsTables.keys(),
  ]);
  const plan = planInstall({
    state: ctx.state,
    settings,
    locale: ctx.locale,
    tables,
    now: NOW_SERIAL,
    asOf: AS_OF,
    append: sampleRows(sample),
  });
  const data = plan.changes.filter((c: Change) => c.op === "appendRows" || c.op === "writeTableColumn");
  await port.apply(data);
  const bytes = port.save();
  writeFileSync(out, bytes);
  emit({
    step: "generate",
    leads: sample.leads.length,
    followUps: fus.length,
    naturalFollowUpsPerLead: Number(naturalPerLead.toFixed(2)),
    conversion: sample.conversion.length,
    channelCosts: sample.channelCosts.length,
    fileMB: Number((bytes.length / 1e6).toFixed(1)),
    seconds: Number(((performance.now() - t0) / 1000).toFixed(2)),
  });
}

/** The file's input tables and Settings; the package itself is not kept (it is not the engine's). */
async function readInputs(file: string) {
  const port = new FastXlsxPort(readFileSync(file));
  const ctx = await loadContext(port);
  const raw: Partial<Record<InputTableName, RawTable>> = {};
  const t = await port.readTables(INPUT_TABLES);
  for (const n of INPUT_TABLES) {
    const d = t.get(n);
    if (d) raw[n] = { headers: d.table.headers, values: d.values, firstRow: d.firstRow };
  }
  return { raw, settings: ctx.settings };
}

const INPUT_TABLES: InputTableName[] = ["Leads", "FollowUps", "Conversion", "ChannelCosts"];

async function engine(file: string): Promise<void> {
  const { raw, settings } = await readInputs(file);
  const stageCount = settings.lists.stage.length;
  const gc = (globalThis as { gc?: () => void }).gc;
  // Parse (cells → rows) and compute (rows → every number Refresh writes) are timed apart.
  // Warm-up runs first, so both sizes are timed in optimized code (a 5,000-lead run is
  // too short for the JIT to finish within the first few).
  const WARM = 3;
  const RUNS = 15;
  const timeRuns = (f: () => void): number[] => {
    const ms: number[] = [];
    for (let i = 0; i < WARM + RUNS; i++) {
      gc?.();
      const s = performance.now();
      f();
      if (i >= WARM) ms.push(performance.now() - s);
    }
    return ms.sort((a, b) => a - b);
  };
  // The engine is timed on the first book parsed (as in a Refresh, which parses once),
  // before the parse runs below churn the heap; the cells stay alive for those runs.
  const book = bookFromTables(raw, stageCount);
  const runs = timeRuns(() => computeAll(book, settings, { period: { kind: "all" }, asOf: AS_OF }));
  // Yardstick for the growth figure: one pass that only reads the row fields the engine
  // reads, no computing. Its growth from 5,000 to 50,000 leads is the machine's (CPU
  // cache), not the engine's: no linear pass over these rows can grow less.
  let sink = 0;
  const touchRuns = timeRuns(() => {
    for (const l of book.leads) sink += l.leadId.length + l.status.length + l.source.length + (l.createdAt ?? 0);
    for (const f of book.followUps) sink += f.leadId.length + f.stage.length + (f.at ?? 0);
    for (const c of book.conversion) sink += c.leadId.length + c.stageAt.length;
  });
  const parseRuns = timeRuns(() => bookFromTables(raw, stageCount));
  const ms = (x: number) => Number(x.toFixed(1));
  const mid = Math.floor(RUNS / 2);
  emit({
    step: "engine",
    leads: book.leads.length,
    followUps: book.followUps.length,
    computeAllMs: ms(runs[0]),
    computeAllMedianMs: ms(runs[mid]),
    parseRowsMs: ms(parseRuns[0]),
    parseRowsMedianMs: ms(parseRuns[mid]),
    readRowsOnlyMs: Number(touchRuns[0].toFixed(2)),
    readRowsOnlyMedianMs: Number(touchRuns[mid].toFixed(2)),
    ...(sink === -1 ? { sink } : {}),
  });
}

/** Install with sample rows on the strict fake, then one Refresh: syncs, largest request and response, cells read. */
async function office(count: number): Promise<void> {
  const host = installFakeExcel({ excelApi: "1.9" });
  if (!host.state.sheets.length) host.state.addSheet("Sheet1");
  const wb = new OfficeWorkbook({ run: host.run, requirements: host.requirements });
  await install(wb, { locale: "zh-CN", now: NOW, sample: { count, seed: 7 } });
  host.resetStats();
  const t0 = performance.now();
  const r = await refresh(wb, { period: { kind: "all" }, asOf: AS_OF, now: NOW });
  const seconds = (performance.now() - t0) / 1000;
  const st = host.stats;
  emit({
    step: "office",
    leads: r.report.rowsRead.Leads,
    followUps: r.report.rowsRead.FollowUps,
    syncs: st.syncs,
    maxRequestBytes: st.maxRequestBytes,
    maxResponseBytes: st.maxResponseBytes,
    maxReadCells: st.maxReadCells,
    charts: r.report.charts,
    refreshSecondsOnFake: Number(seconds.toFixed(2)),
  });
}

/** Sheet XML size and formula text per row of a workbook (no timing: the weight Excel parses on open). */
async function measure(file: string): Promise<void> {
  const pkg = new XlsxPackage(readFileSync(file));
  let sheetXmlBytes = 0;
  for (const s of pkg.sheets()) if (pkg.has(s.path)) sheetXmlBytes += pkg.partSize(s.path);
  const rows: Record<string, number> = {};
  const formulaChars: Record<string, number | null> = {};
  for (const t of pkg.tables()) {
    if (!["Leads", "FollowUps", "Conversion", "ChannelCosts"].includes(t.name)) continue;
    const r = parseRange(t.ref);
    const first = r.r1 + t.headerRowCount;
    const count = r.r2 - t.totalsRowCount - first + 1;
    rows[t.name] = count;
    if (t.name !== "Leads" && t.name !== "Conversion") continue;
    // A data row in the middle of the table: every formula cell's text (shared children count their anchor's text).
    formulaChars[t.name] = count > 0 ? pkg.formulaChars(t.sheet, first + Math.floor(count / 2), r.c1, r.c2) : null;
  }
  emit({
    step: "measure",
    fileMB: Number((readFileSync(file).length / 1e6).toFixed(1)),
    sheetXmlMB: Number((sheetXmlBytes / 1e6).toFixed(1)),
    rows,
    formulaCharsPerRow: formulaChars,
  });
}

async function main(): Promise<void> {
  const [cmd, ...args] = process.argv.slice(2);
  if (cmd === "gen") return gen(Number(args[0]), args[1]);
  if (cmd === "engine") return engine(args[0]);
  if (cmd === "office") return office(Number(args[0]));
  if (cmd === "measure") return measure(args[0]);
  throw new Error(`unknown bench step ${cmd}`);
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
