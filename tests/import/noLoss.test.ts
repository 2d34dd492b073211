/**
 * Property, end to end: importing arbitrary rows into a real workbook (xlsx
 * adapter) never loses one. Afterwards every source row is either in the
 * table — at the row the report names, with its text — or listed as a
 * skipped duplicate (or as a blank line, which holds nothing).
 */
import fc from "fast-check";
import { XlsxWorkbook } from "../support/exceljs";
import { importRows } from "../../src/operations/import";
import { headerIndex } from "../../src/domain/rows";
import { tableDefs } from "../../src/domain/fields/definitions";
import { normaliseText } from "../../src/domain/parse/text";
import { cleanBook } from "../support/cleanBook";
import { workbookWith } from "../check/realBook";

let base: Uint8Array;
beforeAll(async () => {
  base = await (await workbookWith(cleanBook())).wb.toBytes();
});

const text = fc.oneof(
  fc.constantFrom(
    "上海华东精密机械有限公司",
    "北京星辰科技有限公司",
    "新客户",
    "=1+1",
    "-5",
    "@x",
    "  ",
    "",
    "13812345678",
    "138 1234 5678",
    "010-62345678",
  ),
  fc.string({ maxLength: 5 }),
);

test("property: every source row ends up in the table or in the duplicates list", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.tuple(text, text, text), { maxLength: 12 }),
      fc.constantFrom<"skip" | "keep">("skip", "keep"),
      async (rows, onDuplicate) => {
        const wb = await XlsxWorkbook.fromBytes(base);
        const before = (await wb.readTables(["Leads"])).get("Leads")!.values.length;
        const source = {
          headers: ["公司名称", "手机号", "需求"],
          rows: rows.map((v, i) => ({ line: i + 2, values: v })),
        };
        const { report } = await importRows(wb, source, { into: "Leads", onDuplicate, now: new Date(2024, 5, 1, 9) });
        const t = (await wb.readTables(["Leads"])).get("Leads")!;
        const { index } = headerIndex(tableDefs(5).Leads, t.table.headers);
        const at = (row: number, key: string) => t.values[row - t.firstRow]?.[index.get(key)!];
        const skipped = new Set(report.duplicates.filter((d) => !d.kept).map((d) => d.line));
        const blank = new Set(report.blankLines);
        const imported = new Map(report.imported.map((i) => [i.line, i.row]));
        for (const r of source.rows) {
          const places = [imported.has(r.line), skipped.has(r.line), blank.has(r.line)].filter(Boolean).length;
          expect({ line: r.line, places }).toEqual({ line: r.line, places: 1 });
          if (blank.has(r.line)) expect(r.values.every((v) => normaliseText(v) === "")).toBe(true);
          if (imported.has(r.line)) {
            const row = imported.get(r.line)!;
            // Text comes back as typed (trimmed), never turned into a formula.
            expect(normaliseText(at(row, "customer"))).toBe(normaliseText(r.values[0]));
            expect(normaliseText(at(row, "needDesc"))).toBe(normaliseText(r.values[2]));
            expect(String(at(row, "leadId"))).toMatch(/^线索-\d{8}-\d{3}$/);
          }
        }
        // Nothing else was added.
        expect(t.values.length).toBe(before + report.imported.length);
      },
    ),
    { numRuns: 40 },
  );
});
