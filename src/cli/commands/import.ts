/**
 * `leadflow import <workbook.xlsx> <source.csv|source.xlsx> [--into leads|followups|conversion|channelcosts]
 *   [--map "源列=fieldKey,…"] [--on-duplicate skip|keep] [--sheet name] [--json]`
 * Exit 0 all rows imported cleanly, 1 some rows have problems or were skipped, 2 unusable input.
 */
import { readFile } from "node:fs/promises";
import { basename, extname } from "node:path";
import { UsageError, parseArgs } from "../args";
import { EXIT_OK, EXIT_PROBLEMS, fail, say, withCommandLock } from "../io";
import { openWorkbook, saveOpened, usedRanges, withEngineErrors } from "../../workbook/xlsx/package/open";
import { importRows, importWasClean } from "../../operations/import";
import { readCsvSource, readWorkbookSource } from "../../operations/importSources";
import { MappingError } from "../../domain/import/mapping";
import { ImportError, type ImportReport, type SourceTable } from "../../domain/import/plan";
import { tableDefs, SHEET_NAMES } from "../../domain/fields/definitions";
import type { InputTableName, Locale } from "../../domain/types";
import { tr } from "../../domain/types";
import { fileError } from "../../workbook/xlsx/file";

const USAGE =
  'usage / 用法: leadflow import <workbook.xlsx> <source.csv|source.xlsx> [--into leads|followups|conversion|channelcosts] [--map "源列=fieldKey,…"] [--on-duplicate skip|keep] [--sheet <name>] [--json]';
/** The flags the command takes (parsed for the lock and again by the command itself). */
const VALUE_FLAGS = ["into", "map", "on-duplicate", "sheet"];
const BOOLEAN_FLAGS = ["json"];

/** Sources of at least this many rows print progress lines on stderr. */
const PROGRESS_FROM = 5_000;

const INTO: Record<string, InputTableName> = {
  leads: "Leads",
  followups: "FollowUps",
  "follow-ups": "FollowUps",
  conversion: "Conversion",
  channelcosts: "ChannelCosts",
  "channel-costs": "ChannelCosts",
};

async function readSource(path: string, sheet: string | undefined): Promise<SourceTable> {
  const ext = extname(path).toLowerCase();
  if (ext === ".xlsx" || ext === ".xlsm") {
    // The engine reader, as for every workbook: used cells only, damage refused (exit 2).
    const { port, label, bytes } = await openWorkbook(path);
    const usedRange = usedRanges(bytes);
    return withEngineErrors(label, () =>
      readWorkbookSource(port, { sheet, table: sheet, usedRange: async (s) => usedRange(s) }),
    );
  }
  if (ext !== ".csv" && ext !== ".txt" && ext !== ".tsv")
    throw new UsageError(
      `${basename(path)}: the source must be a .csv or .xlsx file / 导入源必须是 .csv 或 .xlsx 文件`,
    );
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw fileError(err, path, false);
  }
  return readCsvSource(bytes);
}

export async function run(argv: string[]): Promise<number> {
  return withCommandLock("import", argv, VALUE_FLAGS, BOOLEAN_FLAGS, () => runUnlocked(argv));
}

async function runUnlocked(argv: string[]): Promise<number> {
  try {
    const args = parseArgs(argv, VALUE_FLAGS, BOOLEAN_FLAGS);
    if (args.positional.length !== 2)
      throw new UsageError(`expected a workbook and a source file / 需要工作簿和导入源两个文件\n${USAGE}`);
    const [workbookPath, sourcePath] = args.positional;
    const intoFlag = typeof args.flags.into === "string" ? args.flags.into.toLowerCase() : "leads";
    const into = INTO[intoFlag];
    if (!into)
      throw new UsageError(
        `--into must be leads, followups, conversion or channelcosts / --into 只能是 leads、followups、conversion 或 channelcosts`,
      );
    const dup = args.flags["on-duplicate"] ?? "skip";
    if (dup !== "skip" && dup !== "keep")
      throw new UsageError(`--on-duplicate must be skip or keep / --on-duplicate 只能是 skip 或 keep`);
    if (args.flags.map === true) throw new UsageError(`--map needs a value / --map 需要一个值`);

    // The target opens on the package engine: parts LeadFlow does not own keep their bytes.
    const opened = await openWorkbook(workbookPath);
    const workbook = opened.port;
    const source = await readSource(sourcePath, typeof args.flags.sheet === "string" ? args.flags.sheet : undefined);
    if (source.headers.length === 0)
      throw new UsageError(`${basename(sourcePath)} has no header row / ${basename(sourcePath)} 没有标题行`);

    // Large sources report their progress on stderr (small ones finish before a line would help).
    const progress = source.rows.length >= PROGRESS_FROM ? (line: string) => say(`leadflow import: ${line}`) : null;
    const started = Date.now();
    const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
    progress?.(`read ${source.rows.length} rows / 已读取 ${source.rows.length} 行 (${elapsed()})`);
    const { report, changes } = await withEngineErrors(opened.label, () =>
      importRows(workbook, source, {
        into,
        map: typeof args.flags.map === "string" ? args.flags.map : undefined,
        onDuplicate: dup,
        onProgress: progress
          ? (step, done, total) =>
              progress(
                step === "rows"
                  ? `${String(Math.round((done / total) * 100)).padStart(3)}% rows ${done}/${total} / 已处理 ${done}/${total} 行 (${elapsed()})`
                  : `writing ${total} rows into the workbook / 正在写入 ${total} 行 (${elapsed()})`,
              )
          : undefined,
      }),
    ).catch((err: unknown) => {
      if (err instanceof MappingError) throw new UsageError(`${err.l10n.en} / ${err.l10n.zh}`);
      if (err instanceof ImportError) throw new UsageError(err.message);
      throw err;
    });
    if (changes.length > 0) {
      progress?.(`saving ${basename(workbookPath)} / 正在保存 (${elapsed()})`);
      await saveOpened(workbookPath, opened);
      progress?.(`saved / 已保存 (${elapsed()})`);
    }
    const locale = report.locale;
    if (args.flags.json) process.stdout.write(JSON.stringify(report, null, 2) + "\n");
    else process.stdout.write(renderReport(report, locale));
    return importWasClean(report) ? EXIT_OK : EXIT_PROBLEMS;
  } catch (err) {
    return fail("import", err);
  }
}

function ranges(rows: number[]): string {
  const out: string[] = [];
  for (let i = 0; i < rows.length;) {
    let j = i;
    while (j + 1 < rows.length && rows[j + 1] === rows[j] + 1) j++;
    out.push(i === j ? String(rows[i]) : `${rows[i]}–${rows[j]}`);
    i = j + 1;
  }
  return out.join(", ");
}

export function renderReport(r: ImportReport, locale: Locale): string {
  const zh = locale === "zh-CN";
  const def = tableDefs(20)[r.into];
  const sheet = tr(
    SHEET_NAMES[
      ({ Leads: "leads", FollowUps: "followUps", Conversion: "conversion", ChannelCosts: "channelCosts" } as const)[
        r.into
      ]
    ],
    locale,
  );
  const header = (key: string) => {
    const f = def.fields.find((x) => x.key === key);
    return f ? tr(f.header, locale) : key.replace(/^column:/, "");
  };
  const lines: string[] = [];
  lines.push(
    zh
      ? `导入到“${sheet}”：源文件共 ${r.sourceRows} 行数据`
      : `Import into ${sheet}: ${r.sourceRows} source row${r.sourceRows === 1 ? "" : "s"}`,
  );
  if (r.mapped.length)
    lines.push(
      (zh ? "  列映射：" : "  Columns: ") +
        r.mapped.map((m) => `${m.header} → ${header(m.target)}`).join(zh ? "，" : ", "),
    );
  lines.push(
    zh
      ? `  已导入 ${r.imported.length} 行${r.imported.length ? `（表中第 ${ranges(r.imported.map((i) => i.row))} 行）` : ""}`
      : `  Imported ${r.imported.length} row${r.imported.length === 1 ? "" : "s"}${r.imported.length ? ` (table rows ${ranges(r.imported.map((i) => i.row))})` : ""}`,
  );
  for (const u of r.updated)
    lines.push(
      zh
        ? `  源第 ${u.line} 行补填了已有的第 ${u.row} 行：${u.filled.map(header).join("、") || "（无空白可填）"}`
        : `  Source line ${u.line} filled existing row ${u.row}: ${u.filled.map(header).join(", ") || "(nothing blank to fill)"}`,
    );
  const skipped = r.duplicates.filter((d) => !d.kept);
  const kept = r.duplicates.filter((d) => d.kept);
  if (r.duplicates.length) {
    lines.push(
      zh
        ? `  重复 ${r.duplicates.length} 行（${skipped.length ? `已跳过 ${skipped.length} 行` : ""}${skipped.length && kept.length ? "，" : ""}${kept.length ? `按 --on-duplicate keep 保留 ${kept.length} 行` : ""}）：`
        : `  Duplicates: ${r.duplicates.length} (${skipped.length ? `${skipped.length} skipped` : ""}${skipped.length && kept.length ? ", " : ""}${kept.length ? `${kept.length} kept by --on-duplicate keep` : ""}):`,
    );
    for (const d of r.duplicates) {
      const of =
        d.existingRow !== undefined
          ? zh
            ? `表中第 ${d.existingRow} 行`
            : `table row ${d.existingRow}`
          : zh
            ? `源第 ${d.earlierLine} 行`
            : `source line ${d.earlierLine}`;
      lines.push(
        zh ? `    源第 ${d.line} 行 ${d.value} 与${of}重复` : `    source line ${d.line} ${d.value} duplicates ${of}`,
      );
    }
  }
  const imported = r.withProblems.filter((w) => !w.notImported);
  const left = r.withProblems.filter((w) => w.notImported);
  if (left.length) {
    lines.push(
      zh
        ? `  未导入的行 ${left.length} 行（文本超过 Excel 单元格 32,767 个字符的上限；请缩短后重新导入这些行）：`
        : `  Rows NOT imported: ${left.length} (text longer than an Excel cell holds, 32,767 characters; shorten it and import these rows again):`,
    );
    for (const w of left)
      for (const p of w.problems)
        lines.push(zh ? `    源第 ${w.line} 行：${p.message}` : `    source line ${w.line}: ${p.message}`);
  }
  if (imported.length) {
    lines.push(
      zh
        ? `  有问题的行 ${imported.length} 行（已导入，请更正；leadflow check 也会列出）：`
        : `  Rows with problems: ${imported.length} (imported; please correct them — leadflow check lists them too):`,
    );
    for (const w of imported)
      for (const p of w.problems)
        lines.push(
          zh
            ? `    源第 ${w.line} 行 → 表第 ${w.row} 行：${p.message}`
            : `    source line ${w.line} → row ${w.row}: ${p.message}`,
        );
  }
  for (const c of r.conflicts)
    lines.push(
      zh
        ? `  冲突：源第 ${c.line} 行 → 表第 ${c.row} 行：${c.message}`
        : `  Conflict: source line ${c.line} → row ${c.row}: ${c.message}`,
    );
  for (const t of r.textReplaced ?? [])
    lines.push(
      zh
        ? `  源第 ${t.line} 行：${t.columns.join("、")} 中有 ${t.count} 个工作簿无法保存的字符（如 U+FFFF），已替换为 �`
        : `  Source line ${t.line}: ${t.count} character${t.count === 1 ? "" : "s"} a workbook cannot hold (such as U+FFFF) in ${t.columns.join(", ")}, replaced by �`,
    );
  if (r.blankLines.length)
    lines.push(
      zh
        ? `  空行（无可导入内容）：源第 ${ranges(r.blankLines)} 行`
        : `  Blank lines (nothing to import): ${ranges(r.blankLines)}`,
    );
  if (r.ignoredColumns.length) {
    lines.push(
      zh
        ? "  未导入的列（可用 --map 指定，或在表中添加同名列后重新导入）："
        : "  Columns not imported (map them with --map, or add a column of that name to the table and import again):",
    );
    for (const c of r.ignoredColumns) {
      const data = c.lines?.length
        ? zh
          ? `；源第 ${ranges(c.lines)} 行中该列的值未导入`
          : `; values on source line${c.lines.length === 1 ? "" : "s"} ${ranges(c.lines)} NOT imported`
        : "";
      lines.push(
        zh
          ? `    第 ${c.column} 列“${c.header}”：${c.why}${data}`
          : `    column ${c.column} "${c.header}": ${c.why}${data}`,
      );
    }
  }
  for (const i of r.sourceIssues)
    lines.push(
      zh
        ? `  源文件问题：第 ${ranges(i.lines)} 行：${i.message}`
        : `  Source file: line${i.lines.length === 1 ? "" : "s"} ${ranges(i.lines)}: ${i.message}`,
    );
  if (r.nothingImported) lines.push(`  ${r.nothingImported}`);
  return lines.join("\n") + "\n";
}
