/**
 * Re-running install never changes an input cell (issue 3):
 * - install twice on the same file → identical input cells, and no rule,
 *   table or name piles up;
 * - install over generated workbooks holding user data, user columns inside
 *   the tables and a user sheet → every input cell as it was (fast-check;
 *   each run is a file round trip, so the run count is modest). The only
 *   cells install may write in input columns are blank lead IDs and created
 *   dates of started rows (cells the add-in owns, docs/ARCHITECTURE.md §4). Blank is what
 *   the product reads as blank everywhere: empty, or spaces only.
 */
import fc from "fast-check";
import { HELPER_GROUP, INPUT_TABLES, isInputField, tableDefs } from "../../src/domain/fields/definitions";
import { legacyWorkbook } from "./legacy";
import type { CellValue, InputTableName, Locale } from "../../src/domain/types";
import { tr } from "../../src/domain/types";
import { isBlankCell } from "../../src/domain/parse/text";
import type { Scalar } from "../../src/domain/plan/changes";
import { TODAY_NAME } from "../../src/domain/formulas/calculated";
import { XlsxWorkbook } from "../support/exceljs";
import { appendByKey } from "./edgeRows";
import { runInstall } from "./install";

const now = new Date(2024, 5, 15, 10, 30, 0);

async function roundTrip(wb: XlsxWorkbook): Promise<XlsxWorkbook> {
  return XlsxWorkbook.fromBytes(await wb.toBytes());
}

/** Every cell of every input table by header, plus which headers are input fields. */
async function snapshot(
  wb: XlsxWorkbook,
  locale: Locale,
): Promise<Map<string, { headers: string[]; input: boolean[]; values: CellValue[][] }>> {
  const defs = tableDefs(5);
  const data = await wb.readTables([...INPUT_TABLES]);
  const out = new Map<string, { headers: string[]; input: boolean[]; values: CellValue[][] }>();
  for (const [name, t] of data) {
    const def = defs[name as InputTableName];
    // A header the add-in does not know is the user's own column: input.
    const input = t.table.headers.map((h) => {
      const f = def.fields.find((x) => tr(x.header, locale) === h);
      return f ? isInputField(f) : true;
    });
    out.set(name, { headers: t.table.headers, input, values: t.values });
  }
  return out;
}

/** Differences in input cells between two snapshots; blank lead ID / created cells of Leads may be filled. */
function inputChanges(
  before: Awaited<ReturnType<typeof snapshot>>,
  after: Awaited<ReturnType<typeof snapshot>>,
  locale: Locale,
): string[] {
  const owned = new Set([
    tr(tableDefs(5).Leads.fields[0].header, locale),
    tr(tableDefs(5).Leads.fields.find((f) => f.key === "createdAt")!.header, locale),
  ]);
  const changes: string[] = [];
  for (const [name, b] of before) {
    const a = after.get(name);
    if (!a) {
      changes.push(`${name} disappeared`);
      continue;
    }
    b.headers.forEach((h, j) => {
      if (!b.input[j]) return;
      const k = a.headers.indexOf(h);
      if (k < 0) return void changes.push(`${name}.${h} disappeared`);
      b.values.forEach((row, i) => {
        const was = row[j];
        const now = a.values[i]?.[k] ?? null;
        if (isBlankCell(was) && name === "Leads" && owned.has(h)) return;
        // Empty text and an empty cell are the same cell after a file round trip.
        const empty = (v: CellValue) => v === null || v === "";
        if (!Object.is(was, now) && !(empty(was) && empty(now)))
          changes.push(`${name}[${i}].${h}: ${JSON.stringify(was)} → ${JSON.stringify(now)}`);
      });
    });
  }
  return changes;
}

async function ruleCounts(wb: XlsxWorkbook) {
  const state = await wb.readState();
  return {
    sheets: state.sheets.map((s) => s.name),
    tables: state.tables.map((t) => `${t.name}:${t.headers.length}`).sort(),
    names: state.names.map((n) => `${n.name}=${n.formula}`).sort(),
    validations: state.sheets.map((s) => wb.validations(s.name).length),
    formats: state.sheets.map((s) => wb.conditionalFormats(s.name).reduce((n, c) => n + c.formulas.length, 0)),
  };
}

describe("install twice", () => {
  for (const locale of ["zh-CN", "en-US"] as Locale[]) {
    test(`${locale}: the second install changes no input cell and piles nothing up`, async () => {
      const first = XlsxWorkbook.create();
      await runInstall(first, { locale, now, sample: 200, seed: 3 });
      const saved = await roundTrip(first);
      const before = await snapshot(saved, locale);
      const rulesBefore = await ruleCounts(saved);
      await runInstall(saved, { locale, now });
      const after = await snapshot(await roundTrip(saved), locale);
      expect(inputChanges(before, after, locale)).toEqual([]);
      // Stricter than the rule: nothing at all changed in the input tables, formulas' results included.
      expect([...after.entries()]).toEqual([...before.entries()]);
      expect(await ruleCounts(saved)).toEqual(rulesBefore);
      expect(before.get("Leads")!.values.length).toBe(200);
    });
  }
});

// ------------------------------------------------------------ generated workbooks

const chars = [
  "a",
  "Z",
  "中",
  "文",
  " ",
  "=",
  "+",
  "-",
  "@",
  "1",
  "0",
  "/",
  "年",
  "(",
  ")",
  "'",
  '"',
  "&",
  "<",
  "é",
  "😀",
];
const text = fc.string({ unit: fc.constantFrom(...chars), maxLength: 10 });
const cell: fc.Arbitrary<Scalar> = fc.oneof(
  { weight: 3, arbitrary: fc.constant(null) },
  { weight: 4, arbitrary: text },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      "=1+1",
      "=cmd|' /C calc'!A0",
      "+86 138 1234 5678",
      "-5",
      "@SUM(A1)",
      '=HYPERLINK("http://x")',
      "0012",
      "2024/5/1",
    ),
  },
  { weight: 2, arbitrary: fc.integer({ min: -1000, max: 1000000 }) },
  { weight: 1, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }) },
  { weight: 2, arbitrary: fc.integer({ min: 43000, max: 46500 }).map((d) => d + 0.25) },
  { weight: 1, arbitrary: fc.boolean() },
);

interface UserBook {
  locale: Locale;
  sample: number;
  rows: Partial<Record<InputTableName, Scalar[][]>>;
  extraColumns: { header: string; values: Scalar[] }[];
  userSheet: Scalar[][];
}

const userBook: fc.Arbitrary<UserBook> = fc.record({
  locale: fc.constantFrom<Locale>("zh-CN", "en-US"),
  sample: fc.constantFrom(0, 0, 5),
  rows: fc.record({
    Leads: fc.array(fc.array(cell, { minLength: 20, maxLength: 20 }), { maxLength: 8 }),
    FollowUps: fc.array(fc.array(cell, { minLength: 12, maxLength: 12 }), { maxLength: 5 }),
    Conversion: fc.array(fc.array(cell, { minLength: 8, maxLength: 8 }), { maxLength: 4 }),
    ChannelCosts: fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { maxLength: 3 }),
  }),
  extraColumns: fc.array(
    fc.record({
      header: fc.constantFrom("我的备注", "Region", "客户经理电话", "Tag (mine)"),
      values: fc.array(cell, { maxLength: 30 }),
    }),
    { maxLength: 2 },
  ),
  userSheet: fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { maxLength: 4 }),
});

/** Field keys a generated row fills, in order: the input fields of each table. */
function inputKeys(table: InputTableName): string[] {
  return tableDefs(5)
    [table].fields.filter(isInputField)
    .map((f) => f.key);
}

describe("install over a workbook with user data", () => {
  test("every input cell, user column and user sheet cell is unchanged (fast-check)", async () => {
    await fc.assert(
      fc.asyncProperty(userBook, async (u) => {
        // A LeadFlow workbook a team has used: installed, typed into, given their own columns and sheet.
        let wb = XlsxWorkbook.create();
        await runInstall(wb, { locale: u.locale, now, ...(u.sample ? { sample: u.sample, seed: 1 } : {}) });
        for (const table of INPUT_TABLES) {
          const keys = inputKeys(table);
          const rows = (u.rows[table] ?? []).map((r) => Object.fromEntries(keys.map((k, i) => [k, r[i] ?? null])));
          if (rows.length) await appendByKey(wb, table, rows, u.locale);
        }
        const unique = [...new Map(u.extraColumns.map((c) => [c.header, c])).values()];
        if (unique.length) {
          await wb.apply([{ op: "addColumns", table: "Leads", headers: unique.map((c) => c.header) }]);
          const rowCount = (await wb.readState()).tables.find((t) => t.name === "Leads")!.rowCount;
          for (const c of unique) {
            const idx = c.values.slice(0, rowCount).map((_, i) => i);
            if (idx.length)
              await wb.apply([
                {
                  op: "writeTableColumn",
                  table: "Leads",
                  column: c.header,
                  rowIndexes: idx,
                  cells: c.values.slice(0, idx.length),
                },
              ]);
          }
        }
        await wb.apply([
          { op: "ensureSheet", sheet: "我的数据" },
          ...(u.userSheet.length
            ? [{ op: "writeCells" as const, sheet: "我的数据", topLeft: "B2", cells: u.userSheet }]
            : []),
        ]);
        wb = await roundTrip(wb);

        const before = await snapshot(wb, u.locale);
        const userBefore = await wb.readRange("我的数据", "A1:E8");
        await runInstall(wb, { locale: u.locale, now });
        const after = await roundTrip(wb);
        expect(inputChanges(before, await snapshot(after, u.locale), u.locale)).toEqual([]);
        expect(await after.readRange("我的数据", "A1:E8")).toEqual(userBefore);
      }),
      { numRuns: 15 },
    );
  });
});

// ------------------------------------------------------------ upgrade from the layout before helper columns

describe("upgrade of a workbook made before the helper columns", () => {
  for (const locale of ["zh-CN", "en-US"] as Locale[]) {
    test(`${locale}: helpers added, formula columns rewritten to the current shape, no input cell changed`, async () => {
      const defs = tableDefs(5);
      const built = await legacyWorkbook(locale, now);
      const legacy = built.legacy;
      const wb = await roundTrip(built.wb);
      const before = await snapshot(wb, locale);
      const oldState = await wb.readState();
      expect(legacy.size).toBeGreaterThanOrEqual(8);
      expect(wb.formulaCells().some((c) => legacy.has(c.formula))).toBe(true);

      await runInstall(wb, { locale, now });
      const after = await roundTrip(wb);
      expect(inputChanges(before, await snapshot(after, locale), locale)).toEqual([]);
      const state2 = await after.readState();
      for (const table of ["Leads", "Conversion"] as const) {
        const was = oldState.tables.find((t) => t.name === table)!.headers;
        const is = state2.tables.find((t) => t.name === table)!.headers;
        // Columns stay where they were; the helpers come after them.
        expect(is.slice(0, was.length)).toEqual(was);
        expect(is.slice(was.length)).toEqual(
          defs[table].fields.filter((f) => f.group === HELPER_GROUP).map((f) => tr(f.header, locale)),
        );
      }
      expect(state2.names.map((n) => n.name)).toContain(TODAY_NAME);
      const cells = after.formulaCells();
      expect(cells.filter((c) => legacy.has(c.formula))).toEqual([]);
      // Every calculated cell of both tables holds a current formula: 11 per lead row, 9 per conversion row.
      const rowsOf = (t: string) => state2.tables.find((x) => x.name === t)!;
      const onSheet = (t: string) => cells.filter((c) => c.sheet === rowsOf(t).sheet).length;
      expect(onSheet("Leads")).toBe(
        rowsOf("Leads").rowCount * defs.Leads.fields.filter((f) => f.kind === "calc").length,
      );
      expect(onSheet("Conversion")).toBe(
        rowsOf("Conversion").rowCount * defs.Conversion.fields.filter((f) => f.kind === "calc").length,
      );
    });
  }
});
