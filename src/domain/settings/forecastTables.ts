/**
 * The two forecast lists of the Settings sheet (issue 14 item 4): the win
 * probability of each stage (used for a stage with fewer than 20 closed leads
 * behind it) and the midpoint of each budget band (a lead's amount when it has
 * no deal amount). Each is a small two-column table beside the option lists,
 * read by header in either language.
 */
import type { L10n } from "../types";

export const STAGE_PROBABILITIES_TABLE = "LF_StageProbabilities";
export const BUDGET_MIDPOINTS_TABLE = "LF_BudgetMidpoints";

export const FORECAST_TABLE_HEADERS = {
  [STAGE_PROBABILITIES_TABLE]: [
    { zh: "阶段", en: "Stage" },
    { zh: "赢单概率", en: "Win probability" },
  ],
  [BUDGET_MIDPOINTS_TABLE]: [
    { zh: "预算范围", en: "Budget band" },
    { zh: "中间值(元)", en: "Midpoint (yuan)" },
  ],
} as const satisfies Record<string, readonly [L10n, L10n]>;

export const FORECAST_TABLE_TITLES: Record<keyof typeof FORECAST_TABLE_HEADERS, L10n> = {
  [STAGE_PROBABILITIES_TABLE]: { zh: "预测：各阶段赢单概率", en: "Forecast: win probability by stage" },
  [BUDGET_MIDPOINTS_TABLE]: { zh: "预测：预算范围中间值", en: "Forecast: budget band midpoints" },
};

/** Number format of each table's value column. */
export const FORECAST_TABLE_FORMATS: Record<keyof typeof FORECAST_TABLE_HEADERS, string> = {
  [STAGE_PROBABILITIES_TABLE]: "0%",
  [BUDGET_MIDPOINTS_TABLE]: "#,##0",
};

export const FORECAST_TABLES = [STAGE_PROBABILITIES_TABLE, BUDGET_MIDPOINTS_TABLE] as const;
