/**
 * `leadflow` — the LeadFlow core on .xlsx files, for machines without Excel.
 * Each command lives in ./commands/<name>.ts and returns its exit code:
 * 0 success, 1 problems found (check/import), 2 unusable input or bad arguments.
 * Messages go to stderr in both languages; data (--json) goes to stdout.
 */
import { parseArgs, UsageError, wantsHelp } from "./args";

type Command = (argv: string[]) => Promise<number>;

const COMMANDS: Record<string, () => Promise<Command>> = {
  init: async () => (await import("./commands/init")).run,
  refresh: async () => (await import("./commands/refresh")).run,
  check: async () => (await import("./commands/check")).run,
  import: async () => (await import("./commands/import")).run,
};

export const USAGE = `leadflow — sales-lead tracking in Excel workbooks / Excel 销售线索跟踪

Usage / 用法:
  leadflow init <workbook.xlsx> [--locale zh-CN|en-US] [--sample <n>] [--seed <n>]
  leadflow refresh <workbook.xlsx> [--period all|YYYY|YYYY-Qn|YYYY-MM|YYYY-Www] [--trend week|month|quarter]
                   [--today YYYY-MM-DD] [--json]
  leadflow check <workbook.xlsx> [--json]
  leadflow import <workbook.xlsx> <source.csv|source.xlsx> [--into leads|followups|conversion|channelcosts]
                  [--map "源列=fieldKey,…"] [--on-duplicate skip|keep] [--sheet <name>] [--json]

Exit codes / 退出码: 0 ok · 1 problems found / 发现问题 · 2 unusable input / 输入无法使用
`;

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(USAGE);
    return name ? 0 : 2;
  }
  const load = COMMANDS[name];
  if (!load) {
    process.stderr.write(`leadflow: unknown command "${name}" / 未知命令 "${name}"\n\n${USAGE}`);
    return 2;
  }
  if (wantsHelp(rest)) {
    process.stdout.write(commandUsage(name));
    return 0;
  }
  try {
    return await (
      await load()
    )(rest);
  } catch (err) {
    process.stderr.write(`leadflow ${name}: ${describeError(err)}\n`);
    return 2;
  }
}

/** The usage lines of one command (its line of USAGE and the continuation lines under it), and the exit codes. */
export function commandUsage(name: string): string {
  const lines = USAGE.split("\n");
  const start = lines.findIndex((l) => l.trimStart().startsWith(`leadflow ${name} `));
  const own = [lines[start]];
  for (let i = start + 1; i < lines.length && /^\s{4,}\S/.test(lines[i]); i++) own.push(lines[i]);
  const exit = lines.find((l) => l.startsWith("Exit codes")) ?? "";
  return `Usage / 用法:\n${own.join("\n")}\n\n${exit}\n`;
}

/** One line, no stack trace: what went wrong, in both languages where we know it. */
export function describeError(err: unknown): string {
  if (err instanceof UsageError) return err.message;
  if (err instanceof Error) return err.message.split("\n")[0];
  return String(err);
}

export { parseArgs };
