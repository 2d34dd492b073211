/**
 * The one way every command opens a workbook file's package for reading:
 * `refresh`, `check` and the .xlsx sources of `import` all read through the
 * in-place engine (FastXlsxPort over XlsxPackage, cells scanned by scanSheet),
 * so they agree on what is readable. What the engine cannot read or edit
 * safely becomes a WorkbookError in both languages (exit 2, file untouched);
 * there is no second reader to fall back to.
 */
import { basename } from "node:path";
import { isBlankCell } from "../../../domain/parse/text";
import { WorkbookError } from "../../port";
import { readWorkbookBytes, type FileStamp } from "../file";
import { isOleCompound, isZip } from "../package";
import { FastXlsxPort } from "./fastPort";
import { XlsxPackage } from "./package";
import { colLetters, scanSheet } from "./xml";
import { UnsupportedPackage } from "./zip";

const bilingual = (en: string, zh: string) => `${en} / ${zh}`;

const STRICT_NS = "http://purl.oclc.org/ooxml/spreadsheetml/main";

/** Refusals for what the engine will not edit, by the UnsupportedPackage message; the rest get a generic line. */
const CANNOT_EDIT: { test: RegExp; en: (d: string) => string; zh: (d: string) => string }[] = [
  {
    test: /^append to a table with a totals row/,
    en: () =>
      "a LeadFlow table has a totals row, and rows cannot be added above it safely yet; turn the totals row off (Table Design → Total Row) and run again",
    zh: () => "LeadFlow 表格带有汇总行，目前无法在其上方安全地添加行；请关闭汇总行（表设计 → 汇总行）后重试",
  },
  {
    test: /^shared or array formula at (\S+)/,
    en: (d) =>
      `cell ${/at (\S+)/.exec(d)?.[1] ?? ""} of a LeadFlow column holds a shared or array formula written by another program, which cannot be replaced safely; open the workbook in Excel, save it, and run again`,
    zh: (d) =>
      `LeadFlow 列中的单元格 ${/at (\S+)/.exec(d)?.[1] ?? ""} 含有其他程序写入的共享公式或数组公式，无法安全替换；请在 Excel 中打开并保存工作簿后重试`,
  },
  {
    test: /^wide <col> range/,
    en: () =>
      "a review sheet has a column format spanning hundreds of columns, which cannot be rewritten safely; clear that column formatting and run again",
    zh: () => "某个回顾工作表的列格式跨越数百列，无法安全改写；请清除该列格式后重试",
  },
  {
    test: /^column (.+) of (.+)$/,
    en: (d) => {
      const m = /^column (.+) of (.+)$/.exec(d)!;
      return `the table ${m[2]} has no column "${m[1]}"; restore the column (or run leadflow init to repair the tables) and run again`;
    },
    zh: (d) => {
      const m = /^column (.+) of (.+)$/.exec(d)!;
      return `表格 ${m[2]} 缺少列“${m[1]}”；请恢复该列（或运行 leadflow init 修复表格）后重试`;
    },
  },
  {
    test: /^table (.+) (moved to another sheet|would overlap .+)$/,
    en: (d) => `a review table cannot be rebuilt where it is (${d}); move the other table away and run again`,
    zh: (d) => `无法在原位置重建回顾表格（${d}）；请移开另一个表格后重试`,
  },
];

/**
 * Turn what the engine raises into the error a command reports: damage and
 * unsupported shapes become a WorkbookError in both languages; WorkbookErrors
 * and anything else pass through unchanged.
 */
export function engineError(err: unknown, label: string): unknown {
  if (!(err instanceof UnsupportedPackage)) return err;
  const detail = err.message;
  if (
    /archive|central directory|local header|size mismatch|compression method|zip64 entry|missing part|no sheets|sheet without relationship|sheet without sheetData|styles without|empty cellXfs/.test(
      detail,
    )
  )
    return new WorkbookError(
      "unreadable",
      bilingual(
        `${label} is damaged or incomplete and cannot be read (${detail}); nothing was changed`,
        `${label} 已损坏或不完整，无法读取（${detail}）；文件未做任何修改`,
      ),
      detail,
    );
  const known = CANNOT_EDIT.find((k) => k.test.test(detail));
  return new WorkbookError(
    "would-lose-content",
    known
      ? bilingual(
          `${label}: ${known.en(detail)}; nothing was changed`,
          `${label}：${known.zh(detail)}；文件未做任何修改`,
        )
      : bilingual(
          `${label} cannot be edited safely (${detail}); nothing was changed`,
          `无法安全地修改 ${label}（${detail}）；文件未做任何修改`,
        ),
    detail,
  );
}

/** Run `fn`, reporting engine refusals as WorkbookErrors (see engineError). */
export async function withEngineErrors<T>(label: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw engineError(err, label);
  }
}

/** Refuse what is not an .xlsx package at all, with the same words whichever command reads it. */
function assertPackage(bytes: Uint8Array, label: string): void {
  if (isZip(bytes)) return;
  if (isOleCompound(bytes))
    throw new WorkbookError(
      "not-xlsx",
      bilingual(
        `${label} is an old .xls or a password-protected workbook; save it as .xlsx without a password`,
        `${label} 是旧版 .xls 或设置了打开密码的工作簿，请另存为无密码的 .xlsx`,
      ),
    );
  throw new WorkbookError("not-xlsx", bilingual(`${label} is not an .xlsx workbook`, `${label} 不是 .xlsx 工作簿`));
}

/** An engine reader over a package's bytes: the port every command uses, and the package for used-range scans. */
export class EngineWorkbook {
  readonly port: FastXlsxPort;
  private readonly pkg: XlsxPackage;

  constructor(
    bytes: Uint8Array,
    readonly label: string,
  ) {
    assertPackage(bytes, label);
    try {
      this.pkg = new XlsxPackage(bytes);
      if (this.pkg.text("xl/workbook.xml").includes(STRICT_NS))
        throw new WorkbookError(
          "not-xlsx",
          bilingual(
            `${label} is saved as Strict Open XML, which LeadFlow does not edit; save it in Excel as "Excel Workbook (*.xlsx)" and run again`,
            `${label} 以 Strict Open XML 格式保存，LeadFlow 不编辑此格式；请在 Excel 中另存为“Excel 工作簿 (*.xlsx)”后重试`,
          ),
        );
      this.port = new FastXlsxPort(bytes);
    } catch (err) {
      if (err instanceof UnsupportedPackage && /no xl\/workbook\.xml/.test(err.message))
        throw new WorkbookError(
          "not-xlsx",
          bilingual(`${label} is not an .xlsx workbook`, `${label} 不是 .xlsx 工作簿`),
        );
      throw engineError(err, label);
    }
  }

  /**
   * The used range of a sheet: the smallest block holding every non-blank
   * cell value, or null when the sheet holds none. Formatted empty cells (a
   * style at row 1,048,576) do not count: a source is read by its cells, not
   * its nominal range.
   */
  usedRange(sheet: string): string | null {
    const part = this.pkg.sheets().find((s) => s.name === sheet);
    if (!part || !this.pkg.has(part.path)) return null;
    const xml = this.pkg.sheetXml(part.path);
    if (!/<worksheet\b/.test(xml.slice(0, 4096))) return null; // a chart sheet or dialog sheet has no cells
    let r1 = Infinity;
    let r2 = 0;
    let c1 = Infinity;
    let c2 = 0;
    scanSheet(xml, 1, Number.MAX_SAFE_INTEGER, this.pkg.sharedStrings(), (row, cell) => {
      if (isBlankCell(cell.value)) return;
      if (row < r1) r1 = row;
      if (row > r2) r2 = row;
      if (cell.col < c1) c1 = cell.col;
      if (cell.col > c2) c2 = cell.col;
    });
    this.pkg.forgetSheet(part.path);
    return r2 === 0 ? null : `${colLetters(c1)}${r1}:${colLetters(c2)}${r2}`;
  }
}

/** Read a workbook file (readWorkbookBytes: the one way in) and open it with the engine. */
export async function openEngineWorkbook(
  path: string,
): Promise<{ workbook: EngineWorkbook; bytes: Uint8Array; stamp: FileStamp }> {
  const { bytes, stamp } = await readWorkbookBytes(path);
  return { workbook: new EngineWorkbook(bytes, basename(path)), bytes, stamp };
}
