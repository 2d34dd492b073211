import fc from "fast-check";
import { cellColumn1, columnIndex1, columnLetters1, parseCell, parseRange, sheetOfAddress } from "../../src/domain/a1";
import { cellA1From0, parseCell0, parseRect0 } from "../../src/workbook/office/a1";

describe("A1 columns are 1-based", () => {
  test.each([
    [1, "A"],
    [26, "Z"],
    [27, "AA"],
    [52, "AZ"],
    [702, "ZZ"],
    [703, "AAA"],
    [16384, "XFD"],
  ])("%i ↔ %s", (n, s) => {
    expect(columnLetters1(n)).toBe(s);
    expect(columnIndex1(s)).toBe(n);
    expect(columnIndex1(s.toLowerCase())).toBe(n);
    expect(cellColumn1(`${s}12`)).toBe(n);
  });

  test("every sheet column round-trips, and letters grow in sheet order", () => {
    let previous = "";
    for (let n = 1; n <= 16384; n++) {
      const s = columnLetters1(n);
      expect(columnIndex1(s)).toBe(n);
      expect(s.length > previous.length || (s.length === previous.length && s > previous)).toBe(true);
      previous = s;
    }
  });

  test("letters → column → letters for any letter string", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Z]{1,3}$/), (s) => {
        expect(columnLetters1(columnIndex1(s))).toBe(s);
      }),
    );
  });

  test("cell and range parsing keep 1-based rows", () => {
    expect(parseCell("$b$12")).toEqual({ column: "B", row: 12 });
    expect(parseRange("A1:AE501")).toEqual({ first: { column: "A", row: 1 }, last: { column: "AE", row: 501 } });
  });

  test("the Office adapter's 0-based rectangles agree with the 1-based letters", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 16384 }), fc.integer({ min: 1, max: 1_048_576 }), (col1, row1) => {
        const a1 = `${columnLetters1(col1)}${row1}`;
        expect(parseCell0(a1)).toEqual({ row: row1 - 1, col: col1 - 1 });
        expect(cellA1From0(row1 - 1, col1 - 1)).toBe(a1);
      }),
    );
    expect(parseRect0("B:D")).toMatchObject({ col: 1, cols: 3 });
  });
});

describe("sheetOfAddress", () => {
  test("the sheet of an address, quotes removed and doubled quotes undone; none without a sheet", () => {
    expect(sheetOfAddress("Leads!B3")).toBe("Leads");
    expect(sheetOfAddress("'线索 信息'!A1:C9")).toBe("线索 信息");
    expect(sheetOfAddress("'Tom''s leads'!A1")).toBe("Tom's leads");
    expect(sheetOfAddress("B3")).toBe("");
  });
});
