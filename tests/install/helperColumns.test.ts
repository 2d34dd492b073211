/**
 * Helper columns (issue 12 item 4): the values several formulas of a row need
 * (status role, stage limit, the date the cadence counts from; result role,
 * last stage with a date, a lost lead's close date) are add-in-owned formula
 * columns, grouped at the right of their table and documented in the field
 * guide in both languages. An older workbook without them gets them on
 * upgrade, its formula columns rewritten, no input cell changed.
 */
import { planInstall } from "../../src/domain/plan/install";
import { HELPER_GROUP, isInputField, tableDefs } from "../../src/domain/fields/definitions";
import { defaultSettings } from "../../src/domain/settings/defaults";
import { fieldGuideRows } from "../../src/domain/plan/fieldGuide";
import { TODAY_NAME, conversionFormulas, leadFormulas } from "../../src/domain/formulas/calculated";
import type { Change } from "../../src/domain/plan/changes";
import type { Locale } from "../../src/domain/types";
import { tr } from "../../src/domain/types";
import { columnLetters1 } from "../../src/domain/a1";
import { applyToFake, emptyBook, stateOf, tablesOf, type FakeBook } from "../support/planModel";

const NOW = 45444.5;
const defs = tableDefs(5);
const helpers = (table: "Leads" | "Conversion") => defs[table].fields.filter((f) => f.group === HELPER_GROUP);

function plan(book: FakeBook, locale: Locale, sample = 0) {
  return planInstall({
    state: stateOf(book),
    settings: defaultSettings(locale),
    locale,
    tables: tablesOf(book),
    now: NOW,
    ...(sample
      ? {
          append: {
            Leads: Array.from({ length: sample }, (_, i) => ({
              customer: `客户${i}`,
              status: defaultSettings(locale).lists.status[i % 6].value,
              stage: defaultSettings(locale).lists.stage[i % 5].value,
              createdAt: NOW - 30 - i,
            })),
          },
        }
      : {}),
  });
}

const of = <K extends Change["op"]>(changes: Change[], op: K) =>
  changes.filter((c): c is Extract<Change, { op: K }> => c.op === op);

test("the helper columns are the calculated ones the other formulas share", () => {
  expect(helpers("Leads").map((f) => f.key)).toEqual(["statusRole", "stageLimit", "cadenceBase"]);
  expect(helpers("Conversion").map((f) => f.key)).toEqual(["resultRole", "lastStage", "lostClose"]);
  for (const f of [...helpers("Leads"), ...helpers("Conversion")]) expect(f.kind).toBe("calc");
  const leadReads = leadFormulas({ locale: "zh-CN", stageCount: 5, header: (_t, k) => k }).filter(
    (f) => f.key === "alert" || f.key === "nextDue",
  );
  const convReads = conversionFormulas({ locale: "zh-CN", stageCount: 5, header: (_t, k) => k }).filter(
    (f) => !helpers("Conversion").some((h) => h.key === f.key),
  );
  // Every helper is read by at least one other formula of its row.
  for (const h of helpers("Leads")) expect(leadReads.some((f) => f.formula.includes(`[${h.key}]`))).toBe(true);
  for (const h of helpers("Conversion")) expect(convReads.some((f) => f.formula.includes(`[${h.key}]`))).toBe(true);
});

describe.each(["zh-CN", "en-US"] as Locale[])("%s", (locale) => {
  test("install puts the helpers at the right of Leads and Conversion, grouped, with formulas", () => {
    const { changes } = plan(emptyBook(), locale);
    for (const table of ["Leads", "Conversion"] as const) {
      const created = of(changes, "createTable").find((c) => c.table === table)!;
      const names = helpers(table).map((f) => tr(f.header, locale));
      expect(created.headers.slice(-names.length)).toEqual(names);
      const first = created.headers.length - names.length + 1;
      expect(of(changes, "groupColumns")).toContainEqual({
        op: "groupColumns",
        sheet: created.sheet,
        fromColumn: columnLetters1(first),
        toColumn: columnLetters1(created.headers.length),
      });
      for (const h of names)
        expect(of(changes, "writeTableColumn").some((c) => c.table === table && c.column === h)).toBe(true);
    }
    expect(of(changes, "setDefinedName").map((c) => c.name)).toContain(TODAY_NAME);
  });

  test("the field guide documents each helper column, as a helper, in the workbook's language", () => {
    const rows = fieldGuideRows(defaultSettings(locale), locale);
    for (const table of ["Leads", "Conversion"] as const)
      for (const f of helpers(table)) {
        const row = rows.find((r) => r[1] === tr(f.header, locale));
        expect(row).toBeDefined();
        expect(String(row![2])).toContain(locale === "zh-CN" ? "辅助列" : "helper column");
        expect(String(row![5])).toBe(tr(f.rule, locale));
        expect(tr(f.rule, locale).length).toBeGreaterThan(10);
      }
  });

  test("upgrading a workbook made before the helpers: added at the right, grouped, formulas rewritten, inputs untouched", () => {
    // A workbook as the previous layout left it: installed with data, then without the helper columns.
    const book = emptyBook();
    applyToFake(book, plan(book, locale, 12).changes);
    for (const table of ["Leads", "Conversion"] as const) {
      const t = book.tables.get(table)!;
      const drop = new Set(helpers(table).map((f) => t.headers.indexOf(tr(f.header, locale))));
      t.headers = t.headers.filter((_, i) => !drop.has(i));
      t.rows = t.rows.map((r) => r.filter((_, i) => !drop.has(i)));
      // The formula cells hold some older text.
      defs[table].fields
        .filter((f) => f.kind === "calc")
        .forEach((f) => {
          const c = t.headers.indexOf(tr(f.header, locale));
          if (c >= 0) for (const r of t.rows) r[c] = "=older formula";
        });
    }
    book.names.delete(TODAY_NAME);
    const before = structuredClone([...book.tables.values()].filter((t) => t.name in defs));

    const p = plan(book, locale);
    for (const table of ["Leads", "Conversion"] as const)
      expect(p.report.addedColumns).toContainEqual({ table, headers: helpers(table).map((f) => tr(f.header, locale)) });
    expect(p.report.skippedFormulas).toEqual([]);
    expect(of(p.changes, "groupColumns").length).toBeGreaterThanOrEqual(2);
    applyToFake(book, p.changes);
    expect(book.names.has(TODAY_NAME)).toBe(true);

    for (const old of before) {
      const now = book.tables.get(old.name)!;
      const def = defs[old.name as keyof typeof defs];
      old.headers.forEach((h, j) => {
        const f = def.fields.find((x) => tr(x.header, locale) === h)!;
        const k = now.headers.indexOf(h);
        expect(k).toBe(j); // no column moved
        old.rows.forEach((row, i) => {
          if (isInputField(f)) expect([h, i, now.rows[i][k]]).toEqual([h, i, row[j]]);
          else if (f.kind === "calc") expect([h, i, now.rows[i][k]]).not.toEqual([h, i, "=older formula"]);
        });
      });
      // The helper columns now hold formulas on every row.
      for (const f of def.fields.filter((x) => x.group === HELPER_GROUP)) {
        const k = now.headers.indexOf(tr(f.header, locale));
        expect(k).toBeGreaterThanOrEqual(old.headers.length);
        for (const r of now.rows) expect(String(r[k])).toMatch(/^=/);
      }
    }
  });
});
