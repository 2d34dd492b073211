// `npm run bench:pane`: the task pane's pure engine (issue 15) at 50,000 leads and about
// 200,000 follow-ups — board build (target ≤ 100 ms), search index build, query (target ≤ 50 ms
// after the index, p50 and max over 50 queries) and lead card — printed as JSON lines.
// `npm run bench:pane -- 5000` for another size.
import { build } from "esbuild";
import { spawnSync } from "node:child_process";
import { join, resolve } from "node:path";

const ROOT = resolve(import.meta.dirname ?? new URL(".", import.meta.url).pathname, "..");
const out = join(ROOT, "dist", "bench", "pane.cjs");
await build({
  entryPoints: [join(ROOT, "scripts", "bench", "pane.ts")],
  outfile: out,
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  external: ["zod"],
  logLevel: "warning",
});
const r = spawnSync(process.execPath, ["--max-old-space-size=4096", out, ...process.argv.slice(2)], {
  cwd: ROOT,
  stdio: "inherit",
});
process.exit(r.status ?? 1);
