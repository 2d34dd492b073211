/**
 * `leadflow init <workbook.xlsx> [--locale zh-CN|en-US] [--sample <n>] [--seed <n>]`
 *
 * Creates a LeadFlow workbook, or installs / upgrades the templates in an
 * existing one (never changing an input cell), through the install operation
 * on the package engine (every part LeadFlow does not own keeps its bytes). Formula cells carry the engine's results, so the file
 * shows numbers in any viewer. Prints a short report to stderr.
 */
import { mkdir } from "node:fs/promises";
import { dirname, basename } from "node:path";
import { install, type InstallResult } from "../../operations/install";
import { parseArgs } from "../args";
import { openWorkbook, saveOpened, withEngineErrors } from "../../workbook/xlsx/package/open";
import { EXIT_OK, fail, intFlag, localeFlag, say, withCommandLock, workbookArg } from "../io";

const USAGE = "usage / 用法: leadflow init <workbook.xlsx> [--locale zh-CN|en-US] [--sample <n>] [--seed <n>]";
/** The flags the command takes (parsed for the lock and again by the command itself). */
const VALUE_FLAGS = ["locale", "sample", "seed"];
const BOOLEAN_FLAGS = ["help"];
/** Sample leads are for demos and trials; more than this is a benchmark, not a sample. */
const MAX_SAMPLE = 100000;

export async function run(argv: string[]): Promise<number> {
  return withCommandLock("init", argv, VALUE_FLAGS, BOOLEAN_FLAGS, () => runUnlocked(argv));
}

async function runUnlocked(argv: string[]): Promise<number> {
  try {
    const { positional, flags } = parseArgs(argv, VALUE_FLAGS, BOOLEAN_FLAGS);
    if (flags.help) {
      process.stdout.write(`${USAGE}\n`);
      return EXIT_OK;
    }
    const [path] = workbookArg(positional, USAGE);
    const locale = localeFlag(flags.locale);
    const sample = intFlag("sample", flags.sample, 0, MAX_SAMPLE) ?? 0;
    const seed = intFlag("seed", flags.seed, 0, 2 ** 31 - 1) ?? 1;

    const started = Date.now();
    // Everything the workbook holds besides LeadFlow's own parts (charts, pivot tables, macros…) is kept byte for byte.
    const opened = await openWorkbook(path, { create: true });
    const { port: workbook, existed } = opened;
    // Sample leads only go into a workbook without leads: a second `init --sample` (e.g. `npm run demo`
    // twice) must not add the same sample leads, with the same IDs, again.
    const leads = existed ? (await workbook.readState()).tables.find((t) => t.name === "Leads") : undefined;
    const skipSample = sample > 0 && leads !== undefined && leads.rowCount > 0;
    const result = await withEngineErrors(opened.label, () =>
      install(workbook, {
        locale,
        now: new Date(),
        ...(sample > 0 && !skipSample ? { sample: { count: sample, seed } } : {}),
      }),
    );
    if (!existed) await mkdir(dirname(path), { recursive: true });
    await saveOpened(path, opened);
    report(path, existed, result, Date.now() - started);
    if (skipSample) say(`  ! no sample rows added: the workbook already has leads / 工作簿中已有线索，未添加示例数据`);
    return EXIT_OK;
  } catch (err) {
    return fail("init", err);
  }
}

function report(path: string, existed: boolean, r: InstallResult, ms: number): void {
  const name = basename(path);
  const lines: string[] = [];
  lines.push(
    existed ? `updated ${name} (${r.locale}) / 已更新 ${name}` : `created ${name} (${r.locale}) / 已创建 ${name}`,
  );
  if (r.createdSheets.length) lines.push(`  sheets added / 新增工作表: ${r.createdSheets.join(", ")}`);
  if (r.createdTables.length) lines.push(`  tables added / 新增表格: ${r.createdTables.length}`);
  for (const a of r.addedColumns)
    lines.push(`  columns added to ${a.table} / ${a.table} 新增列: ${a.headers.join(", ")}`);
  const formulaCells = r.formulaColumns.reduce((n, f) => n + f.rows, 0);
  lines.push(
    `  formula columns / 公式列: ${r.formulaColumns.length} (${formulaCells} cells / 个单元格); rules / 规则: ${r.rulesApplied}`,
  );
  for (const a of r.appendedRows) lines.push(`  sample rows in ${a.table} / ${a.table} 示例行: ${a.rows}`);
  if (r.filledLeadIds) lines.push(`  lead IDs filled / 补填线索编号: ${r.filledLeadIds}`);
  if (r.filledCreated) lines.push(`  created dates filled / 补填录入时间: ${r.filledCreated}`);
  for (const m of r.missingColumns)
    lines.push(
      `  ! ${m.table}: column "${m.header}" is missing (renamed or deleted?), not recreated / 缺少列“${m.header}”（被改名或删除？），未重建`,
    );
  for (const s of r.skippedFormulas)
    lines.push(
      `  ! ${s.table}: formula "${s.header}" not written, it needs ${s.missing.join(", ")} / 公式列“${s.header}”未写入，缺少 ${s.missing.join("、")}`,
    );
  for (const x of r.extraColumns)
    lines.push(`  ${x.table}: your columns kept as they are / 保留您的列: ${x.headers.join(", ")}`);
  // A new workbook has no Settings yet by definition: that warning is only news for an existing one.
  for (const w of [...(existed ? r.settingsWarnings : []), ...r.warnings]) lines.push(`  ! ${w.en} / ${w.zh}`);
  lines.push(`  done in ${(ms / 1000).toFixed(1)} s / 用时 ${(ms / 1000).toFixed(1)} 秒`);
  say(lines.join("\n"));
}
