// Bundles the `leadflow` command (src/cli) into one CommonJS file for Node.
// esbuild keeps it fast enough to run before every test run.
import { build } from "esbuild";

await build({
  entryPoints: ["src/cli/main.ts"],
  outfile: "dist/cli/leadflow.cjs",
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  sourcemap: true,
  external: ["fflate", "zod"],
  logLevel: "warning",
});
