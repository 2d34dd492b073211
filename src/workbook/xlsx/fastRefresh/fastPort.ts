/**
 * A WorkbookPort over an .xlsx package that reads tables straight from the
 * zip and, on apply, rewrites only the parts a Refresh changes: the review
 * sheets and their table parts, the owned cells spliced into Leads and
 * Conversion, styles, workbook/content-type entries for new parts. Every
 * other part keeps its original bytes (charts, pivots, images, drawings,
 * vbaProject — including what Excel made).
 *
 * It supports the change ops Refresh emits. Anything else, or a package shape
 * it does not know, throws `UnsupportedPackage` before anything is written,
 * and the caller falls back to the generic exceljs path.
 */
import type { CellWrite, Change } from "../../../domain/plan/changes";
import type { CellValue } from "../../../domain/types";
import { isBlankCell } from "../../../domain/parse/text";
import type { ApplyProgress, ReadTableOptions, TableData, TableInfo, WorkbookPort, WorkbookState } from "../../port";
import { CT_TABLE, REL_TABLE, XlsxPackage, parseRels, relsPathOf, resolveTarget, type TablePart } from "./package";
import { SheetEdit, spliceSheet, type CellPatch } from "./sheetEdit";
import { Styles } from "./styles";
import { ensureCustomProperties, setStringProperty } from "./customProperty";
import { findSheet } from "../../../domain/plan/sheets";
import {
  attr,
  colIndex,
  colLetters,
  decodeXml,
  escapeXml,
  ownCopy,
  parseRange,
  parseRef,
  scanSheet,
  type TextPool,
} from "./xml";
import { UnsupportedPackage } from "./zip";

export { UnsupportedPackage };

const SUPPORTED_OPS = new Set<Change["op"]>([
  "ensureSheet",
  "writeCells",
  "appendRows",
  "writeTableColumn",
  "replaceTable",
  "clearRange",
  "setColumnWidths",
  "setNumberFormat",
  "setFont",
  "setProperty",
]);

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
  /** Cells written, as "sheet!A1" — for tests that prove no input cell is touched. */
  readonly written = new Set<string>();
  /** One string object per distinct cell text across every read (see scanSheet). */
  private readonly textPool: TextPool = { inline: new Map(), result: new Map() };

  constructor(bytes: Uint8Array) {
    this.pkg = new XlsxPackage(bytes);
    if (this.pkg.sheets().length === 0) throw new UnsupportedPackage("no sheets");
    this.tables = this.pkg.tables().map((part) => ({ part }));
  }

  async readState(): Promise<WorkbookState> {
    const sheets = this.pkg.sheets().map((s) => ({
      name: s.name,
      visible: s.state === "visible",
      protected: this.pkg.has(s.path) ? /<sheetProtection\b[^>]*sheet="(1|true)"/.test(this.sheetHead(s.path)) : false,
    }));
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
      if (this.edits.has(t.part.sheet)) throw new UnsupportedPackage("read after write");
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

  async apply(changes: Change[], progress?: ApplyProgress): Promise<void> {
    for (const c of changes) if (!SUPPORTED_OPS.has(c.op)) throw new UnsupportedPackage(`change ${c.op}`);
    changes.forEach((c, i) => {
      this.applyOne(c);
      progress?.(i + 1, changes.length, c.op);
    });
  }

  /** Serialize the package with every edit spliced in. */
  save(): Uint8Array {
    const sheets = this.pkg.sheets();
    let formulasWithoutResult = false;
    for (const [sheetName, edit] of this.edits) {
      const part = sheets.find((s) => s.name === sheetName);
      if (!part) throw new UnsupportedPackage(`sheet ${sheetName}`);
      if (edit.isEmpty()) continue;
      this.pkg.setSheetXml(part.path, spliceSheet(this.pkg.sheetXml(part.path), edit));
      formulasWithoutResult ||= edit.wroteFormulaWithoutResult;
    }
    for (const t of this.tables) if (t.xml) this.pkg.setText(t.part.path, t.xml);
    if (this.styles?.dirty) this.pkg.setText(this.stylesPath(), this.styles.text());
    // Like the generic path: Excel recalculates everything on open (cached results are for other viewers).
    if (formulasWithoutResult || this.edits.size > 0) this.setFullCalcOnLoad();
    return this.pkg.save();
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
    const xml = this.pkg.sheetXml(part.path);
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
    this.pkg.forgetSheet(part.path);
    return { values, formulas };
  }

  /** A worksheet's XML outside <sheetData> (byte text), kept so readState need not inflate big sheets again. */
  private readonly heads = new Map<string, string>();
  private sheetHead(path: string): string {
    let head = this.heads.get(path);
    if (head === undefined) {
      const xml = this.pkg.sheetXml(path);
      const sd = xml.indexOf("<sheetData");
      const end = xml.lastIndexOf("</sheetData>");
      // What follows <sheetData/> (protection, for one) belongs to the head too.
      const after = end >= 0 ? end : xml.indexOf(">", sd) + 1;
      head = ownCopy(sd < 0 ? xml : xml.slice(0, sd) + xml.slice(after)); // a copy: a slice would keep the sheet alive
      this.heads.set(path, head);
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
      const { values } = this.readBlock(p.sheet, row, row, r.c1, r.c2, false);
      blank = values[0].every(isBlankCell);
      if (e)
        for (const [col, patch] of e)
          if (col >= r.c1 && col <= r.c2 && patch.write !== null && patch.write !== "") blank = false;
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

  private style(format: string | null | undefined, bold = false): number | undefined {
    if (!format && !bold) return undefined;
    if (!this.styles) this.styles = new Styles(this.pkg.text(this.stylesPath()));
    return this.styles.styleFor(format, bold);
  }

  private put(sheet: string, row: number, col: number, write: CellWrite, fmt?: string | null, bold?: boolean): void {
    const style = fmt || bold ? this.style(fmt, bold) : undefined;
    this.edit(sheet).set(row, col, { write, style, fmt, bold });
    this.written.add(`${sheet}!${colLetters(col)}${row}`);
  }

  private applyOne(change: Change): void {
    // Sheet names compare as in Excel (any case): a change names the sheet as the workbook spells it.
    const c =
      "sheet" in change
        ? { ...change, sheet: findSheet(this.pkg.sheets(), change.sheet)?.name ?? change.sheet }
        : change;
    switch (c.op) {
      case "setProperty": {
        const path = ensureCustomProperties(this.pkg);
        this.pkg.setText(path, setStringProperty(this.pkg.text(path), c.key, c.value));
        return;
      }
      case "ensureSheet": {
        if (findSheet(this.pkg.sheets(), c.sheet)) return;
        this.pkg.addSheet(c.sheet, c.index, EMPTY_SHEET);
        return;
      }
      case "writeCells": {
        const tl = parseRef(c.topLeft);
        c.cells.forEach((row, i) =>
          row.forEach((cell, j) => this.put(c.sheet, tl.row + i, tl.col + j, cell, c.numberFormats?.[j])),
        );
        return;
      }
      case "clearRange": {
        const r = parseRange(c.address);
        this.edit(c.sheet).clear(r);
        return;
      }
      case "setColumnWidths": {
        const e = this.edit(c.sheet);
        for (const w of c.widths) e.widths.set(colIndex(w.column), w.width);
        return;
      }
      case "setNumberFormat":
        this.restyle(c.sheet, c.address, (p) => (p.fmt = c.format));
        return;
      case "setFont":
        // Only bold is carried (by the style index of cells written in this refresh); size and colour are cosmetic.
        if (c.bold !== undefined) this.restyle(c.sheet, c.address, (p) => (p.bold = c.bold));
        return;
      case "writeTableColumn": {
        const t = this.requireTable(c.table);
        const col = this.tableColumn(t, c.column);
        const firstRow = parseRange(t.part.ref).r1 + t.part.headerRowCount;
        c.rowIndexes.forEach((ri, k) => this.put(t.part.sheet, firstRow + ri, col, c.cells[k]));
        return;
      }
      case "appendRows": {
        const t = this.requireTable(c.table);
        if (t.part.totalsRowCount) throw new UnsupportedPackage("append to a table with a totals row");
        if (c.rows.length === 0) return;
        const r = parseRange(t.part.ref);
        // Rows go after the data body: into the placeholder row of an empty table, as the generic adapter does.
        const start = r.r1 + t.part.headerRowCount + this.dataRowCount(t.part);
        const width = r.c2 - r.c1 + 1;
        c.rows.forEach((row, i) => {
          for (let j = 0; j < width; j++) {
            this.put(t.part.sheet, start + i, r.c1 + j, j < row.length ? row[j] : null);
            const above = this.columnStyleAbove(t, r.c1 + j);
            if (above !== undefined)
              this.edit(t.part.sheet)
                .cells.get(start + i)!
                .get(r.c1 + j)!.style = above;
          }
        });
        const ref = `${colLetters(r.c1)}${r.r1}:${colLetters(r.c2)}${Math.max(r.r2, start + c.rows.length - 1)}`;
        this.setTableRef(t, ref);
        return;
      }
      case "replaceTable":
        this.replaceTable(c);
        return;
      default:
        throw new UnsupportedPackage(`change ${c.op}`);
    }
  }

  /** Give cells written in this refresh a style (cells not written keep theirs). */
  private restyle(sheet: string, address: string, change: (p: CellPatch) => void): void {
    const e = this.edit(sheet);
    const r = parseRange(address);
    for (let row = r.r1; row <= r.r2; row++) {
      const m = e.cells.get(row);
      if (!m) continue;
      for (const [col, p] of m) {
        if (col < r.c1 || col > r.c2) continue;
        change(p);
        p.style = this.style(p.fmt, p.bold);
      }
    }
  }

  private requireTable(name: string): LiveTable {
    const t = this.findTable(name);
    if (!t) throw new UnsupportedPackage(`table ${name} missing`);
    return t;
  }

  private tableColumn(t: LiveTable, column: string): number {
    const i = t.part.columns.indexOf(column);
    if (i < 0) throw new UnsupportedPackage(`column ${column} of ${t.part.name}`);
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
      const xml = this.pkg.sheetXml(sheet.path);
      const lastRow = r.r2;
      const rowTag = xml.indexOf(`<row r="${lastRow}"`);
      if (rowTag >= 0) {
        const end = xml.indexOf("</row>", rowTag);
        for (const cm of xml.slice(rowTag, end < 0 ? rowTag : end).matchAll(/<c\b[^>]*>/g)) {
          const ref = attr(cm[0], "r");
          const s = attr(cm[0], "s");
          if (ref && s) m.set(parseRef(ref).col, Number(s));
        }
      }
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
    const ref = `${colLetters(tl.col)}${tl.row}:${colLetters(c2)}${r2}`;
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
    const columns = c.headers.map((h, j) => `<tableColumn id="${j + 1}" name="${escapeXml(h)}"/>`).join("");
    const style = c.style ?? "TableStyleMedium2";
    let part: TablePart;
    if (existing) {
      part = { ...existing.part, ref, columns: [...c.headers], headerRowCount: 1, totalsRowCount: 0 };
    } else {
      const id = this.tables.reduce((mx, t) => Math.max(mx, t.part.id), 0) + 1;
      const path = this.pkg.freePartName("xl/tables/table", ".xml");
      const sheetPart = this.pkg.sheets().find((s) => s.name === c.sheet)!;
      this.pkg.setText(path, ""); // reserve the name
      this.pkg.addOverride(path, CT_TABLE);
      const rid = this.pkg.addRel(sheetPart.path, REL_TABLE, relativeTarget(sheetPart.path, path));
      e.newTableRels.push(rid);
      part = {
        path,
        sheet: c.sheet,
        id,
        name: c.table,
        ref,
        headerRowCount: 1,
        totalsRowCount: 0,
        columns: [...c.headers],
      };
    }
    const xml =
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
      `<table xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" id="${part.id}" name="${escapeXml(c.table)}" displayName="${escapeXml(c.table)}" ref="${ref}" totalsRowShown="0">` +
      `<autoFilter ref="${ref}"/><tableColumns count="${c.headers.length}">${columns}</tableColumns>` +
      `<tableStyleInfo name="${escapeXml(style)}" showFirstColumn="0" showLastColumn="0" showRowStripes="1" showColumnStripes="0"/></table>`;
    if (existing) {
      existing.part = part;
      existing.xml = xml;
    } else {
      this.tables.push({ part, xml });
    }
  }

  private setFullCalcOnLoad(): void {
    let wb = this.pkg.text("xl/workbook.xml");
    if (/<calcPr\b/.test(wb))
      wb = wb.replace(
        /<calcPr\b([^>]*?)(\s*\/?>)/,
        (_m, attrs: string, end: string) =>
          `<calcPr${attrs.replace(/\sfullCalcOnLoad="[^"]*"/, "")} fullCalcOnLoad="1"${end}`,
      );
    else
      wb = wb.replace(/(<\/sheets>(?:\s*<definedNames>[\s\S]*?<\/definedNames>)?)/, '$1<calcPr fullCalcOnLoad="1"/>');
    this.pkg.setText("xl/workbook.xml", wb);
  }
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
