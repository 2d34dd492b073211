/**
 * `leadflow refresh <workbook.xlsx> [--period all|YYYY|YYYY-Qn|YYYY-MM] [--today YYYY-MM-DD] [--json]`
 *
 * Rebuilds the review sheets and the owned cells of a workbook file. The
 * package engine reads the tables straight from the zip and rewrites only the
 * parts that change (every other part keeps its bytes: charts, pivots, images,
 * macros). What it cannot read or edit safely is refused with a message in
 * both languages (exit 2, file untouched); there is no second path.
 */
import { basename } from "node:path";
import { parsePeriodFilter } from "../../domain/parse/periods";
import { serialFromYmd, formatDate } from "../../domain/parse/dates";
import { reviewJson } from "../../domain/plan/reviewSheets";
import { refresh, type RefreshProgress, type RefreshResult } from "../../operations/refresh";
import type { PeriodFilter } from "../../domain/model";
import type { Serial } from "../../domain/types";
import { WorkbookError } from "../../workbook/port";
import { openWorkbook, saveOpened, withEngineErrors } from "../../workbook/xlsx/package/open";
import { hasWorkbookExtension } from "../../workbook/xlsx/file";
import { parseArgs, UsageError } from "../args";
import { EXIT_OK, fail, say, withCommandLock, workbookArg } from "../io";

const USAGE =
  "usage / 用法: leadflow refresh <workbook.xlsx> [--period all|YYYY|YYYY-Qn|YYYY-MM] [--today YYYY-MM-DD] [--json]";
/** The flags the command takes (parsed for the lock and again by the command itself). */
const VALUE_FLAGS = ["period", "today"];
const BOOLEAN_FLAGS = ["json"];

export function parseToday(text: string): Serial {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const s = serialFromYmd(y, mo, d);
    if (mo >= 1 && mo <= 12 && d >= 1 && formatDate(s) === text.trim()) return s;
  }
  throw new UsageError(
    `--today must be a date YYYY-MM-DD, got "${text}" / --today 须为 YYYY-MM-DD 格式的日期，收到“${text}”`,
  );
}

function progressLine(p: RefreshProgress): string {
  const pct = Math.round(p.fraction * 100);
  const rows = p.rows !== undefined ? (p.total !== undefined ? ` ${p.rows}/${p.total}` : ` ${p.rows}`) : "";
  return `leadflow refresh: ${String(pct).padStart(3)}% ${p.step} ${p.label}${rows}\n`;
}

interface Job {
  updateCachedResults: boolean;
  period: PeriodFilter;
  asOf?: Serial;
  now: Date;
  onProgress: (p: RefreshProgress) => void;
}

/** Read, compute and save in place through the package engine. */
async function refreshFile(path: string, job: Job): Promise<RefreshResult> {
  const opened = await openWorkbook(path);
  const result = await withEngineErrors(opened.label, () => refresh(opened.port, job));
  await saveOpened(path, opened);
  return result;
}

export async function run(argv: string[]): Promise<number> {
  try {
    return await withCommandLock("refresh", argv, VALUE_FLAGS, BOOLEAN_FLAGS, () => runRefresh(argv));
  } catch (err) {
    return fail("refresh", err);
  }
}

async function runRefresh(argv: string[]): Promise<number> {
  const args = parseArgs(argv, VALUE_FLAGS, BOOLEAN_FLAGS);
  const [path] = workbookArg(args.positional, USAGE);
  if (!hasWorkbookExtension(path))
    throw new WorkbookError(
      "not-xlsx",
      `${basename(path)} is not an .xlsx workbook / ${basename(path)} 不是 .xlsx 工作簿`,
    );
  const periodText = typeof args.flags.period === "string" ? args.flags.period : "all";
  const period = parsePeriodFilter(periodText);
  if (!period.ok) throw new UsageError(`--period: ${period.message.en} / ${period.message.zh}`);
  const asOf = typeof args.flags.today === "string" ? parseToday(args.flags.today) : undefined;
  const log = (s: string) => say(s);
  const job: Job = {
    updateCachedResults: true,
    period: period.value,
    ...(asOf !== undefined ? { asOf } : {}),
    now: new Date(),
    onProgress: (p) => log(progressLine(p)),
  };

  const result = await refreshFile(path, job);

  const r = result.report;
  log(
    `leadflow refresh: ${basename(path)} — period ${r.period}, as of ${formatDate(r.asOf)}; ` +
      `${r.ownedCellsWritten} owned cells, ${r.stageDatesFilled} stage dates filled, ${r.conversionRowsAdded} conversion rows added; ` +
      `${r.problems} problems in ${r.badRows} rows (run leadflow check)` +
      ` / 周期 ${r.period}，截至 ${formatDate(r.asOf)}；更新 ${r.ownedCellsWritten} 个自动单元格，补填 ${r.stageDatesFilled} 个阶段日期，新增 ${r.conversionRowsAdded} 行转化记录；` +
      `${r.badRows} 行共 ${r.problems} 个数据问题（请运行 leadflow check）\n`,
  );
  if (r.pivot?.status === "created")
    log(
      `leadflow refresh: PivotTable ${r.pivot.name} added on sheet "${r.pivot.sheet}"; Excel fills it in when the file opens` +
        ` / 已在工作表“${r.pivot.sheet}”添加数据透视表 ${r.pivot.name}，Excel 打开文件时生成其内容\n`,
    );
  for (const n of r.sheetNotices ?? []) log(`leadflow refresh: ! ${n.en} / ${n.zh}\n`);
  if (args.flags.json) process.stdout.write(JSON.stringify(reviewJson(result.review, r.hideContacts)) + "\n");
  return EXIT_OK;
}
