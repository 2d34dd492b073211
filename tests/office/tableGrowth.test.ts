import { describeError } from "../../src/service/errorMessages";
import { WorkbookError } from "../../src/workbook/port";
import { failure, officeOnFake } from "../support/officeFake";

/**
 * Issue 11 item 9. Evidence: Microsoft's "application-specific API error handling"
 * table (office-js-docs-pr, docs/testing/application-specific-api-error-handling.md):
 * "OperationCellsExceedLimit — The attempted operation affects more than the limit of
 * 33554000 cells. If the TableColumnCollection.add API triggers this error, confirm that
 * there is no unintentional data within the worksheet but outside of the table. In
 * particular, check for data in the right-most columns of the worksheet … This error
 * only occurs in Excel on the web." The strict fake raises it when the cells a column
 * insertion shifts exceed the limit.
 */
async function bigTable() {
  const env = officeOnFake();
  const rows = Array.from({ length: 2_200 }, (_, i) => [`L${i}`, i]);
  await env.wb.apply([
    { op: "createTable", sheet: "Sheet1", table: "Leads", topLeft: "A1", headers: ["ID", "Budget"] },
    { op: "appendRows", table: "Leads", rows },
  ]);
  return env;
}

describe("adding a table column on Excel on the web", () => {
  test("with data in the far-right columns: a clear message that says what to move, in both languages", async () => {
    const { host, wb } = await bigTable();
    // A stray note in column XEZ, on a row of the table.
    host.state.mustSheet("Sheet1").ensureCell(100, 16_379).value = "old note";
    const e = (await failure(wb.apply([{ op: "addColumns", table: "Leads", headers: ["Owner"] }]))) as WorkbookError;
    expect(e).toBeInstanceOf(WorkbookError);
    expect(e.code).toBe("table-growth");
    expect(e.message).toContain("Leads");
    expect(e.message).toContain("Move the data to the right of the table");
    expect(e.message).toContain("表格右侧的数据");
    expect(e.detail).toContain("OperationCellsExceedLimit");
    for (const locale of ["en-US", "zh-CN"] as const) {
      const plain = describeError(e, locale);
      expect(plain.message).toMatch(locale === "en-US" ? /right of the table/ : /表格右侧/);
    }
    expect(host.state.tableHeaders("Leads")).toEqual(["ID", "Budget"]);
  });

  test("without data right of the table the column is added", async () => {
    const { host, wb } = await bigTable();
    await wb.apply([{ op: "addColumns", table: "Leads", headers: ["Owner"] }]);
    expect(host.state.tableHeaders("Leads")).toEqual(["ID", "Budget", "Owner"]);
  });
});
