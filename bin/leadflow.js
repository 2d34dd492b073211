#!/usr/bin/env node
// The `leadflow` command: runs the bundled CLI built by `npm run build:cli`.
"use strict";
const path = require("path");
const fs = require("fs");
const bundle = path.join(__dirname, "..", "dist", "cli", "leadflow.cjs");
if (!fs.existsSync(bundle)) {
  process.stderr.write("leadflow: the CLI is not built yet; run `npm run build:cli` / 请先运行 npm run build:cli\n");
  process.exit(2);
}
require(bundle)
  .main(process.argv.slice(2))
  .then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(`leadflow: ${err && err.message ? err.message.split("\n")[0] : String(err)}\n`);
      process.exitCode = 2;
    },
  );
