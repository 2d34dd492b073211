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
 */
export function parseArgs(argv: string[], valued: string[], booleans: string[] = []): ParsedArgs {
  const positional: string[] = [];
  const flags: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith("--")) {
      positional.push(a);
      continue;
    }
    const eq = a.indexOf("=");
    const name = a.slice(2, eq < 0 ? undefined : eq);
    if (booleans.includes(name)) {
      if (eq >= 0) throw new UsageError(`--${name} takes no value / --${name} 不接受参数值`);
      flags[name] = true;
    } else if (valued.includes(name)) {
      const value = eq >= 0 ? a.slice(eq + 1) : argv[++i];
      if (value === undefined || (eq < 0 && value.startsWith("--")))
        throw new UsageError(`--${name} needs a value / --${name} 需要一个值`);
      flags[name] = value;
    } else {
      throw new UsageError(`unknown option --${name} / 未知选项 --${name}`);
    }
  }
  return { positional, flags };
}
