import { toWorkbookError } from "../../src/workbook/office/errors";
import { WorkbookError } from "../../src/workbook/port";
import { officeError } from "../fakes/excel";
import { failure, officeOnFake } from "../support/officeFake";

describe("Office errors become WorkbookErrors", () => {
  test.each([
    ["AccessDenied", "protected"],
    ["ItemNotFound", "table-missing"],
    ["RequestPayloadSizeLimitExceeded", "too-large"],
    ["ResponsePayloadSizeLimitExceeded", "too-large"],
    ["RangeExceedsLimit", "too-large"],
    ["RequestAborted", "closed"],
    ["InactiveWorkbook", "closed"],
    ["InvalidOperationInCellEditMode", "locked"],
    ["GeneralException", "sync-failed"],
  ])("%s -> %s, in both languages, with the Office code kept as detail", (code, expected) => {
    const e = toWorkbookError(officeError(code, "Range.values"), {
      operation: "apply",
      sheets: ["线索信息"],
      unfinished: ["线索信息", "配置"],
    });
    expect(e).toBeInstanceOf(WorkbookError);
    expect(e.code).toBe(expected);
    expect(e.message).toMatch(/[\u4e00-\u9fff]/);
    expect(e.message).toMatch(/。 \/ [A-Z]/);
    expect(e.message).toContain("线索信息, 配置");
    expect(e.detail).toContain(code);
  });

  test("InvalidOperation on a protected sheet is 'protected'; other InvalidOperations are not", () => {
    expect(
      toWorkbookError(officeError("InvalidOperation", "x", "The sheet is protected."), { operation: "apply" }).code,
    ).toBe("protected");
    expect(toWorkbookError(officeError("InvalidOperation", "x"), { operation: "apply" }).code).toBe("sync-failed");
  });

  test("a sync rejected midway names the sheets not fully written; a bug is not disguised", async () => {
    const { host, wb } = officeOnFake();
    host.faults = { rejectSync: { at: 2 } }; // preflight passes (no tables to measure), the write request fails
    const err = (await failure(
      wb.apply([
        { op: "ensureSheet", sheet: "甲" },
        { op: "writeCells", sheet: "甲", topLeft: "A1", cells: [["x"]] },
        { op: "ensureSheet", sheet: "乙" },
        { op: "writeCells", sheet: "乙", topLeft: "A1", cells: [["y"]] },
      ]),
    )) as WorkbookError;
    expect(err.code).toBe("sync-failed");
    expect(err.message).toContain("甲, 乙");
    expect(host.state.sheet("甲")).toBeUndefined();
    expect(host.state.eventsEnabled).toBe(true);

    const bad = await failure(
      wb.apply([{ op: "writeTableColumn", table: "Nope", column: "A", rowIndexes: [0], cells: [1] }]),
    );
    expect((bad as WorkbookError).code).toBe("table-missing");
    const bug = await failure(
      wb.apply([{ op: "writeCells", sheet: "Sheet1", topLeft: "not an address", cells: [["x"]] }]),
    );
    expect(bug).not.toBeInstanceOf(WorkbookError);
  });
});
