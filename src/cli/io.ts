/**
 * Shared helpers of the `leadflow` commands: parse common flags, hold a
 * writing command's workbook lock, and turn any failure into one line in both
 * languages (no stack trace) with exit code 2.
 */
import { WorkbookError } from "../workbook/port";
import { hasWorkbookExtension, withWorkbookLock } from "../workbook/xlsx/file";
import { parseArgs, UsageError } from "./args";
import type { Locale } from "../domain/types";

export const EXIT_OK = 0;
export const EXIT_PROBLEMS = 1;
export const EXIT_UNUSABLE = 2;

/** Where human-readable messages go (stderr); tests may swap it. */
export const out = {
  write(text: string): void {
    process.stderr.write(text);
  },
};

export function say(line: string): void {
  out.write(line.endsWith("\n") ? line : `${line}\n`);
}

/** One line that says what went wrong, in both languages where we know the cause. */
export function oneLine(err: unknown): string {
  if (err instanceof UsageError || err instanceof WorkbookError) return err.message.split("\n")[0];
  const text = err instanceof Error ? err.message.split("\n")[0] : String(err);
  return `unexpected error / 意外错误: ${text}`;
}

/** Report a failure of `command` on one line and give the exit code for unusable input. */
export function fail(command: string, err: unknown): number {
  say(`leadflow ${command}: ${oneLine(err)}`);
  if (process.env.LEADFLOW_DEBUG && err instanceof Error && err.stack) out.write(`${err.stack}\n`);
  return EXIT_UNUSABLE;
}

/** The single workbook path a command takes as its first positional argument. */
export function workbookArg(positional: string[], usage: string, count = 1): string[] {
  if (positional.length < count) throw new UsageError(`missing workbook path / 缺少工作簿路径\n${usage}`);
  if (positional.length > count)
    throw new UsageError(`unexpected argument "${positional[count]}" / 多余的参数 "${positional[count]}"`);
  return positional;
}

export function localeFlag(value: string | true | undefined): Locale | undefined {
  if (value === undefined) return undefined;
  if (value === "zh-CN" || value === "en-US") return value;
  throw new UsageError(`--locale must be zh-CN or en-US / --locale 只能是 zh-CN 或 en-US`);
}

export function intFlag(name: string, value: string | true | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = typeof value === "string" && /^\d+$/.test(value.trim()) ? Number(value.trim()) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max)
    throw new UsageError(
      `--${name} must be a whole number from ${min} to ${max} / --${name} 必须是 ${min} 到 ${max} 之间的整数`,
    );
  return n;
}

/**
 * Run a writing command (init, import, refresh) while holding its workbook's
 * lock (the first positional argument), so its whole read-compute-write is
 * alone on the file: a second writer, or a workbook open in Excel or
 * LibreOffice, is refused with exit 2 and the file untouched. Arguments the
 * command itself would reject run it unlocked, to give its own message.
 */
export async function withCommandLock(
  command: string,
  argv: string[],
  valueFlags: string[],
  booleanFlags: string[],
  body: () => Promise<number>,
): Promise<number> {
  let path: string | undefined;
  try {
    const args = parseArgs(argv, valueFlags, booleanFlags);
    if (!args.flags.help) path = args.positional[0];
  } catch {
    path = undefined;
  }
  if (path === undefined || !hasWorkbookExtension(path)) return body();
  try {
    return await withWorkbookLock(path, body);
  } catch (err) {
    return fail(command, err);
  }
}
