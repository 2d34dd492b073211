/**
 * Settings from the rows of its tables (src/domain/settings/fromRows.ts) on plain tables: no port.
 * (The round trip through the install plan is in tests/install/settingsIO.test.ts.)
 */
import { LIST_KEYS } from "../../src/domain/fields/lists";
import { listTableName, PARAMS_TABLE } from "../../src/domain/formulas/names";
import { defaultSettings } from "../../src/domain/settings/defaults";
import { SETTINGS_TABLES, settingsFromRows, settingsRowsFromTables } from "../../src/domain/settings/fromRows";
import type { CellValue } from "../../src/domain/types";
import type { TableData } from "../../src/workbook/port";

function table(name: string, headers: string[], values: CellValue[][]): TableData {
  return {
    table: { name, sheet: "配置", address: "A1:D9", headers, rowCount: values.length },
    firstRow: 2,
    values,
  };
}

test("the Settings tables are the parameters, one table per list, and the two forecast lists", () => {
  expect(SETTINGS_TABLES).toEqual([
    PARAMS_TABLE,
    ...LIST_KEYS.map(listTableName),
    "LF_StageProbabilities",
    "LF_BudgetMidpoints",
  ]);
});

test("columns are found by their header in either language, in any order", () => {
  const tables = new Map<string, TableData>([
    [
      PARAMS_TABLE,
      table(
        PARAMS_TABLE,
        ["Note", "Value", "Key"],
        [
          ["", 14, "dormantDays"],
          ["", "yes", "hideContacts"],
        ],
      ),
    ],
    [
      listTableName("status"),
      table(
        listTableName("status"),
        ["含义", "选项"],
        [
          ["Won", "赢单"],
          ["进行中", "在谈"],
        ],
      ),
    ],
  ]);
  const rows = settingsRowsFromTables(tables);
  expect(rows.params).toEqual([
    { key: "dormantDays", value: 14 },
    { key: "hideContacts", value: "yes" },
  ]);
  expect(rows.lists?.status).toEqual([
    { option: "赢单", role: "Won" },
    { option: "在谈", role: "进行中" },
  ]);
  expect(rows.lists?.stage).toBeUndefined();

  const { settings, warnings } = settingsFromRows(rows, "zh-CN");
  expect(settings.dormantDays).toBe(14);
  expect(settings.hideContacts).toBe(true);
  expect(settings.lists.status).toEqual([
    { value: "赢单", role: "won" },
    { value: "在谈", role: "open" },
  ]);
  // Lists without a table keep their defaults, with a warning each.
  expect(settings.lists.stage).toEqual(defaultSettings("zh-CN").lists.stage);
  expect(warnings.map((w) => w.en)).toContain(
    `Settings has no ${listTableName("stage")} table; using the default options`,
  );
});

test("a broken value falls back to its default, with a warning in both languages", () => {
  const { settings, warnings } = settingsFromRows(
    { params: [{ key: "noReplyLimit", value: "-2" }], lists: {} },
    "en-US",
  );
  expect(settings.noReplyLimit).toBe(defaultSettings("en-US").noReplyLimit);
  const w = warnings.find((x) => x.en.startsWith("Parameter noReplyLimit has an invalid value"));
  expect(w?.zh).toMatch(/^参数 noReplyLimit 的值无效/);
});
