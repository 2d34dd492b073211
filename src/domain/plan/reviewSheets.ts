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
import { INSIGHT_BLOCKS, type InsightBlock } from "../engine/insightColumns";
import type { Insights } from "../engine/insights";
import { columnIndex1, columnLetters1 } from "../a1";
import { formatDate } from "../parse/dates";
import { ALL_TIME } from "../parse/periods";
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

/** The tables of the loss, trend, forecast and scoring reviews (issue 14 items 2–5): stable names. */
export type InsightTable = Exclude<InsightBlock, "kpis" | "findings">;
export const INSIGHT_TABLES: Record<InsightTable, string> = {
  losses: "ReviewLosses",
  lossStages: "ReviewLossStages",
  trend: "ReviewTrend",
  forecastByMonth: "ReviewForecast",
  forecastByOwner: "ReviewForecastByOwner",
  forecastStages: "ReviewForecastStages",
  scoringGrades: "ReviewScoring",
  scoringOptions: "ReviewScoringOptions",
  scoringWarnings: "ReviewScoringNotes",
};

/** Which sheet holds which of those tables, left to right. */
export const INSIGHT_SHEETS: { sheet: ReviewSheetKey; blocks: InsightTable[] }[] = [
  { sheet: "reviewLosses", blocks: ["lossStages", "losses"] },
  { sheet: "reviewTrend", blocks: ["trend"] },
  { sheet: "reviewForecast", blocks: ["forecastByMonth", "forecastByOwner", "forecastStages"] },
  { sheet: "reviewScoring", blocks: ["scoringGrades", "scoringOptions", "scoringWarnings"] },
];

/** The review tables each review sheet carries (what marks a sheet as ours). */
export function reviewSheetTables(): Record<ReviewSheetKey, string[]> {
  return Object.fromEntries([
    ...REVIEW_SHEETS.map((s) => [s.sheet, s.blocks.map((b) => REVIEW_TABLES[b])]),
    ...INSIGHT_SHEETS.map((s) => [s.sheet, s.blocks.map((b) => INSIGHT_TABLES[b])]),
  ]) as Record<ReviewSheetKey, string[]>;
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
  lossStages: { zh: "各阶段流失汇总", en: "Losses by stage" },
  losses: { zh: "按阶段与流失原因", en: "By stage and loss reason" },
  forecastByMonth: { zh: "按预计成交月份", en: "By expected close month" },
  forecastByOwner: { zh: "按责任人", en: "By owner" },
  forecastStages: { zh: "各阶段赢单概率及来源", en: "Win probability by stage, and its source" },
  scoringGrades: { zh: "按等级", en: "By grade" },
  scoringOptions: { zh: "评分选项：当前分值与建议分值", en: "Scoring options: current and suggested points" },
  scoringWarnings: { zh: "提示", en: "Notes" },
} satisfies Record<string, L10n>;

/** What the period cell of the trend, forecast and scoring sheets says (their scope is not the review period). */
const SCOPE = {
  trend: {
    week: { zh: "最近12周", en: "Last 12 weeks" },
    month: { zh: "最近12个月", en: "Last 12 months" },
    quarter: { zh: "最近12个季度", en: "Last 12 quarters" },
  },
  forecast: { zh: "当前全部在跟线索", en: "Every open lead now" },
  scoring: ALL_TIME,
} as const;

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
  /** The loss, trend, forecast and scoring reviews: their sheets are planned too when given. */
  insights?: Insights;
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

/**
 * The clear of a review sheet before it is written again: from A1 down to at least `minRows` and
 * over every table the sheet holds now, plus the row under each (a total row), so nothing of the
 * last refresh is left beside the new tables.
 */
export function clearPreviousReview(
  sheet: string,
  existingTables: readonly { sheet: string; address: string }[] | undefined,
  minRows: number,
): Change {
  let rows = minRows;
  let cols = 4;
  for (const t of existingTables ?? []) {
    if (!sameSheetName(t.sheet, sheet)) continue;
    const b = bottomOf(t.address);
    rows = Math.max(rows, b.row + 1);
    cols = Math.max(cols, b.col);
  }
  return { op: "clearRange", sheet, address: `A1:${columnLetters1(cols)}${rows}` };
}

/** One table of a review sheet, as planned. */
interface PlannedBlock {
  table: string;
  /** Caption above the table (sheets with more than one table). */
  caption?: L10n;
  columns: readonly ReviewColumn[];
  rows: readonly Record<string, unknown>[];
  /** A bold row right under the table, outside it (ReviewChannels' total). */
  total?: Record<string, unknown>;
}

interface PlannedSheet {
  key: ReviewSheetKey;
  /** What the period cell says. */
  period: string;
  blocks: PlannedBlock[];
}

const asRows = (rows: readonly object[]) => rows as readonly Record<string, unknown>[];

/** The rows of each loss, trend, forecast and scoring table. */
export function insightRows(insights: Insights): Record<InsightTable, readonly Record<string, unknown>[]> {
  const { losses, trend, forecast, scoring } = insights;
  return {
    losses: asRows(losses.rows),
    lossStages: asRows(losses.stages),
    trend: asRows(trend.rows),
    forecastByMonth: asRows(forecast.byMonth),
    forecastByOwner: asRows(forecast.byOwner),
    forecastStages: asRows(forecast.stages),
    scoringGrades: asRows(scoring.grades),
    scoringOptions: asRows(scoring.options),
    // The "fewer than 30 closed leads" note first, then a row per grade that wins less often than a lower one.
    scoringWarnings: [...(scoring.note !== null ? [{ text: scoring.note }] : []), ...asRows(scoring.warnings)],
  };
}

function plannedSheets(input: ReviewPlanInput): PlannedSheet[] {
  const { review, locale } = input;
  const sheets: PlannedSheet[] = REVIEW_SHEETS.map(({ sheet, blocks }) => ({
    key: sheet,
    period: review.period,
    blocks: blocks.map((block) => ({
      table: REVIEW_TABLES[block],
      ...(blocks.length > 1 ? { caption: LABELS[block as keyof typeof LABELS] as L10n } : {}),
      columns: blockColumns(block, input.hideContacts),
      rows: blockRows(review, block),
      ...(block === "channels"
        ? { total: (review.channels as unknown as Record<string, unknown>[]).find((r) => r.isTotal) }
        : {}),
    })),
  }));
  const insights = input.insights;
  if (!insights) return sheets;
  const rows = insightRows(insights);
  const periods: Record<string, string> = {
    reviewLosses: insights.losses.period,
    reviewTrend: tr(SCOPE.trend[insights.trend.granularity], locale),
    reviewForecast: tr(SCOPE.forecast, locale),
    reviewScoring: tr(SCOPE.scoring, locale),
  };
  for (const { sheet, blocks } of INSIGHT_SHEETS)
    sheets.push({
      key: sheet,
      period: periods[sheet] ?? review.period,
      blocks: blocks.map((block) => ({
        table: INSIGHT_TABLES[block],
        ...(blocks.length > 1 ? { caption: LABELS[block as keyof typeof LABELS] as L10n } : {}),
        columns: INSIGHT_BLOCKS[block] as readonly ReviewColumn[],
        rows: rows[block],
      })),
    });
  return sheets;
}

/** Changes that rebuild every review sheet. */
export function planReview(input: ReviewPlanInput): Change[] {
  const { locale } = input;
  const changes: Change[] = [];
  for (const { key, period, blocks } of plannedSheets(input)) {
    const sheet = input.sheetNames?.[key] ?? tr(SHEET_NAMES[key], locale);
    changes.push({ op: "ensureSheet", sheet });

    // Clear what the last refresh left: stamps, old tables, the total row under ReviewChannels.
    changes.push(clearPreviousReview(sheet, input.existingTables, REVIEW_TABLE_ROW));

    changes.push({
      op: "writeCells",
      sheet,
      topLeft: "A1",
      cells: [
        [tr(SHEET_NAMES[key], locale), null],
        [tr(LABELS.period, locale), period],
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
      const { columns, rows } = block;
      const topLeft = `${columnLetters1(col)}${REVIEW_TABLE_ROW}`;
      if (block.caption) {
        const at = `${columnLetters1(col)}${REVIEW_TABLE_ROW - 1}`;
        changes.push({ op: "writeCells", sheet, topLeft: at, cells: [[tr(block.caption, locale)]] });
        changes.push({ op: "setFont", sheet, address: at, bold: true });
      }
      changes.push({
        op: "replaceTable",
        table: block.table,
        sheet,
        topLeft,
        headers: columns.map((c) => tr(c.header, locale)),
        rows: rows.map((r) => columns.map((c) => cell(r[c.key]))),
        numberFormats: columns.map((c) => KIND_FORMAT[c.kind]),
        style: "TableStyleMedium2",
      });
      if (block.total) {
        const total = block.total;
        const row = REVIEW_TABLE_ROW + 1 + Math.max(1, rows.length);
        changes.push({
          op: "writeCells",
          sheet,
          topLeft: `${columnLetters1(col)}${row}`,
          cells: [columns.map((c) => cell(total[c.key]))],
          numberFormats: columns.map((c) => KIND_FORMAT[c.kind]),
        });
        changes.push({
          op: "setFont",
          sheet,
          address: `${columnLetters1(col)}${row}:${columnLetters1(col + columns.length - 1)}${row}`,
          bold: true,
        });
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

/** One value as `--json` writes it (see reviewJson). */
function jsonValue(v: unknown, kind: ReviewColumn["kind"]): unknown {
  if (v === undefined || v === "" || (typeof v === "number" && !Number.isFinite(v))) return null;
  return kind === "date" && typeof v === "number" ? formatDate(v) : v;
}

function jsonRows(
  columns: readonly ReviewColumn[],
  rows: readonly Record<string, unknown>[],
  extra: readonly string[] = [],
): Record<string, unknown>[] {
  return rows.map((r) => {
    const o: Record<string, unknown> = {};
    for (const c of columns) o[c.key] = jsonValue(r[c.key], c.kind);
    for (const k of extra) o[k] = jsonValue(r[k], "text");
    return o;
  });
}

/**
 * The loss, trend, forecast and scoring reviews for `--json` (keys `losses`,
 * `trend`, `forecast`, `scoring`), in the form of reviewJson: the tables'
 * column keys, plus the few fields a program needs that the sheet shows
 * another way (which row is a stage's main reason, the weight source as a key,
 * a trend period's first and last day).
 */
export function insightsJson(insights: Insights): Record<"losses" | "trend" | "forecast" | "scoring", unknown> {
  const rows = insightRows(insights);
  const cols = (b: InsightTable) => INSIGHT_BLOCKS[b] as readonly ReviewColumn[];
  const { trend, forecast, scoring } = insights;
  return {
    losses: {
      period: insights.losses.period,
      stages: jsonRows(cols("lossStages"), rows.lossStages, ["mainReasonNone", "mainReasonCount"]),
      rows: jsonRows(cols("losses"), rows.losses, ["noReason", "main"]),
    },
    trend: {
      granularity: trend.granularity,
      rows: trend.rows.map((r) => ({
        ...jsonRows(cols("trend"), [r as unknown as Record<string, unknown>])[0],
        from: formatDate(r.from),
        to: formatDate(r.to - 1),
      })),
    },
    forecast: {
      byMonth: jsonRows(cols("forecastByMonth"), rows.forecastByMonth, ["month", "fromHistory", "fromSettings"]),
      byOwner: jsonRows(cols("forecastByOwner"), rows.forecastByOwner, ["owner", "fromHistory", "fromSettings"]),
      stages: jsonRows(cols("forecastStages"), rows.forecastStages, ["wonReached", "source"]),
      total: forecast.total,
    },
    scoring: {
      closed: scoring.closed,
      won: scoring.won,
      winRate: scoring.winRate,
      enough: scoring.enough,
      note: scoring.note,
      grades: jsonRows(cols("scoringGrades"), rows.scoringGrades),
      options: jsonRows(cols("scoringOptions"), rows.scoringOptions, ["factor"]),
      warnings: scoring.warnings.map((w) => ({ ...w })),
    },
  };
}

/** Metric key from its label in either locale (to read back typed targets). */
export function salesMetricFromLabel(label: string): SalesMetric | null {
  const t = label.trim();
  for (const [key, l] of Object.entries(SALES_METRIC_LABELS) as [SalesMetric, L10n][])
    if (l.zh === t || l.en === t) return key;
  return null;
}
