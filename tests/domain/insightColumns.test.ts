import {
  INSIGHT_BLOCKS,
  computeDashboard,
  computeForecast,
  computeLosses,
  computeScoringReview,
  computeTrend,
  type InsightBlock,
} from "../../src/domain/engine";
import { book, conv, d, lead, zh } from "../support/engineCases";

const asOf = d(2024, 6, 30);

describe("column definitions of the new tables", () => {
  test("every column names a field of every computed row; headers in both languages, keys unique", () => {
    const b = book({
      leads: [
        lead({ leadId: "W", status: "已成交", stage: "成交维护" }),
        lead({ leadId: "L", status: "已流失", stage: "商务谈判" }),
        lead({ leadId: "O", expectedClose: d(2024, 7, 1) }),
      ],
      conversion: [
        conv({ leadId: "W", result: "成功", createdAt: d(2024, 5, 1), closedAt: d(2024, 5, 20), amount: 1 }),
        conv({ leadId: "L", result: "失败", lossReason: "预算不足" }),
      ],
    });
    const losses = computeLosses(b, zh, { period: { kind: "all" }, asOf });
    const forecast = computeForecast(b, zh, asOf);
    const scoring = computeScoringReview(b, zh, { asOf });
    const dashboard = computeDashboard(b, zh, { period: { kind: "all" }, asOf });
    const rows: Record<InsightBlock, object[]> = {
      losses: losses.rows,
      lossStages: losses.stages,
      trend: computeTrend(b, zh, { asOf }).rows,
      forecastByMonth: forecast.byMonth,
      forecastByOwner: forecast.byOwner,
      forecastStages: forecast.stages,
      scoringGrades: scoring.grades,
      scoringOptions: scoring.options,
      scoringWarnings: [{ higher: "A", lower: "B", higherRate: 0, lowerRate: 1, text: "" }],
      kpis: dashboard.kpis,
      findings: dashboard.findings,
    };
    for (const [block, cols] of Object.entries(INSIGHT_BLOCKS) as [
      InsightBlock,
      readonly { key: string; header: { zh: string; en: string } }[],
    ][]) {
      expect(rows[block].length).toBeGreaterThan(0);
      expect(new Set(cols.map((c) => c.key)).size).toBe(cols.length);
      for (const c of cols) {
        expect(c.header.zh).not.toBe("");
        expect(c.header.en).not.toBe("");
        for (const r of rows[block]) expect(Object.keys(r)).toContain(c.key);
      }
    }
  });
});
