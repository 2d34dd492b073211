/** Lookups in tables as read (src/domain/tableLookup.ts), on plain tables: no port. */
import { tableDefs } from "../../src/domain/fields/definitions";
import {
  cellText,
  dataRowIndex,
  fieldCellAddress,
  leadIdInRow,
  leadIdsOf,
  topLeftCell,
} from "../../src/domain/tableLookup";
import type { CellValue } from "../../src/domain/types";
import type { TableData } from "../../src/workbook/port";

const defs = tableDefs(5);

/** A Leads table placed at `address` whose columns are `keys` (Chinese headers), rows by position. */
function leads(address: string, keys: string[], values: CellValue[][]): TableData {
  const headers = keys.map((k) => defs.Leads.fields.find((f) => f.key === k)!.header.zh);
  const firstRow = topLeftCell(address).row + 1;
  return { table: { name: "Leads", sheet: "线索", address, headers, rowCount: values.length }, firstRow, values };
}

test("topLeftCell reads the first corner of a range, with or without a sheet or $ signs", () => {
  expect(topLeftCell("B3:F9")).toEqual({ column1: 2, row: 3 });
  expect(topLeftCell("'线索'!$AA$10:$AC$12")).toEqual({ column1: 27, row: 10 });
  expect(topLeftCell("not a range")).toEqual({ column1: 1, row: 1 });
});

test("cellText: trimmed text, numbers as text, blanks as empty", () => {
  expect([cellText("  L-1 "), cellText(7), cellText(null), cellText(undefined)]).toEqual(["L-1", "7", "", ""]);
});

describe("the lead ID of a worksheet row", () => {
  // The table starts in row 4, so its body is rows 5..7; the ID column is the second one.
  const t = leads(
    "C4:D7",
    ["customer", "leadId"],
    [
      ["甲", " L-1 "],
      ["乙", null],
      ["丙", "L-3"],
    ],
  );

  test("rows of the body map to their index; the header and rows below are outside", () => {
    expect([4, 5, 7, 8].map((r) => dataRowIndex(t, r))).toEqual([null, 0, 2, null]);
  });

  test("the ID of the row, trimmed; null for a blank ID or a row outside the body", () => {
    expect([5, 6, 7, 4, 8].map((r) => leadIdInRow(t, defs.Leads, r))).toEqual(["L-1", null, "L-3", null, null]);
  });

  test("every ID of the table, and none when the table has no ID column", () => {
    expect(leadIdsOf(t, defs.Leads)).toEqual(["L-1", "", "L-3"]);
    expect(leadIdsOf(leads("A1:A2", ["customer"], [["甲"]]), defs.Leads)).toEqual([]);
  });
});

test("a field's cell is found by its header, counted from the table's first column", () => {
  const t = leads("C4:E5", ["customer", "phone", "leadId"], [["甲", "1", "L-1"]]);
  expect(fieldCellAddress(t.table, defs.Leads, 5, "leadId")).toEqual({ sheet: "线索", address: "E5" });
  expect(fieldCellAddress(t.table, defs.Leads, 9, "customer")).toEqual({ sheet: "线索", address: "C9" });
  // A column the table does not have: its first column.
  expect(fieldCellAddress(t.table, defs.Leads, 5, "owner")).toEqual({ sheet: "线索", address: "C5" });
  const wide = leads("Y1:AB2", ["customer", "contact", "phone", "leadId"], [["甲", "张", "1", "L-1"]]);
  expect(fieldCellAddress(wide.table, defs.Leads, 2, "leadId")).toEqual({ sheet: "线索", address: "AB2" });
});
