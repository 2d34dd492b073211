/** The plan of the four new review sheets: tables side by side from row 6 with captions, stable names, scope cells. */
import { computeAll, computeInsights } from "../../src/domain/engine";
import type { Change } from "../../src/domain/plan/changes";
import { INSIGHT_TABLES, planReview } from "../../src/domain/plan/reviewSheets";
import { book, d, en } from "../support/engineCases";

const tables = (changes: Change[]) =>
  changes.filter((c): c is Extract<Change, { op: "replaceTable" }> => c.op === "replaceTable");

test("English plan: sheets, positions, captions and what each sheet's period cell says", () => {
  const b = book();
  const asOf = d(2024, 6, 30);
  const r = computeAll(b, en, { period: { kind: "week", year: 2024, week: 26 }, asOf });
  const insights = computeInsights(
    r.book,
    en,
    { period: { kind: "week", year: 2024, week: 26 }, asOf, granularity: "quarter" },
    r.prepared,
  );
  const changes = planReview({
    review: r.review,
    locale: "en-US",
    asOf,
    refreshedAt: asOf,
    hideContacts: false,
    insights,
  });
  const placed = tables(changes)
    .filter((t) => Object.values(INSIGHT_TABLES).includes(t.table))
    .map((t) => [t.table, t.sheet, t.topLeft]);
  // Losses: stage summary (7 columns, A–G), then stage × reason from I; forecast 5 + 5 + 8 columns; scoring 6 + 10 + 1.
  expect(placed).toEqual([
    ["ReviewLossStages", "Losses", "A6"],
    ["ReviewLosses", "Losses", "I6"],
    ["ReviewTrend", "Trend", "A6"],
    ["ReviewForecast", "Forecast", "A6"],
    ["ReviewForecastByOwner", "Forecast", "G6"],
    ["ReviewForecastStages", "Forecast", "M6"],
    ["ReviewScoring", "Scoring review", "A6"],
    ["ReviewScoringOptions", "Scoring review", "H6"],
    ["ReviewScoringNotes", "Scoring review", "S6"],
  ]);
  const cell = (sheet: string, at: string) =>
    changes.find(
      (c): c is Extract<Change, { op: "writeCells" }> => c.op === "writeCells" && c.sheet === sheet && c.topLeft === at,
    );
  expect(cell("Losses", "A1")!.cells[1]).toEqual(["Period", "2024-W26"]);
  expect(cell("Trend", "A1")!.cells[1]).toEqual(["Period", "Last 12 quarters"]);
  expect(cell("Forecast", "A1")!.cells[1]).toEqual(["Period", "Every open lead now"]);
  expect(cell("Scoring review", "A1")!.cells[1]).toEqual(["Period", "All"]);
  expect(cell("Forecast", "M5")!.cells).toEqual([["Win probability by stage, and its source"]]);
  expect(cell("Scoring review", "S5")!.cells).toEqual([["Notes"]]);
  // The trend table: 12 quarters ending with 2024-Q2; rates formatted as percentages.
  const trend = tables(changes).find((t) => t.table === "ReviewTrend")!;
  expect(trend.rows.map((row) => row[0])).toEqual([
    "2021-Q3",
    "2021-Q4",
    "2022-Q1",
    "2022-Q2",
    "2022-Q3",
    "2022-Q4",
    "2023-Q1",
    "2023-Q2",
    "2023-Q3",
    "2023-Q4",
    "2024-Q1",
    "2024-Q2",
  ]);
  expect(trend.numberFormats![trend.headers.indexOf("Conversion rate")]).toBe("0.00%");
});
