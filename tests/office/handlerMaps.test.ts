import { applyChange, type Change, type ChangeHandlers, type ChangeOp } from "../../src/domain/plan/changes";
import { FastXlsxPort, UnsupportedPackage } from "../../src/workbook/xlsx/package/fastPort";
import { officeOnFake } from "../support/officeFake";

/**
 * Every adapter applies the plan through a handler map typed over every op of
 * `Change` (`ChangeHandlers`): an op added to the plan does not compile until each
 * adapter handles it, and an op unknown at run time raises instead of being skipped.
 */

const noop = (): void => undefined;

/** A map with every op: compiles. */
const complete: ChangeHandlers<void> = {
  ensureSheet: noop,
  createTable: noop,
  addColumns: noop,
  writeCells: noop,
  appendRows: noop,
  writeTableColumn: noop,
  replaceTable: noop,
  clearRange: noop,
  setValidation: noop,
  setConditionalFormats: noop,
  setNumberFormat: noop,
  setColumnWidths: noop,
  setFont: noop,
  freezePanes: noop,
  groupColumns: noop,
  setDefinedName: noop,
  protectSheet: noop,
  unprotectSheet: noop,
  setProperty: noop,
  reviewCharts: noop,
  pivotTable: noop,
};

// Compile time (`tsc --noEmit` checks this file): a map missing one op is an error, as an
// adapter's map is when an op is added to `Change` and the adapter does not handle it.
// @ts-expect-error -- the "reviewCharts" handler is missing
const missingOne: ChangeHandlers<void> = {
  ensureSheet: noop,
  createTable: noop,
  addColumns: noop,
  writeCells: noop,
  appendRows: noop,
  writeTableColumn: noop,
  replaceTable: noop,
  clearRange: noop,
  setValidation: noop,
  setConditionalFormats: noop,
  setNumberFormat: noop,
  setColumnWidths: noop,
  setFont: noop,
  freezePanes: noop,
  groupColumns: noop,
  setDefinedName: noop,
  protectSheet: noop,
  unprotectSheet: noop,
  setProperty: noop,
};
void missingOne;

// A handler gets its own op's change, not the whole union.
const typed: ChangeHandlers<string> = {
  ...Object.fromEntries(Object.keys(complete).map((op) => [op, () => op])),
  // @ts-expect-error -- a setProperty change has no `sheet`
  setProperty: (c) => c.sheet,
} as ChangeHandlers<string>;
void typed;

/** A change whose op no adapter knows (a plan from a newer version, or data that is not a plan). */
const unknownChange = { op: "drawPicture", sheet: "Sheet1", address: "A1" } as unknown as Change;

describe("handler maps over every Change op", () => {
  test("applyChange calls the handler of the change's op, and raises on an op no handler knows", () => {
    const seen: ChangeOp[] = [];
    const handlers = Object.fromEntries(
      Object.keys(complete).map((op) => [op, () => void seen.push(op as ChangeOp)]),
    ) as unknown as ChangeHandlers<void>;
    applyChange(handlers, { op: "setProperty", key: "k", value: "v" });
    expect(seen).toEqual(["setProperty"]);
    expect(() => applyChange(handlers, unknownChange)).toThrow('Unknown change op "drawPicture"');
    // Names every object has are not handlers either.
    expect(() => applyChange(handlers, { op: "toString" } as unknown as Change)).toThrow(/Unknown change op/);
  });

  test("the Office adapter raises on an unknown op instead of ignoring it, before writing anything", async () => {
    const { host, wb } = officeOnFake();
    await expect(wb.apply([{ op: "setProperty", key: "k", value: "v" }, unknownChange])).rejects.toThrow(
      'Unknown change op "drawPicture"',
    );
    expect(host.state.customProperties.has("k")).toBe(false);
  });

  test("the xlsx adapter raises on an unknown op (UnsupportedPackage), before writing anything", async () => {
    const port = FastXlsxPort.create();
    const e = await port.apply([{ op: "ensureSheet", sheet: "Leads" }, unknownChange]).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UnsupportedPackage);
    expect(String((e as Error).message)).toContain("drawPicture");
    expect((await port.readState()).sheets).toEqual([]);
  });
});
