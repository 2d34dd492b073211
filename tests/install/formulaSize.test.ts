/**
 * Formula text per row (issue 12 item 4): every Leads row and every Conversion
 * row carries its calculated columns' formulas; Excel parses all of that text
 * on every open, so its size has a target (≤ 1,000 characters per row). It is
 * not met yet: every reference to a cell of the row is a canonical structured
 * reference (`Leads[[#This Row],[Header]]`, 20+ characters) and a row's
 * formulas need about 40 of them. The figures are printed here, in both
 * locales and for the default and a longer stage list, and by `npm run bench`;
 * that no formula repeats a lookup is tested in formulas.test.ts.
 */
import { planInstall } from "../../src/domain/plan/install";
import { defaultSettings } from "../../src/domain/settings/defaults";
import { isFormulaCell, type Change } from "../../src/domain/plan/changes";
import type { Locale } from "../../src/domain/types";
import type { Settings } from "../../src/domain/settings/schema";
import { emptyBook, stateOf } from "../support/planModel";

const NOW = 45444.5;

function withStages(settings: Settings, count: number): Settings {
  const stage = [...settings.lists.stage];
  while (stage.length < count) stage.push({ ...stage[stage.length - 1], value: `Stage ${stage.length + 1}` });
  return { ...settings, lists: { ...settings.lists, stage } };
}

/** Characters (and UTF-8 bytes) of formula text in data row 0 of each table, from the install plan. */
function perRow(locale: Locale, stages: number): Record<string, { chars: number; bytes: number; columns: number }> {
  const settings = withStages(defaultSettings(locale), stages);
  const { changes } = planInstall({ state: stateOf(emptyBook()), settings, locale, now: NOW });
  const out: Record<string, { chars: number; bytes: number; columns: number }> = {};
  for (const ch of changes as Change[]) {
    if (ch.op !== "writeTableColumn") continue;
    const cell = ch.cells[ch.rowIndexes.indexOf(0)];
    if (cell === undefined || !isFormulaCell(cell)) continue;
    const text = String(cell.formula);
    const t = (out[ch.table] ??= { chars: 0, bytes: 0, columns: 0 });
    t.chars += [...text].length;
    t.bytes += Buffer.byteLength(text, "utf8");
    t.columns++;
  }
  return out;
}

describe.each(["zh-CN", "en-US"] as Locale[])("formula text per row (%s)", (locale) => {
  for (const stages of [5, 8]) {
    test(`${stages} stages: the figures`, () => {
      const sizes = perRow(locale, stages);
      for (const [table, s] of Object.entries(sizes))
        process.stdout.write(
          `formula text per row, ${locale}, ${stages} stages, ${table}: ${s.chars} chars, ${s.bytes} UTF-8 bytes, ${s.columns} formula columns\n`,
        );
      expect(Object.keys(sizes).sort()).toEqual(["Conversion", "Leads"]);
    });
  }
});
