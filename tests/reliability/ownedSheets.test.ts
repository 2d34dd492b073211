/**
 * LeadFlow writes only into sheets it created (issue 13 items 2 and 3).
 * A user's own sheet that happens to have a review sheet's name — "Funnel",
 * or "funnel" (Excel compares sheet names without regard to case, so a
 * workbook may not hold both) — is never written: the review goes on a free
 * name ("Funnel (2)") with a notice, and later refreshes find it again by its
 * review table. Checked on the file path (full reader and fast path, at the
 * XML level) and on the Office adapter (fake Excel host).
 *
 * Sheet names are unique without regard to case: "sheets with names Sheet1
 * and sheet1 cannot reside within the same workbook"
 * (https://docs.telerik.com/devtools/document-processing/libraries/radspreadprocessing/working-with-worksheets/rename-worksheet;
 * the same rule in qax-os/excelize issue 1856: "The sheet name is not
 * case-sensitive"). The fake Excel host already looks sheets up that way
 * (tests/fakes/excel/state.ts, sheet()).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { refresh, type RefreshResult } from "../../src/operations/refresh";
import { install } from "../../src/operations/install";
import { chooseReviewSheets, PROPERTY_OWNED_SHEETS, ownedSheetNames } from "../../src/domain/plan/sheets";
import { reviewSheetTables } from "../../src/domain/plan/reviewSheets";
import type { Change } from "../../src/domain/plan/changes";
import type { WorkbookPort } from "../../src/workbook/port";
import { XlsxWorkbook } from "../support/exceljs";
import { FastXlsxPort } from "../../src/workbook/xlsx/package/fastPort";
import { officeOnFake } from "../support/officeFake";
import { allCells, buildBook, minimalLead, record, unzipText, type XmlCell } from "../support/xlsxXml";

const NOW = new Date(2024, 5, 3, 10, 0, 0);

/** 18 rows × 10 columns of a user's own figures: 180 cells. */
const USER_CELLS = Array.from({ length: 18 }, (_, r) =>
  Array.from({ length: 10 }, (_, c) => (r === 0 ? `My column ${c + 1}` : r * 100 + c)),
);

async function withUserSheet(name: string): Promise<Uint8Array> {
  const base = await buildBook({ Leads: [minimalLead("L-1", "Acme")] }, "en-US");
  const wb = await XlsxWorkbook.fromBytes(base);
  await wb.apply([
    { op: "ensureSheet", sheet: name },
    { op: "writeCells", sheet: name, topLeft: "A1", cells: USER_CELLS },
  ]);
  return wb.toBytes();
}

const cellText = (cells: XmlCell[]) =>
  cells
    .map((c) => `${c.ref}=${c.value ?? ""}${c.formula !== null ? `|=${c.formula}` : ""}`)
    .sort()
    .join(";");

type Path = "full reader" | "fast path";

async function refreshFile(bytes: Uint8Array, path: Path): Promise<{ out: Uint8Array; result: RefreshResult }> {
  if (path === "fast path") {
    const port = new FastXlsxPort(bytes);
    const result = await refresh(port, { period: { kind: "all" }, now: NOW, updateCachedResults: true });
    return { out: port.save(), result };
  }
  const wb = await XlsxWorkbook.fromBytes(bytes);
  const result = await refresh(wb, { period: { kind: "all" }, now: NOW, updateCachedResults: true });
  return { out: await wb.toBytes(), result };
}

async function properties(bytes: Uint8Array): Promise<Record<string, string>> {
  return (await (await XlsxWorkbook.fromBytes(bytes)).readState()).properties;
}

async function tableSheet(bytes: Uint8Array, table: string): Promise<string | undefined> {
  return (await (await XlsxWorkbook.fromBytes(bytes)).readState()).tables.find((t) => t.name === table)?.sheet;
}

describe.each(["full reader", "fast path"] as const)("file, %s", (path) => {
  test.each(["Funnel", "funnel"])(
    "a user's sheet %s is never written; the funnel review goes on a free name, with a notice",
    async (userName) => {
      const before = await withUserSheet(userName);
      const userBefore = cellText(allCells(before).get(userName)!);
      const { out, result } = await refreshFile(before, path);
      const sheets = [...allCells(out).keys()];
      const userAfter = allCells(out).get(userName);
      const unchanged = userAfter !== undefined && cellText(userAfter) === userBefore;
      const unique = new Set(sheets.map((s) => s.toUpperCase())).size === sheets.length;
      const funnelSheet = await tableSheet(out, "ReviewFunnel");
      const noticed = result.report.sheetNotices.some((n) => /Funnel \(2\)/.test(n.en) && /Funnel \(2\)/.test(n.zh));
      // A second refresh finds its review sheet again by the review table, and still leaves the user's alone.
      const again = await refreshFile(out, path);
      const userAgain = allCells(again.out).get(userName);
      const stable =
        userAgain !== undefined &&
        cellText(userAgain) === userBefore &&
        (await tableSheet(again.out, "ReviewFunnel")) === "Funnel (2)" &&
        !allCells(again.out).has("Funnel (3)") &&
        again.result.report.sheetNotices.length === 0;
      const ok = unchanged && unique && funnelSheet === "Funnel (2)" && noticed && stable;
      record({
        kind: "bad-input",
        name: `owned safety: refresh (${path}) with a user sheet "${userName}"`,
        tried: 1,
        handled: ok ? 1 : 0,
        note: `user cells unchanged ${unchanged}, names unique ${unique}, funnel on "${funnelSheet}", sheets ${sheets.join("|")}`,
      });
      expect(unique).toBe(true);
      expect(unchanged).toBe(true);
      expect(funnelSheet).toBe("Funnel (2)");
      expect(noticed).toBe(true);
      expect(stable).toBe(true);
      // The other reviews have their own names.
      expect(await tableSheet(out, "ReviewChannels")).toBe("Channel review");
      // The record of owned sheets lists the review sheets refresh created, not the user's.
      const owned = ownedSheetNames(await properties(out));
      expect(owned).toEqual(expect.arrayContaining(["Funnel (2)", "Channel review", "Leads"]));
      expect(owned).not.toContain(userName);
    },
    60_000,
  );

  test("control: review sheets LeadFlow created keep being refreshed in place", async () => {
    const first = await refreshFile(await buildBook({ Leads: [minimalLead("L-1", "Acme")] }, "en-US"), path);
    const second = await refreshFile(first.out, path);
    expect(await tableSheet(second.out, "ReviewFunnel")).toBe("Funnel");
    expect([...allCells(second.out).keys()].filter((s) => /^Funnel/.test(s))).toEqual(["Funnel"]);
    expect(second.result.report.sheetNotices).toEqual([]);
  }, 60_000);
});

describe("the planner", () => {
  const TABLES = reviewSheetTables();
  test("an owned sheet by record is reused; an unrecorded one of the same name (any case) is not", () => {
    const sheets = [{ name: "FUNNEL", visible: true, protected: false }];
    const mine = chooseReviewSheets(
      { sheets, tables: [], properties: { [PROPERTY_OWNED_SHEETS]: "Leads/Funnel" } },
      "en-US",
      TABLES,
    );
    expect(mine.names.reviewFunnel).toBe("FUNNEL");
    expect(mine.notices).toEqual([]);
    const theirs = chooseReviewSheets({ sheets, tables: [], properties: {} }, "en-US", TABLES);
    expect(theirs.names.reviewFunnel).toBe("Funnel (2)");
    expect(theirs.notices).toHaveLength(1);
    expect(theirs.changes).toEqual([
      expect.objectContaining({
        op: "setProperty",
        key: PROPERTY_OWNED_SHEETS,
        value: expect.stringContaining("Funnel (2)"),
      }),
    ]);
  });
  test("an older workbook without the record: the sheet carrying the review table is ours", () => {
    const choice = chooseReviewSheets(
      {
        sheets: [{ name: "My funnel", visible: true, protected: false }],
        tables: [{ name: "ReviewFunnel", sheet: "My funnel", address: "A6:H12", headers: [], rowCount: 6 }],
        properties: {},
      },
      "en-US",
      TABLES,
    );
    expect(choice.names.reviewFunnel).toBe("My funnel");
  });
});

describe.each(["full reader", "fast path"] as const)("file adapter, %s: sheet names compare without case", (path) => {
  test("ensureSheet and writes name an existing sheet in another case: no second sheet", async () => {
    const bytes = await withUserSheet("Notes");
    const changes: Change[] = [
      { op: "ensureSheet", sheet: "NOTES" },
      { op: "writeCells", sheet: "notes", topLeft: "L1", cells: [["added"]] },
    ];
    let out: Uint8Array;
    if (path === "fast path") {
      const port = new FastXlsxPort(bytes);
      await port.apply(changes);
      out = port.save();
    } else {
      const wb = await XlsxWorkbook.fromBytes(bytes);
      await wb.apply(changes);
      out = await wb.toBytes();
    }
    const sheets = [...allCells(out).keys()];
    expect(sheets.filter((s) => s.toUpperCase() === "NOTES")).toEqual(["Notes"]);
    expect(
      allCells(out)
        .get("Notes")!
        .find((c) => c.ref === "L1")?.value,
    ).toBe("added");
  }, 60_000);
});

describe("Office adapter (fake Excel host)", () => {
  test.each(["Funnel", "funnel"])(
    "a user's sheet %s is never written by refresh",
    async (userName) => {
      const env = officeOnFake({ excelApi: "1.9" });
      await install(env.wb, { locale: "en-US", now: NOW, sample: { count: 20, seed: 3 } });
      const user = env.host.state.addSheet(userName);
      USER_CELLS.forEach((row, r) => row.forEach((v, c) => (user.ensureCell(r, c).value = v)));
      const snapshot = () => USER_CELLS.map((row, r) => row.map((_, c) => user.cell(r, c)?.value ?? null));
      const before = JSON.stringify(snapshot());
      const result = await refresh(env.wb as WorkbookPort, { period: { kind: "all" }, now: NOW });
      const names = env.host.state.sheets.map((s) => s.name);
      const unique = new Set(names.map((n) => n.toUpperCase())).size === names.length;
      const unchanged = JSON.stringify(snapshot()) === before && user.charts.length === 0;
      const funnel = env.host.state.table("ReviewFunnel");
      const funnelSheet = funnel ? env.host.state.sheetById(funnel.sheetId).name : undefined;
      const ok = unique && unchanged && funnelSheet === "Funnel (2)" && result.report.sheetNotices.length === 1;
      record({
        kind: "bad-input",
        name: `owned safety: refresh (Office) with a user sheet "${userName}"`,
        tried: 1,
        handled: ok ? 1 : 0,
        note: `sheets ${names.join("|")}`,
      });
      expect(unique).toBe(true);
      expect(unchanged).toBe(true);
      expect(funnelSheet).toBe("Funnel (2)");
      expect(result.report.sheetNotices).toHaveLength(1);
      // The funnel chart is drawn on the review's sheet.
      expect(env.host.state.mustSheet("Funnel (2)").charts.length).toBe(1);
    },
    60_000,
  );
});

describe("install beside a user's sheet whose name differs from ours only in case", () => {
  test('file: the user\'s sheet "leads" is left alone; the Leads table goes on a free name', async () => {
    const wb = XlsxWorkbook.create("book.xlsx");
    await wb.apply([
      { op: "ensureSheet", sheet: "leads" },
      { op: "writeCells", sheet: "leads", topLeft: "A1", cells: USER_CELLS },
    ]);
    const before = cellText(allCells(await wb.toBytes()).get("leads")!);
    const result = await install(wb, { locale: "en-US", now: NOW });
    const out = await wb.toBytes();
    const sheets = [...allCells(out).keys()];
    const unique = new Set(sheets.map((s) => s.toUpperCase())).size === sheets.length;
    const unchanged = cellText(allCells(out).get("leads")!) === before;
    const leadsSheet = await tableSheet(out, "Leads");
    record({
      kind: "bad-input",
      name: 'owned safety: install (file) with a user sheet "leads"',
      tried: 1,
      handled: unique && unchanged && leadsSheet === "Leads (2)" ? 1 : 0,
      note: `sheets ${sheets.join("|")}`,
    });
    expect(unique).toBe(true);
    expect(unchanged).toBe(true);
    expect(leadsSheet).toBe("Leads (2)");
    expect(result.warnings.some((w) => /Leads \(2\)/.test(w.en) && /Leads \(2\)/.test(w.zh))).toBe(true);
    expect(ownedSheetNames(await properties(out))).toEqual(expect.arrayContaining(["Leads (2)", "Settings"]));
    expect(ownedSheetNames(await properties(out))).not.toContain("leads");
  }, 60_000);

  test('Office: the user\'s sheet "leads" is left alone', async () => {
    const env = officeOnFake({ excelApi: "1.9" });
    const user = env.host.state.addSheet("leads");
    USER_CELLS.forEach((row, r) => row.forEach((v, c) => (user.ensureCell(r, c).value = v)));
    const snapshot = () =>
      JSON.stringify(USER_CELLS.map((row, r) => row.map((_, c) => user.cell(r, c)?.value ?? null)));
    const before = snapshot();
    await install(env.wb, { locale: "en-US", now: NOW });
    const names = env.host.state.sheets.map((s) => s.name);
    const leads = env.host.state.table("Leads");
    const leadsSheet = leads ? env.host.state.sheetById(leads.sheetId).name : undefined;
    const ok = snapshot() === before && leadsSheet === "Leads (2)";
    record({
      kind: "bad-input",
      name: 'owned safety: install (Office) with a user sheet "leads"',
      tried: 1,
      handled: ok ? 1 : 0,
      note: `sheets ${names.join("|")}`,
    });
    expect(snapshot()).toBe(before);
    expect(leadsSheet).toBe("Leads (2)");
  }, 60_000);
});

test("fast path on a workbook without custom properties: the record goes into a new docProps/custom.xml", async () => {
  const fixture = new Uint8Array(
    readFileSync(join(__dirname, "..", "fixtures", "existing-with-chart-pivot-image.xlsx")),
  );
  expect(unzipText(fixture)["docProps/custom.xml"]).toBeUndefined();
  const { out } = await refreshFile(fixture, "fast path");
  const files = unzipText(out);
  expect(files["[Content_Types].xml"]).toContain('PartName="/docProps/custom.xml"');
  expect(files["_rels/.rels"]).toContain('Target="docProps/custom.xml"');
  // Both readers see the record.
  expect(ownedSheetNames(await properties(out))).toEqual(expect.arrayContaining(["阶段漏斗"]));
  const fast = await new FastXlsxPort(out).readState();
  expect(ownedSheetNames(fast.properties)).toEqual(expect.arrayContaining(["阶段漏斗"]));
}, 60_000);
