/**
 * A WorkbookPort over an .xlsx package that reads tables straight from the
 * zip and, on apply, rewrites only the parts a Refresh changes: the review
 * sheets and their table parts, the owned cells spliced into Leads and
 * Conversion, styles, workbook/content-type entries for new parts. Every
 * other part keeps its original bytes (charts, pivots, images, drawings,
 * vbaProject — including what Excel made).
 *
 * It applies every Change op (install, import, quick entry, refresh) and can
 * start a new workbook from nothing (`FastXlsxPort.create`). A package shape
 * it cannot edit safely throws `UnsupportedPackage` before anything is
 * written. Reading after writing works: a sheet with pending edits is
 * spliced before it is read.
 */
import { columnIndex1, columnLetters1 } from "../../../domain/a1";
import {
  applyChange,
  isFormulaCell,
  unknownChange,
  type CellWrite,
  type Change,
  type ChangeHandlers,
  type PivotTableChange,
} from "../../../domain/plan/changes";
import type { CellValue } from "../../../domain/types";
import { isBlankCell } from "../../../domain/parse/text";
import type {
  ApplyOutcome,
  ApplyProgress,
  PivotOutcome,
  ReadTableOptions,
  SheetInfo,
  TableData,
  TableInfo,
  WorkbookPort,
  WorkbookState,
} from "../../port";
import { CT_TABLE, REL_TABLE, XlsxPackage, parseRels, relsPathOf, resolveTarget, type TablePart } from "./package";
import { SheetEdit, spliceSheet } from "./sheetEdit";
import { Styles, type StylePatch } from "./styles";
import { newPackageBytes } from "./newPackage";
import { EntryWriter } from "./entryWriter";
import {
  freeze,
  protect,
  protectionXml,
  putConditionalFormats,
  putValidation,
  rectRef,
  tabColor,
  validationXml,
} from "./sheetOutside";
import { WorkbookError } from "../../port";
import { ensureCustomProperties, setStringProperty } from "./customProperty";
import { findSheet } from "../../../domain/plan/sheets";
import { pivotSheetTakenNotice } from "../../../domain/plan/pivot";
import { attr, decodeXml, escapeXml, ownCopy, parseRange, parseRef, scanSheet, type TextPool } from "./xml";
import { UnsupportedPackage } from "./zip";
import {
  CT_PIVOT_CACHE,
  CT_PIVOT_TABLE,
  REL_PIVOT_CACHE,
  REL_PIVOT_TABLE,
  cacheDefinitionXml,
  pivotCacheIds,
  pivotTableName,
  pivotTableXml,
  withRefreshOnLoad,
} from "./pivotParts";

export { UnsupportedPackage };

const MAX_ROW = 1048576;
/** Excel's limit on the text of one cell. */
const MAX_CELL_TEXT = 32_767;
const bilingual = (en: string, zh: string) => `${en} / ${zh}`;

const EMPTY_SHEET =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><dimension ref="A1"/><sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="15"/><sheetData/><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>';

interface LiveTable {
  part: TablePart;
  /** Table XML to write (new or changed), else undefined. */
  xml?: string;
}

export class FastXlsxPort implements WorkbookPort {
  private readonly pkg: XlsxPackage;
  private readonly tables: LiveTable[];
  private readonly edits = new Map<string, SheetEdit>();
  private styles: Styles | null = null;
  /** One string object per distinct cell text across every read (see scanSheet). */
  private readonly textPool: TextPool = { inline: new Map(), result: new Map() };

  constructor(bytes: Uint8Array, options: { allowNoSheets?: boolean } = {}) {
    this.pkg = new XlsxPackage(bytes);
    if (this.pkg.sheets().length === 0 && !options.allowNoSheets) throw new UnsupportedPackage("no sheets");
    this.tables = this.pkg.tables().map((part) => ({ part }));
  }

  /** True for a Strict Open XML package (ISO/IEC 29500 Strict namespaces), which this engine does not edit. */
  isStrict(): boolean {
    return /purl\.oclc\.org\/ooxml\/spreadsheetml\/main/.test(this.pkg.text("xl/workbook.xml"));
  }

  /** A new, empty workbook (install adds its sheets). */
  static create(): FastXlsxPort {
    return new FastXlsxPort(newPackageBytes(), { allowNoSheets: true });
  }

  async readState(): Promise<WorkbookState> {
    // Whether a sheet is protected is read on first use only: <sheetProtection> follows <sheetData>, so
    // answering means inflating the whole sheet, and most commands never ask (at 50,000 leads that was
    // every big sheet inflated, and all of them held at once, before the first table was read). The
    // answer is the sheet as it is now: a sheet with edits pending is answered at once, and a sheet
    // edited later answers from its text before that edit (see flush).
    const sheets = this.pkg.sheets().map((s) => {
      const info = { name: s.name, visible: s.state === "visible" } as SheetInfo;
      const answer = (): boolean =>
        this.pkg.has(s.path) ? /<sheetProtection\b[^>]*sheet="(1|true)"/.test(this.sheetHead(s.name, s.path)) : false;
      if (this.edits.has(s.name)) return { ...info, protected: answer() };
      let known: boolean | undefined;
      const get = (): boolean => {
        if (known === undefined) {
          const v = answer();
          if (known === undefined) known = v;
        }
        return known;
      };
      const waiting = this.protectionWaiting.get(s.path) ?? [];
      waiting.push(get);
      this.protectionWaiting.set(s.path, waiting);
      Object.defineProperty(info, "protected", { get, enumerable: true });
      return info;
    });
    return {
      sheets,
      tables: this.liveTables().map((t) => this.info(t.part)),
      names: this.pkg.definedNames(),
      properties: this.properties(),
    };
  }

  async readTables(names: string[], options?: ReadTableOptions): Promise<Map<string, TableData>> {
    const out = new Map<string, TableData>();
    for (const name of names) {
      const t = this.findTable(name);
      if (!t) continue;
      const info = this.info(t.part);
      const r = parseRange(t.part.ref);
      const firstRow = r.r1 + t.part.headerRowCount;
      const lastRow = firstRow + info.rowCount - 1;
      const { values, formulas } = this.readBlock(
        t.part.sheet,
        firstRow,
        lastRow,
        r.c1,
        r.c2,
        options?.formulas ?? false,
      );
      out.set(name, { table: info, firstRow, values, ...(formulas ? { formulas } : {}) });
    }
    return out;
  }

  async readRange(sheet: string, address: string): Promise<CellValue[][]> {
    const r = parseRange(address);
    return this.readBlock(sheet, r.r1, r.r2, r.c1, r.c2, false).values;
  }

  async apply(changes: Change[], progress?: ApplyProgress): Promise<ApplyOutcome | void> {
    // An op this engine does not know (a plan from a newer version) is refused before the first write.
    const unknown = unknownChange(changes);
    if (unknown) throw new UnsupportedPackage(`change ${JSON.stringify(unknown.op)}`);
    // Refused before the first write, as the Office adapter does: Excel cannot hold it, and half a batch is worse.
    const overlong = findOverlongText(changes);
    if (overlong)
      throw new WorkbookError(
        "too-large",
        bilingual(
          `cell ${overlong.where} would hold ${overlong.length} characters of text, more than Excel's limit of ${MAX_CELL_TEXT}; nothing was written`,
          `单元格 ${overlong.where} 的文本有 ${overlong.length} 个字符，超过 Excel 的 ${MAX_CELL_TEXT} 个字符上限；未写入任何内容`,
        ),
      );
    this.pivotOutcome = undefined;
    for (let i = 0; i < changes.length; i++) {
      // No charts are drawn here, so no charts step is reported (see the reviewCharts handler).
      if (changes[i].op !== "reviewCharts") progress?.(i, changes.length, changes[i].op);
      await this.applyOne(changes[i]);
    }
    progress?.(changes.length, changes.length, "done");
    if (this.pivotOutcome) return { pivot: this.pivotOutcome };
  }

  /** What the last apply's `pivotTable` change came to. */
  private pivotOutcome: PivotOutcome | undefined;

  /** Serialize the package with every edit spliced in. */
  save(): Uint8Array {
    for (const sheetName of [...this.edits.keys()]) this.flush(sheetName);
    for (const t of this.tables) if (t.xml) this.pkg.setText(t.part.path, t.xml);
    if (this.styles?.dirty) this.pkg.setText(this.stylesPath(), this.styles.text());
    // Excel recalculates everything on open (cached results are for other viewers).
    if (this.touched) this.setFullCalcOnLoad();
    return this.pkg.save();
  }

  private touched = false;

  /** Splice a sheet's pending edits into its XML now (before a read of it, and at save). */
  private flush(sheetName: string): void {
    const edit = this.edits.get(sheetName);
    if (!edit) return;
    this.edits.delete(sheetName);
    if (edit.isEmpty()) return;
    const part = this.pkg.sheets().find((s) => s.name === sheetName);
    if (!part) throw new UnsupportedPackage(`sheet ${sheetName}`);
    const derive = (base: number | undefined, patch: StylePatch) => this.stylesObj().derive(base, patch);
    const out = new EntryWriter(part.path);
    const xml = this.pkg.sheetXml(part.path);
    const waiting = this.protectionWaiting.get(part.path);
    if (waiting) {
      // States read before this edit answer from the sheet as it was then (its head, kept; no second inflate).
      this.protectionWaiting.delete(part.path);
      if (!this.heads.has(part.path)) this.heads.set(part.path, headOf(xml));
      for (const answer of waiting) answer();
    }
    spliceSheet(xml, edit, derive, (...pieces) => out.write(...pieces));
    this.pkg.setSheetEntry(part.path, out.end());
    this.heads.delete(part.path);
    this.styleCache.clear();
    this.touched = true;
  }

  /** A sheet's XML (byte text) with every pending edit in it. */
  private currentSheetXml(sheetName: string, path: string): string {
    if (this.edits.has(sheetName)) this.flush(sheetName);
    return this.pkg.sheetXml(path);
  }

  // ------------------------------------------------------------ reading

  private readBlock(sheet: string, r1: number, r2: number, c1: number, c2: number, withFormulas: boolean) {
    const rows = Math.max(0, r2 - r1 + 1);
    const width = c2 - c1 + 1;
    const values: CellValue[][] = new Array(rows);
    const formulas: (string | null)[][] | undefined = withFormulas ? new Array(rows) : undefined;
    for (let i = 0; i < rows; i++) {
      values[i] = new Array<CellValue>(width).fill(null);
      if (formulas) formulas[i] = new Array<string | null>(width).fill(null);
    }
    const part = findSheet(this.pkg.sheets(), sheet);
    if (!part) throw new UnsupportedPackage(`sheet ${sheet} missing`);
    if (rows === 0) return { values, formulas };
    const xml = this.currentSheetXml(sheet, part.path);
    scanSheet(
      xml,
      r1,
      r2,
      this.pkg.sharedStrings(),
      (row, cell) => {
        if (cell.col < c1 || cell.col > c2) return;
        values[row - r1][cell.col - c1] = cell.value;
        if (formulas) formulas[row - r1][cell.col - c1] = cell.formula;
      },
      this.textPool,
    );
    // The values are copied out; the sheet's text (hundreds of MB in a big workbook) need not stay.
    // The last row's styles of the sheet's tables, for rows appended later: no second inflate just for them.
    if (!this.edits.has(sheet))
      for (const t of this.tables)
        if (t.part.sheet === sheet && !this.styleCache.has(t.part.name))
          this.styleCache.set(t.part.name, stylesOfRow(xml, parseRange(t.part.ref).r2));
    this.pkg.forgetSheet(part.path);
    return { values, formulas };
  }

  /** A worksheet's XML outside <sheetData> (byte text), kept so readState need not inflate big sheets again. */
  private readonly heads = new Map<string, string>();
  /** Per sheet part: readState answers "protected?" not yet given (see readState). */
  private readonly protectionWaiting = new Map<string, (() => boolean)[]>();
  private sheetHead(name: string, path: string): string {
    if (this.edits.has(name)) this.flush(name);
    let head = this.heads.get(path);
    if (head === undefined) {
      head = headOf(this.pkg.sheetXml(path));
      this.heads.set(path, head);
      this.pkg.forgetSheet(path); // the head is kept; the whole sheet is read again only if a table on it is
    }
    return head;
  }

  private properties(): Record<string, string> {
    const out: Record<string, string> = {};
    const rels = this.pkg.has("_rels/.rels") ? parseRels(this.pkg.text("_rels/.rels")) : [];
    const rel = rels.find((r) => r.type.endsWith("/custom-properties"));
    const path = rel ? resolveTarget("", rel.target) : "docProps/custom.xml";
    if (!this.pkg.has(path)) return out;
    for (const m of this.pkg.text(path).matchAll(/<((?:\w+:)?)property\b([^>]*)>([\s\S]*?)<\/\1property>/g)) {
      const name = attr(m[2], "name") ?? "";
      const text = /<[^>]+>([\s\S]*?)<\/[^>]+>/.exec(m[3].trim())?.[1] ?? "";
      out[name] = decodeXml(text);
    }
    return out;
  }

  private liveTables(): LiveTable[] {
    return this.tables;
  }

  private findTable(name: string): LiveTable | undefined {
    const lower = name.toLowerCase();
    return this.liveTables().find((t) => t.part.name.toLowerCase() === lower);
  }

  private info(p: TablePart): TableInfo {
    return {
      name: p.name,
      sheet: p.sheet,
      address: p.ref.replace(/\$/g, ""),
      headers: p.columns,
      rowCount: this.dataRowCount(p),
    };
  }

  /** Data rows of a table; a single all-blank row is the placeholder every table needs, and counts as none (as the generic adapter). */
  private dataRowCount(p: TablePart): number {
    const r = parseRange(p.ref);
    const n = r.r2 - r.r1 + 1 - p.headerRowCount - p.totalsRowCount;
    if (n !== 1) return Math.max(0, n);
    const key = `${p.path}|${p.ref}`;
    let blank = this.placeholderCache.get(key);
    if (blank === undefined) {
      const row = r.r1 + p.headerRowCount;
      const e = this.edits.get(p.sheet)?.cells.get(row);
      // As Excel (and the Office adapter) sees it: blank cells or only formulas (calculated columns fill it).
      const { values, formulas } = this.readBlock(p.sheet, row, row, r.c1, r.c2, true);
      blank = values[0].every((v, j) => isBlankCell(v) || (formulas?.[0][j] ?? null) !== null);
      if (e)
        for (const [col, patch] of e)
          if (col >= r.c1 && col <= r.c2 && !patch.keep && !isFormulaCell(patch.write) && !isBlankCell(patch.write))
            blank = false;
      this.placeholderCache.set(key, blank);
    }
    return blank ? 0 : 1;
  }
  private readonly placeholderCache = new Map<string, boolean>();

  // ------------------------------------------------------------ writing

  private edit(sheet: string): SheetEdit {
    let e = this.edits.get(sheet);
    if (!e) {
      if (!this.pkg.sheets().some((s) => s.name === sheet)) throw new UnsupportedPackage(`sheet ${sheet} missing`);
      this.edits.set(sheet, (e = new SheetEdit()));
    }
    return e;
  }

  private stylesPath(): string {
    const rel = this.pkg.workbookRels().find((r) => r.type.endsWith("/styles"));
    return rel ? resolveTarget("xl/workbook.xml", rel.target) : "xl/styles.xml";
  }

  private stylesObj(): Styles {
    if (!this.styles) this.styles = new Styles(this.pkg.text(this.stylesPath()));
    return this.styles;
  }

  private style(format: string | null | undefined, bold = false): number | undefined {
    if (!format && !bold) return undefined;
    return this.stylesObj().styleFor(format, bold);
  }

  private put(sheet: string, row: number, col: number, write: CellWrite, fmt?: string | null, bold?: boolean): void {
    const style = fmt || bold ? this.style(fmt, bold) : undefined;
    const e = this.edit(sheet);
    if (style === undefined && e.blocks.length) {
      const at = e.blockAt(row, col);
      if (at) {
        at.block.rows[at.i][at.j] = write;
        return;
      }
    }
    e.set(row, col, { write, style, fmt, bold, seq: e.seq });
    if (this.placeholderCache.size) this.placeholderCache.clear();
  }

  /** A format change over `address`: cells written so far, cells already there, and (whole columns) the column style. */
  private styleRange(sheet: string, address: string, patch: StylePatch): void {
    const e = this.edit(sheet);
    const r = parseRange(address);
    const whole = r.r2 >= MAX_ROW;
    e.styleOps.push({ rect: r, patch, seq: ++e.seq, whole });
    // A small range gets its missing cells too (a header cell, a settings value), as Excel formats empty cells.
    if (!whole && (r.r2 - r.r1 + 1) * (r.c2 - r.c1 + 1) <= 10000)
      for (let row = r.r1; row <= r.r2; row++)
        for (let col = r.c1; col <= r.c2; col++) {
          let m = e.cells.get(row);
          if (!m) e.cells.set(row, (m = new Map()));
          if (!m.has(col)) m.set(col, { write: null, keep: true });
        }
  }

  private async applyOne(change: Change): Promise<void> {
    // Sheet names compare as in Excel (any case): a change names the sheet as the workbook spells it.
    const c =
      "sheet" in change
        ? { ...change, sheet: findSheet(this.pkg.sheets(), change.sheet)?.name ?? change.sheet }
        : change;
    await applyChange(this.handlers, c, (op) => new UnsupportedPackage(`change ${JSON.stringify(op)}`));
  }

  /**
   * One handler per op: the map is typed over every `Change` op, so an op added to
   * the plan does not compile until this adapter handles it.
   */
  private readonly handlers: ChangeHandlers<Promise<void> | void> = {
    ensureSheet: (c) => {
      if (findSheet(this.pkg.sheets(), c.sheet)) return;
      this.pkg.addSheet(c.sheet, c.index, c.tabColor ? tabColor(EMPTY_SHEET, c.tabColor) : EMPTY_SHEET, c.hidden);
      this.touched = true;
      return;
    },
    createTable: (c) => {
      if (!this.findTable(c.table)) this.createTable(c.table, c.sheet, c.topLeft, c.headers, c.style);
      return;
    },
    addColumns: (c) => {
      return this.addColumns(c.table, c.headers);
    },
    setValidation: (c) => {
      const r = parseRange(c.address);
      const xml = validationXml(rectRef(r), c.validation);
      this.edit(c.sheet).outside.push((skel) => putValidation(skel, r, xml));
      return;
    },
    setConditionalFormats: (c) => {
      const ref = rectRef(parseRange(c.address));
      this.edit(c.sheet).outside.push((skel) =>
        putConditionalFormats(skel, ref, c.formats, (f) => this.stylesObj().dxf(f)),
      );
      return;
    },
    freezePanes: (c) => {
      this.edit(c.sheet).outside.push((skel) => freeze(skel, c.rows, c.columns));
      return;
    },
    groupColumns: (c) => {
      const e = this.edit(c.sheet);
      const a = columnIndex1(c.fromColumn);
      const b = columnIndex1(c.toColumn);
      for (let col = Math.min(a, b); col <= Math.max(a, b); col++) e.outline.add(col);
      return;
    },
    setDefinedName: (c) => {
      this.setDefinedName(c.name, c.formula, c.comment);
      return;
    },
    protectSheet: (c) => {
      for (const a of c.unlockedAddresses) this.styleRange(c.sheet, a, { locked: false });
      const xml = protectionXml(c.options);
      this.edit(c.sheet).outside.push((skel) => protect(skel, xml));
      return;
    },
    unprotectSheet: (c) => {
      this.edit(c.sheet).outside.push((skel) => protect(skel, null));
      return;
    },
    setProperty: (c) => {
      const path = ensureCustomProperties(this.pkg);
      this.pkg.setText(path, setStringProperty(this.pkg.text(path), c.key, c.value));
      return;
    },
    writeCells: (c) => {
      const tl = parseRef(c.topLeft);
      c.cells.forEach((row, i) =>
        row.forEach((cell, j) => this.put(c.sheet, tl.row + i, tl.col + j, cell, c.numberFormats?.[j])),
      );
      return;
    },
    clearRange: (c) => {
      const r = parseRange(c.address);
      const e = this.edit(c.sheet);
      e.clear(r);
      // Validations and conditional formats inside the cleared rectangle go with it.
      e.outside.push((skel) => putValidation(skel, r, undefined));
      return;
    },
    setColumnWidths: (c) => {
      const e = this.edit(c.sheet);
      for (const w of c.widths) e.widths.set(columnIndex1(w.column), w.width);
      return;
    },
    setNumberFormat: (c) => {
      this.styleRange(c.sheet, c.address, { format: c.format });
      return;
    },
    setFont: (c) => {
      const patch: StylePatch = {};
      if (c.bold !== undefined) patch.bold = c.bold;
      if (c.color) patch.color = c.color;
      if (c.size) patch.size = c.size;
      if (c.fill) patch.fill = c.fill;
      if (c.wrap !== undefined) patch.wrap = c.wrap;
      this.styleRange(c.sheet, c.address, patch);
      return;
    },
    writeTableColumn: (c) => {
      const t = this.requireTable(c.table);
      const col = this.tableColumn(t, c.column);
      const firstRow = parseRange(t.part.ref).r1 + t.part.headerRowCount;
      c.rowIndexes.forEach((ri, k) => this.put(t.part.sheet, firstRow + ri, col, c.cells[k]));
      return;
    },
    appendRows: (c) => {
      const t = this.requireTable(c.table);
      if (t.part.totalsRowCount)
        throw new WorkbookError(
          "protected",
          bilingual(`table ${t.part.name} has a totals row; remove it first`, `表格 ${t.part.name} 有汇总行，请先删除`),
        );
      if (c.rows.length === 0) return;
      const r = parseRange(t.part.ref);
      // Rows go after the data body: into the placeholder row of an empty table, as the generic adapter does.
      const start = r.r1 + t.part.headerRowCount + this.dataRowCount(t.part);
      const width = r.c2 - r.c1 + 1;
      // Styles first: reading them may splice pending edits, which must not happen between a write and its style.
      const above = Array.from({ length: width }, (_, j) => this.columnStyleAbove(t, r.c1 + j));
      const e = this.edit(t.part.sheet);
      const end = start + c.rows.length - 1;
      for (const b of e.blocks)
        if (!(b.r1 + b.rows.length - 1 < start || b.r1 > end))
          throw new UnsupportedPackage(`rows appended twice at ${t.part.sheet}!${start}`);
      // Earlier patches in these rows (a formula in the template row) are replaced by the appended row, as by put.
      for (let row = start; row <= end; row++) {
        const m = e.cells.get(row);
        if (m) for (let col = r.c1; col <= r.c2; col++) m.delete(col);
      }
      e.blocks.push({
        r1: start,
        c1: r.c1,
        rows: c.rows.map((row) => row.slice(0, width)),
        styles: above,
        seq: e.seq,
      });
      if (c.rows.some((row) => row.some((w) => isFormulaCell(w) && w.result === undefined)))
        e.wroteFormulaWithoutResult = true;
      if (this.placeholderCache.size) this.placeholderCache.clear();
      const ref = `${columnLetters1(r.c1)}${r.r1}:${columnLetters1(r.c2)}${Math.max(r.r2, start + c.rows.length - 1)}`;
      this.setTableRef(t, ref);
      return;
    },
    replaceTable: (c) => {
      this.replaceTable(c);
      return;
    },
    pivotTable: (c) => {
      this.pivotOutcome = this.pivotTable(c);
      return;
    },
    reviewCharts: () => {
      // The package engine draws no charts (it never has): charts already in the file keep their
      // bytes and their ranges, and the apply reports none drawn (no `chartsDrawn`), so Refresh
      // says the charts were not updated. Excel draws them when the pane refreshes the workbook.
    },
  };

  /**
   * The `pivotTable` change on a file (see pivotParts.ts). Ours is there (a pivotTable part of that
   * name, on any sheet): its parts keep their bytes, but for refreshOnLoad="1" set on its cache
   * definition when it lacks it. Else, when the sheet is free: a new sheet, the cache definition
   * (workbook relationship, <pivotCaches>, content type) and the pivotTable part (sheet
   * relationship, its relationship to the cache, content type). Else: nothing.
   */
  private pivotTable(c: PivotTableChange): PivotOutcome {
    const base = { name: c.name, sheet: c.sheet };
    for (const sheet of this.pkg.sheets())
      for (const rel of this.pkg.sheetRels(sheet.path)) {
        if (rel.type !== REL_PIVOT_TABLE || rel.external) continue;
        const path = resolveTarget(sheet.path, rel.target);
        if (!this.pkg.has(path) || pivotTableName(this.pkg.text(path))?.toLowerCase() !== c.name.toLowerCase())
          continue;
        const cache = parseRels(this.pkg.has(relsPathOf(path)) ? this.pkg.text(relsPathOf(path)) : "").find(
          (r) => r.type === REL_PIVOT_CACHE && !r.external,
        );
        const cachePath = cache ? resolveTarget(path, cache.target) : undefined;
        if (cachePath && this.pkg.has(cachePath)) {
          const before = this.pkg.text(cachePath);
          const after = withRefreshOnLoad(before);
          if (after !== before) this.pkg.setText(cachePath, after);
        }
        return { name: pivotTableName(this.pkg.text(path)) ?? c.name, sheet: sheet.name, status: "refreshed" };
      }
    if (findSheet(this.pkg.sheets(), c.sheet))
      return {
        ...base,
        status: "sheet-taken",
        notice: pivotSheetTakenNotice(c.sheet),
      };
    const source = this.requireTable(c.sourceTable);
    const columns = source.part.columns;
    const pivotXml = (cacheId: number) => pivotTableXml(c, cacheId, columns);
    try {
      pivotXml(0); // a layout column the table lacks: said before anything is added
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      return {
        ...base,
        status: "failed",
        notice: {
          zh: `数据透视表“${c.name}”未能创建（${why}）；其余内容已刷新。`,
          en: `The PivotTable "${c.name}" could not be made (${why}); everything else is refreshed.`,
        },
      };
    }
    // A new sheet with no formulas: the workbook's calculation settings stay as they are.
    const sheetPart = this.pkg.addSheet(c.sheet, undefined, EMPTY_SHEET);
    let wb = this.pkg.text("xl/workbook.xml");
    const cacheId = Math.max(0, ...pivotCacheIds(wb)) + 1;
    const cachePath = this.pkg.freePartName("xl/pivotCache/pivotCacheDefinition", ".xml");
    this.pkg.setText(cachePath, cacheDefinitionXml(source.part.name, columns));
    this.pkg.addOverride(cachePath, CT_PIVOT_CACHE);
    const wbRid = this.pkg.addRel("xl/workbook.xml", REL_PIVOT_CACHE, relativeTarget("xl/workbook.xml", cachePath));
    wb = this.pkg.text("xl/workbook.xml");
    const entry = `<pivotCache cacheId="${cacheId}" r:id="${wbRid}"/>`;
    wb = /<\/pivotCaches>/.test(wb)
      ? wb.replace("</pivotCaches>", `${entry}</pivotCaches>`)
      : /<pivotCaches\/>/.test(wb)
        ? wb.replace("<pivotCaches/>", `<pivotCaches>${entry}</pivotCaches>`)
        : insertWorkbookChild(wb, `<pivotCaches>${entry}</pivotCaches>`, "pivotCaches");
    this.pkg.setText("xl/workbook.xml", wb);
    const pivotPath = this.pkg.freePartName("xl/pivotTables/pivotTable", ".xml");
    this.pkg.setText(pivotPath, pivotXml(cacheId));
    this.pkg.addOverride(pivotPath, CT_PIVOT_TABLE);
    this.pkg.addRel(pivotPath, REL_PIVOT_CACHE, relativeTarget(pivotPath, cachePath));
    this.pkg.addRel(sheetPart.path, REL_PIVOT_TABLE, relativeTarget(sheetPart.path, pivotPath));
    return { ...base, status: "created" };
  }

  private requireTable(name: string): LiveTable {
    const t = this.findTable(name);
    if (!t)
      throw new WorkbookError("table-missing", bilingual(`table "${name}" does not exist`, `表格“${name}”不存在`));
    return t;
  }

  private tableColumn(t: LiveTable, column: string): number {
    let i = t.part.columns.indexOf(column);
    if (i < 0) i = t.part.columns.findIndex((h) => h.toLowerCase() === column.toLowerCase());
    if (i < 0)
      throw new WorkbookError(
        "table-missing",
        bilingual(`column "${column}" is missing from table ${t.part.name}`, `表格 ${t.part.name} 中缺少列“${column}”`),
      );
    return parseRange(t.part.ref).c1 + i;
  }

  /** Style of the table's last data cell in this column, so appended rows look like the ones above. */
  private styleCache = new Map<string, Map<number, number | undefined>>();
  private columnStyleAbove(t: LiveTable, col: number): number | undefined {
    let m = this.styleCache.get(t.part.name);
    if (!m) {
      m = new Map();
      const r = parseRange(t.part.ref);
      const sheet = this.pkg.sheets().find((s) => s.name === t.part.sheet)!;
      m = stylesOfRow(this.currentSheetXml(sheet.name, sheet.path), r.r2);
      this.styleCache.set(t.part.name, m);
    }
    return m.get(col);
  }

  private setTableRef(t: LiveTable, ref: string): void {
    const xml = t.xml ?? this.pkg.text(t.part.path);
    t.xml = xml
      .replace(/(<table\b[^>]*\sref=")[^"]*"/, `$1${ref}"`)
      .replace(/(<autoFilter\b[^>]*\sref=")[^"]*"/, `$1${ref}"`);
    t.part = { ...t.part, ref };
  }

  private replaceTable(c: Extract<Change, { op: "replaceTable" }>): void {
    const tl = parseRef(c.topLeft);
    const existing = this.findTable(c.table);
    const e = this.edit(c.sheet);
    if (existing) {
      if (existing.part.sheet !== c.sheet) throw new UnsupportedPackage(`table ${c.table} moved to another sheet`);
      // The old table's cells go; charts that point at the sheet keep their ranges.
      e.clear(parseRange(existing.part.ref));
    }
    const c2 = tl.col + c.headers.length - 1;
    const r2 = tl.row + Math.max(1, c.rows.length);
    const ref = `${columnLetters1(tl.col)}${tl.row}:${columnLetters1(c2)}${r2}`;
    for (const other of this.liveTables()) {
      if (other === existing || other.part.sheet !== c.sheet) continue;
      const o = parseRange(other.part.ref);
      if (!(o.c2 < tl.col || o.c1 > c2 || o.r2 < tl.row || o.r1 > r2))
        throw new UnsupportedPackage(`table ${c.table} would overlap ${other.part.name}`);
    }
    c.headers.forEach((h, j) => this.put(c.sheet, tl.row, tl.col + j, h, null, true));
    c.rows.forEach((row, i) =>
      row.forEach((cell, j) => this.put(c.sheet, tl.row + 1 + i, tl.col + j, cell, c.numberFormats?.[j])),
    );
    const part: TablePart = existing
      ? { ...existing.part, ref, columns: [...c.headers], headerRowCount: 1, totalsRowCount: 0 }
      : this.newTablePart(c.sheet, c.table, ref, c.headers);
    const xml = tableXml(part, c.style);
    if (existing) {
      existing.part = part;
      existing.xml = xml;
    } else {
      this.tables.push({ part, xml });
    }
  }

  /** Register a new table part (content type, sheet relationship, <tablePart>); its XML is written at save. */
  private newTablePart(sheet: string, name: string, ref: string, headers: string[]): TablePart {
    const id = this.tables.reduce((mx, t) => Math.max(mx, t.part.id), 0) + 1;
    const path = this.pkg.freePartName("xl/tables/table", ".xml");
    const sheetPart = this.pkg.sheets().find((s) => s.name === sheet)!;
    this.pkg.setText(path, ""); // reserve the name
    this.pkg.addOverride(path, CT_TABLE);
    const rid = this.pkg.addRel(sheetPart.path, REL_TABLE, relativeTarget(sheetPart.path, path));
    this.edit(sheet).newTableRels.push(rid);
    return { path, sheet, id, name, ref, headerRowCount: 1, totalsRowCount: 0, columns: [...headers] };
  }

  private createTable(name: string, sheet: string, topLeft: string, headers: string[], style?: string): void {
    const tl = parseRef(topLeft);
    const c2 = tl.col + headers.length - 1;
    // A table needs at least one data row: an empty one is Excel's own "new table" shape.
    const ref = `${columnLetters1(tl.col)}${tl.row}:${columnLetters1(c2)}${tl.row + 1}`;
    headers.forEach((h, j) => this.put(sheet, tl.row, tl.col + j, h));
    const part = this.newTablePart(sheet, name, ref, headers);
    this.tables.push({ part, xml: tableXml(part, style) });
  }

  private addColumns(table: string, headers: string[]): void {
    const t = this.requireTable(table);
    const r = parseRange(t.part.ref);
    const existing = new Set(t.part.columns.map((h) => h.toLowerCase()));
    const fresh = headers.filter((h) => !existing.has(h.toLowerCase()));
    if (fresh.length === 0) return;
    // Never write the new columns over cells the user filled next to the table.
    const beside = this.readBlock(t.part.sheet, r.r1, r.r2, r.c2 + 1, r.c2 + fresh.length, false).values;
    beside.forEach((line, i) =>
      line.forEach((v, j) => {
        if (v === null || v === "") return;
        const at = `${t.part.sheet}!${columnLetters1(r.c2 + 1 + j)}${r.r1 + i}`;
        throw new WorkbookError(
          "would-lose-content",
          bilingual(
            `cannot add columns to table ${t.part.name}: cell ${at} next to it is not empty`,
            `无法为表格 ${t.part.name} 添加列：相邻单元格 ${at} 不为空`,
          ),
        );
      }),
    );
    const headerStyle = this.rowStyles(t.part.sheet, r.r1).get(r.c2);
    const e = this.edit(t.part.sheet);
    fresh.forEach((h, i) => {
      this.put(t.part.sheet, r.r1, r.c2 + 1 + i, h);
      if (headerStyle !== undefined) e.cells.get(r.r1)!.get(r.c2 + 1 + i)!.style = headerStyle;
    });
    const xml = t.xml ?? this.pkg.text(t.part.path);
    let id = 0;
    for (const m of xml.matchAll(/<tableColumn\b[^>]*>/g)) id = Math.max(id, Number(attr(m[0], "id") ?? 0));
    const cols = fresh.map((h, i) => `<tableColumn id="${id + 1 + i}" name="${escapeXml(h)}"/>`).join("");
    const count = t.part.columns.length + fresh.length;
    t.xml = xml
      .replace(/<\/tableColumns>/, `${cols}</tableColumns>`)
      .replace(/<tableColumns\b[^>]*>/, `<tableColumns count="${count}">`);
    t.part = { ...t.part, columns: [...t.part.columns, ...fresh] };
    this.setTableRef(t, `${columnLetters1(r.c1)}${r.r1}:${columnLetters1(r.c2 + fresh.length)}${r.r2}`);
  }

  /** Style index of each cell of one row, as stored. */
  private rowStyles(sheet: string, row: number): Map<number, number> {
    const m = new Map<number, number>();
    const part = this.pkg.sheets().find((s) => s.name === sheet);
    if (!part) return m;
    const xml = this.currentSheetXml(sheet, part.path);
    const rowTag = xml.indexOf(`<row r="${row}"`);
    if (rowTag >= 0) {
      const end = xml.indexOf("</row>", rowTag);
      for (const cm of xml.slice(rowTag, end < 0 ? rowTag : end).matchAll(/<c\b[^>]*>/g)) {
        const ref = attr(cm[0], "r");
        const st = attr(cm[0], "s");
        if (ref && st) m.set(parseRef(ref).col, Number(st));
      }
    }
    return m;
  }

  private setDefinedName(name: string, formula: string, comment?: string): void {
    let wb = this.pkg.text("xl/workbook.xml");
    const text = formula.startsWith("=") ? formula.slice(1) : formula;
    const tag = `<definedName name="${escapeXml(name)}"${comment ? ` comment="${escapeXml(comment)}"` : ""}>${escapeXml(text)}</definedName>`;
    const lower = name.toLowerCase();
    const block = /<definedNames>([\s\S]*?)<\/definedNames>|<definedNames\/>/.exec(wb);
    if (block) {
      const kept = [...(block[1] ?? "").matchAll(/<definedName\b[^>]*?(?:\/>|>[\s\S]*?<\/definedName>)/g)]
        .map((m) => m[0])
        .filter((d) => {
          const open = d.slice(0, d.indexOf(">") + 1);
          return !((attr(open, "name") ?? "").toLowerCase() === lower && attr(open, "localSheetId") === null);
        });
      wb =
        wb.slice(0, block.index) +
        `<definedNames>${kept.join("")}${tag}</definedNames>` +
        wb.slice(block.index + block[0].length);
    } else wb = insertWorkbookChild(wb, `<definedNames>${tag}</definedNames>`, "definedNames");
    this.pkg.setText("xl/workbook.xml", wb);
  }

  private setFullCalcOnLoad(): void {
    let wb = this.pkg.text("xl/workbook.xml");
    if (/<calcPr\b/.test(wb))
      wb = wb.replace(
        /<calcPr\b([^>]*?)(\s*\/?>)/,
        (_m, attrs: string, end: string) =>
          `<calcPr${attrs.replace(/\sfullCalcOnLoad="[^"]*"/, "")} fullCalcOnLoad="1"${end}`,
      );
    else wb = insertWorkbookChild(wb, '<calcPr fullCalcOnLoad="1"/>', "calcPr");
    this.pkg.setText("xl/workbook.xml", wb);
  }
}

/** Style index of each cell of one row of a sheet's XML. */
function stylesOfRow(xml: string, row: number): Map<number, number | undefined> {
  const m = new Map<number, number | undefined>();
  // A row number is unique in <sheetData> and a table's last row lies near the end of its sheet: searching
  // from the end finds the same tag without walking the whole sheet (over 100 MB at 50,000 leads).
  const rowTag = xml.lastIndexOf(`<row r="${row}"`);
  if (rowTag < 0) return m;
  const end = xml.indexOf("</row>", rowTag);
  for (const cm of xml.slice(rowTag, end < 0 ? rowTag : end).matchAll(/<c\b[^>]*>/g)) {
    const ref = attr(cm[0], "r");
    const s = attr(cm[0], "s");
    if (ref && s) m.set(parseRef(ref).col, Number(s));
  }
  return m;
}

/** The children of <workbook> after <sheets>, in schema order (ECMA-376 Part 1, CT_Workbook). */
const WORKBOOK_ORDER = [
  "sheets",
  "functionGroups",
  "externalReferences",
  "definedNames",
  "calcPr",
  "oleSize",
  "customWorkbookViews",
  "pivotCaches",
  "smartTagPr",
  "smartTagTypes",
  "webPublishing",
  "fileRecoveryPr",
  "webPublishObjects",
  "extLst",
];

function insertWorkbookChild(wb: string, element: string, name: string): string {
  for (const follower of WORKBOOK_ORDER.slice(WORKBOOK_ORDER.indexOf(name) + 1)) {
    const m = new RegExp(`<${follower}[\\s/>]`).exec(wb);
    if (m) return wb.slice(0, m.index) + element + wb.slice(m.index);
  }
  const end = wb.lastIndexOf("</workbook>");
  return wb.slice(0, end) + element + wb.slice(end);
}

function tableXml(part: TablePart, style?: string): string {
  const columns = part.columns.map((h, j) => `<tableColumn id="${j + 1}" name="${escapeXml(h)}"/>`).join("");
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    `<table xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" id="${part.id}" name="${escapeXml(part.name)}" displayName="${escapeXml(part.name)}" ref="${part.ref}" totalsRowShown="0">` +
    `<autoFilter ref="${part.ref}"/><tableColumns count="${part.columns.length}">${columns}</tableColumns>` +
    `<tableStyleInfo name="${escapeXml(style ?? "TableStyleMedium2")}" showFirstColumn="0" showLastColumn="0" showRowStripes="1" showColumnStripes="0"/></table>`
  );
}

/** The first text write longer than an Excel cell holds, as sheet!cell or table[row, column]. */
function findOverlongText(changes: Change[]): { where: string; length: number } | null {
  const tooLong = (w: CellWrite | undefined): number => {
    const text = typeof w === "object" && w !== null ? w.result : w;
    return typeof text === "string" && text.length > MAX_CELL_TEXT ? text.length : 0;
  };
  for (const ch of changes) {
    const blocks: [string, CellWrite[][]][] =
      ch.op === "writeCells"
        ? [[ch.sheet, ch.cells]]
        : ch.op === "replaceTable"
          ? [[ch.sheet, ch.rows]]
          : ch.op === "appendRows"
            ? [[ch.table, ch.rows]]
            : ch.op === "writeTableColumn"
              ? [[ch.table, ch.cells.map((c) => [c])]]
              : [];
    for (const [where, rows] of blocks)
      for (let i = 0; i < rows.length; i++)
        for (let j = 0; j < rows[i].length; j++) {
          const n = tooLong(rows[i][j]);
          if (n) return { where: `${where}[${i + 1}, ${j + 1}]`, length: n };
        }
  }
  return null;
}

/** Target of a relationship from `from` to `to`, relative to `from`'s folder. */
function relativeTarget(from: string, to: string): string {
  const a = from.split("/").slice(0, -1);
  const b = to.split("/");
  let i = 0;
  while (i < a.length && i < b.length - 1 && a[i] === b[i]) i++;
  return [...a.slice(i).map(() => ".."), ...b.slice(i)].join("/");
}

export { relsPathOf };

/** A worksheet's XML outside <sheetData> (byte text), as its own copy: a slice would keep the sheet alive. */
function headOf(xml: string): string {
  const sd = xml.indexOf("<sheetData");
  const end = xml.lastIndexOf("</sheetData>");
  // What follows <sheetData/> (protection, for one) belongs to the head too.
  const after = end >= 0 ? end : xml.indexOf(">", sd) + 1;
  return ownCopy(sd < 0 ? xml : xml.slice(0, sd) + xml.slice(after));
}
