/**
 * The file adapter: WorkbookPort over an .xlsx workbook held in memory.
 *
 * Cells, styles, tables and conditional formats go through exceljs; data
 * validations, defined names and custom properties are kept as package XML
 * (see package.ts). Nothing touches the disk here: `fromBytes` / `toBytes`
 * convert, and file.ts reads and saves atomically.
 *
 * Dates are written as serial numbers with a date number format (not JS
 * Dates), so no time zone can shift them; dates read back are turned into
 * serials again.
 */
/* eslint-disable office-addins/call-sync-before-read, office-addins/load-object-before-read --
   these cells and columns are exceljs objects in memory, not Office.js proxies: there is no sync. */
import { findSheet } from "../../../src/domain/plan/sheets";
import * as ExcelJS from "exceljs";
import { fixExceljsDates } from "./exceljsFixes";
import { strToU8 } from "fflate";
import {
  isFormulaCell,
  type Change,
  type CellWrite,
  type ConditionalFormat,
  type ProtectionOptions,
} from "../../../src/domain/plan/changes";
import type { CellValue } from "../../../src/domain/types";
import {
  WorkbookError,
  type ApplyProgress,
  type ReadTableOptions,
  type TableData,
  type TableInfo,
  type WorkbookPort,
  type WorkbookState,
} from "../../../src/workbook/port";
import {
  MAX_COL,
  MAX_ROW,
  cellAddress,
  colToNumber,
  contains,
  parseCell,
  parseRange,
  rectAddress,
  type Rect,
} from "./address";
import {
  extractDataValidations,
  extractDefinedNames,
  findForeignContent,
  injectDataValidations,
  injectDefinedNames,
  isOleCompound,
  isZip,
  partText,
  readCustomProperties,
  setPartText,
  sheetParts,
  stringPropertyXml,
  unzipPackage,
  workbookPartPath,
  writeCustomProperties,
  zipPackage,
  type CustomProperty,
  type ForeignContent,
  type RawDefinedName,
  type RawValidation,
} from "./packageParts";
import { parseValidation, validationXml, type ValidationInfo } from "./validations";

// Error values cached in date-formatted formula cells keep their text (see exceljsFixes.ts).
fixExceljsDates();

/** The exceljs table model (its typings do not describe the loaded shape). */
interface TableModel {
  name: string;
  displayName?: string;
  ref?: string;
  tableRef: string;
  autoFilterRef?: string;
  headerRow: boolean;
  totalsRow: boolean;
  columns: { name: string; filterButton?: boolean; [k: string]: unknown }[];
  style?: Record<string, unknown>;
  [k: string]: unknown;
}

interface TableHandle {
  ws: ExcelJS.Worksheet;
  model: TableModel;
  /** The exceljs Table wrapper, keyed in ws.tables by its original name. */
  key: string;
}

interface CfBlock {
  ref: string;
  rules: { type: string; formulae?: unknown[]; priority?: number; [k: string]: unknown }[];
}

/** exceljs keeps a sheet's conditional formats in this (untyped) array. */
function cfs(ws: ExcelJS.Worksheet): CfBlock[] {
  return (ws as unknown as { conditionalFormattings: CfBlock[] }).conditionalFormattings;
}

function setCfs(ws: ExcelJS.Worksheet, list: CfBlock[]): void {
  (ws as unknown as { conditionalFormattings: CfBlock[] }).conditionalFormattings = list;
}

const DEFAULT_TABLE_STYLE = "TableStyleMedium2";
/** Excel's limit on the text of one cell. */
const MAX_CELL_TEXT = 32_767;
const MS_PER_DAY = 86400000;
const EPOCH_SERIAL = 25569; // serial of 1970-01-01

export function dateToSerial(d: Date): number {
  return EPOCH_SERIAL + d.getTime() / MS_PER_DAY;
}

const stripEq = (f: string) => (f.startsWith("=") ? f.slice(1) : f);

function argb(color: string): string {
  const hex = color.replace(/^#/, "").toUpperCase();
  return hex.length === 6 ? `FF${hex}` : hex;
}

/** Convert what exceljs holds in a cell to a plain domain value. */
function plainValue(v: unknown): CellValue {
  if (v === null || v === undefined) return null;
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") return v;
  if (v instanceof Date) return dateToSerial(v);
  if (typeof v === "object") {
    const o = v as Record<string, unknown>;
    if ("formula" in o || "sharedFormula" in o) return plainValue(o.result);
    if (Array.isArray(o.richText)) return (o.richText as { text: string }[]).map((r) => r.text).join("");
    if (typeof o.error === "string") return o.error;
    if ("text" in o) return plainValue(o.text);
  }
  return String(v);
}

function readCell(cell: ExcelJS.Cell): CellValue {
  // A formula's cached 0 is dropped from cell.value by exceljs: read the result itself.
  if (cell.type === ExcelJS.ValueType.Formula) return plainValue(cell.result);
  return plainValue(cell.value);
}

function writeCell(cell: ExcelJS.Cell, w: CellWrite): void {
  if (isFormulaCell(w)) {
    const result = w.result;
    const cached = typeof result === "number" && !Number.isFinite(result) ? undefined : (result ?? undefined);
    cell.value = { formula: stripEq(w.formula), result: cached } as ExcelJS.CellFormulaValue;
    return;
  }
  if (typeof w === "number" && !Number.isFinite(w)) {
    cell.value = null;
    return;
  }
  // Strings are set as string values: exceljs never turns "=…" text into a formula (docs/ARCHITECTURE.md §4).
  cell.value = w;
}

function setStyle(cell: ExcelJS.Cell, patch: Partial<ExcelJS.Style>): void {
  // exceljs shares one style object between cells loaded with the same style id: always replace, never mutate.
  cell.style = { ...cell.style, ...patch } as ExcelJS.Style;
}

function fontPatch(
  base: Partial<ExcelJS.Font> | undefined,
  o: { bold?: boolean; color?: string; size?: number },
): Partial<ExcelJS.Font> {
  const font: Partial<ExcelJS.Font> = { ...(base ?? {}) };
  if (o.bold !== undefined) font.bold = o.bold;
  if (o.color) font.color = { argb: argb(o.color) };
  if (o.size) font.size = o.size;
  return font;
}

function isBlank(v: CellValue): boolean {
  return v === null || v === "";
}

function bilingual(en: string, zh: string): string {
  return `${en} / ${zh}`;
}

export interface XlsxOpenOptions {
  /** Name used in messages (the file name). */
  label?: string;
}

export class XlsxWorkbook implements WorkbookPort {
  /** Parts a read + write through exceljs would lose; `toBytes` refuses while this is not empty. */
  readonly foreignContent: ForeignContent[];
  private readonly validationsBySheet = new Map<string, RawValidation[]>();
  private definedNames: RawDefinedName[] = [];
  private customProperties: CustomProperty[] = [];

  private constructor(
    private readonly wb: ExcelJS.Workbook,
    foreign: ForeignContent[],
    private readonly label: string,
  ) {
    this.foreignContent = foreign;
  }

  static create(label = "workbook"): XlsxWorkbook {
    const wb = new ExcelJS.Workbook();
    wb.creator = "LeadFlow";
    return new XlsxWorkbook(wb, [], label);
  }

  static async fromBytes(bytes: Uint8Array, options: XlsxOpenOptions = {}): Promise<XlsxWorkbook> {
    const label = options.label ?? "workbook";
    if (!isZip(bytes)) {
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
    let files: Record<string, Uint8Array>;
    try {
      files = unzipPackage(bytes);
    } catch (err) {
      throw new WorkbookError(
        "unreadable",
        bilingual(`${label} is damaged or incomplete and cannot be read`, `${label} 已损坏或不完整，无法读取`),
        String(err),
      );
    }
    const wbPath = workbookPartPath(files);
    if (!wbPath || !files[wbPath] || !files["[Content_Types].xml"])
      throw new WorkbookError("not-xlsx", bilingual(`${label} is not an .xlsx workbook`, `${label} 不是 .xlsx 工作簿`));

    const foreign = findForeignContent(files);
    const sheets = sheetParts(files);
    const validations = new Map<string, RawValidation[]>();
    for (const s of sheets) {
      const xml = s.path ? partText(files, s.path) : undefined;
      if (!xml) continue;
      const { xml: stripped, validations: found } = extractDataValidations(xml);
      if (found.length) {
        validations.set(s.name, found);
        setPartText(files, s.path, stripped);
      }
    }
    const { xml: wbXml, names } = extractDefinedNames(
      partText(files, wbPath) ?? "",
      sheets.map((s) => s.name),
    );
    setPartText(files, wbPath, wbXml);
    const props = readCustomProperties(files);

    const wb = new ExcelJS.Workbook();
    try {
      await wb.xlsx.load(Buffer.from(zipPackage(files, 0)) as unknown as ArrayBuffer);
    } catch (err) {
      throw new WorkbookError(
        "unreadable",
        bilingual(`${label} could not be read as a workbook`, `${label} 无法作为工作簿读取`),
        err instanceof Error ? err.message : String(err),
      );
    }
    const book = new XlsxWorkbook(wb, foreign, label);
    for (const [sheet, list] of validations) book.validationsBySheet.set(sheet, list);
    book.definedNames = names;
    book.customProperties = props;
    return book;
  }

  /** The refusal `toBytes` would raise, or undefined when the workbook can be rewritten without loss. */
  rewriteRefusal(): WorkbookError | undefined {
    if (this.foreignContent.length === 0) return undefined;
    const en = this.foreignContent.map((f) => f.en).join(", ");
    const zh = this.foreignContent.map((f) => f.zh).join("、");
    return new WorkbookError(
      "would-lose-content",
      bilingual(
        `${this.label} contains ${en}, which this command cannot keep; nothing was changed — run it on a copy without them, or use the add-in in Excel`,
        `${this.label} 包含${zh}，本命令无法保留这些内容；文件未做任何修改——请在去掉这些内容的副本上运行，或在 Excel 中使用加载项`,
      ),
      this.foreignContent.flatMap((f) => f.parts).join(", "),
    );
  }

  async toBytes(): Promise<Uint8Array> {
    const refusal = this.rewriteRefusal();
    if (refusal) throw refusal;
    this.prepareForWrite();
    const files = await this.renderParts();
    const sheets = sheetParts(files);
    for (const s of sheets) {
      const list = this.validationsBySheet.get(s.name);
      if (!list?.length) continue;
      const xml = partText(files, s.path);
      if (xml !== undefined) setPartText(files, s.path, injectDataValidations(xml, list));
    }
    const wbPath = workbookPartPath(files) ?? "xl/workbook.xml";
    setPartText(
      files,
      wbPath,
      injectDefinedNames(
        partText(files, wbPath) ?? "",
        this.definedNames,
        sheets.map((s) => s.name),
      ),
    );
    writeCustomProperties(files, this.customProperties);
    return zipPackage(files, 6);
  }

  /**
   * The package parts exceljs renders, unzipped. exceljs's own write zips them
   * (slowly) only for us to unzip them again; when its render steps are
   * available (exceljs 4.x) they are called directly and the parts collected.
   */
  private async renderParts(): Promise<Record<string, Uint8Array>> {
    const xlsx = this.wb.xlsx as unknown as Record<string, unknown>;
    const steps = [
      "addContentTypes",
      "addOfficeRels",
      "addWorkbookRels",
      "addWorksheets",
      "addSharedStrings",
      "addDrawings",
      "addTables",
      "addThemes",
      "addStyles",
      "addMedia",
      "addApp",
      "addCore",
      "addWorkbook",
    ];
    if (typeof xlsx.prepareModel !== "function" || !steps.every((s) => typeof xlsx[s] === "function")) {
      const raw = (await this.wb.xlsx.writeBuffer({
        zip: { compression: "STORE" },
      } as unknown as ExcelJS.XlsxWriteOptions)) as ArrayBuffer;
      return unzipPackage(new Uint8Array(raw));
    }
    const files: Record<string, Uint8Array> = {};
    const collector = {
      append(data: string | Uint8Array, options: { name: string; base64?: boolean }): void {
        if (typeof data === "string")
          files[options.name] = options.base64 ? new Uint8Array(Buffer.from(data, "base64")) : strToU8(data);
        else files[options.name] = new Uint8Array(data);
      },
    };
    const model = (this.wb as unknown as { model: unknown }).model;
    const call = (name: string) =>
      (xlsx[name] as (zip: unknown, model: unknown) => unknown).call(xlsx, collector, model);
    (xlsx.prepareModel as (model: unknown, options: unknown) => void).call(xlsx, model, {});
    // Same order as exceljs's XLSX.write: shared strings after worksheets, workbook last.
    for (const step of steps) await call(step);
    return files;
  }

  // ------------------------------------------------------------------ reads

  async readState(): Promise<WorkbookState> {
    return {
      sheets: this.wb.worksheets.map((ws) => ({
        name: ws.name,
        visible: ws.state === "visible",
        protected: Boolean((ws as unknown as { sheetProtection?: { sheet?: boolean } }).sheetProtection?.sheet),
      })),
      tables: this.allTables().map((t) => this.tableInfo(t)),
      names: this.definedNames
        .filter((n) => n.localSheet === undefined)
        .map((n) => ({ name: n.name, formula: `=${n.formula}` })),
      properties: Object.fromEntries(this.customProperties.map((p) => [p.name, p.value])),
    };
  }

  async readTables(names: string[], options: ReadTableOptions = {}): Promise<Map<string, TableData>> {
    const out = new Map<string, TableData>();
    for (const name of names) {
      const t = this.findTable(name);
      if (!t) continue;
      const info = this.tableInfo(t);
      const rect = parseRange(t.model.tableRef);
      const firstRow = rect.top + 1;
      const values: CellValue[][] = [];
      const formulas: (string | null)[][] = [];
      for (let r = firstRow; r < firstRow + info.rowCount; r++) {
        const row = t.ws.getRow(r);
        const vals: CellValue[] = [];
        const fs: (string | null)[] = [];
        for (let c = rect.left; c <= rect.right; c++) {
          const cell = row.getCell(c);
          vals.push(readCell(cell));
          if (options.formulas) fs.push(cell.type === ExcelJS.ValueType.Formula ? `=${cell.formula}` : null);
        }
        values.push(vals);
        if (options.formulas) formulas.push(fs);
      }
      out.set(info.name, { table: info, firstRow, values, ...(options.formulas ? { formulas } : {}) });
    }
    return out;
  }

  async readRange(sheet: string, address: string): Promise<CellValue[][]> {
    const ws = this.sheet(sheet);
    const rect = this.boundToUsed(ws, parseRange(address));
    const out: CellValue[][] = [];
    for (let r = rect.top; r <= rect.bottom; r++) {
      const row = ws.getRow(r);
      const vals: CellValue[] = [];
      for (let c = rect.left; c <= rect.right; c++) vals.push(readCell(row.getCell(c)));
      out.push(vals);
    }
    return out;
  }

  // ------------------------------------------------------------------ writes

  async apply(changes: Change[], progress?: ApplyProgress): Promise<void> {
    // Refused before the first write, as the Office adapter does: Excel cannot hold it, and half a batch is worse.
    const overlong = this.findOverlongText(changes);
    if (overlong)
      throw new WorkbookError(
        "too-large",
        bilingual(
          `cell ${overlong.where} would hold ${overlong.length} characters of text, more than Excel's limit of ${MAX_CELL_TEXT}; nothing was written`,
          `单元格 ${overlong.where} 的文本有 ${overlong.length} 个字符，超过 Excel 的 ${MAX_CELL_TEXT} 个字符上限；未写入任何内容`,
        ),
      );
    for (let i = 0; i < changes.length; i++) {
      const ch = changes[i];
      progress?.(i, changes.length, ch.op);
      await this.applyOne(ch);
    }
    progress?.(changes.length, changes.length, "done");
  }

  /**
   * The first text write longer than an Excel cell holds, named as sheet!cell.
   * Rows appended earlier in the same batch are counted, so the address is
   * where the write would land; a table created by the batch itself is named
   * by table, row and column instead.
   */
  private findOverlongText(changes: Change[]): { where: string; length: number } | null {
    const tooLong = (w: CellWrite | undefined): number => {
      const text = isFormulaCell(w ?? null) ? (w as { result?: unknown }).result : w;
      return typeof text === "string" && text.length > MAX_CELL_TEXT ? text.length : 0;
    };
    const appended = new Map<string, number>();
    const tableAt = (name: string, dataRow: number, col: number): string => {
      const t = this.findTable(name);
      if (!t) return `${name}[${dataRow + 1}, ${col + 1}]`;
      const rect = parseRange(t.model.tableRef);
      return `${t.ws.name}!${cellAddress(rect.top + 1 + dataRow, rect.left + col)}`;
    };
    const block = (sheet: string, topLeft: string, rows: CellWrite[][]) => {
      const tl = parseCell(topLeft);
      for (let i = 0; i < rows.length; i++)
        for (let j = 0; j < rows[i].length; j++) {
          const n = tooLong(rows[i][j]);
          if (n) return { where: `${sheet}!${cellAddress(tl.row + i, tl.col + j)}`, length: n };
        }
      return null;
    };
    for (const ch of changes) {
      if (ch.op === "writeCells") {
        const found = block(ch.sheet, ch.topLeft, ch.cells);
        if (found) return found;
      } else if (ch.op === "replaceTable") {
        const tl = parseCell(ch.topLeft);
        const found = block(ch.sheet, cellAddress(tl.row + 1, tl.col), ch.rows);
        if (found) return found;
      } else if (ch.op === "appendRows") {
        const t = this.findTable(ch.table);
        const before = (t ? this.dataRowCount(t) : 0) + (appended.get(ch.table.toLowerCase()) ?? 0);
        for (let i = 0; i < ch.rows.length; i++)
          for (let j = 0; j < ch.rows[i].length; j++) {
            const n = tooLong(ch.rows[i][j]);
            if (n) return { where: tableAt(ch.table, before + i, j), length: n };
          }
        appended.set(ch.table.toLowerCase(), (appended.get(ch.table.toLowerCase()) ?? 0) + ch.rows.length);
      } else if (ch.op === "writeTableColumn") {
        for (let k = 0; k < ch.cells.length; k++) {
          const n = tooLong(ch.cells[k]);
          if (!n) continue;
          const t = this.findTable(ch.table);
          const col = t ? t.model.columns.findIndex((c) => c.name.toLowerCase() === ch.column.toLowerCase()) : -1;
          const where =
            t && col >= 0
              ? tableAt(ch.table, ch.rowIndexes[k] ?? 0, col)
              : `${ch.table}[${ch.column}, ${(ch.rowIndexes[k] ?? 0) + 1}]`;
          return { where, length: n };
        }
      }
    }
    return null;
  }

  private async applyOne(ch: Change): Promise<void> {
    switch (ch.op) {
      case "ensureSheet":
        return this.ensureSheet(ch.sheet, ch.index, ch.tabColor, ch.hidden);
      case "createTable":
        if (!this.findTable(ch.table))
          this.createTable(this.sheet(ch.sheet), ch.table, ch.topLeft, ch.headers, ch.style, 0);
        return;
      case "addColumns":
        return this.addColumns(ch.table, ch.headers);
      case "writeCells":
        return this.writeBlock(this.sheet(ch.sheet), ch.topLeft, ch.cells, ch.numberFormats);
      case "appendRows":
        return this.appendRows(ch.table, ch.rows);
      case "writeTableColumn":
        return this.writeTableColumn(ch.table, ch.column, ch.rowIndexes, ch.cells);
      case "replaceTable":
        return this.replaceTable(ch);
      case "clearRange":
        return this.clearRange(this.sheet(ch.sheet), parseRange(ch.address));
      case "setValidation": {
        const rect = parseRange(ch.address);
        const sqref = rectAddress(rect);
        const list = (this.validationsBySheet.get(ch.sheet) ?? []).filter((v) => !this.sqrefWithin(v.sqref, rect));
        this.sheet(ch.sheet); // the sheet must exist
        list.push({ sqref, xml: validationXml(sqref, ch.validation) });
        this.validationsBySheet.set(ch.sheet, list);
        return;
      }
      case "setConditionalFormats":
        return this.setConditionalFormats(this.sheet(ch.sheet), ch.address, ch.formats);
      case "setNumberFormat":
        return this.styleRange(this.sheet(ch.sheet), parseRange(ch.address), () => ({ numFmt: ch.format }));
      case "setColumnWidths": {
        const ws = this.sheet(ch.sheet);
        for (const w of ch.widths) ws.getColumn(colToNumber(w.column)).width = w.width;
        return;
      }
      case "setFont": {
        const ws = this.sheet(ch.sheet);
        return this.styleRange(ws, parseRange(ch.address), (style) => {
          const patch: Partial<ExcelJS.Style> = {};
          if (ch.bold !== undefined || ch.color || ch.size) patch.font = fontPatch(style.font, ch) as ExcelJS.Font;
          if (ch.fill) patch.fill = { type: "pattern", pattern: "solid", fgColor: { argb: argb(ch.fill) } };
          if (ch.wrap !== undefined)
            patch.alignment = { ...(style.alignment ?? {}), wrapText: ch.wrap } as ExcelJS.Alignment;
          return patch;
        });
      }
      case "freezePanes": {
        const ws = this.sheet(ch.sheet);
        const frozen = ch.rows > 0 || ch.columns > 0;
        ws.views = [
          frozen
            ? {
                state: "frozen",
                xSplit: ch.columns,
                ySplit: ch.rows,
                topLeftCell: cellAddress(ch.rows + 1, ch.columns + 1),
              }
            : { state: "normal" },
        ];
        return;
      }
      case "groupColumns": {
        const ws = this.sheet(ch.sheet);
        const from = colToNumber(ch.fromColumn);
        const to = colToNumber(ch.toColumn);
        for (let c = Math.min(from, to); c <= Math.max(from, to); c++) ws.getColumn(c).outlineLevel = 1;
        ws.properties.outlineLevelCol = Math.max(ws.properties.outlineLevelCol ?? 0, 1);
        return;
      }
      case "setDefinedName": {
        const rest = this.definedNames.filter(
          (n) => !(n.localSheet === undefined && n.name.toLowerCase() === ch.name.toLowerCase()),
        );
        rest.push({
          name: ch.name,
          formula: stripEq(ch.formula),
          attributes: ch.comment ? { comment: ch.comment } : {},
        });
        this.definedNames = rest;
        return;
      }
      case "protectSheet":
        return this.protectSheet(this.sheet(ch.sheet), ch.options, ch.unlockedAddresses);
      case "unprotectSheet":
        this.sheet(ch.sheet).unprotect();
        return;
      case "setProperty": {
        const prop: CustomProperty = { name: ch.key, value: ch.value, valueXml: stringPropertyXml(ch.value) };
        const i = this.customProperties.findIndex((p) => p.name === ch.key);
        if (i >= 0) this.customProperties[i] = prop;
        else this.customProperties.push(prop);
        return;
      }
      case "reviewCharts":
        // The reference adapter draws no charts, as the package engine (the file path never did).
        return;
      case "pivotTable":
        // The reference adapter makes no PivotTable (the package engine writes its parts: src/workbook/xlsx/package/pivotParts.ts).
        return;
      default: {
        const never: never = ch;
        throw new Error(`unknown change ${JSON.stringify(never)}`);
      }
    }
  }

  // ------------------------------------------------------------------ sheets

  private sheet(name: string): ExcelJS.Worksheet {
    // Sheet names compare as in Excel, without regard to case.
    const ws = findSheet(this.wb.worksheets, name);
    if (!ws)
      throw new WorkbookError("table-missing", bilingual(`sheet "${name}" does not exist`, `工作表“${name}”不存在`));
    return ws;
  }

  private ensureSheet(name: string, index?: number, tabColor?: string, hidden?: boolean): void {
    if (findSheet(this.wb.worksheets, name)) return;
    const ws = this.wb.addWorksheet(name, {
      ...(tabColor ? { properties: { tabColor: { argb: argb(tabColor) } } } : {}),
      state: hidden ? "hidden" : "visible",
    });
    if (index !== undefined) {
      const order = this.wb.worksheets.filter((w) => w !== ws);
      order.splice(Math.max(0, Math.min(index, order.length)), 0, ws);
      order.forEach((w, i) => ((w as unknown as { orderNo: number }).orderNo = i));
    }
  }

  /** Limit a rectangle to the sheet's used area (whole-column ranges would otherwise mean a million rows). */
  private boundToUsed(ws: ExcelJS.Worksheet, rect: Rect): Rect {
    return {
      top: rect.top,
      left: rect.left,
      bottom: Math.max(rect.top, Math.min(rect.bottom, ws.rowCount)),
      right: Math.max(rect.left, Math.min(rect.right, Math.max(ws.columnCount, rect.left))),
    };
  }

  /**
   * Style every existing cell of `rect`; where the range runs to the bottom of
   * the sheet, style the column too so that cells typed later inherit it.
   */
  private styleRange(
    ws: ExcelJS.Worksheet,
    rect: Rect,
    patch: (style: Partial<ExcelJS.Style>) => Partial<ExcelJS.Style>,
  ): void {
    const wholeColumns = rect.bottom >= MAX_ROW;
    const wholeRows = rect.right >= MAX_COL;
    if (wholeColumns && !wholeRows) {
      for (let c = rect.left; c <= rect.right; c++) {
        const col = ws.getColumn(c);
        col.style = { ...col.style, ...patch(col.style ?? {}) } as ExcelJS.Style;
      }
    }
    const bounded = wholeColumns || wholeRows ? this.boundToUsed(ws, rect) : rect;
    for (let r = bounded.top; r <= bounded.bottom; r++) {
      const row = ws.getRow(r);
      for (let c = bounded.left; c <= bounded.right; c++) {
        const cell = row.getCell(c);
        setStyle(cell, patch(cell.style ?? {}));
      }
    }
  }

  private writeBlock(
    ws: ExcelJS.Worksheet,
    topLeft: string,
    cells: CellWrite[][],
    numberFormats?: (string | null)[],
  ): void {
    const { row, col } = parseCell(topLeft);
    cells.forEach((line, i) => {
      const r = ws.getRow(row + i);
      line.forEach((w, j) => {
        const cell = r.getCell(col + j);
        writeCell(cell, w);
        const fmt = numberFormats?.[j];
        if (fmt) setStyle(cell, { numFmt: fmt });
      });
    });
  }

  private clearRange(ws: ExcelJS.Worksheet, rect: Rect): void {
    const bounded = this.boundToUsed(ws, rect);
    for (let r = bounded.top; r <= bounded.bottom; r++) {
      const row = ws.getRow(r);
      const last = Math.min(bounded.right, row.cellCount);
      for (let c = bounded.left; c <= last; c++) {
        const cell = row.getCell(c);
        cell.value = null;
        cell.style = {} as ExcelJS.Style;
      }
    }
    const list = this.validationsBySheet.get(ws.name);
    if (list)
      this.validationsBySheet.set(
        ws.name,
        list.filter((v) => !this.sqrefWithin(v.sqref, rect)),
      );
    setCfs(
      ws,
      cfs(ws).filter((cf) => !this.sqrefWithin(cf.ref, rect)),
    );
  }

  /** True when every range of a space-separated sqref lies inside `rect`. */
  private sqrefWithin(sqref: string, rect: Rect): boolean {
    return sqref
      .split(/\s+/)
      .filter(Boolean)
      .every((part) => {
        try {
          return contains(rect, parseRange(part));
        } catch {
          return false;
        }
      });
  }

  private setConditionalFormats(ws: ExcelJS.Worksheet, address: string, formats: ConditionalFormat[]): void {
    const ref = rectAddress(parseRange(address));
    const others = cfs(ws).filter((cf) => cf.ref !== ref && cf.ref !== address);
    const rules = formats.map((f) => {
      const style: Partial<ExcelJS.Style> = {};
      if (f.fill) style.fill = { type: "pattern", pattern: "solid", bgColor: { argb: argb(f.fill) } };
      if (f.fontColor || f.bold !== undefined) {
        style.font = {} as ExcelJS.Font;
        if (f.fontColor) style.font.color = { argb: argb(f.fontColor) };
        if (f.bold !== undefined) style.font.bold = f.bold;
      }
      return {
        type: "expression" as const,
        formulae: [stripEq(f.formula)],
        style,
        priority: 0,
        ...(f.stopIfTrue ? { stopIfTrue: true } : {}),
      };
    });
    setCfs(ws, [...others, { ref, rules }]);
  }

  private async protectSheet(ws: ExcelJS.Worksheet, options: ProtectionOptions, unlocked: string[]): Promise<void> {
    for (const address of unlocked) this.styleRange(ws, parseRange(address), () => ({ protection: { locked: false } }));
    await ws.protect(options.password ?? "", {
      selectLockedCells: true,
      selectUnlockedCells: true,
      insertRows: options.allowInsertRows,
      sort: options.allowSort,
      autoFilter: options.allowAutoFilter,
      formatColumns: options.allowFormatColumns,
    });
  }

  // ------------------------------------------------------------------ tables

  private allTables(): TableHandle[] {
    const out: TableHandle[] = [];
    for (const ws of this.wb.worksheets) {
      const tables = (ws as unknown as { tables: Record<string, { table: TableModel }> }).tables;
      for (const [key, t] of Object.entries(tables)) if (t?.table) out.push({ ws, model: t.table, key });
    }
    return out;
  }

  private findTable(name: string): TableHandle | undefined {
    const lower = name.toLowerCase();
    return this.allTables().find((t) => t.model.name.toLowerCase() === lower);
  }

  private requireTable(name: string): TableHandle {
    const t = this.findTable(name);
    if (!t)
      throw new WorkbookError("table-missing", bilingual(`table "${name}" does not exist`, `表格“${name}”不存在`));
    return t;
  }

  /** Data rows of the table; a single all-blank row is the placeholder every table needs, and counts as none. */
  private dataRowCount(t: TableHandle): number {
    const rect = parseRange(t.model.tableRef);
    const n = rect.bottom - rect.top - (t.model.totalsRow ? 1 : 0);
    if (n === 1) {
      const row = t.ws.getRow(rect.top + 1);
      let blank = true;
      for (let c = rect.left; c <= rect.right && blank; c++) blank = isBlank(readCell(row.getCell(c)));
      if (blank) return 0;
    }
    return Math.max(0, n);
  }

  private tableInfo(t: TableHandle): TableInfo {
    return {
      name: t.model.name,
      sheet: t.ws.name,
      address: t.model.tableRef,
      headers: t.model.columns.map((c) => c.name),
      rowCount: this.dataRowCount(t),
    };
  }

  private setTableRect(t: TableHandle, rect: Rect): void {
    const ref = rectAddress(rect);
    t.model.tableRef = ref;
    t.model.autoFilterRef = ref;
    t.model.ref = cellAddress(rect.top, rect.left);
  }

  private createTable(
    ws: ExcelJS.Worksheet,
    name: string,
    topLeft: string,
    headers: string[],
    style: string | undefined,
    dataRows: number,
  ): TableHandle {
    const tl = parseCell(topLeft);
    ws.addTable({
      name,
      displayName: name,
      ref: cellAddress(tl.row, tl.col),
      headerRow: true,
      totalsRow: false,
      style: { theme: (style ?? DEFAULT_TABLE_STYLE) as ExcelJS.TableStyleProperties["theme"], showRowStripes: true },
      columns: headers.map((h) => ({ name: h, filterButton: true })),
      rows: [],
    });
    const t = this.requireTable(name);
    // A table needs at least one data row: an empty one is Excel's own "new table" shape.
    this.setTableRect(t, {
      top: tl.row,
      left: tl.col,
      bottom: tl.row + Math.max(1, dataRows),
      right: tl.col + headers.length - 1,
    });
    return t;
  }

  private addColumns(table: string, headers: string[]): void {
    const t = this.requireTable(table);
    const rect = parseRange(t.model.tableRef);
    const existing = new Set(t.model.columns.map((c) => c.name.toLowerCase()));
    const fresh = headers.filter((h) => !existing.has(h.toLowerCase()));
    if (fresh.length === 0) return;
    // Never write the new columns over cells the user filled next to the table.
    for (let r = rect.top; r <= rect.bottom; r++) {
      const row = t.ws.getRow(r);
      for (let c = rect.right + 1; c <= rect.right + fresh.length; c++) {
        if (!isBlank(readCell(row.getCell(c))))
          throw new WorkbookError(
            "would-lose-content",
            bilingual(
              `cannot add columns to table ${t.model.name}: cell ${t.ws.name}!${cellAddress(r, c)} next to it is not empty`,
              `无法为表格 ${t.model.name} 添加列：相邻单元格 ${t.ws.name}!${cellAddress(r, c)} 不为空`,
            ),
          );
      }
    }
    const header = t.ws.getRow(rect.top);
    fresh.forEach((h, i) => {
      const cell = header.getCell(rect.right + 1 + i);
      cell.value = h;
      const left = header.getCell(rect.right);
      setStyle(cell, { ...left.style });
      t.model.columns.push({ name: h, filterButton: true });
    });
    this.setTableRect(t, { ...rect, right: rect.right + fresh.length });
  }

  private appendRows(table: string, rows: CellWrite[][]): void {
    if (rows.length === 0) return;
    const t = this.requireTable(table);
    if (t.model.totalsRow)
      throw new WorkbookError(
        "protected",
        bilingual(`table ${t.model.name} has a totals row; remove it first`, `表格 ${t.model.name} 有汇总行，请先删除`),
      );
    const rect = parseRange(t.model.tableRef);
    const count = this.dataRowCount(t);
    const start = rect.top + 1 + count;
    const width = rect.right - rect.left + 1;
    rows.forEach((line, i) => {
      const r = start + i;
      const row = t.ws.getRow(r);
      // New table rows take the formats of the row above, as Excel's table auto-expansion does.
      const above = r - 1 > rect.top ? t.ws.getRow(r - 1) : undefined;
      for (let j = 0; j < width; j++) {
        const cell = row.getCell(rect.left + j);
        if (above) setStyle(cell, { ...above.getCell(rect.left + j).style });
        writeCell(cell, j < line.length ? line[j] : null);
      }
    });
    this.setTableRect(t, { ...rect, bottom: Math.max(rect.bottom, start + rows.length - 1) });
  }

  private columnIndex(t: TableHandle, column: string): number {
    let i = t.model.columns.findIndex((c) => c.name === column);
    if (i < 0) i = t.model.columns.findIndex((c) => c.name.toLowerCase() === column.toLowerCase());
    if (i < 0)
      throw new WorkbookError(
        "table-missing",
        bilingual(
          `column "${column}" is missing from table ${t.model.name}`,
          `表格 ${t.model.name} 中缺少列“${column}”`,
        ),
      );
    return i;
  }

  private writeTableColumn(table: string, column: string, rowIndexes: number[], cells: CellWrite[]): void {
    const t = this.requireTable(table);
    const rect = parseRange(t.model.tableRef);
    const col = rect.left + this.columnIndex(t, column);
    const rows = rect.bottom - rect.top - (t.model.totalsRow ? 1 : 0);
    rowIndexes.forEach((idx, k) => {
      if (idx < 0 || idx >= rows)
        throw new WorkbookError(
          "table-missing",
          bilingual(`row ${idx + 1} is outside table ${t.model.name}`, `第 ${idx + 1} 行不在表格 ${t.model.name} 内`),
        );
      writeCell(t.ws.getRow(rect.top + 1 + idx).getCell(col), cells[k] ?? null);
    });
  }

  private replaceTable(ch: Extract<Change, { op: "replaceTable" }>): void {
    const old = this.findTable(ch.table);
    if (old) {
      const rect = parseRange(old.model.tableRef);
      old.ws.removeTable(old.key);
      this.clearRange(old.ws, rect);
    }
    const ws = this.sheet(ch.sheet);
    this.createTable(ws, ch.table, ch.topLeft, ch.headers, ch.style, ch.rows.length);
    const tl = parseCell(ch.topLeft);
    if (ch.rows.length) this.writeBlock(ws, cellAddress(tl.row + 1, tl.col), ch.rows, ch.numberFormats);
  }

  // ------------------------------------------------------------------ write preparation

  private prepareForWrite(): void {
    // Excel recalculates on open; the cached results we wrote are for other viewers.
    this.wb.calcProperties = { ...(this.wb.calcProperties ?? {}), fullCalcOnLoad: true };
    for (const t of this.allTables()) {
      // exceljs loses filter buttons of loaded tables (hiddenButton="1") unless told again.
      for (const c of t.model.columns) if (c.filterButton === undefined) c.filterButton = true;
      t.model.autoFilterRef = t.model.autoFilterRef ?? t.model.tableRef;
    }
    // Conditional-format priorities must be unique per sheet; number them in order.
    for (const ws of this.wb.worksheets) {
      let p = 1;
      for (const cf of cfs(ws)) for (const rule of cf.rules) rule.priority = p++;
    }
  }

  // ------------------------------------------------------------------ inspection (checks, tests)

  /** The data validations of a sheet, as stored in the file. */
  validations(sheet: string): ValidationInfo[] {
    return (this.validationsBySheet.get(sheet) ?? []).map(parseValidation);
  }

  /** Formula-based conditional formats of a sheet: range and formulas. */
  conditionalFormats(sheet: string): { ref: string; formulas: string[] }[] {
    const ws = this.sheet(sheet);
    return cfs(ws).map((cf) => ({
      ref: cf.ref,
      formulas: cf.rules.flatMap((r) => (r.formulae ?? []).map(String)),
    }));
  }

  /** Every formula cell of the workbook with its cached result. */
  formulaCells(): { sheet: string; address: string; formula: string; result: CellValue }[] {
    const out: { sheet: string; address: string; formula: string; result: CellValue }[] = [];
    for (const ws of this.wb.worksheets) {
      ws.eachRow({ includeEmpty: false }, (row) => {
        row.eachCell({ includeEmpty: false }, (cell) => {
          if (cell.type === ExcelJS.ValueType.Formula)
            out.push({ sheet: ws.name, address: cell.address, formula: cell.formula, result: readCell(cell) });
        });
      });
    }
    return out;
  }

  /** Number format of one cell ("" when General). */
  numberFormat(sheet: string, address: string): string {
    return this.sheet(sheet).getCell(address).numFmt ?? "";
  }

  /** True when the cell holds a string value (not a formula, not a number). */
  isTextCell(sheet: string, address: string): boolean {
    return this.sheet(sheet).getCell(address).type === ExcelJS.ValueType.String;
  }

  sheetView(sheet: string): { frozenRows: number; frozenColumns: number } {
    const v = (this.sheet(sheet).views?.[0] ?? {}) as { state?: string; xSplit?: number; ySplit?: number };
    return v.state === "frozen"
      ? { frozenRows: v.ySplit ?? 0, frozenColumns: v.xSplit ?? 0 }
      : { frozenRows: 0, frozenColumns: 0 };
  }

  columnInfo(sheet: string, column: string): { width?: number; outlineLevel: number } {
    const col = this.sheet(sheet).getColumn(colToNumber(column));
    return { width: col.width, outlineLevel: col.outlineLevel ?? 0 };
  }
}
