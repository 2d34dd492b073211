import { WorkbookError } from "../port";

/**
 * Office (RichApi) errors -> WorkbookError with a stable code and a message in
 * both languages. `where` names what the failing request was doing, and
 * `unfinished` the sheets whose writes did not all complete.
 */
export interface OfficeFailureContext {
  /** Operation, e.g. "apply", "readTables". */
  operation: string;
  /** Tables and sheets the failing request touched. */
  tables?: string[];
  sheets?: string[];
  /** Sheets not (completely) written when the error happened. */
  unfinished?: string[];
}

interface RichApiLike {
  code?: unknown;
  message?: unknown;
  debugInfo?: { errorLocation?: unknown };
}

function both(zh: string, en: string): string {
  return `${zh} / ${en}`;
}

function list(names: string[] | undefined): string {
  return names && names.length ? names.join(", ") : "";
}

export function officeErrorCode(e: unknown): string {
  const code = (e as RichApiLike | null)?.code;
  return typeof code === "string" ? code : "";
}

/** True for an error raised by Office (OfficeExtension.Error / RichApi.Error: a string code). */
export function isOfficeError(e: unknown): boolean {
  return officeErrorCode(e) !== "";
}

export function toWorkbookError(e: unknown, ctx: OfficeFailureContext): WorkbookError {
  if (e instanceof WorkbookError) return e;
  const code = officeErrorCode(e);
  const raw = e as RichApiLike | null;
  const message = typeof raw?.message === "string" ? raw.message : String(e);
  const location = typeof raw?.debugInfo?.errorLocation === "string" ? raw.debugInfo.errorLocation : "";
  const detail = [code, location, message].filter(Boolean).join(": ");
  const unfinished = list(ctx.unfinished);
  const sheets = list(ctx.sheets);
  const what = list(ctx.tables) || sheets;
  // One sentence per language, each with the list of unfinished sheets: "中文… / English…".
  const make = (kind: WorkbookError["code"], zh: string, en: string): WorkbookError =>
    new WorkbookError(
      kind,
      unfinished
        ? both(`${zh}未完成写入的工作表：${unfinished}。`, `${en} Sheets not fully written: ${unfinished}.`)
        : both(zh, en),
      detail,
    );

  if (code === "AccessDenied" || (code === "InvalidOperation" && /protect/i.test(message)))
    return make(
      "protected",
      `工作表受保护，无法写入${sheets ? `（${sheets}）` : ""}。请在“审阅 > 撤消工作表保护”后重试。`,
      `A worksheet is protected and cannot be written${sheets ? ` (${sheets})` : ""}. Unprotect it (Review > Unprotect Sheet) and try again.`,
    );
  if (code === "ItemNotFound")
    return make(
      "table-missing",
      `找不到表格或工作表${what ? `（${what}）` : ""}：可能已被重命名或删除。请恢复原名称后重试。`,
      `A table or sheet was not found${what ? ` (${what})` : ""}: it may have been renamed or deleted. Restore its name and try again.`,
    );
  if (
    code === "OperationCellsExceedLimit" &&
    (/TableColumnCollection\.add/.test(location) || ctx.operation === "apply")
  ) {
    // Excel on the web, adding a table column: the cells right of the table move too (application-specific
    // API error handling: "check for data in the right-most columns of the worksheet").
    const where = sheets ? `（${sheets}）` : "";
    const whereEn = sheets ? ` (${sheets})` : "";
    return make(
      "table-growth",
      `Excel 网页版无法给表格${what ? `“${what}”` : ""}添加列：这一步会牵动超过 33,554,000 个单元格。请把表格右侧的数据${where}（尤其是工作表最右边几列）移到其他工作表后重试，或在 Windows / Mac 版 Excel 中运行。`,
      `Excel on the web could not add a column to ${what ? `table ${what}` : "a table"}: it would touch more than 33,554,000 cells. Move the data to the right of the table${whereEn} (check the far-right columns of the sheet) to another sheet and try again, or run it in Excel on Windows or Mac.`,
    );
  }
  if (
    code === "RequestPayloadSizeLimitExceeded" ||
    code === "ResponsePayloadSizeLimitExceeded" ||
    code === "RangeExceedsLimit" ||
    code === "OperationCellsExceedLimit"
  )
    return make("too-large", "一次请求的数据量超出 Excel 的限制。", "A request was larger than Excel allows.");
  if (code === "RequestAborted" || code === "InactiveWorkbook" || /closed/i.test(message))
    return make(
      "closed",
      "工作簿已关闭或已失去连接，操作未完成。",
      "The workbook was closed or disconnected before the operation finished.",
    );
  if (code === "InvalidOperationInCellEditMode")
    return make(
      "locked",
      "Excel 正在编辑单元格：请先完成编辑（按 Enter 或 Esc）再重试。",
      "Excel is editing a cell: finish editing (Enter or Esc) and try again.",
    );
  return make(
    "sync-failed",
    `与 Excel 同步失败（${ctx.operation}）。`,
    `Excel could not complete the request (${ctx.operation}).`,
  );
}
