/**
 * The command line of every `leadflow` command (issue 13 item 15): a flag given twice, an empty
 * flag value, `--` ending the options, and `--help` on each command.
 */
import { appendFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs, UsageError } from "../../src/cli/args";
import { main } from "../../src/cli/main";
import { captureCli, type CliRun } from "../support/cli";

/** One case for the `npm run reliability` table (its "import/CSV/CLI cases" row). */
function rec(name: string, handled: boolean, note: string) {
  const out = process.env.LEADFLOW_RELIABILITY_OUT;
  if (!out) return;
  const line = { kind: "import-input", name, tried: 1, handled: handled ? 1 : 0, note };
  appendFileSync(join(out, `records-${process.pid}.jsonl`), JSON.stringify(line) + "\n");
}

/** Whether `f` throws a usage error. */
function refused(f: () => unknown): boolean {
  try {
    f();
    return false;
  } catch (err) {
    return err instanceof UsageError;
  }
}

describe("parseArgs", () => {
  test("a flag given twice is a usage error, whichever way it is spelled (neither value silently wins)", () => {
    rec(
      "CLI: repeated flag",
      refused(() => parseArgs(["--period=1", "--period=2"], ["period"])),
      "usage error",
    );
    for (const argv of [
      ["a.xlsx", "--period", "2024", "--period", "2025"],
      ["a.xlsx", "--period=2024", "--period=2025"],
      ["a.xlsx", "--period=2024", "--period", "2024"],
    ])
      expect(() => parseArgs(argv, ["period"], ["json"])).toThrow(/more than once.*重复/);
    expect(() => parseArgs(["a.xlsx", "--json", "--json"], ["period"], ["json"])).toThrow(UsageError);
  });

  test("an empty value is a usage error, never the flag's default", () => {
    rec(
      "CLI: --period= (empty)",
      refused(() => parseArgs(["--period="], ["period"])),
      "usage error",
    );
    for (const argv of [["--period="], ["--period", ""], ["--period=  "]])
      expect(() => parseArgs(["a.xlsx", ...argv], ["period"], ["json"])).toThrow(/needs a value.*不能为空/);
  });

  test("`--` ends the options: what follows is positional, even when it looks like a flag", () => {
    const after = parseArgs(["--", "--json"], [], ["json"]);
    rec("CLI: -- ends the options", after.positional[0] === "--json" && !after.flags.json, JSON.stringify(after));
    expect(parseArgs(["--json", "--", "--json", "--period=x", "-r.csv"], ["period"], ["json"])).toEqual({
      positional: ["--json", "--period=x", "-r.csv"],
      flags: { json: true },
    });
    // Only the first `--` is special; a second one is a file name.
    expect(parseArgs(["--", "a", "--"], [], []).positional).toEqual(["a", "--"]);
  });
});

const cli = (argv: string[]): Promise<CliRun> => captureCli(main, argv);

describe.each(["refresh", "check", "import", "init"])("leadflow %s --help", (name) => {
  test("prints that command's usage on stdout and exits 0, touching no file", async () => {
    for (const flag of ["--help", "-h"]) {
      const r = await cli([name, flag]);
      rec(`CLI: ${name} ${flag}`, r.code === 0 && r.stdout.includes(`leadflow ${name}`), `exit ${r.code}`);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe("");
      expect(r.stdout).toContain(`leadflow ${name} <workbook.xlsx>`);
      expect(r.stdout).not.toMatch(new RegExp(`leadflow (?!${name})\\w+ <workbook`));
    }
    // After `--`, "--help" is a file name, not a request for help.
    const r = await cli([name, "--", "--help"]);
    expect(r.code).toBe(2);
  });
});

test("refresh --period= (empty) is a usage error, not 'all'", async () => {
  const r = await cli(["refresh", "missing.xlsx", "--period="]);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/--period needs a value/);
});
