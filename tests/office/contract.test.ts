import { install } from "../../src/operations/install";
import type { WorkbookPort } from "../../src/workbook/port";
import { XlsxWorkbook } from "../support/exceljs";
import { rectToA1 } from "../fakes/excel";
import { officeOnFake } from "../support/officeFake";

/**
 * (g) Contract: the same install through the Office adapter (on the fake) and
 * through the xlsx adapter (written to bytes and read back) gives the same
 * workbook: sheets, tables, headers, formulas, input values, names, data
 * validation sources and conditional-format formulas.
 */
const NOW = new Date(2024, 5, 3, 10, 0, 0);

function norm(v: unknown): unknown {
  if (v instanceof Date) return Math.round((v.getTime() / 86_400_000 + 25_569) * 86_400) / 86_400;
  if (typeof v === "number") return Math.round(v * 86_400) / 86_400;
  return v === "" ? null : v;
}

const stripEq = (f: string | undefined) => (f ?? "").replace(/^=/, "");

async function tablesOf(port: WorkbookPort) {
  const state = await port.readState();
  const names = state.tables.map((t) => t.name).sort();
  const data = await port.readTables(names, { formulas: true });
  return names.map((n) => {
    const d = data.get(n)!;
    return {
      table: { ...d.table },
      formulas: d.formulas,
      // Input values only: the fake does not calculate, so formula cells are compared by formula.
      values: d.values.map((row, i) => row.map((v, j) => (d.formulas?.[i]?.[j] ? "(formula)" : norm(v)))),
    };
  });
}

describe.each(["zh-CN", "en-US"] as const)("Office and xlsx adapters agree after install (%s)", (locale) => {
  let office: ReturnType<typeof officeOnFake>;
  let xlsx: XlsxWorkbook;
  beforeAll(async () => {
    office = officeOnFake();
    await install(office.wb, { locale, now: NOW, sample: { count: 40, seed: 5 } });
    const file = XlsxWorkbook.create();
    await install(file, { locale, now: NOW, sample: { count: 40, seed: 5 } });
    xlsx = await XlsxWorkbook.fromBytes(await file.toBytes());
  });

  test("sheets, tables, headers, names and properties", async () => {
    const a = await office.wb.readState();
    const b = await xlsx.readState();
    expect(a.sheets.filter((s) => s.name !== "Sheet1")).toEqual(b.sheets);
    const byName = (x: { name: string }, y: { name: string }) => x.name.localeCompare(y.name);
    expect([...a.tables].sort(byName)).toEqual([...b.tables].sort(byName));
    const names = (s: typeof a) =>
      Object.fromEntries(s.names.map((n) => [n.name, stripEq(n.formula).replace(/'/g, "")]));
    expect(names(a)).toEqual(names(b));
    expect(a.properties).toEqual(b.properties);
  });

  test("formulas and input values of every table", async () => {
    const a = await tablesOf(office.wb);
    const b = await tablesOf(xlsx);
    expect(a.map((t) => t.table.name)).toEqual(b.map((t) => t.table.name));
    const formulaCells = a.reduce((n, t) => n + (t.formulas ?? []).flat().filter(Boolean).length, 0);
    expect(formulaCells).toBeGreaterThan(40 * 8); // Leads and Conversion calculated columns for 40 leads
    for (let i = 0; i < a.length; i++) {
      expect({ table: a[i]!.table.name, formulas: a[i]!.formulas }).toEqual({
        table: b[i]!.table.name,
        formulas: b[i]!.formulas,
      });
      expect({ table: a[i]!.table.name, values: a[i]!.values }).toEqual({
        table: b[i]!.table.name,
        values: b[i]!.values,
      });
    }
  });

  test("data validation sources and conditional-format formulas", async () => {
    const state = await xlsx.readState();
    let validations = 0;
    let formats = 0;
    for (const { name: sheet } of state.sheets) {
      const fakeSheet = office.host.state.mustSheet(sheet);
      const fromFake = fakeSheet.validations
        .map((v) => {
          const [type, body] = Object.entries(v.rule)[0] ?? ["none", {}];
          const b = body as { source?: string; formula?: string; formula1?: string | number };
          return `${rectToA1(v.rect)} ${type === "wholeNumber" ? "whole" : type} ${stripEq(String(b.source ?? b.formula ?? b.formula1 ?? ""))}`;
        })
        .sort();
      const fromFile = xlsx
        .validations(sheet)
        .map((v) => `${v.sqref} ${v.type} ${stripEq(v.formula1)}`)
        .sort();
      expect({ sheet, validations: fromFake }).toEqual({ sheet, validations: fromFile });

      const cfFake = fakeSheet.conditionalFormats.map((c) => `${rectToA1(c.rect)} ${stripEq(c.formula)}`).sort();
      const cfFile = xlsx
        .conditionalFormats(sheet)
        .flatMap((c) => c.formulas.map((f) => `${c.ref} ${stripEq(f)}`))
        .sort();
      expect({ sheet, conditionalFormats: cfFake }).toEqual({ sheet, conditionalFormats: cfFile });
      validations += fromFile.length;
      formats += cfFile.length;
    }
    expect(validations).toBeGreaterThan(20);
    expect(formats).toBeGreaterThan(20);
  });
});
