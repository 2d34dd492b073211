/**
 * Measure the parse / map / plan part of `leadflow import` (not a test). Run:
 *   npx esbuild tests/import/bench-import.ts --bundle --platform=node --external:iconv-lite \
 *     --external:fflate --external:zod --outfile=/tmp/bench-import.cjs
 *   /usr/bin/time -v node --max-old-space-size=1024 /tmp/bench-import.cjs <workbook.xlsx> <source.csv>
 * The workbook is one `leadflow init` made; the source any CSV (e.g. 100,000 generated leads).
 * Prints the time of each step and the heap after it; the workbook is not written.
 */
import { readFile } from "node:fs/promises";
import { decodeCsv, csvTextSource } from "../../src/domain/import/csv";
import { importRows } from "../../src/operations/import";
import { openWorkbook } from "../../src/workbook/xlsx/package/open";

function step(name: string, t0: bigint): bigint {
  const now = process.hrtime.bigint();
  const mb = (n: number) => (n / 1048576).toFixed(0).padStart(5) + " MB";
  const m = process.memoryUsage();
  process.stdout.write(
    `${name.padEnd(28)} ${(Number(now - t0) / 1e6).toFixed(0).padStart(7)} ms   heap ${mb(m.heapUsed)}   rss ${mb(m.rss)}\n`,
  );
  return process.hrtime.bigint();
}

async function main() {
  const [workbookPath, sourcePath] = process.argv.slice(2);
  let t = process.hrtime.bigint();
  const bytes = await readFile(sourcePath);
  t = step("read file", t);
  const { text, encoding } = decodeCsv(bytes);
  t = step(`decode (${encoding})`, t);
  const source = csvTextSource(text);
  t = step(`parse ${source.rows.length} rows`, t);
  const { port: wb } = await openWorkbook(workbookPath);
  t = step("open workbook", t);
  const { report, changes } = await importRows(wb, source, { into: "Leads", dryRun: true });
  step(`map + plan (${report.imported.length})`, t);
  void changes;
}

main().catch((e) => {
  process.stderr.write(String(e && e.stack ? e.stack : e) + "\n");
  process.exit(1);
});
