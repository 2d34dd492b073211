// LibreOffice as the yardstick of the measuring scripts (bench.mjs, tests/oracle/measure.mjs):
// a private profile that recalculates every formula on load, and the command line that opens,
// recalculates and saves .xlsx files. The Jest tests have their own copy in
// tests/support/libreoffice.ts (TypeScript, with a lock across workers).
/* global process */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { delimiter, join } from "node:path";
import { pathToFileURL } from "node:url";

const RECALC_ALWAYS = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`;

/** Path of soffice (SOFFICE, the Debian paths, then PATH), or undefined when LibreOffice is not installed. */
export function findSoffice() {
  const candidates = [process.env.SOFFICE, "/usr/bin/soffice", "/usr/lib/libreoffice/program/soffice"];
  for (const dir of (process.env.PATH ?? "").split(delimiter)) if (dir) candidates.push(join(dir, "soffice"));
  return candidates.find((c) => c && existsSync(c));
}

/** Create a recalculate-always profile in `dir`; returns the soffice arguments that convert `inputs` into `outDir`. */
export function recalcProfile(dir) {
  mkdirSync(join(dir, "user"), { recursive: true });
  writeFileSync(join(dir, "user", "registrymodifications.xcu"), RECALC_ALWAYS);
  return (outDir, inputs) => [
    `-env:UserInstallation=${pathToFileURL(dir).href}`,
    "--headless",
    "--norestore",
    "--convert-to",
    "xlsx:Calc MS Excel 2007 XML",
    "--outdir",
    outDir,
    ...inputs,
  ];
}
