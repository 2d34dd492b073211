/* global process, URL */
// `npm run bench:office [-- <leads>]`: the Office path (install upgrade, import of 10 rows, check,
// quick entry, refresh) on the strict fake Excel at 50,000 leads by default: syncs, payload chunks,
// largest request and response. Bundles scripts/bench/office.ts with esbuild and runs it once.
import { build } from "esbuild";
import { spawnSync } from "node:child_process";
import { join, resolve } from "node:path";

const ROOT = resolve(import.meta.dirname ?? new URL(".", import.meta.url).pathname, "..");
const out = join(ROOT, "dist", "bench", "office.cjs");
await build({
  entryPoints: [join(ROOT, "scripts", "bench", "office.ts")],
  outfile: out,
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  external: ["exceljs", "iconv-lite", "fflate", "zod"],
  logLevel: "warning",
});
const leads = process.argv[2] ?? "50000";
const r = spawnSync(process.execPath, ["--max-old-space-size=6000", out, leads], { stdio: "inherit", cwd: ROOT });
process.exit(r.status ?? 1);
