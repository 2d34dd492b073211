/**
 * The review sheets as a plan (numbers: engine/review.ts): from the engine's Review, the
 * Changes that rebuild every review sheet. Pure: no Office, no files.
 *
 * Layout of each sheet: row 1 the title, rows 2–4 the period, the as-of date
 * and the refreshed-at stamp, tables from row 6 with stable names so charts,
 * filters and Power Query keep working. The breakdown tables sit side by side
 * (not stacked) so each keeps its top-left cell whatever the row counts.
 * ReviewChannels' total is a plain bold row right under the table, outside
 * it, so charts and queries over the table see channels only.
 */
import {
  REVIEW_BLOCKS,
  SALES_METRIC_LABELS,
  type ReviewBlock,
  type ReviewColumn,
  type SalesMetric,
} from "../engine/columns";
import { columnIndex1, columnLetters1 } from "../a1";
import { formatDate } from "../parse/dates";
import type { Review } from "../engine/review";
import { SHEET_NAMES, FORMAT } from "../fields/definitions";
import type { L10n, Locale, Serial } from "../types";
import { tr } from "../types";
import type { CellWrite, Change } from "./changes";
import { sameSheetName, type ReviewSheetKey } from "./sheets";

/** Stable table names of the review blocks. */
export const REVIEW_TABLES: Record<ReviewBlock, string> = {
  channels: "ReviewChannels",
  funnel: "ReviewFunnel",
  bySource: "ReviewBySource",
  byIndustry: "ReviewByIndustry",
  byOwner: "ReviewByOwner",
  byGrade: "ReviewByGrade",
  sales: "ReviewSales",
  due: "ReviewDue",
};

/** Which sheet holds which blocks, left to right. */
export const REVIEW_SHEETS: { sheet: ReviewSheetKey; blocks: ReviewBlock[] }[] = [
  { sheet: "reviewChannels", blocks: ["channels"] },
  { sheet: "reviewFunnel", blocks: ["funnel"] },
  { sheet: "reviewBreakdown", blocks: ["bySource", "byIndustry", "byOwner", "byGrade"] },
  { sheet: "reviewSales", blocks: ["sales"] },
  { sheet: "reviewDue", blocks: ["due"] },
];

/** The review tables each review sheet carries (what marks a sheet as ours). */
export function reviewSheetTables(): Record<ReviewSheetKey, string[]> {
  return Object.fromEntries(REVIEW_SHEETS.map((s) => [s.sheet, s.blocks.map((b) => REVIEW_TABLES[b])])) as Record<
    ReviewSheetKey,
    string[]
  >;
}

/** Worksheet row of every review table's header. */
export const REVIEW_TABLE_ROW = 6;

const LABELS = {
  period: { zh: "统计周期", en: "Period" },
  asOf: { zh: "截至日期", en: "As of" },
  refreshedAt: { zh: "刷新时间", en: "Refreshed at" },
  bySource: { zh: "按线索来源", en: "By source" },
  byIndustry: { zh: "按行业", en: "By industry" },
  byOwner: { zh: "按责任人", en: "By owner" },
  byGrade: { zh: "按等级", en: "By grade" },
} satisfies Record<string, L10n>;

const KIND_FORMAT: Record<ReviewColumn["kind"], string> = {
  text: FORMAT.text,
  integer: FORMAT.integer,
  amount: FORMAT.amount,
  rate: FORMAT.percent,
  date: FORMAT.date,
};

export interface ReviewPlanInput {
  review: Review;
  locale: Locale;
  /** The as-of date (date serial) the review was computed for. */
  asOf: Serial;
  /** When the refresh ran (serial with time, local clock). */
  refreshedAt: Serial;
  /** Settings.hideContacts: the due list has no phone column. */
  hideContacts: boolean;
  /** The sheet of each review (see chooseReviewSheets); the review's own name where absent. */
  sheetNames?: Partial<Record<ReviewSheetKey, string>>;
  /** Tables that exist now (name, sheet, A1 address), to clear what the last refresh wrote. */
  existingTables?: readonly { name: string; sheet: string; address: string }[];
}

/** Columns of a block as written (the phone column goes when contacts are hidden). */
export function blockColumns(block: ReviewBlock, hideContacts: boolean): readonly ReviewColumn[] {
  const cols = REVIEW_BLOCKS[block] as readonly ReviewColumn[];
  return block === "due" && hideContacts ? cols.filter((c) => c.key !== "phone") : cols;
}

/** The rows of a block as plain objects keyed by column key (the channels total row excluded). */
export function blockRows(review: Review, block: ReviewBlock): Record<string, unknown>[] {
  const rows = review[block] as unknown as Record<string, unknown>[];
  return block === "channels" ? rows.filter((r) => !r.isTotal) : rows;
}

function cell(value: unknown): CellWrite {
  if (value === null || value === undefined) return null;
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value === "boolean") return value;
  // User text stays a plain string: adapters write strings as text, never as formulas.
  return String(value);
}

function bottomOf(address: string): { row: number; col: number } {
  const last = address.split(":").pop() ?? "A1";
  const m = /^\$?([A-Z]+)\$?(\d+)$/.exec(last);
  if (!m) return { row: 1, col: 1 };
  return { row: Number(m[2]), col: columnIndex1(m[1]) };
}

/** Changes that rebuild every review sheet. */
export function planReview(input: ReviewPlanInput): Change[] {
  const { review, locale } = input;
  const changes: Change[] = [];
  for (const { sheet: key, blocks } of REVIEW_SHEETS) {
    const sheet = input.sheetNames?.[key] ?? tr(SHEET_NAMES[key], locale);
    changes.push({ op: "ensureSheet", sheet });

    // Clear what the last refresh left: stamps, old tables, the total row under ReviewChannels.
    let clearRows = REVIEW_TABLE_ROW;
    let clearCols = 4;
    for (const t of input.existingTables ?? []) {
      if (!sameSheetName(t.sheet, sheet)) continue;
      const b = bottomOf(t.address);
      clearRows = Math.max(clearRows, b.row + 1);
      clearCols = Math.max(clearCols, b.col);
    }
    changes.push({ op: "clearRange", sheet, address: `A1:${columnLetters1(clearCols)}${clearRows}` });

    changes.push({
      op: "writeCells",
      sheet,
      topLeft: "A1",
      cells: [
        [tr(SHEET_NAMES[key], locale), null],
        [tr(LABELS.period, locale), review.period],
        [tr(LABELS.asOf, locale), input.asOf],
        [tr(LABELS.refreshedAt, locale), input.refreshedAt],
      ],
    });
    changes.push({ op: "setNumberFormat", sheet, address: "B3", format: FORMAT.date });
    changes.push({ op: "setNumberFormat", sheet, address: "B4", format: FORMAT.dateTime });
    changes.push({ op: "setFont", sheet, address: "A1", bold: true, size: 14 });

    let col = 1;
    const widths: { column: string; width: number }[] = [];
    for (const block of blocks) {
      const columns = blockColumns(block, input.hideContacts);
      const rows = blockRows(review, block);
      const topLeft = `${columnLetters1(col)}${REVIEW_TABLE_ROW}`;
      if (blocks.length > 1) {
        const caption = LABELS[block as keyof typeof LABELS] as L10n;
        changes.push({
          op: "writeCells",
          sheet,
          topLeft: `${columnLetters1(col)}${REVIEW_TABLE_ROW - 1}`,
          cells: [[tr(caption, locale)]],
        });
        changes.push({ op: "setFont", sheet, address: `${columnLetters1(col)}${REVIEW_TABLE_ROW - 1}`, bold: true });
      }
      changes.push({
        op: "replaceTable",
        table: REVIEW_TABLES[block],
        sheet,
        topLeft,
        headers: columns.map((c) => tr(c.header, locale)),
        rows: rows.map((r) => columns.map((c) => cell(r[c.key]))),
        numberFormats: columns.map((c) => KIND_FORMAT[c.kind]),
        style: "TableStyleMedium2",
      });
      if (block === "channels") {
        const total = (review.channels as unknown as Record<string, unknown>[]).find((r) => r.isTotal);
        if (total) {
          const row = REVIEW_TABLE_ROW + 1 + Math.max(1, rows.length);
          changes.push({
            op: "writeCells",
            sheet,
            topLeft: `A${row}`,
            cells: [columns.map((c) => cell(total[c.key]))],
            numberFormats: columns.map((c) => KIND_FORMAT[c.kind]),
          });
          changes.push({
            op: "setFont",
            sheet,
            address: `A${row}:${columnLetters1(columns.length)}${row}`,
            bold: true,
          });
        }
      }
      columns.forEach((c, j) => widths.push({ column: columnLetters1(col + j), width: c.kind === "text" ? 18 : 13 }));
      col += columns.length + 1;
    }
    changes.push({ op: "setColumnWidths", sheet, widths });
  }
  return changes;
}

/**
 * The review as plain data for `--json`: field keys, fractions for rates,
 * numbers for amounts, dates as `YYYY-MM-DD` text (a serial number means
 * nothing outside a spreadsheet), null for missing.
 */
export function reviewJson(review: Review, hideContacts: boolean): Record<ReviewBlock, Record<string, unknown>[]> {
  const out = {} as Record<ReviewBlock, Record<string, unknown>[]>;
  for (const block of Object.keys(REVIEW_TABLES) as ReviewBlock[]) {
    const columns = blockColumns(block, hideContacts);
    const rows = (review[block] as unknown as Record<string, unknown>[]).map((r) => {
      const o: Record<string, unknown> = {};
      for (const c of columns) {
        const v = r[c.key];
        o[c.key] =
          v === undefined || v === "" || (typeof v === "number" && !Number.isFinite(v))
            ? null
            : c.kind === "date" && typeof v === "number"
              ? formatDate(v)
              : v;
      }
      if (block === "channels") o.isTotal = r.isTotal === true;
      if (block === "sales") o.metric = r.metric;
      return o;
    });
    out[block] = rows;
  }
  return out;
}

/** Metric key from its label in either locale (to read back typed targets). */
export function salesMetricFromLabel(label: string): SalesMetric | null {
  const t = label.trim();
  for (const [key, l] of Object.entries(SALES_METRIC_LABELS) as [SalesMetric, L10n][])
    if (l.zh === t || l.en === t) return key;
  return null;
}
