/**
 * readState answers "is this sheet protected?" on first use only (so commands that never ask do not
 * inflate every big sheet): the answer must still be the sheet as it was when the state was read,
 * whether it is asked before or after later edits, and an edit pending at read time is part of it.
 */
import { FastXlsxPort } from "../../src/workbook/xlsx/package/fastPort";
import type { Change } from "../../src/domain/plan/changes";

const OPTIONS = { allowInsertRows: true, allowSort: true, allowAutoFilter: true, allowFormatColumns: false };
const protectA: Change = { op: "protectSheet", sheet: "A", options: OPTIONS, unlockedAddresses: [] };

async function book(): Promise<Uint8Array> {
  const port = FastXlsxPort.create();
  await port.apply([
    { op: "ensureSheet", sheet: "A" },
    { op: "ensureSheet", sheet: "B" },
    { op: "writeCells", sheet: "A", topLeft: "A1", cells: [["x"]] },
  ]);
  return port.save();
}

const prot = (s: { sheets: { name: string; protected: boolean }[] }, name: string) =>
  s.sheets.find((x) => x.name === name)?.protected;

test("a state read before a sheet is protected still says unprotected when asked after", async () => {
  const port = new FastXlsxPort(await book());
  const before = await port.readState();
  await port.apply([protectA]);
  port.save(); // the edit is spliced into the sheet
  const after = await port.readState();
  expect(prot(before, "A")).toBe(false);
  expect(prot(after, "A")).toBe(true);
  expect(prot(after, "B")).toBe(false);
});

test("a state read after protection, on a reopened file, says protected; unprotecting answers for each state", async () => {
  const port = FastXlsxPort.create();
  await port.apply([{ op: "ensureSheet", sheet: "A" }, protectA]);
  const pending = await port.readState(); // the protection is still a pending edit here
  const reopened = new FastXlsxPort(port.save());
  const first = await reopened.readState();
  await reopened.apply([{ op: "unprotectSheet", sheet: "A" }]);
  const second = await reopened.readState();
  expect(prot(pending, "A")).toBe(true);
  expect(prot(second, "A")).toBe(false);
  expect(prot(first, "A")).toBe(true);
  expect(first.sheets.map((s) => ({ ...s }))).toEqual([{ name: "A", visible: true, protected: true }]);
});
