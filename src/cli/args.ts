/** A small, strict argument parser: unknown flags are errors, not silently ignored. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

export interface ParsedArgs {
  positional: string[];
  flags: Record<string, string | true>;
}

/**
 * Parse `argv` given the allowed flags: `valued` take a value (`--x v` or `--x=v`), `booleans` don't.
 * A flag given twice is an error (neither silently wins), an empty value (`--x=`) is an error (it
 * never means a default), and `--` ends the options: everything after it is positional, so a file
 * named `--json` or `-report.csv` can be given.
 */
export function parseArgs(argv: string[], valued: string[], booleans: string[] = []): ParsedArgs {
  const positional: string[] = [];
  const flags: Record<string, string | true> = {};
  const set = (name: string, value: string | true) => {
    if (name in flags) throw new UsageError(`--${name} is given more than once / --${name} 重复出现，只能指定一次`);
    flags[name] = value;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--") {
      for (let k = i + 1; k < argv.length; k++) positional.push(argv[k]);
      break;
    }
    if (!a.startsWith("--")) {
      positional.push(a);
      continue;
    }
    const eq = a.indexOf("=");
    const name = a.slice(2, eq < 0 ? undefined : eq);
    if (booleans.includes(name)) {
      if (eq >= 0) throw new UsageError(`--${name} takes no value / --${name} 不接受参数值`);
      set(name, true);
    } else if (valued.includes(name)) {
      const value = eq >= 0 ? a.slice(eq + 1) : argv[++i];
      if (value === undefined || (eq < 0 && value.startsWith("--")))
        throw new UsageError(`--${name} needs a value / --${name} 需要一个值`);
      if (value.trim() === "") throw new UsageError(`--${name} needs a value / --${name} 的值不能为空`);
      set(name, value);
    } else {
      throw new UsageError(`unknown option --${name} / 未知选项 --${name}`);
    }
  }
  return { positional, flags };
}

/** True when `argv` asks for help (`--help` or `-h` before any `--`). */
export function wantsHelp(argv: string[]): boolean {
  for (const a of argv) {
    if (a === "--") return false;
    if (a === "--help" || a === "-h") return true;
  }
  return false;
}
