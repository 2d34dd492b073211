import { settingsFromRows, settingsRowsFromTables, type SettingsRows } from "../../src/domain/settings/fromRows";
import { defaultSettings } from "../../src/domain/settings/defaults";
import { LIST_KEYS } from "../../src/domain/fields/lists";
import { PARAM_DEFS, listRows } from "../../src/domain/plan/settingsSheet";
import { PARAM_KEYS, listColumns, type ListColumnKey } from "../../src/domain/formulas/names";
import type { Locale } from "../../src/domain/types";
import { planInstall } from "../../src/domain/plan/install";
import { applyToFake, emptyBook, stateOf, tablesOf } from "../support/planModel";

/** The rows the Settings sheet holds for the defaults, as an admin would see them. */
function defaultRows(locale: Locale): SettingsRows {
  const s = defaultSettings(locale);
  const lists: SettingsRows["lists"] = {};
  for (const k of LIST_KEYS) {
    const cols = listColumns(k);
    lists[k] = listRows(s, k, locale).map(
      (r) => Object.fromEntries(cols.map((c: ListColumnKey, i) => [c, r[i]])) as { option: string },
    );
  }
  return { params: PARAM_KEYS.map((k) => ({ key: k, value: PARAM_DEFS[k].value(s) })), lists };
}

describe.each(["zh-CN", "en-US"] as Locale[])("reading Settings (%s)", (locale) => {
  test("the sheet written for the defaults reads back as the defaults", () => {
    const { settings, warnings } = settingsFromRows(defaultRows(locale), locale);
    expect(warnings).toEqual([]);
    expect(settings).toEqual(defaultSettings(locale));
  });

  test("through the planned Settings tables (install, then read)", () => {
    const book = emptyBook();
    applyToFake(
      book,
      planInstall({ state: stateOf(book), settings: defaultSettings(locale), locale, now: 45444 }).changes,
    );
    const { settings, warnings } = settingsFromRows(settingsRowsFromTables(tablesOf(book)), locale);
    expect(warnings).toEqual([]);
    expect(settings).toEqual(defaultSettings(locale));
  });

  test("a deleted Settings sheet gives the defaults and warnings, never an exception", () => {
    const { settings, warnings } = settingsFromRows({}, locale);
    expect(settings).toEqual(defaultSettings(locale));
    expect(warnings.length).toBe(LIST_KEYS.length + 1);
  });
});

describe("admin edits and broken values", () => {
  test("an added option, changed points, a stage limit and an as-of date are read", () => {
    const rows = defaultRows("zh-CN");
    rows.lists!.industry!.push({ option: " 物流 " });
    rows.lists!.budget![0].points = 35;
    rows.lists!.stage![1].limitDays = 14;
    rows.params!.find((p) => p.key === "asOf")!.value = "2024/6/1";
    rows.params!.find((p) => p.key === "gradeA")!.value = 85;
    const { settings, warnings } = settingsFromRows(rows, "zh-CN");
    expect(warnings).toEqual([]);
    expect(settings.lists.industry.map((o) => o.value)).toContain("物流");
    expect(settings.lists.budget[0].points).toBe(35);
    expect(settings.lists.stage[1].limitDays).toBe(14);
    expect(settings.asOf).toBe(45444);
    expect(settings.gradeThresholds.a).toBe(85);
  });

  test("bad values fall back to the default for that value, with a warning each", () => {
    const rows = defaultRows("en-US");
    rows.params!.find((p) => p.key === "dormantDays")!.value = "soon";
    rows.params!.find((p) => p.key === "cadenceA")!.value = -3;
    rows.params = rows.params!.filter((p) => p.key !== "noReplyLimit");
    rows.lists!.status![2].role = "champion";
    rows.lists!.stage![0].limitDays = 2.5;
    const { settings, warnings } = settingsFromRows(rows, "en-US");
    const d = defaultSettings("en-US");
    expect(settings.dormantDays).toBe(d.dormantDays);
    expect(settings.cadenceDays.A).toBe(d.cadenceDays.A);
    expect(settings.noReplyLimit).toBe(d.noReplyLimit);
    expect(settings.lists.status[2].role).toBeUndefined();
    expect(settings.lists.stage[0].limitDays).toBeUndefined();
    expect(warnings).toHaveLength(5);
  });

  test("roles typed in the other locale or as keys are understood", () => {
    const rows = defaultRows("zh-CN");
    rows.lists!.status![2].role = "Won";
    rows.lists!.status![3].role = "lost";
    const { settings } = settingsFromRows(rows, "zh-CN");
    expect(settings.lists.status[2].role).toBe("won");
    expect(settings.lists.status[3].role).toBe("lost");
  });
});
