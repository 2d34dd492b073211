import { tableDefs, type FieldDef, type TableDef } from "../fields/definitions";
import { replaceNonXmlText, type TextReplaced } from "./xmlChars";
import { parsePhone } from "../parse/phones";
import { isBlankCell, normaliseCustomerKey, normaliseText } from "../parse/text";
import type { CellWrite, Change, Scalar } from "../plan/changes";
import { assignLeadIds } from "../plan/leadIds";
import type { Settings } from "../settings/schema";
import type { CellValue, InputTableName, L10n, Locale, Serial } from "../types";
import { tr } from "../types";
import { checkBook, locateColumns, type Problem, type TableInput } from "../validate/book";
import { formatMessage } from "../validate/messages";
import { MAX_CELL_TEXT } from "../validate/rules";
import { EXTRA_COLUMN, IGNORE_REASONS, isImportable, mapHeaders, type IgnoreReason } from "./mapping";
import { ValueConverter } from "./values";

/**
 * The import as a pure plan: source rows in, the changes to apply and the
 * report out. Every non-blank source row ends up in exactly one of
 * `imported` (appended), `updated` (filled into an existing Conversion row) or
 * `duplicates` with kept=false (skipped) — nothing is dropped silently.
 */
export interface SourceRow {
  /** Line (CSV) or worksheet row (xlsx) of the source, for the report. */
  line: number;
  values: CellValue[];
}

export interface SourceTable {
  headers: string[];
  rows: SourceRow[];
  /** What reading the source found wrong with it (CSV: a quote never closed, undecodable bytes). */
  issues?: SourceIssue[];
}

/** A fault of the source file itself, with the source lines it is on. */
export interface SourceIssue {
  code: "unterminated-quote" | "undecodable";
  lines: number[];
}

export type OnDuplicate = "skip" | "keep";

/**
 * The input tables an import into `into` needs, the target first: what planImport reads (Leads for the
 * lead lookups of follow-ups and conversions) and what Check's rules need to judge the target's rows
 * (a lead's status against its Conversion result; a follow-up's or conversion's lead ID against Leads).
 * No other table changes the report, and at 50,000 leads each is a sheet of 100–200 MB to read.
 */
export function importTablesRead(into: InputTableName): InputTableName[] {
  switch (into) {
    case "Leads":
      return ["Leads", "Conversion"];
    case "FollowUps":
      return ["FollowUps", "Leads"];
    case "Conversion":
      return ["Conversion", "Leads"];
    case "ChannelCosts":
      return ["ChannelCosts"];
  }
}

export interface ImportInput {
  into: InputTableName;
  source: SourceTable;
  explicit?: { source: string; key: string }[];
  onDuplicate: OnDuplicate;
  settings: Settings;
  locale: Locale;
  /** Created date-time given to new leads without one. */
  now: Serial;
  /** Dates after today are in the future. */
  today: Serial;
  /** The current input tables: at least those of importTablesRead(into). */
  tables: Partial<Record<InputTableName, TableInput>>;
  /** Formula text of the target's calculated columns by field key (written into each appended row). */
  formulas: Map<string, string>;
  /** Called every PROGRESS_EVERY source rows while they are read and converted. */
  onProgress?: (done: number, total: number) => void;
}

/** Source rows between two progress calls. */
export const PROGRESS_EVERY = 10_000;

export interface ImportedRow {
  line: number;
  /** Worksheet row the source row went to. */
  row: number;
  leadId?: string;
}

export interface DuplicateRow {
  line: number;
  /** The existing table row it duplicates, or the earlier source line. */
  existingRow?: number;
  earlierLine?: number;
  kept: boolean;
  /** Worksheet row when kept. */
  row?: number;
  value: string;
}

export interface ImportReport {
  into: InputTableName;
  /** The workbook's locale: the report's messages are in it. */
  locale: Locale;
  sourceRows: number;
  imported: ImportedRow[];
  updated: { line: number; row: number; filled: string[] }[];
  duplicates: DuplicateRow[];
  /**
   * Rows Check's rules find fault with. `notImported` rows were NOT written
   * (row 0): a value Excel cannot hold (text over 32,767 characters) is never
   * cut short silently, the whole source row is left out instead.
   */
  withProblems: { line: number; row: number; problems: Problem[]; notImported?: true }[];
  /** Source rows whose text held characters a workbook cannot store (U+FFFF, lone surrogates), replaced by U+FFFD. */
  textReplaced?: TextReplaced[];
  conflicts: { line: number; row: number; field: string; existing: string; incoming: string; message: string }[];
  blankLines: number[];
  mapped: { column: number; header: string; target: string; how: string }[];
  /** Source columns not imported; `lines` are the source lines holding a value in it (data not imported). */
  ignoredColumns: { column: number; header: string; reason: IgnoreReason; why: string; lines?: number[] }[];
  /** Faults of the source file itself (a quote never closed, undecodable bytes), in the workbook's language. */
  sourceIssues: { code: SourceIssue["code"]; lines: number[]; message: string }[];
  /** Why nothing was imported from a source that has data rows (absent when something was). */
  nothingImported?: string;
}

const SOURCE_ISSUES: Record<SourceIssue["code"], L10n> = {
  "unterminated-quote": {
    zh: "引号开始的字段没有结束引号（已按普通字符读取，该行及其后各行请核对）",
    en: "a quote opens a field and is never closed (read as an ordinary character; check this row and the rows after it)",
  },
  undecodable: {
    zh: "有无法解码的字节（已替换为 �，请核对文件编码或更正这些行）",
    en: "bytes that cannot be decoded (replaced by �; check the file's encoding or correct these rows)",
  },
};

export class ImportError extends Error {
  constructor(
    readonly code: "table-missing" | "no-columns",
    message: string,
  ) {
    super(message);
    this.name = "ImportError";
  }
}

type Rec = Map<string, Scalar>;

function sameValue(a: CellValue, b: Scalar): boolean {
  if (typeof a === "number" && typeof b === "number") return Math.abs(a - b) < 1e-6;
  return normaliseText(a) === normaliseText(b);
}

export function planImport(original: ImportInput): { changes: Change[]; report: ImportReport } {
  // Text a workbook cannot hold (U+FFFF…) is replaced first; the report lists the rows it changed.
  const cleaned = replaceNonXmlText(original.source);
  const input = cleaned.changed.length ? { ...original, source: cleaned.source } : original;
  const stageCount = input.settings.lists.stage.length;
  const defs = tableDefs(stageCount);
  const def = defs[input.into];
  const target = input.tables[input.into];
  if (!target) {
    throw new ImportError(
      "table-missing",
      `table ${input.into} is missing — run "leadflow init" first / 找不到表 ${input.into}，请先运行 leadflow init`,
    );
  }
  const { index: targetCols } = locateColumns(def, target.headers);
  const mapping = mapHeaders(def, input.source.headers, { explicit: input.explicit, tableHeaders: target.headers });
  const report: ImportReport = {
    into: input.into,
    locale: input.locale,
    sourceRows: input.source.rows.length,
    imported: [],
    updated: [],
    duplicates: [],
    withProblems: [],
    conflicts: [],
    blankLines: [],
    mapped: [],
    ignoredColumns: mapping.ignored.map((i) => ({ ...i, why: tr(IGNORE_REASONS[i.reason], input.locale) })),
    sourceIssues: (input.source.issues ?? []).map((i) => ({
      code: i.code,
      lines: i.lines,
      message: tr(SOURCE_ISSUES[i.code], input.locale),
    })),
  };
  // A mapped field whose column the table lacks cannot be stored: say so instead of losing it.
  const fieldOf = new Map(def.fields.map((f) => [f.key, f]));
  mapping.targets.forEach((t, c) => {
    if (t === null) return;
    const header = String(input.source.headers[c] ?? "");
    if (!t.startsWith(EXTRA_COLUMN) && !targetCols.has(t)) {
      mapping.targets[c] = null;
      report.ignoredColumns.push({
        column: c + 1,
        header,
        reason: "no-table-column",
        why:
          input.locale === "zh-CN"
            ? `目标表缺少“${tr(fieldOf.get(t)!.header, "zh-CN")}”列`
            : `the table has no ${tr(fieldOf.get(t)!.header, "en-US")} column`,
      });
      return;
    }
    report.mapped.push({ column: c + 1, header, target: t, how: mapping.how[c] ?? "" });
  });
  report.ignoredColumns.sort((a, b) => a.column - b.column);
  if (cleaned.changed.length) report.textReplaced = cleaned.changed;
  // Data in a column that is not imported is data not imported: the lines holding it are listed.
  for (const ig of report.ignoredColumns) {
    const lines: number[] = [];
    for (const row of input.source.rows) if (!isBlankCell(row.values[ig.column - 1] ?? null)) lines.push(row.line);
    if (lines.length) ig.lines = lines;
  }
  // A source none of whose columns is recognised (wrong file, wrong encoding, a header row further down)
  // would import only blank lines: refuse it, naming the headers that were seen.
  if (report.mapped.length === 0 && input.source.headers.length > 0) {
    const seen = input.source.headers
      .filter((h) => !isBlankCell(h))
      .slice(0, 8)
      .join(", ");
    throw new ImportError(
      "no-columns",
      `no column of the source matches a field of ${input.into} (headers: ${seen}); check the file's encoding and header row, or map columns with --map / 导入文件中没有与表 ${input.into} 字段对应的列（列名：${seen}），请检查文件编码和标题行，或用 --map 指定映射`,
    );
  }

  const convert = new ValueConverter(input.settings, input.locale);
  const recs: { line: number; rec: Rec }[] = [];
  const total = input.source.rows.length;
  let done = 0;
  for (const row of input.source.rows) {
    if (++done % PROGRESS_EVERY === 0) input.onProgress?.(done, total);
    const rec: Rec = new Map();
    let any = false;
    mapping.targets.forEach((t, c) => {
      if (t === null) return;
      const raw = row.values[c] ?? null;
      if (isBlankCell(raw)) return;
      any = true;
      if (t.startsWith(EXTRA_COLUMN)) rec.set(t, normaliseText(raw));
      else rec.set(t, convert.convert(fieldOf.get(t)!, raw));
    });
    // A source row with nothing in any imported column has nothing to add: listed, not appended as an empty row.
    if (!any) report.blankLines.push(row.line);
    else if (!skipOverlong(input, def, targetCols, row.line, rec, report)) recs.push({ line: row.line, rec });
  }

  const appended: { line: number; rec: Rec }[] = [];
  const merges = new Map<number, Rec>(); // existing data index → cells to fill
  const firstNewRow = target.firstRow + target.values.length;

  if (input.into === "Conversion") planConversion(input, def, target, targetCols, recs, appended, merges, report);
  else {
    const keyOf = duplicateKey(input.into);
    const seen = new Map<string, { existingRow?: number; earlierLine?: number }>();
    const get = (values: CellValue[]) => (key: string) => {
      const i = targetCols.get(key);
      return i === undefined ? null : values[i];
    };
    target.values.forEach((values, r) => {
      const k = keyOf(get(values));
      if (k && !seen.has(k)) seen.set(k, { existingRow: target.firstRow + r });
    });
    for (const item of recs) {
      const k = keyOf((key) => item.rec.get(key) ?? null);
      const prior = k ? seen.get(k) : undefined;
      if (prior) {
        const kept = input.onDuplicate === "keep";
        report.duplicates.push({
          line: item.line,
          ...prior,
          kept,
          value: duplicateText(input.into, item.rec),
          ...(kept ? { row: firstNewRow + appended.length } : {}),
        });
        if (!kept) continue;
      } else if (k) seen.set(k, { earlierLine: item.line });
      appended.push(item);
    }
  }

  // Lead ID and created date for new leads.
  if (input.into === "Leads") {
    const existingIds: string[] = [];
    const idCol = targetCols.get("leadId");
    if (idCol !== undefined)
      for (const v of target.values) if (!isBlankCell(v[idCol])) existingIds.push(normaliseText(v[idCol]));
    for (const a of appended) {
      // Only a missing created date is filled; an unreadable one is kept as typed (and reported).
      if (isBlankCell(a.rec.get("createdAt") ?? null)) a.rec.set("createdAt", input.now);
      const id = a.rec.get("leadId");
      if (typeof id === "string" && id !== "") existingIds.push(id);
    }
    const needing = appended.filter((a) => isBlankCell(a.rec.get("leadId") ?? null));
    const ids = assignLeadIds(
      existingIds,
      needing.map((a) => ({ createdAt: a.rec.get("createdAt") as number })),
      input.now,
      input.locale,
    );
    needing.forEach((a, i) => a.rec.set("leadId", ids[i]));
  }

  // Rows to append, in the table's column order.
  const leadsInfo = input.into === "Conversion" ? leadCopies(defs.Leads, input.tables.Leads) : null;
  const rows: CellWrite[][] = appended.map(({ rec }) =>
    buildRow(def, target.headers, targetCols, rec, input.formulas, leadsInfo),
  );
  appended.forEach((a, i) => {
    const row = firstNewRow + i;
    const leadId = a.rec.get("leadId");
    report.imported.push({
      line: a.line,
      row,
      ...(input.into === "Leads" && typeof leadId === "string" ? { leadId } : {}),
    });
  });

  // Judge the new and filled rows with Check's own rules, on the book as it will be.
  const after: TableInput = {
    headers: target.headers,
    firstRow: target.firstRow,
    values: target.values.map((v, r) => {
      const m = merges.get(r);
      if (!m) return v;
      const copy = v.slice();
      for (const [k, val] of m) {
        const c = targetCols.get(k);
        if (c !== undefined && isBlankCell(copy[c])) copy[c] = val;
      }
      return copy;
    }),
    formulas: undefined,
  };
  for (const row of rows) after.values.push(row.map((c) => (c !== null && typeof c === "object" ? null : c)));
  const problems = checkBook({
    tables: { ...input.tables, [input.into]: after },
    settings: input.settings,
    locale: input.locale,
    today: input.today,
  });
  const lineOfRow = new Map<number, number>();
  for (const i of report.imported) lineOfRow.set(i.row, i.line);
  for (const u of report.updated) lineOfRow.set(u.row, u.line);
  const byRow = new Map<number, Problem[]>();
  for (const p of problems) {
    if (p.table !== input.into || !lineOfRow.has(p.row)) continue;
    // The add-in fills the auto fields of these rows; refresh-owned copies are filled on Refresh.
    if (p.code === "auto-missing") continue;
    const list = byRow.get(p.row) ?? [];
    list.push(p);
    byRow.set(p.row, list);
  }
  // A required field the table has no column for (its header renamed or deleted) cannot be filled
  // by this import: each row it adds lacks it, so each row says so (Check reports the column once).
  const lost = def.fields.filter((f) => f.required && isImportable(f) && !targetCols.has(f.key));
  if (lost.length)
    for (const i of report.imported) {
      const list = byRow.get(i.row) ?? [];
      for (const f of lost) {
        const header = tr(f.header, input.locale);
        list.push({
          table: input.into,
          row: i.row,
          field: f.key,
          code: "column-missing",
          value: header,
          col: -1,
          message: formatMessage("column-missing", input.locale, { value: header, other: tr(def.sheet, input.locale) }),
        });
      }
      byRow.set(i.row, list);
    }
  const notImported = report.withProblems.splice(0);
  for (const [row, ps] of [...byRow].sort((a, b) => a[0] - b[0]))
    report.withProblems.push({ line: lineOfRow.get(row)!, row, problems: ps });
  // Rows left out (over-long text) join the list in source order, after those that went in.
  for (const w of notImported) report.withProblems.push(w);

  if (report.sourceRows > 0 && report.imported.length === 0 && report.updated.length === 0)
    report.nothingImported = nothingImportedReason(report, input.locale);

  const changes: Change[] = [];
  if (rows.length > 0) changes.push({ op: "appendRows", table: input.into, rows });
  // Fills of existing Conversion rows, one change per column.
  const byColumn = new Map<string, { rowIndexes: number[]; cells: CellWrite[] }>();
  for (const [r, m] of merges) {
    for (const [key, value] of m) {
      const header = key.startsWith(EXTRA_COLUMN)
        ? key.slice(EXTRA_COLUMN.length)
        : target.headers[targetCols.get(key)!];
      const col = byColumn.get(header) ?? { rowIndexes: [], cells: [] };
      col.rowIndexes.push(r);
      col.cells.push(value);
      byColumn.set(header, col);
    }
  }
  for (const [column, c] of byColumn)
    changes.push({ op: "writeTableColumn", table: input.into, column, rowIndexes: c.rowIndexes, cells: c.cells });
  return { changes, report };
}

/** Why none of the source's data rows went in, from what the report holds. */
function nothingImportedReason(report: ImportReport, locale: Locale): string {
  const n = report.sourceRows;
  const zh = locale === "zh-CN";
  const skipped = report.duplicates.length;
  const left = report.withProblems.filter((w) => w.notImported).length;
  const blank = report.blankLines.length;
  const parts: string[] = [];
  if (skipped) parts.push(zh ? `${skipped} 行重复` : `${skipped} duplicate${skipped === 1 ? "" : "s"}`);
  if (left) parts.push(zh ? `${left} 行文本太长` : `${left} with text too long`);
  if (blank) parts.push(zh ? `${blank} 行在已识别的列中没有内容` : `${blank} with nothing in the recognised columns`);
  return zh
    ? `源文件 ${n} 行数据一行也没有导入：${parts.join("，")}`
    : `none of the ${n} source row${n === 1 ? "" : "s"} was imported: ${parts.join(", ")}`;
}

/**
 * A source row holding text longer than an Excel cell can (32,767
 * characters) is not imported at all: cutting the text would lose part of it
 * silently, and writing it would fail the whole import. The row is listed
 * with one too-long problem per such value. Returns true when skipped.
 */
function skipOverlong(
  input: ImportInput,
  def: TableDef,
  targetCols: Map<string, number>,
  line: number,
  rec: Rec,
  report: ImportReport,
): boolean {
  const problems: Problem[] = [];
  const prefix = input.locale === "zh-CN" ? "未导入（文本太长）：" : "Not imported (text too long): ";
  for (const [key, value] of rec) {
    if (typeof value !== "string" || value.length <= MAX_CELL_TEXT) continue;
    const extra = key.startsWith(EXTRA_COLUMN);
    const field = extra ? undefined : def.fields.find((f) => f.key === key);
    const header = extra ? key.slice(EXTRA_COLUMN.length) : field ? tr(field.header, input.locale) : key;
    const shown = Array.from(value.slice(0, 40)).slice(0, 20).join("") + "…";
    problems.push({
      table: input.into,
      row: 0,
      field: extra ? header : key,
      code: "too-long",
      value: shown,
      col: extra ? -1 : (targetCols.get(key) ?? -1),
      message: prefix + formatMessage("too-long", input.locale, { field: header, length: value.length }),
    });
  }
  if (problems.length === 0) return false;
  report.withProblems.push({ line, row: 0, problems, notImported: true });
  return true;
}

/** What makes two rows the same entry, per table (null: no key, never a duplicate). */
function duplicateKey(into: InputTableName): (get: (key: string) => CellValue | null) => string | null {
  switch (into) {
    case "Leads":
      // Same normalised customer AND phone as an existing lead or an earlier row of the import.
      return (get) => {
        const customer = normaliseCustomerKey(get("customer"));
        const rawPhone = get("phone");
        const p = parsePhone(rawPhone);
        const phone = p.ok && p.value ? p.value.normalized : normaliseText(rawPhone).replace(/\s+/g, "");
        return customer && phone ? customer + "\u0000" + phone : null;
      };
    case "FollowUps":
      // The same contact logged twice (a re-run of the same import).
      return (get) => {
        const id = normaliseText(get("leadId"));
        const at = get("at");
        const summary = normaliseText(get("summary")).replace(/\s+/g, "");
        if (!id || at === null) return null;
        const when = typeof at === "number" ? String(Math.round(at * 1440)) : normaliseText(at);
        return [id, when, summary].join("\u0000");
      };
    case "ChannelCosts":
      return (get) => {
        const channel = normaliseText(get("channel"));
        const period = normaliseText(get("period")).toUpperCase();
        return channel && period ? channel + "\u0000" + period : null;
      };
    default:
      return () => null;
  }
}

function duplicateText(into: InputTableName, rec: Rec): string {
  const t = (k: string) => normaliseText(rec.get(k) ?? null);
  switch (into) {
    case "Leads":
      return `${t("customer")} ${t("phone")}`.trim();
    case "FollowUps":
      return `${t("leadId")} ${t("summary")}`.trim();
    case "ChannelCosts":
      return `${t("channel")} ${t("period")}`.trim();
    default:
      return t("leadId");
  }
}

/** Conversion is one row per lead: fill the lead's row (blank cells only) or add one. */
function planConversion(
  input: ImportInput,
  def: TableDef,
  target: TableInput,
  targetCols: Map<string, number>,
  recs: { line: number; rec: Rec }[],
  appended: { line: number; rec: Rec }[],
  merges: Map<number, Rec>,
  report: ImportReport,
): void {
  const idCol = targetCols.get("leadId");
  const existing = new Map<string, number>();
  if (idCol !== undefined)
    target.values.forEach((v, r) => {
      const id = normaliseText(v[idCol]);
      if (id && !existing.has(id)) existing.set(id, r);
    });
  const pending = new Map<string, { line: number; rec: Rec }>();
  const fieldOf = new Map(def.fields.map((f) => [f.key, f]));
  const firstNewRow = target.firstRow + target.values.length;
  for (const item of recs) {
    const id = normaliseText(item.rec.get("leadId") ?? null);
    const r = id ? existing.get(id) : undefined;
    if (r !== undefined) {
      const merge = merges.get(r) ?? new Map<string, Scalar>();
      merges.set(r, merge);
      const filled: string[] = [];
      for (const [key, incoming] of item.rec) {
        if (key === "leadId" || incoming === null) continue;
        const c = key.startsWith(EXTRA_COLUMN)
          ? target.headers.indexOf(key.slice(EXTRA_COLUMN.length))
          : (targetCols.get(key) ?? -1);
        if (c < 0) continue;
        const current = merge.has(key) ? merge.get(key)! : target.values[r][c];
        if (isBlankCell(current)) {
          merge.set(key, incoming);
          filled.push(key);
        } else if (!sameValue(current, incoming)) {
          report.conflicts.push(
            conflict(input, fieldOf.get(key) ?? null, key, item.line, target.firstRow + r, current, incoming),
          );
        }
      }
      report.updated.push({ line: item.line, row: target.firstRow + r, filled });
      continue;
    }
    const earlier = id ? pending.get(id) : undefined;
    if (earlier) {
      // A second source row for a lead added by this import: fill that new row the same way.
      for (const [key, incoming] of item.rec) {
        if (incoming === null) continue;
        const current = earlier.rec.get(key) ?? null;
        if (isBlankCell(current)) earlier.rec.set(key, incoming);
        else if (!sameValue(current, incoming))
          report.conflicts.push(
            conflict(
              input,
              fieldOf.get(key) ?? null,
              key,
              item.line,
              firstNewRow + appended.indexOf(earlier),
              current,
              incoming,
            ),
          );
      }
      report.updated.push({
        line: item.line,
        row: firstNewRow + appended.indexOf(earlier),
        filled: [...item.rec.keys()].filter((k) => k !== "leadId"),
      });
      continue;
    }
    appended.push(item);
    if (id) pending.set(id, item);
  }
}

function conflict(
  input: ImportInput,
  field: FieldDef | null,
  key: string,
  line: number,
  row: number,
  existing: CellValue,
  incoming: Scalar,
) {
  const e = normaliseText(existing);
  const i = normaliseText(incoming);
  const header = field ? tr(field.header, input.locale) : key;
  return {
    line,
    row,
    field: key,
    existing: e,
    incoming: i,
    message: formatMessage("import-conflict", input.locale, { field: header, other: e, value: i }),
  };
}

/** Leads' values a new Conversion row copies (filled on refresh, docs/ARCHITECTURE.md §4; filled here too so the row is complete at once). */
function leadCopies(leadsDef: TableDef, leads: TableInput | undefined): Map<string, Map<string, CellValue>> {
  const out = new Map<string, Map<string, CellValue>>();
  if (!leads) return out;
  const { index } = locateColumns(leadsDef, leads.headers);
  const idCol = index.get("leadId");
  if (idCol === undefined) return out;
  for (const v of leads.values) {
    const id = normaliseText(v[idCol]);
    if (!id || out.has(id)) continue;
    const m = new Map<string, CellValue>();
    for (const k of ["source", "industry", "owner", "createdAt"]) {
      const c = index.get(k);
      if (c !== undefined) m.set(k, v[c]);
    }
    out.set(id, m);
  }
  return out;
}

function buildRow(
  def: TableDef,
  headers: string[],
  cols: Map<string, number>,
  rec: Rec,
  formulas: Map<string, string>,
  leadsInfo: Map<string, Map<string, CellValue>> | null,
): CellWrite[] {
  const row: CellWrite[] = new Array(headers.length).fill(null);
  for (const f of def.fields) {
    const c = cols.get(f.key);
    if (c === undefined) continue;
    if (f.kind === "calc") {
      const formula = formulas.get(f.key);
      row[c] = formula ? { formula } : null;
    } else if (isImportable(f)) row[c] = rec.get(f.key) ?? null;
    else if (f.kind === "refresh" && leadsInfo) {
      const copy = leadsInfo.get(normaliseText(rec.get("leadId") ?? null))?.get(f.key);
      row[c] = copy === undefined || copy instanceof Date ? null : copy;
    }
  }
  for (const [key, v] of rec) {
    if (!key.startsWith(EXTRA_COLUMN)) continue;
    const c = headers.indexOf(key.slice(EXTRA_COLUMN.length));
    if (c >= 0) row[c] = v;
  }
  return row;
}
