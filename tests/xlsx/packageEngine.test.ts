/**
 * The package engine behind every writing command, as a user runs them (the
 * built `leadflow` in a child process):
 * - nothing refused that can be kept: a workbook with a chart, a pivot table,
 *   an image and a comment goes through init, import, refresh and a
 *   re-install, and every part LeadFlow does not own keeps its exact bytes;
 * - refusal (exit 2, file untouched, what and why named) only for an
 *   encrypted workbook, an old .xls, a damaged package and Strict Open XML;
 * - text XML cannot carry (U+FFFF) is replaced and reported, and the workbook
 *   opens again;
 * - a table without <tableStyleInfo> (LibreOffice, openpyxl) and a sheet part
 *   not named sheetN.xml are imported and installed into;
 * - importing into a freshly installed workbook fills the empty template row.
 */
import { spawnSync, execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { strFromU8, strToU8, unzipSync, zipSync } from "fflate";
import { XlsxWorkbook } from "../support/exceljs";
import { FastXlsxPort } from "../../src/workbook/xlsx/package/fastPort";
import { tableDefs } from "../../src/domain/fields/definitions";
import { tr } from "../../src/domain/types";
import { tempDir } from "../support/xlsxFiles";

const ROOT = join(__dirname, "..", "..");
const FIXTURE = join(ROOT, "tests", "fixtures", "existing-with-chart-pivot-image.xlsx");

function leadflow(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(ROOT, "bin", "leadflow.js"), ...args], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 120000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const tmp = tempDir("leadflow-engine-");
beforeAll(() => {
  execFileSync(process.execPath, [join(ROOT, "scripts", "build-cli.mjs")], { cwd: ROOT });
}, 120000);
afterAll(() => tmp.cleanup());

function unzip(path: string): Record<string, Uint8Array> {
  return unzipSync(readFileSync(path));
}

/** Parts LeadFlow edits when it installs, imports or refreshes (its own sheets and tables are new parts). */
const EDITED = new Set([
  "[Content_Types].xml",
  "_rels/.rels",
  "xl/workbook.xml",
  "xl/_rels/workbook.xml.rels",
  "xl/styles.xml",
  "docProps/custom.xml",
]);

const HEADER =
  "客户名称,联系人,联系方式,所属行业,客户规模,需求类型,需求描述,预算范围,需求紧急度,决策人对接,线索来源,线索状态,当前阶段,责任人";
const lead = (customer: string, phone: string) =>
  `${customer},孙莉,${phone},制造业,年营收1-5亿,产品采购,自动化产线改造,50万以上,1个月内,已对接决策者,官网注册,待跟进,初步接洽,王芳`;
const LEADS_CSV = [
  HEADER,
  lead("苏州智造科技有限公司", "13912340000"),
  lead("杭州云栖数据科技有限公司", "13757112345"),
  "",
].join("\r\n");

async function leads(path: string) {
  const wb = await XlsxWorkbook.fromBytes(readFileSync(path));
  return (await wb.readTables(["Leads"])).get("Leads")!;
}

describe("a workbook with a chart, a pivot table, an image and a comment", () => {
  test("goes through init, import, refresh and a re-install with every part it had byte-identical", () => {
    const path = join(tmp.dir, "report.xlsx");
    copyFileSync(FIXTURE, path);
    const before = unzip(path);
    const names = Object.keys(before);
    // The fixture holds each kind of part the rule is about.
    for (const kind of [
      /charts\/chart\d*\.xml$/,
      /pivotTables\//,
      /pivotCache/,
      /media\/image/,
      /comments/,
      /drawings\//,
    ])
      expect(names.some((n) => kind.test(n))).toBe(true);
    const csv = join(tmp.dir, "leads.csv");
    writeFileSync(csv, LEADS_CSV);
    const steps: [string, string[]][] = [
      ["init", ["init", path]],
      ["import", ["import", path, csv]],
      ["refresh", ["refresh", path]],
      ["re-install", ["init", path]],
    ];
    for (const [label, argv] of steps) {
      const r = leadflow(...argv);
      expect({ label, code: r.code, err: r.code === 0 ? "" : r.stderr }).toEqual({ label, code: 0, err: "" });
      const after = unzip(path);
      const changed = names.filter(
        (n) => !EDITED.has(n) && !Buffer.from(after[n] ?? []).equals(Buffer.from(before[n])),
      );
      expect({ label, changed }).toEqual({ label, changed: [] });
    }
  }, 120000);
});

describe("refused only what cannot be edited safely: exit 2, file untouched, what and why named", () => {
  const OLE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
  const cases: [string, () => Buffer, RegExp][] = [
    [
      "an encrypted workbook",
      () => Buffer.concat([OLE, Buffer.alloc(504), Buffer.from("EncryptionInfo", "utf16le"), Buffer.alloc(512)]),
      /encrypted.*加密/,
    ],
    ["an old .xls saved under an .xlsx name", () => Buffer.concat([OLE, Buffer.alloc(2048)]), /\.xls.*\.xls/],
    [
      "a damaged package",
      () => {
        const ok = readFileSync(FIXTURE);
        return ok.subarray(0, ok.length - 300);
      },
      /damaged.*损坏/,
    ],
    [
      "a Strict Open XML workbook",
      () => {
        const files = unzipSync(readFileSync(FIXTURE));
        files["xl/workbook.xml"] = strToU8(
          strFromU8(files["xl/workbook.xml"]).replace(
            "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
            "http://purl.oclc.org/ooxml/spreadsheetml/main",
          ),
        );
        return Buffer.from(zipSync(files));
      },
      /Strict Open XML/,
    ],
  ];
  test.each(cases)("%s: every command refuses it with the same words", (label, make, mention) => {
    const csv = join(tmp.dir, "refuse.csv");
    writeFileSync(csv, LEADS_CSV);
    const said = new Map<string, string>();
    for (const argv of [["init"], ["import"], ["refresh"], ["check"]]) {
      const path = join(tmp.dir, `refuse-${label.replace(/\W+/g, "-")}.xlsx`);
      const bytes = make();
      writeFileSync(path, bytes);
      const r = leadflow(...argv, path, ...(argv[0] === "import" ? [csv] : []));
      expect({ command: argv[0], code: r.code }).toEqual({ command: argv[0], code: 2 });
      expect(r.stderr).toMatch(mention);
      expect(r.stderr).toMatch(/[\u4e00-\u9fff]/);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(readFileSync(path).equals(bytes)).toBe(true);
      said.set(argv[0], r.stderr.trim().replace(/^leadflow \w+: /, ""));
    }
    // One way to open: the same refusal, word for word, whichever command opens the file.
    expect(new Set(said.values()).size).toBe(1);
    // The same file as the .xlsx source of an import: refused the same way, the target untouched.
    const target = join(tmp.dir, `target-${label.replace(/\W+/g, "-")}.xlsx`);
    expect(leadflow("init", target).code).toBe(0);
    const targetBytes = readFileSync(target);
    const source = join(tmp.dir, "source", `refuse-${label.replace(/\W+/g, "-")}.xlsx`);
    mkdirSync(dirname(source), { recursive: true });
    writeFileSync(source, make());
    const r = leadflow("import", target, source);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().replace(/^leadflow \w+: /, "")).toBe([...said.values()][0]);
    expect(readFileSync(target).equals(targetBytes)).toBe(true);
  });
});

describe("text XML 1.0 cannot carry", () => {
  test("a CSV value with U+FFFF imports as U+FFFD, the report names the row, and the workbook opens again", async () => {
    const path = join(tmp.dir, "ffff.xlsx");
    expect(leadflow("init", path).code).toBe(0);
    const csv = join(tmp.dir, "ffff.csv");
    writeFileSync(
      csv,
      [HEADER, lead("苏州\uFFFF智造", "13912340000"), lead("杭州云栖", "13757112345"), ""].join("\r\n"),
    );
    const r = leadflow("import", path, csv);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/源第 2 行.*U\+FFFF/);
    // Both readers open it: the engine's own and an independent one.
    const t = await leads(path);
    expect(t.values.map((v) => v[t.table.headers.indexOf("客户名称")])).toEqual(["苏州\uFFFD智造", "杭州云栖"]);
    const port = new FastXlsxPort(readFileSync(path));
    expect((await port.readTables(["Leads"])).get("Leads")!.values).toHaveLength(2);
    for (const [name, bytes] of Object.entries(unzip(path)))
      if (name.endsWith(".xml"))
        expect({ name, bad: /[\uFFFE\uFFFF]/.test(strFromU8(bytes)) }).toEqual({ name, bad: false });
  }, 60000);
});

/** The installed workbook rewritten as LibreOffice and openpyxl write tables: no <tableStyleInfo>, sheets not named sheetN.xml. */
function foreignShaped(src: string, dest: string): void {
  const files = unzipSync(readFileSync(src));
  const out: Record<string, Uint8Array> = {};
  const renames = new Map<string, string>();
  for (const name of Object.keys(files)) {
    const m = /^xl\/worksheets\/sheet(\d+)\.xml$/.exec(name);
    if (m) renames.set(name, `xl/worksheets/data_${m[1]}.xml`);
  }
  for (const [name, bytes] of Object.entries(files)) {
    let text: string | undefined;
    if (/^xl\/tables\/.*\.xml$/.test(name)) text = strFromU8(bytes).replace(/<tableStyleInfo\b[^>]*\/>/, "");
    else if (name === "[Content_Types].xml" || name === "xl/_rels/workbook.xml.rels") {
      text = strFromU8(bytes);
      for (const [a, b] of renames)
        text = text
          .split(a.slice(name === "[Content_Types].xml" ? 0 : 3))
          .join(b.slice(name === "[Content_Types].xml" ? 0 : 3));
    }
    const target =
      renames.get(name) ??
      name.replace(/^xl\/worksheets\/_rels\/sheet(\d+)\.xml\.rels$/, "xl/worksheets/_rels/data_$1.xml.rels");
    out[target] = text === undefined ? bytes : strToU8(text);
  }
  writeFileSync(dest, zipSync(out));
}

describe("workbooks saved by other programs", () => {
  test("tables without <tableStyleInfo> and sheet parts not named sheetN.xml: import and re-install work, every sheet kept", async () => {
    const made = join(tmp.dir, "made.xlsx");
    expect(leadflow("init", made).code).toBe(0);
    const path = join(tmp.dir, "libre.xlsx");
    foreignShaped(made, path);
    const sheetsBefore = Object.keys(unzip(path)).filter((n) => n.startsWith("xl/worksheets/data_"));
    expect(sheetsBefore.length).toBeGreaterThan(3);
    const csv = join(tmp.dir, "libre.csv");
    writeFileSync(csv, LEADS_CSV);
    const imp = leadflow("import", path, csv);
    expect({ code: imp.code, err: imp.stderr }).toEqual({ code: 0, err: "" });
    const again = leadflow("init", path);
    expect({ code: again.code, err: again.code ? again.stderr : "" }).toEqual({ code: 0, err: "" });
    const after = Object.keys(unzip(path));
    for (const s of sheetsBefore) expect(after).toContain(s);
    // (exceljs drops sheets whose part is not named sheetN.xml: read with the engine's reader)
    const port = new FastXlsxPort(readFileSync(path));
    expect((await port.readTables(["Leads"])).get("Leads")!.values).toHaveLength(2);
  }, 60000);
});

describe("importing into a freshly installed workbook", () => {
  test("fills the table's empty template row: no blank row at the top of Leads", async () => {
    const path = join(tmp.dir, "fresh.xlsx");
    expect(leadflow("init", path).code).toBe(0);
    const before = await leads(path);
    const csv = join(tmp.dir, "fresh.csv");
    writeFileSync(csv, LEADS_CSV);
    expect(leadflow("import", path, csv).code).toBe(0);
    const t = await leads(path);
    const customer = t.table.headers.indexOf("客户名称");
    expect(t.firstRow).toBe(before.firstRow);
    expect(t.values.map((v) => v[customer])).toEqual(["苏州智造科技有限公司", "杭州云栖数据科技有限公司"]);
  }, 60000);
});

/** A small deterministic PRNG (mulberry32), so a failure can be replayed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One typed cell as Excel and other programs write them: what a rewrite through JavaScript values would change. */
function typedCell(ref: string, style: string, r: () => number): string {
  const s = style ? ` s="${style}"` : "";
  switch (Math.floor(r() * 9)) {
    case 0: // a date-time with all 17 significant digits
      return `<c r="${ref}"${s}><v>${(45000 + r() * 1000).toPrecision(17)}</v></c>`;
    case 1:
      return `<c r="${ref}"${s} t="e"><v>${["#N/A", "#DIV/0!", "#VALUE!", "#REF!"][Math.floor(r() * 4)]}</v></c>`;
    case 2:
      return `<c r="${ref}"${s} t="b"><v>${r() < 0.5 ? 0 : 1}</v></c>`;
    case 3:
      return `<c r="${ref}"${s} t="inlineStr"><is><t xml:space="preserve"> A&amp;B &lt;${Math.floor(r() * 1e6)}&gt; </t></is></c>`;
    case 4:
      return `<c r="${ref}"${s} t="s"><v>0</v></c>`;
    case 5:
      return `<c r="${ref}"${s}><f>1+1</f><v>2</v></c>`;
    case 6: // a dynamic-array formula with its metadata reference
      return `<c r="${ref}"${s} cm="1"><f t="array" ref="${ref}">_xlfn.SEQUENCE(1)</f><v>1</v></c>`;
    case 7:
      return `<c r="${ref}"${s} t="inlineStr"><is><r><t>rich</t></r><r><rPr><b/></rPr><t>text</t></r></is></c>`;
    default:
      return `<c r="${ref}"${s}><v>${(r() * 1e6 - 5e5).toExponential(15)}</v></c>`;
  }
}

describe("cells nobody asked to change stay byte-identical", () => {
  test.each([1, 2, 3])(
    "seed %i: every input cell of Leads and every cell of a user sheet keep their XML through re-install, import and refresh",
    async (seed) => {
      const r = rng(seed);
      const made = join(tmp.dir, `typed-${seed}-made.xlsx`);
      copyFileSync(FIXTURE, made);
      expect(leadflow("init", made, "--sample", "30").code).toBe(0);
      const files = unzipSync(readFileSync(made));
      const text = (n: string) => strFromU8(files[n]);
      // The Leads sheet part and its input columns (not calc/refresh/auto: those are LeadFlow's).
      const leadsTable = Object.keys(files).find(
        (n) => /^xl\/tables\/.*\.xml$/.test(n) && /name="Leads"/.test(text(n)),
      )!;
      const sheetOfTable = Object.keys(files).find(
        (n) => /^xl\/worksheets\/_rels\//.test(n) && text(n).includes(leadsTable.replace("xl/", "../")),
      )!;
      const leadsSheet = sheetOfTable.replace("_rels/", "").replace(/\.rels$/, "");
      const t = await new FastXlsxPort(readFileSync(made)).readTables(["Leads"]);
      const info = t.get("Leads")!;
      const inputHeaders = new Set(
        tableDefs(5)
          .Leads.fields.filter((f) => f.kind === "input")
          .map((f) => tr(f.header, "zh-CN")),
      );
      const inputCols = new Set(
        info.table.headers.map((h, i) => (inputHeaders.has(h) ? i + 1 : -1)).filter((c) => c > 0),
      );
      const isInput = (ref: string) => {
        const { row, col } = refOf(ref);
        return row >= info.firstRow && inputCols.has(col);
      };
      // Typed cells into every existing input cell of Leads.
      files[leadsSheet] = strToU8(
        text(leadsSheet).replace(
          /<c r="([A-Z]+\d+)"( s="(\d+)")?[^>]*?(\/>|>[\s\S]*?<\/c>)/g,
          (m, ref: string, _s, st: string) => (isInput(ref) ? typedCell(ref, st ?? "", r) : m),
        ),
      );
      // And into the user's own sheet: a column of typed cells, frozen panes, filter criteria with hidden rows.
      const user = "xl/worksheets/sheet1.xml";
      let u = text(user);
      u = u.replace(/<row r="(\d+)"([^>]*)>([\s\S]*?)<\/row>/g, (_m, row: string, attrs: string, cells: string) => {
        const hidden = Number(row) > 2 && r() < 0.3 ? ' hidden="1"' : "";
        return `<row r="${row}"${attrs.replace(/\sspans="[^"]*"/, "")}${hidden}>${cells}${typedCell(`Z${row}`, "", r)}</row>`;
      });
      u = u.replace(
        /<sheetView\b([^>]*?)\/>|<sheetView\b([^>]*)>[\s\S]*?<\/sheetView>/,
        (_m, a?: string, b?: string) =>
          `<sheetView${a ?? b ?? ""}><pane xSplit="1" ySplit="1" topLeftCell="B2" activePane="bottomRight" state="frozen"/><selection pane="bottomRight" activeCell="B2" sqref="B2"/></sheetView>`,
      );
      if (!/<autoFilter\b/.test(u))
        u = u.replace(
          "</sheetData>",
          '</sheetData><autoFilter ref="A1:Z37"><filterColumn colId="1"><filters><filter val="华东"/></filters></filterColumn></autoFilter>',
        );
      files[user] = strToU8(u);
      const path = join(tmp.dir, `typed-${seed}.xlsx`);
      writeFileSync(path, zipSync(files));

      const inputXml = (bytes: Record<string, Uint8Array>) => {
        const out = new Map<string, string>();
        for (const m of strFromU8(bytes[leadsSheet]).matchAll(/<c r="([A-Z]+\d+)"[^>]*?(?:\/>|>[\s\S]*?<\/c>)/g))
          if (isInput(m[1])) out.set(m[1], m[0]);
        return out;
      };
      const before = unzip(path);
      const cellsBefore = inputXml(before);
      expect(cellsBefore.size).toBeGreaterThan(100);
      const csv = join(tmp.dir, `typed-${seed}.csv`);
      writeFileSync(csv, LEADS_CSV);
      for (const argv of [
        ["init", path],
        ["import", path, csv],
        ["refresh", path],
      ]) {
        const res = leadflow(...argv);
        expect({ argv: argv[0], code: res.code === 2 ? res.stderr : 0 }).toEqual({ argv: argv[0], code: 0 });
        const after = unzip(path);
        expect(Buffer.from(after[user]).equals(Buffer.from(before[user]))).toBe(true);
        const cellsAfter = inputXml(after);
        const changed = [...cellsBefore].filter(([ref, xml]) => cellsAfter.get(ref) !== xml).map(([ref]) => ref);
        expect({ argv: argv[0], changed }).toEqual({ argv: argv[0], changed: [] });
      }
    },
    120000,
  );
});

function refOf(ref: string): { row: number; col: number } {
  const m = /^([A-Z]+)(\d+)$/.exec(ref)!;
  let col = 0;
  for (const ch of m[1]) col = col * 26 + ch.charCodeAt(0) - 64;
  return { row: Number(m[2]), col };
}
