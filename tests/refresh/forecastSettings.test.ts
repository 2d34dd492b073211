/**
 * The forecast lists on the Settings sheet (issue 14 item 4): per-stage win
 * probabilities and budget-band midpoints are editable tables; install writes
 * them with the defaults, an upgrade adds them to an older workbook without
 * touching its other settings, reading takes the admin's edits, and a bad
 * value falls back to the default with a warning.
 */
import { computeForecast } from "../../src/domain/engine/forecast";
import { planInstall } from "../../src/domain/plan/install";
import { defaultSettings } from "../../src/domain/settings/defaults";
import { settingsFromRows, settingsRowsFromTables } from "../../src/domain/settings/fromRows";
import { PARAMS_TABLE } from "../../src/domain/formulas/names";
import type { Locale } from "../../src/domain/types";
import { applyToFake, emptyBook, stateOf, tablesOf, type FakeBook } from "../support/planModel";
import { book, conv, d, lead } from "../support/engineCases";

const PROB = "LF_StageProbabilities";
const MID = "LF_BudgetMidpoints";

function installed(locale: Locale): FakeBook {
  const b = emptyBook();
  applyToFake(b, planInstall({ state: stateOf(b), settings: defaultSettings(locale), locale, now: 45444 }).changes);
  return b;
}

function read(b: FakeBook, locale: Locale) {
  return settingsFromRows(settingsRowsFromTables(tablesOf(b)), locale);
}

describe.each(["zh-CN", "en-US"] as Locale[])("forecast lists (%s)", (locale) => {
  test("defaultSettings carries them: stages 10/20/40/70/90 %, bands 750k/350k/100k, 'not stated' none", () => {
    const s = defaultSettings(locale);
    expect(s.stageProbabilities).toEqual(
      s.lists.stage.map((o, i) => ({ stage: o.value, probability: [0.1, 0.2, 0.4, 0.7, 0.9][i] })),
    );
    expect(s.budgetMidpoints).toEqual(
      s.lists.budget.slice(0, 3).map((o, i) => ({ budget: o.value, midpoint: [750000, 350000, 100000][i] })),
    );
  });

  test("install writes them as two tables on the Settings sheet, with localized headers", () => {
    const b = installed(locale);
    const prob = b.tables.get(PROB)!;
    const mid = b.tables.get(MID)!;
    expect(prob.sheet).toBe(b.tables.get(PARAMS_TABLE)!.sheet);
    expect(prob.headers).toEqual(locale === "zh-CN" ? ["阶段", "赢单概率"] : ["Stage", "Win probability"]);
    expect(mid.headers).toEqual(locale === "zh-CN" ? ["预算范围", "中间值(元)"] : ["Budget band", "Midpoint (yuan)"]);
    expect(prob.rows.map((r) => r[1])).toEqual([0.1, 0.2, 0.4, 0.7, 0.9]);
    expect(mid.rows.map((r) => r[1])).toEqual([750000, 350000, 100000]);
  });

  test("an upgrade adds them to a workbook that has none, leaving the other settings as the admin left them", () => {
    const b = installed(locale);
    b.tables.delete(PROB);
    b.tables.delete(MID);
    // The admin had changed a parameter and a score.
    const params = b.tables.get(PARAMS_TABLE)!;
    params.rows.find((r) => r[0] === "gradeA")![2] = 85;
    const budgetList = b.tables.get("List_Budget")!;
    budgetList.rows[0][1] = 33;
    const before = read(b, locale);
    // Read without the tables: the defaults by position, no warning.
    expect(before.warnings).toEqual([]);
    expect(before.settings.stageProbabilities).toEqual(defaultSettings(locale).stageProbabilities);

    const plan = planInstall({ state: stateOf(b), settings: before.settings, locale, now: 45500, tables: tablesOf(b) });
    // Nothing is written into an existing Settings table.
    const touched = plan.changes.filter(
      (c) => "table" in c && (c.table === PARAMS_TABLE || String(c.table).startsWith("List_")),
    );
    expect(touched).toEqual([]);
    applyToFake(b, plan.changes);
    expect(b.tables.get(PROB)!.rows.map((r) => r[1])).toEqual([0.1, 0.2, 0.4, 0.7, 0.9]);
    const after = read(b, locale);
    expect(after.warnings).toEqual([]);
    expect(after.settings.gradeThresholds.a).toBe(85);
    expect(after.settings.lists.budget[0].points).toBe(33);
    expect(after.settings.budgetMidpoints).toEqual(defaultSettings(locale).budgetMidpoints);
  });
});

describe("edits and bad values", () => {
  test("edited probabilities and midpoints are read (a typed '35%' too) and weight the forecast", () => {
    const b = installed("zh-CN");
    b.tables.get(PROB)!.rows[0][1] = "35%";
    b.tables.get(MID)!.rows[1][1] = 400000; // 20-50万
    const { settings, warnings } = read(b, "zh-CN");
    expect(warnings).toEqual([]);
    expect(settings.stageProbabilities![0]).toEqual({ stage: "初步接洽", probability: 0.35 });
    expect(settings.budgetMidpoints![1]).toEqual({ budget: "20-50万", midpoint: 400000 });
    // One open lead at stage 1, budget 20-50万, no deal amount: 400,000 × 35 % = 140,000 (fewer than 20 closed: Settings).
    const f = computeForecast(
      book({
        leads: [lead({ leadId: "A", budget: "20-50万", expectedClose: d(2024, 7, 15) })],
        conversion: [conv({ leadId: "A" })],
      }),
      settings,
      d(2024, 6, 1),
    );
    expect(f.stages[0]).toMatchObject({ probability: 0.35, source: "settings" });
    expect(f.total).toMatchObject({ openLeads: 1, pipeline: 400000, weighted: 140000 });
  });

  test("a probability out of 0–100 % or not a number, a negative midpoint: the default, with a warning each", () => {
    const b = installed("en-US");
    b.tables.get(PROB)!.rows[1][1] = 1.5;
    b.tables.get(PROB)!.rows[2][1] = "likely";
    b.tables.get(MID)!.rows[0][1] = -10;
    const { settings, warnings } = read(b, "en-US");
    expect(warnings).toHaveLength(3);
    expect(warnings[0].en).toMatch(/Needs discovery.*using the default 20%/);
    expect(warnings[0].zh).toMatch(/Needs discovery.*默认 20%/);
    expect(settings.stageProbabilities!.map((p) => p.probability)).toEqual([0.1, 0.2, 0.4, 0.7, 0.9]);
    expect(settings.budgetMidpoints![0]).toEqual({ budget: "500k or more", midpoint: 750000 });
  });
});
