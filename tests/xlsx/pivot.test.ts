/**
 * The Leads PivotTable in the .xlsx file (issue 14 item 7). Refresh writes a pivot cache
 * definition over the Leads table and a pivotTable part, in the shape of ECMA-376 Part 1
 * §18.10 (pivotCacheDefinition with <cacheSource type="worksheet"><worksheetSource name=…>,
 * saveData="0" without records, refreshOnLoad="1"; pivotTableDefinition with location,
 * pivotFields, rowFields, colFields, dataFields subtotal="count"), related sheet → pivotTable →
 * cache definition, workbook → cache definition with <pivotCaches>, and content types. Excel
 * builds the report when the file opens; LibreOffice, an independent reader, shows the data
 * pilot table and its counts. Once there, our PivotTable is refreshed only: its parts keep their
 * bytes (a manager's layout with them), but for refreshOnLoad set on its cache.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PIVOT_NAME, planPivot } from "../../src/domain/plan/pivot";
import { tableDefs } from "../../src/domain/fields/definitions";
import { refresh } from "../../src/operations/refresh";
import { FastXlsxPort } from "../../src/workbook/xlsx/package/fastPort";
import { XlsxPackage } from "../../src/workbook/xlsx/package/package";
import { convertWithLibreOffice, recalculate } from "../support/libreoffice";
import { buildWorkbook } from "../support/refreshBooks";
import { tableParts } from "../support/xlsxFiles";
import { tempDir, unzipBytes, unzipText } from "../support/xlsxXml";
import { ROWS } from "../refresh/cases";

const NOW = new Date(Date.UTC(2024, 5, 1, 9));
const PIVOT_PART = "xl/pivotTables/pivotTable1.xml";
const CACHE_PART = "xl/pivotCache/pivotCacheDefinition1.xml";

async function refreshed(bytes: Uint8Array) {
  const port = new FastXlsxPort(bytes);
  const result = await refresh(port, { period: { kind: "all" }, now: NOW });
  return { bytes: port.save(), report: result.report };
}

function attr(tag: string, name: string): string | undefined {
  return new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
}

function rels(files: Record<string, string>, part: string): { id: string; type: string; target: string }[] {
  const slash = part.lastIndexOf("/");
  const xml = files[`${part.slice(0, slash)}/_rels/${part.slice(slash + 1)}.rels`] ?? "";
  return [...xml.matchAll(/<Relationship\b[^>]*>/g)].map((m) => ({
    id: attr(m[0], "Id")!,
    type: attr(m[0], "Type")!.replace(/^.*\//, ""),
    target: attr(m[0], "Target")!,
  }));
}

/** The worksheet part of a sheet, by name. */
function sheetPart(files: Record<string, string>, name: string): string | undefined {
  const tag = [...files["xl/workbook.xml"]!.matchAll(/<sheet\b[^>]*>/g)].find((m) => attr(m[0], "name") === name);
  if (!tag) return undefined;
  const rel = rels(files, "xl/workbook.xml").find((r) => r.id === attr(tag[0], "r:id"))!;
  return `xl/${rel.target}`;
}

let installed: Uint8Array;
let once: { bytes: Uint8Array; report: Awaited<ReturnType<typeof refreshed>>["report"] };

beforeAll(async () => {
  installed = await buildWorkbook(ROWS);
  once = await refreshed(installed);
});

describe("the Leads PivotTable in the file", () => {
  test("Refresh writes the cache definition and the PivotTable, wired as ECMA-376 §18.10 wants", () => {
    expect(once.report.pivot).toEqual({ name: PIVOT_NAME, sheet: "透视", status: "created" });
    const files = unzipText(once.bytes);
    const leads = tableParts(once.bytes).find((t) => t.name === "Leads")!;

    // workbook → cache definition, listed in <pivotCaches> (after <calcPr>, schema order)
    const wb = files["xl/workbook.xml"]!;
    const caches = [...wb.matchAll(/<pivotCache\b[^>]*>/g)].map((m) => m[0]);
    expect(caches).toHaveLength(1);
    expect(attr(caches[0]!, "cacheId")).toBe("1");
    expect(rels(files, "xl/workbook.xml").find((r) => r.id === attr(caches[0]!, "r:id"))).toMatchObject({
      type: "pivotCacheDefinition",
      target: "pivotCache/pivotCacheDefinition1.xml",
    });
    expect(wb.indexOf("<pivotCaches>")).toBeGreaterThan(wb.indexOf("</sheets>"));
    if (wb.includes("<calcPr")) expect(wb.indexOf("<pivotCaches>")).toBeGreaterThan(wb.indexOf("<calcPr"));

    // the cache: the Leads table by name, every column a cache field, no records, built on open
    const cache = files[CACHE_PART]!;
    const root = /<pivotCacheDefinition\b[^>]*>/.exec(cache)![0];
    expect(attr(root, "refreshOnLoad")).toBe("1");
    expect(attr(root, "saveData")).toBe("0");
    expect(root).not.toMatch(/r:id=/);
    expect(cache).toContain('<cacheSource type="worksheet"><worksheetSource name="Leads"/></cacheSource>');
    const fields = [...cache.matchAll(/<cacheField\b[^>]*>/g)].map((m) => attr(m[0], "name"));
    expect(fields).toEqual(leads.columns);
    expect(attr(/<cacheFields\b[^>]*>/.exec(cache)![0], "count")).toBe(String(leads.columns.length));

    // the 透视 sheet → the PivotTable → the cache
    const sheet = sheetPart(files, "透视")!;
    expect(rels(files, sheet)).toEqual([
      { id: expect.any(String), type: "pivotTable", target: "../pivotTables/pivotTable1.xml" },
    ]);
    expect(rels(files, PIVOT_PART)).toEqual([
      { id: expect.any(String), type: "pivotCacheDefinition", target: "../pivotCache/pivotCacheDefinition1.xml" },
    ]);

    // the layout: source on rows, status on columns, count of lead IDs as 线索数
    const pt = files[PIVOT_PART]!;
    const def = /<pivotTableDefinition\b[^>]*>/.exec(pt)![0];
    expect(attr(def, "name")).toBe(PIVOT_NAME);
    expect(attr(def, "cacheId")).toBe("1");
    expect(pt).toContain('<location ref="A3:B5" firstHeaderRow="1" firstDataRow="2" firstDataCol="1"/>');
    const pivotFields = [...pt.matchAll(/<pivotField\b[^>]*>/g)].map((m) => m[0]);
    expect(pivotFields).toHaveLength(leads.columns.length);
    const at = (h: string) => leads.columns.indexOf(h);
    expect(pt).toContain(`<rowFields count="1"><field x="${at("线索来源")}"/></rowFields>`);
    expect(pt).toContain(`<colFields count="1"><field x="${at("线索状态")}"/></colFields>`);
    expect(pt).toContain(
      `<dataFields count="1"><dataField name="线索数" fld="${at("线索编号")}" subtotal="count" baseField="0" baseItem="0"/></dataFields>`,
    );
    expect(attr(pivotFields[at("线索来源")]!, "axis")).toBe("axisRow");
    expect(attr(pivotFields[at("线索状态")]!, "axis")).toBe("axisCol");
    expect(attr(pivotFields[at("线索编号")]!, "dataField")).toBe("1");
    expect(pivotFields.filter((f) => /axis=/.test(f))).toHaveLength(2);

    // content types of both new parts
    const ct = files["[Content_Types].xml"]!;
    expect(ct).toContain(
      `<Override PartName="/${CACHE_PART}" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.pivotCacheDefinition+xml"/>`,
    );
    expect(ct).toContain(
      `<Override PartName="/${PIVOT_PART}" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.pivotTable+xml"/>`,
    );
  });

  test("making it adds its parts and nothing else: every other part keeps its bytes", async () => {
    const port = new FastXlsxPort(installed);
    const state = await port.readState();
    expect(state.sheets.some((s) => s.name === "透视")).toBe(false);
    const leads = (await port.readTables(["Leads"])).get("Leads")!;
    const change = planPivot(leads.table, tableDefs(1).Leads, "zh-CN")!; // Leads' fields do not depend on the stages
    const outcome = await port.apply([change]);
    expect(outcome).toEqual({ pivot: { name: PIVOT_NAME, sheet: "透视", status: "created" } });
    const before = unzipBytes(installed);
    const after = unzipBytes(port.save());
    const text = (b: Uint8Array) => new TextDecoder().decode(b);

    const added = Object.keys(after).filter((k) => !(k in before));
    const sheet = sheetPart(unzipText(port.save()), "透视")!;
    const sheetRels = sheet.replace(/([^/]+)$/, "_rels/$1.rels");
    expect(added.sort()).toEqual(
      [sheet, sheetRels, PIVOT_PART, "xl/pivotTables/_rels/pivotTable1.xml.rels", CACHE_PART].sort(),
    );
    const edited = ["xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml"];
    for (const k of Object.keys(before))
      if (!edited.includes(k)) expect([k, Buffer.from(after[k]!).equals(Buffer.from(before[k]!))]).toEqual([k, true]);
    // The three shared parts: what was there is there, and the additions are exactly ours.
    const wbAfter = text(after["xl/workbook.xml"]!)
      .replace(/<sheet name="透视"[^>]*\/>/, "")
      .replace(/<pivotCaches>.*<\/pivotCaches>/, "");
    expect(wbAfter).toBe(text(before["xl/workbook.xml"]!));
    const relIds = (xml: string) => [...xml.matchAll(/<Relationship Id="([^"]+)"/g)].map((m) => m[1]!);
    const relsBefore = text(before["xl/_rels/workbook.xml.rels"]!);
    let relsAfter = text(after["xl/_rels/workbook.xml.rels"]!);
    const newIds = relIds(relsAfter).filter((id) => !relIds(relsBefore).includes(id));
    expect(newIds).toHaveLength(2); // the new sheet and the cache definition
    for (const id of newIds) relsAfter = relsAfter.replace(new RegExp(`<Relationship Id="${id}"[^>]*/>`), "");
    expect(relsAfter).toBe(relsBefore);
    const ctAfter = text(after["[Content_Types].xml"]!).replace(
      /<Override PartName="\/(xl\/worksheets\/[^"]+|xl\/pivotCache\/[^"]+|xl\/pivotTables\/[^"]+)"[^>]*\/>/g,
      (m, part: string) => (part in before ? m : ""),
    );
    expect(ctAfter).toBe(text(before["[Content_Types].xml"]!));
  });

  test("a second Refresh leaves the PivotTable's parts byte for byte, and makes no second one", async () => {
    const twice = await refreshed(once.bytes);
    expect(twice.report.pivot).toEqual({ name: PIVOT_NAME, sheet: "透视", status: "refreshed" });
    const a = unzipBytes(once.bytes);
    const b = unzipBytes(twice.bytes);
    const sheet = sheetPart(unzipText(once.bytes), "透视")!;
    for (const part of [
      PIVOT_PART,
      CACHE_PART,
      "xl/pivotTables/_rels/pivotTable1.xml.rels",
      sheet,
      sheet.replace(/([^/]+)$/, "_rels/$1.rels"),
    ])
      expect([part, Buffer.from(b[part]!).equals(Buffer.from(a[part]!))]).toEqual([part, true]);
    expect(Object.keys(b).filter((k) => /pivot/i.test(k))).toEqual(Object.keys(a).filter((k) => /pivot/i.test(k)));
    expect(unzipText(twice.bytes)["xl/workbook.xml"]!.match(/<pivotCache\b/g)).toHaveLength(1);
  });

  test("a manager's own layout, on a sheet they renamed, survives Refresh: only refreshOnLoad is set", async () => {
    // As Excel saves a rearranged PivotTable: owner on rows, status as a page filter, the cache
    // without refreshOnLoad (a manager's choice in PivotTable options), the sheet renamed.
    const pkg = new XlsxPackage(once.bytes);
    const files = unzipText(once.bytes);
    const leads = tableParts(once.bytes).find((t) => t.name === "Leads")!;
    const owner = leads.columns.indexOf("负责人");
    const status = leads.columns.indexOf("线索状态");
    const mine = files[PIVOT_PART]!.replace(/<pivotFields[^]*<\/colItems>/, (all) =>
      all
        .replace(/ axis="axisRow"/, "")
        .replace(/ axis="axisCol"/, "")
        .replace(/<rowFields[^]*?<\/rowFields>/, `<rowFields count="1"><field x="${owner}"/></rowFields>`)
        .replace(/<colFields[^]*?<\/colFields>/, "")
        .replace(/<colItems[^]*?<\/colItems>/, `<colItems count="1"><i/></colItems>`),
    )
      .replace(
        new RegExp(`((?:<pivotField\\b[^>]*?(?:/>|>[^]*?</pivotField>)){${owner}})<pivotField`),
        '$1<pivotField axis="axisRow"',
      )
      .replace("<dataFields", `<pageFields count="1"><pageField fld="${status}" hier="-1"/></pageFields><dataFields`);
    expect(mine).not.toBe(files[PIVOT_PART]);
    expect(mine).toContain(`<rowFields count="1"><field x="${owner}"/></rowFields>`);
    expect(mine).not.toContain("<colFields");
    pkg.setText(PIVOT_PART, mine);
    pkg.setText(CACHE_PART, files[CACHE_PART]!.replace(' refreshOnLoad="1"', ""));
    pkg.setText("xl/workbook.xml", files["xl/workbook.xml"]!.replace('<sheet name="透视"', '<sheet name="我的分析"'));
    const edited = pkg.save();

    const after = await refreshed(edited);
    expect(after.report.pivot).toEqual({ name: PIVOT_NAME, sheet: "我的分析", status: "refreshed" });
    const a = unzipBytes(edited);
    const b = unzipBytes(after.bytes);
    expect(Buffer.from(b[PIVOT_PART]!).equals(Buffer.from(a[PIVOT_PART]!))).toBe(true);
    const cacheAfter = new TextDecoder().decode(b[CACHE_PART]!);
    expect(cacheAfter.replace(' refreshOnLoad="1"', "")).toBe(new TextDecoder().decode(a[CACHE_PART]!));
    expect(attr(/<pivotCacheDefinition\b[^>]*>/.exec(cacheAfter)![0], "refreshOnLoad")).toBe("1");
    const names = [...unzipText(after.bytes)["xl/workbook.xml"]!.matchAll(/<sheet name="([^"]*)"/g)].map((m) => m[1]);
    expect(names).toContain("我的分析");
    expect(names).not.toContain("透视");
    expect(Object.keys(b).filter((k) => /^xl\/pivot/.test(k))).toEqual(
      Object.keys(a).filter((k) => /^xl\/pivot/.test(k)),
    );
  });

  test("a sheet 透视 of the user's, without our PivotTable, is left alone", async () => {
    const port = new FastXlsxPort(installed);
    await port.apply([
      { op: "ensureSheet", sheet: "透视" },
      { op: "writeCells", sheet: "透视", topLeft: "A3", cells: [["我自己的笔记"]] },
    ]);
    const theirs = port.save();
    const after = await refreshed(theirs);
    expect(after.report.pivot).toMatchObject({ status: "sheet-taken", sheet: "透视" });
    expect(after.report.sheetNotices.some((n) => n.zh.includes("透视") && n.en.includes("PivotTable"))).toBe(true);
    const files = unzipText(after.bytes);
    expect(Object.keys(files).filter((k) => /pivot/i.test(k))).toEqual([]);
    const sheet = sheetPart(files, "透视")!;
    expect(files[sheet]).toBe(unzipText(theirs)[sheet]);
  });

  test("an English workbook: a Pivot sheet, over the English headers", async () => {
    const en = await refreshed(await buildWorkbook(ROWS, "en-US"));
    expect(en.report.pivot).toEqual({ name: PIVOT_NAME, sheet: "Pivot", status: "created" });
    const files = unzipText(en.bytes);
    const leads = tableParts(en.bytes).find((t) => t.name === "Leads")!;
    const pt = files[PIVOT_PART]!;
    expect(pt).toContain(`<rowFields count="1"><field x="${leads.columns.indexOf("Source")}"/></rowFields>`);
    expect(pt).toContain(`<colFields count="1"><field x="${leads.columns.indexOf("Status")}"/></colFields>`);
    expect(pt).toContain(`<dataField name="Lead count" fld="${leads.columns.indexOf("Lead ID")}" subtotal="count"`);
  });
});

describe("LibreOffice opens the file and finds the PivotTable", () => {
  const { dir, cleanup } = tempDir("leadflow-pivot-lo-");
  afterAll(cleanup);

  test("a data pilot table over the Leads table: source × status, count of lead IDs; the counts by hand", async () => {
    const file = join(dir, "refreshed.xlsx");
    writeFileSync(file, once.bytes);

    const ods = await convertWithLibreOffice(file, "ods");
    const content = unzipText(readFileSync(join(ods, "refreshed.ods")))["content.xml"]!;
    const table = /<table:data-pilot-table\b[^>]*>/.exec(content)![0];
    expect(attr(table, "table:name")).toBe(PIVOT_NAME);
    expect(attr(table, "table:target-range-address")).toMatch(/^透视\.A3:/);
    const leads = tableParts(once.bytes).find((t) => t.name === "Leads")!;
    expect(content).toContain(
      `<table:source-cell-range table:cell-range-address="线索信息.${leads.ref.replace(":", ":线索信息.")}"/>`,
    );
    const field = (name: string) =>
      new RegExp(`<table:data-pilot-field table:source-field-name="${name}"[^>]*>`).exec(content)?.[0] ?? "";
    expect(attr(field("线索来源"), "table:orientation")).toBe("row");
    expect(attr(field("线索状态"), "table:orientation")).toBe("column");
    const data = [...content.matchAll(/<table:data-pilot-field table:source-field-name="线索编号"[^>]*>/g)]
      .map((m) => m[0])
      .find((f) => attr(f, "table:orientation") === "data")!;
    expect(attr(data, "table:function")).toBe("count");
    expect(attr(data, "tableooo:display-name")).toBe("线索数");

    // The report LibreOffice builds from the table, as CSV of the 透视 sheet (one file per sheet).
    const csvDir = await convertWithLibreOffice(
      file,
      "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
    );
    const csvName = readdirSync(csvDir).find((n) => n.endsWith("-透视.csv"))!;
    const rows = readFileSync(join(csvDir, csvName), "utf8")
      .split(/\r?\n/)
      .filter((l) => l.replace(/,/g, "") !== "")
      .map((l) => l.split(","));
    const header = rows.find((r) => r[0] === "线索来源")!;
    const count = (source: string, status: string) => {
      const row = rows.find((r) => r[0] === source)!;
      return row[header.indexOf(status)];
    };
    // Hand count of tests/refresh/cases.ts: L1 官网注册 跟进中, L2 官网注册 无效, L3 展会推荐 已成交, L4 展会推荐 已流失.
    expect(count("官网注册", "跟进中")).toBe("1");
    expect(count("官网注册", "无效")).toBe("1");
    expect(count("官网注册", "已成交")).toBe("");
    expect(count("展会推荐", "已成交")).toBe("1");
    expect(count("展会推荐", "已流失")).toBe("1");
    const total = header[header.length - 1]!;
    expect(count("官网注册", total)).toBe("2");
    expect(count("展会推荐", total)).toBe("2");
    expect(rows.find((r) => r[0] === total)![header.length - 1]).toBe("4");
  });
});

test("a layout column the Leads table lacks: a notice, and nothing of the PivotTable is added", async () => {
  const port = new FastXlsxPort(installed);
  const outcome = await port.apply([
    {
      op: "pivotTable",
      name: PIVOT_NAME,
      sheet: "透视",
      topLeft: "A3",
      sourceTable: "Leads",
      rows: ["线索来源"],
      columns: ["没有这一列"],
      values: [{ column: "线索编号", caption: "线索数", summarizeBy: "count" }],
    },
  ]);
  expect(outcome).toMatchObject({ pivot: { status: "failed", notice: { en: expect.stringContaining("没有这一列") } } });
  const after = unzipBytes(port.save());
  expect(Object.keys(after).sort()).toEqual(Object.keys(unzipBytes(installed)).sort());
});

test("a file saved again by another program (LibreOffice) keeps our PivotTable: Refresh finds and refreshes it", async () => {
  const { dir, cleanup } = tempDir("leadflow-pivot-resaved-");
  try {
    const file = join(dir, "ours.xlsx");
    writeFileSync(file, once.bytes);
    const [resaved] = await recalculate([file]);
    const saved = readFileSync(resaved!);
    const savedParts = Object.keys(unzipText(saved)).filter((k) => /^xl\/pivot/.test(k));
    expect(savedParts.some((k) => /^xl\/pivotTables\/[^/]+\.xml$/.test(k))).toBe(true);

    const again = await refreshed(saved);
    expect(again.report.pivot).toEqual({ name: PIVOT_NAME, sheet: "透视", status: "refreshed" });
    const files = unzipText(again.bytes);
    expect(Object.keys(files).filter((k) => /^xl\/pivot/.test(k))).toEqual(savedParts);
    const caches = Object.keys(files).filter((k) => /^xl\/pivotCache\/pivotCacheDefinition[^/]*\.xml$/.test(k));
    for (const k of caches)
      expect(attr(/<pivotCacheDefinition\b[^>]*>/.exec(files[k]!)![0], "refreshOnLoad")).toMatch(/^(1|true)$/);
    const before = unzipBytes(saved);
    const after = unzipBytes(again.bytes);
    for (const k of Object.keys(before).filter((k) => /^xl\/pivotTables\//.test(k)))
      expect([k, Buffer.from(after[k]!).equals(Buffer.from(before[k]!))]).toEqual([k, true]);
  } finally {
    cleanup();
  }
});
