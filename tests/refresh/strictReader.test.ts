/**
 * One reader for every command (issue 13, item 8): damaged sheet XML (a
 * missing </row>, XML cut in half, an unclosed cell) is refused by refresh,
 * check and import alike — exit 2, one line in both languages, the file
 * byte-identical; a valid package written with a namespace prefix (`x:`) is
 * read exactly like the same package without it; a missing shared-strings
 * part is refused, never read as blank cells or as index numbers.
 *
 * Prefixed SpreadsheetML is valid: ECMA-376 Part 1 defines the elements by
 * namespace (http://schemas.openxmlformats.org/spreadsheetml/2006/main), not
 * by prefix, and XML Namespaces 1.0 §6 lets any prefix bind it; openpyxl and
 * other libraries write `<x:worksheet xmlns:x="…">` packages.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { strFromU8, strToU8, unzipSync, zipSync } from "fflate";
import { run as runCheck } from "../../src/cli/commands/check";
import { run as runImport } from "../../src/cli/commands/import";
import { run as runRefresh } from "../../src/cli/commands/refresh";
import { SHEET_NAMES } from "../../src/domain/fields/definitions";
import { XlsxWorkbook } from "../support/exceljs";
import { buildWorkbook, d } from "../support/refreshBooks";
import { captureCli } from "../support/cli";

const MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

function lead(i: number): Record<string, string | number> {
  return {
    leadId: `L-${String(i).padStart(3, "0")}`,
    customer: `客户${i}有限公司`,
    contact: "张",
    phone: `1380000${String(i).padStart(4, "0")}`,
    industry: "制造业",
    needType: "产品采购",
    needDesc: "需求",
    budget: "未明确",
    urgency: "3个月以上",
    decisionAccess: "仅对接执行者",
    companySize: "年营收1亿以下",
    source: "官网注册",
    status: i % 3 === 0 ? "已成交" : "跟进中",
    stage: "初步接洽",
    owner: "王芳",
    createdAt: d(2024, 3, 1 + (i % 20)),
  };
}

let dir: string;
let base: Uint8Array;
let leadsPart: string;
let n = 0;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "leadflow-strict-"));
  base = await buildWorkbook({ Leads: Array.from({ length: 50 }, (_, i) => lead(i + 1)) });
  leadsPart = partOfSheet(unzipSync(base), SHEET_NAMES.leads.zh);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The worksheet part of a sheet, by name, through workbook.xml and its relationships. */
function partOfSheet(files: Record<string, Uint8Array>, name: string): string {
  const wb = strFromU8(files["xl/workbook.xml"]);
  const rid = new RegExp(`<sheet [^>]*name="${name}"[^>]*r:id="([^"]+)"`).exec(wb)?.[1];
  const rels = strFromU8(files["xl/_rels/workbook.xml.rels"]);
  const target = new RegExp(`Id="${rid}"[^>]*Target="([^"]+)"`).exec(rels)?.[1] ?? "";
  return target.startsWith("/") ? target.slice(1) : `xl/${target}`;
}

function edit(bytes: Uint8Array, change: (files: Record<string, Uint8Array>) => void): Uint8Array {
  const files = unzipSync(bytes);
  change(files);
  return zipSync(files);
}

function editPart(bytes: Uint8Array, part: string, f: (xml: string) => string): Uint8Array {
  return edit(bytes, (files) => {
    const before = strFromU8(files[part]);
    const after = f(before);
    if (after === before) throw new Error(`the edit did not change ${part}`);
    files[part] = strToU8(after);
  });
}

/** The same package with the SpreadsheetML namespace bound to the prefix `x` in workbook, sheets, shared strings, tables. */
function prefixed(bytes: Uint8Array): Uint8Array {
  return edit(bytes, (files) => {
    for (const name of Object.keys(files)) {
      if (!/^xl\/(workbook\.xml|sharedStrings\.xml|worksheets\/[^/]+\.xml|tables\/[^/]+\.xml)$/.test(name)) continue;
      let xml = strFromU8(files[name]);
      // Unprefixed element names (start and end tags) get x:; names with a prefix (mc:, x14ac:) keep theirs.
      xml = xml.replace(/<(\/?)([A-Za-z][\w.-]*)(?=[\s/>])/g, (_m, slash: string, el: string) => `<${slash}x:${el}`);
      xml = xml.replace(` xmlns="${MAIN}"`, ` xmlns:x="${MAIN}"`);
      if (!xml.includes(`xmlns:x="${MAIN}"`)) throw new Error(`${name} did not bind the prefix`);
      files[name] = strToU8(xml);
    }
  });
}

async function file(bytes: Uint8Array, name = "book"): Promise<string> {
  const p = join(dir, `${name}-${++n}.xlsx`);
  await writeFile(p, bytes);
  return p;
}

const cli = captureCli;

const refreshArgs = (p: string) => [p, "--today", "2024-06-01", "--json"];

/** Exit 2, one last line in both languages naming damage, the file byte-identical. */
async function expectRefused(
  r: { code: number; stdout: string; stderr: string },
  command: string,
  path: string,
  before: Uint8Array,
): Promise<void> {
  expect({ command, code: r.code }).toEqual({ command, code: 2 });
  const last = r.stderr.trimEnd().split("\n").pop() ?? "";
  expect(last).toMatch(new RegExp(`^leadflow ${command}: `));
  expect(last).toMatch(/damaged|cannot be read|could not be read/);
  expect(last).toMatch(/损坏|无法.*读取/);
  expect(Buffer.compare(await readFile(path), Buffer.from(before))).toBe(0);
}

/** A small CSV source for import into a damaged workbook. */
function csvSource(): string {
  return "公司名称,联系人,手机号\r\n新客户有限公司,李,13900001111\r\n";
}

/** An .xlsx source with one plain sheet: header and two rows (exceljs writes shared strings). */
async function xlsxSource(): Promise<Uint8Array> {
  const src = XlsxWorkbook.create("crm.xlsx");
  await src.apply([
    { op: "ensureSheet", sheet: "导出" },
    {
      op: "writeCells",
      sheet: "导出",
      topLeft: "A1",
      cells: [
        ["公司名称", "联系人", "手机号"],
        ["源一有限公司", "李", "13900001111"],
        ["源二有限公司", "王", "13900002222"],
      ],
    },
  ]);
  return src.toBytes();
}

const DAMAGE: [string, (xml: string) => string][] = [
  [
    "a missing </row>",
    (xml) => {
      const at = xml.indexOf("</row>", xml.indexOf('<row r="20"'));
      return xml.slice(0, at) + xml.slice(at + "</row>".length);
    },
  ],
  ["XML cut in half", (xml) => xml.slice(0, Math.floor(xml.length / 2))],
  [
    "an unclosed cell",
    (xml) => {
      const at = xml.indexOf("</c>", xml.indexOf('<row r="10"'));
      return xml.slice(0, at) + xml.slice(at + "</c>".length);
    },
  ],
];

describe.each(DAMAGE)("damaged Leads sheet XML: %s", (_name, damage) => {
  let damaged: Uint8Array;
  beforeAll(() => {
    damaged = editPart(base, leadsPart, damage);
  });

  test("refresh refuses it (exit 2, untouched)", async () => {
    const p = await file(damaged);
    await expectRefused(await cli(runRefresh, refreshArgs(p)), "refresh", p, damaged);
  });

  test("check refuses it (exit 2, untouched)", async () => {
    const p = await file(damaged);
    await expectRefused(await cli(runCheck, [p, "--json"]), "check", p, damaged);
  });

  test("import refuses it as a source (exit 2, the target untouched)", async () => {
    const target = await file(base, "target");
    const src = await file(damaged, "source");
    await expectRefused(await cli(runImport, [target, src, "--json"]), "import", target, base);
  });
});

test("import refuses a damaged target workbook (exit 2, untouched)", async () => {
  const damaged = editPart(base, leadsPart, DAMAGE[0][1]);
  const target = await file(damaged, "target");
  const src = join(dir, "rows.csv");
  await writeFile(src, csvSource());
  await expectRefused(await cli(runImport, [target, src, "--json"]), "import", target, damaged);
});

describe("a valid x:-prefixed SpreadsheetML package reads as the same package without the prefix", () => {
  let pre: Uint8Array;
  beforeAll(() => {
    pre = prefixed(base);
  });

  test("refresh: the same reviews (all 50 leads read)", async () => {
    const plain = await cli(runRefresh, refreshArgs(await file(base)));
    const p = await file(pre);
    const got = await cli(runRefresh, refreshArgs(p));
    expect(plain.code).toBe(0);
    expect(got.code).toBe(0);
    expect(got.stdout).toBe(plain.stdout);
    // The refreshed prefixed workbook is still readable by the same reader, with the same answer.
    const again = await cli(runRefresh, refreshArgs(p));
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(plain.stdout);
  });

  test("check: the same problems", async () => {
    const plain = await cli(runCheck, [await file(base), "--json"]);
    const got = await cli(runCheck, [await file(pre), "--json"]);
    expect(got.stderr).toBe("");
    expect(got.code).toBe(plain.code);
    expect(got.stdout).toBe(plain.stdout);
  });

  test("import: a prefixed .xlsx source gives the same rows", async () => {
    const srcBytes = await xlsxSource();
    const plain = await cli(runImport, [await file(base, "target"), await file(srcBytes, "src"), "--json"]);
    const got = await cli(runImport, [await file(base, "target"), await file(prefixed(srcBytes), "src"), "--json"]);
    expect(plain.code).toBeLessThan(2);
    expect(JSON.parse(plain.stdout).imported).toHaveLength(2);
    expect(got.code).toBe(plain.code);
    expect(got.stdout).toBe(plain.stdout);
  });
});

describe("a missing shared-strings part is refused, never read as blank cells or index numbers", () => {
  function withoutSharedStrings(bytes: Uint8Array): Uint8Array {
    return edit(bytes, (files) => {
      expect(files["xl/sharedStrings.xml"]).toBeDefined();
      delete files["xl/sharedStrings.xml"];
      files["xl/_rels/workbook.xml.rels"] = strToU8(
        strFromU8(files["xl/_rels/workbook.xml.rels"]).replace(/<Relationship [^>]*sharedStrings[^>]*\/>/, ""),
      );
      files["[Content_Types].xml"] = strToU8(
        strFromU8(files["[Content_Types].xml"]).replace(/<Override [^>]*sharedStrings[^>]*\/>/, ""),
      );
    });
  }

  test("refresh and check refuse the workbook; import refuses the source", async () => {
    const broken = withoutSharedStrings(base);
    const p1 = await file(broken);
    await expectRefused(await cli(runRefresh, refreshArgs(p1)), "refresh", p1, broken);
    const p2 = await file(broken);
    await expectRefused(await cli(runCheck, [p2, "--json"]), "check", p2, broken);
    const target = await file(base, "target");
    const src = await file(withoutSharedStrings(await xlsxSource()), "src");
    await expectRefused(await cli(runImport, [target, src, "--json"]), "import", target, base);
  });
});

test("the test workbook stores text as shared strings (so the case above is real)", () => {
  const files = unzipSync(base);
  expect(strFromU8(files[leadsPart])).toMatch(/t="s"/);
});

describe("any package part cut short is refused, not read in part", () => {
  const cut = (xml: string) => xml.slice(0, Math.floor(xml.length * 0.6));
  const parts: [string, (files: Record<string, Uint8Array>) => string][] = [
    ["workbook.xml", () => "xl/workbook.xml"],
    [
      "the Leads table part",
      (files) => Object.keys(files).find((n) => /^xl\/tables\//.test(n) && /name="Leads"/.test(strFromU8(files[n])))!,
    ],
  ];
  test.each(parts)("%s cut short: refresh and check refuse it", async (_name, which) => {
    const part = which(unzipSync(base));
    expect(part).toBeDefined();
    const broken = editPart(base, part, cut);
    const p1 = await file(broken);
    await expectRefused(await cli(runRefresh, refreshArgs(p1)), "refresh", p1, broken);
    const p2 = await file(broken);
    await expectRefused(await cli(runCheck, [p2, "--json"]), "check", p2, broken);
  });
});

test("refresh that must add Conversion rows to a table with a totals row refuses clearly (exit 2, untouched)", async () => {
  // A totals row below the data (ECMA-376 §18.5.1.2 table: totalsRowCount); refresh cannot yet add rows above it.
  const files = unzipSync(base);
  const part = Object.keys(files).find(
    (n) => /^xl\/tables\//.test(n) && /name="Conversion"/.test(strFromU8(files[n])),
  )!;
  const withTotals = editPart(base, part, (xml) =>
    xml
      .replace(
        /(<table\b[^>]*?\sref="[A-Z]+\d+:[A-Z]+)(\d+)"/,
        (_m, head: string, row: string) => `${head}${Number(row) + 1}"`,
      )
      .replace(/<table\b/, '<table totalsRowCount="1"'),
  );
  const p = await file(withTotals);
  const r = await cli(runRefresh, refreshArgs(p));
  expect(r.code).toBe(2);
  const last = r.stderr.trimEnd().split("\n").pop() ?? "";
  expect(last).toMatch(/totals row/);
  expect(last).toMatch(/汇总行/);
  expect(Buffer.compare(await readFile(p), Buffer.from(withTotals))).toBe(0);
});
