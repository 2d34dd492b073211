// Measures `leadflow init --sample n` (time, file size, peak memory) and the
// LibreOffice recalculation of the results. A script, not a test: timings
// depend on the machine and its load.
//   npm run build:cli && node tests/oracle/measure.mjs [200 500 5000]
/* global process, console */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { findSoffice, recalcProfile } from "../../scripts/libreoffice.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
const counts = sizes.length ? sizes : [200, 500, 5000];
const dir = mkdtempSync(join(tmpdir(), "leadflow-measure-"));
const timeBin = existsSync("/usr/bin/time") ? "/usr/bin/time" : undefined;

function measure(args) {
  const started = process.hrtime.bigint();
  const cmd = timeBin ? timeBin : process.execPath;
  const argv = timeBin ? ["-f", "%M", process.execPath, ...args] : args;
  const r = spawnSync(cmd, argv, { cwd: root, encoding: "utf8" });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (r.status !== 0) throw new Error(`failed: ${args.join(" ")}\n${r.stderr}`);
  const rssKb = timeBin ? Number(r.stderr.trim().split("\n").pop()) : NaN;
  return { seconds, rssMb: rssKb / 1024 };
}

const rows = [];
const files = [];
for (const n of counts) {
  const file = join(dir, `sample-${n}.xlsx`);
  const init = measure([join(root, "bin", "leadflow.js"), "init", file, "--sample", String(n), "--seed", "1"]);
  const again = measure([join(root, "bin", "leadflow.js"), "init", file]);
  rows.push({
    leads: n,
    initS: init.seconds,
    reinitS: again.seconds,
    sizeKb: statSync(file).size / 1024,
    peakMb: init.rssMb,
  });
  files.push(file);
}

// LibreOffice: private recalc-always profile, as in tests/support/libreoffice.ts.
const bin = findSoffice();
if (!bin) throw new Error("soffice not installed (apt-get install libreoffice-calc-nogui)");
const convert = recalcProfile(join(dir, "profile"));
const soffice = (inputs) => {
  const started = process.hrtime.bigint();
  execFileSync(bin, convert(join(dir, "out"), inputs), { stdio: "ignore" });
  return Number(process.hrtime.bigint() - started) / 1e9;
};
soffice([files[0]]); // first start initialises the profile: not counted
const lo = counts.map((n, i) => ({ leads: n, seconds: soffice([files[i]]) }));
const batch = soffice(files);

console.log("leads | init s | re-init s | file KB | init peak MB | LibreOffice recalc s");
rows.forEach((r, i) =>
  console.log(
    `${r.leads} | ${r.initS.toFixed(1)} | ${r.reinitS.toFixed(1)} | ${r.sizeKb.toFixed(0)} | ${r.peakMb.toFixed(0)} | ${lo[i].seconds.toFixed(1)}`,
  ),
);
console.log(`LibreOffice, all ${files.length} files in one call: ${batch.toFixed(1)} s`);
rmSync(dir, { recursive: true, force: true });
