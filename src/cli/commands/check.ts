/**
 * `leadflow check <workbook.xlsx> [--json]` — list every problem in the input
 * tables. Exit 0 clean, 1 problems found, 2 unusable input. Never writes.
 * Reads through the package engine, as refresh and import do: a workbook one
 * command refuses as damaged, every command refuses.
 */
import { UsageError, parseArgs } from "../args";
import { EXIT_OK, EXIT_PROBLEMS, fail, workbookArg } from "../io";
import { hasWorkbookExtension, notXlsxByName } from "../../workbook/xlsx/file";
import { openWorkbook, withEngineErrors } from "../../workbook/xlsx/package/open";
import { check, type CheckResult } from "../../operations/check";
import type { Locale } from "../../domain/types";
import { tableDefs, SHEET_NAMES } from "../../domain/fields/definitions";
import { tr } from "../../domain/types";

const USAGE = "usage / 用法: leadflow check <workbook.xlsx> [--json]";

export async function run(argv: string[]): Promise<number> {
  try {
    const args = parseArgs(argv, [], ["json"]);
    const [path] = workbookArg(args.positional, USAGE);
    if (!path) throw new UsageError(USAGE);
    if (!hasWorkbookExtension(path)) throw notXlsxByName(path);
    const { port, label } = await openWorkbook(path);
    const result = await withEngineErrors(label, () => check(port));
    if (Object.keys(result.summary.rowsRead).length === 0)
      throw new UsageError(
        `${path} has no LeadFlow tables — run "leadflow init" on it first / ${path} 中没有 LeadFlow 表格，请先运行 leadflow init`,
      );
    if (args.flags.json) {
      const problems = result.problems.map((p) => ({
        table: p.table,
        row: p.row,
        field: p.field,
        code: p.code,
        value: p.value,
        message: p.message,
      }));
      process.stdout.write(JSON.stringify({ problems }, null, 2) + "\n");
    } else {
      process.stdout.write(renderTable(result));
    }
    return result.problems.length === 0 ? EXIT_OK : EXIT_PROBLEMS;
  } catch (err) {
    return fail("check", err);
  }
}

/** Display width in a terminal: East Asian wide characters take two columns. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    w +=
      (c >= 0x1100 && c <= 0x115f) ||
      (c >= 0x2e80 && c <= 0xa4cf) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6) ||
      c >= 0x20000
        ? 2
        : 1;
  }
  return w;
}

function fit(s: string, width: number): string {
  let out = "";
  let w = 0;
  for (const ch of s.replace(/\s+/g, " ")) {
    const cw = displayWidth(ch);
    if (w + cw > width - 1 && displayWidth(s) > width) return out + "…" + " ".repeat(Math.max(0, width - w - 1));
    out += ch;
    w += cw;
  }
  return out + " ".repeat(Math.max(0, width - w));
}

const HEAD: Record<Locale, string[]> = {
  "zh-CN": ["工作表", "单元格", "字段", "问题代码", "值", "说明"],
  "en-US": ["Sheet", "Cell", "Field", "Code", "Value", "What to do"],
};

/** An aligned table in the workbook's locale, then a one-line summary. */
export function renderTable(result: CheckResult): string {
  const locale = result.summary.locale;
  const zh = locale === "zh-CN";
  if (result.problems.length === 0) return zh ? "未发现问题。\n" : "No problems found.\n";
  const defs = tableDefs(20);
  const fieldName = (table: string, key: string) => {
    const def = (defs as Record<string, { fields: { key: string; header: { zh: string; en: string } }[] }>)[table];
    const f = def?.fields.find((x) => x.key === key);
    return f ? tr(f.header, locale) : key;
  };
  const sheetOf = (p: CheckResult["problems"][number]) =>
    p.sheet || (p.table === "Settings" ? tr(SHEET_NAMES.settings, locale) : p.table);
  const rows = result.problems.map((p) => [
    sheetOf(p),
    p.address || (p.row > 0 ? String(p.row) : ""),
    fieldName(p.table, p.field),
    p.code,
    p.value,
    p.message,
  ]);
  const caps = [14, 8, 14, 20, 24];
  const widths = caps.map((cap, i) =>
    Math.min(cap, Math.max(displayWidth(HEAD[locale][i]), ...rows.map((r) => displayWidth(r[i])))),
  );
  const line = (cells: string[]) =>
    cells
      .slice(0, 5)
      .map((c, i) => fit(c, widths[i]))
      .join("  ") +
    "  " +
    cells[5] +
    "\n";
  let out = line(HEAD[locale]);
  out += line(widths.map((w) => "-".repeat(w)).concat(["-".repeat(10)]));
  for (const r of rows) out += line(r);
  const n = result.problems.length;
  const rowsWith = new Set(result.problems.map((p) => `${p.table}:${p.row}`)).size;
  out += zh
    ? `\n共 ${n} 个问题，涉及 ${rowsWith} 行。\n`
    : `\n${n} problem${n === 1 ? "" : "s"} in ${rowsWith} row${rowsWith === 1 ? "" : "s"}.\n`;
  return out;
}
