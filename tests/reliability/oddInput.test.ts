/**
 * Odd and hostile workbooks (issue 7, item 3; docs/ARCHITECTURE.md §4): each case is a real
 * .xlsx built with the real install plan and then bent the way a user bends
 * it. Refresh (both file paths) and Check must each give a clear answer —
 * complete, or refuse with a WorkbookError in both languages — never crash
 * or hang, and never change an input cell. Times are measured and recorded
 * for `npm run reliability`, never asserted.
 */
import { strToU8, zipSync, unzipSync, strFromU8 } from "fflate";
import { tableDefs, SHEET_NAMES, isInputField } from "../../src/domain/fields/definitions";
import type { RowsByTable } from "../../src/domain/plan/install";
import type { Scalar } from "../../src/domain/plan/changes";
import type { CellValue } from "../../src/domain/types";
import { check } from "../../src/operations/check";
import { importRows } from "../../src/operations/import";
import { readCsvSource } from "../../src/operations/importSources";
import { refresh } from "../../src/operations/refresh";
import { WorkbookError } from "../../src/workbook/port";
import { XlsxWorkbook } from "../support/exceljs";
import { FastXlsxPort, UnsupportedPackage } from "../../src/workbook/xlsx/package/fastPort";
import { allCells, buildBook, minimalLead, record, sheetParts, timed, unzipText, ymd } from "../support/xlsxXml";

const AS_OF = ymd(2024, 6, 1);
const NOW = new Date(2024, 5, 1, 12);
const JOB = { period: { kind: "all" as const }, asOf: AS_OF, now: NOW };
const LEADS = SHEET_NAMES.leads.zh;
const SETTINGS = SHEET_NAMES.settings.zh;
const defs = tableDefs(5);
function lead(i: number, extra: Record<string, Scalar> = {}): Record<string, Scalar> {
  return {
    ...minimalLead(`L-${i}`, `客户${i}有限公司`),
    phone: `1380000${String(i).padStart(4, "0")}`,
    needDesc: "需求",
    createdAt: ymd(2024, 3, 1),
    ...extra,
  };
}
function followUp(i: number, extra: Record<string, Scalar> = {}): Record<string, Scalar> {
  return {
    leadId: `L-${i}`,
    at: ymd(2024, 3, 5, 10),
    method: "电话",
    counterpart: "张",
    summary: "沟通",
    intent: "中",
    feedback: "无",
    stage: "初步接洽",
    nextStep: "约见",
    dueDate: ymd(2024, 3, 9),
    by: "王芳",
    ...extra,
  };
}
const BASE: RowsByTable = { Leads: [1, 2, 3].map((i) => lead(i)), FollowUps: [followUp(1)] };

// ------------------------------------------------------------------ outcome of one operation

interface Outcome {
  op: string;
  ok: boolean;
  /** A refusal that names the problem in both languages. */
  clear: boolean;
  message?: string;
  ms: number;
  out?: Uint8Array;
}

const hasChinese = (s: string) => /[\u4e00-\u9fff]/.test(s);
const hasLatin = (s: string) => /[A-Za-z]{3,}/.test(s);

async function attempt(op: string, run: () => Promise<Uint8Array | undefined>): Promise<Outcome> {
  const t = Date.now();
  try {
    const out = await run();
    return { op, ok: true, clear: true, ms: Date.now() - t, out };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    // The fast path declining a file is an answer: the CLI then takes the full reader.
    const clear =
      (err instanceof WorkbookError || err instanceof UnsupportedPackage) &&
      (err instanceof UnsupportedPackage || (hasChinese(message) && hasLatin(message)));
    return { op, ok: false, clear, message, ms: Date.now() - t };
  }
}

async function runAll(bytes: Uint8Array): Promise<Outcome[]> {
  return [
    await attempt("refresh generic", async () => {
      const wb = await XlsxWorkbook.fromBytes(bytes);
      await refresh(wb, JOB);
      return wb.toBytes();
    }),
    await attempt("refresh fast", async () => {
      const port = new FastXlsxPort(bytes);
      await refresh(port, JOB);
      return port.save();
    }),
    await attempt("check", async () => {
      const wb = await XlsxWorkbook.fromBytes(bytes);
      await check(wb, { now: NOW });
      return undefined;
    }),
  ];
}

// ------------------------------------------------------------------ input cells before / after

/** Every non-blank input cell of the input tables: "Table|row|header" → value. */
async function inputCells(bytes: Uint8Array): Promise<Map<string, CellValue>> {
  const wb = await XlsxWorkbook.fromBytes(bytes);
  const tables = await wb.readTables(["Leads", "FollowUps", "Conversion", "ChannelCosts"]);
  const out = new Map<string, CellValue>();
  for (const [name, data] of tables) {
    const def = defs[name as keyof typeof defs];
    data.table.headers.forEach((h, c) => {
      const field = def.fields.find((f) => f.header.zh === h || f.header.en === h);
      if (field && !isInputField(field)) return;
      data.values.forEach((row, r) => {
        const v = row[c];
        if (v !== null && v !== undefined && v !== "")
          out.set(`${name}|${data.firstRow + r}|${h}`, v instanceof Date ? v.getTime() : v);
      });
    });
  }
  return out;
}

async function changedInputCells(before: Uint8Array, after: Uint8Array): Promise<string[]> {
  const a = await inputCells(before);
  const b = await inputCells(after);
  const changed: string[] = [];
  for (const [k, v] of a) {
    const w = b.get(k);
    const same = typeof v === "number" && typeof w === "number" ? Math.abs(v - w) < 1e-9 : v === w;
    if (!same) changed.push(`${k}: ${String(v).slice(0, 40)} → ${String(w).slice(0, 40)}`);
  }
  return changed;
}

/** Run the operations on a case, record it, and assert a clear answer and no input cell changed. */
async function expectHandled(name: string, bytes: Uint8Array, compareInputs = true): Promise<Outcome[]> {
  const outcomes = await runAll(bytes);
  let changed: string[] = [];
  let compared = 0;
  if (compareInputs) {
    compared = (await inputCells(bytes)).size;
    for (const o of outcomes)
      if (o.out) changed = changed.concat((await changedInputCells(bytes, o.out)).map((c) => `${o.op}: ${c}`));
    record({ kind: "input-cells", name, tried: compared, handled: changed.length });
  }
  for (const o of outcomes)
    record({
      kind: "bad-input",
      name: `${name} — ${o.op}`,
      tried: 1,
      handled: o.clear ? 1 : 0,
      ms: o.ms,
      note: o.ok ? "completed" : (o.message ?? "").slice(0, 160),
    });
  expect(outcomes.filter((o) => !o.clear).map((o) => `${o.op}: ${o.message}`)).toEqual([]);
  expect(changed).toEqual([]);
  return outcomes;
}

// ------------------------------------------------------------------ XML surgery

function sheetPart(bytes: Uint8Array, sheet: string): string {
  return sheetParts(unzipText(bytes)).get(sheet)!;
}

function editPart(bytes: Uint8Array, part: string, edit: (xml: string) => string): Uint8Array {
  const files = unzipSync(bytes);
  files[part] = strToU8(edit(strFromU8(files[part])));
  return zipSync(files, { level: 1 });
}

/** Insert an element at its schema position: before the first of the elements that must follow it. */
function insertBefore(xml: string, element: string, followers: string[]): string {
  const at = followers.map((f) => xml.indexOf(`<${f}`)).filter((i) => i >= 0);
  const pos = at.length > 0 ? Math.min(...at) : xml.indexOf("</worksheet>");
  return xml.slice(0, pos) + element + xml.slice(pos);
}
/**
 * Delete a sheet the way Excel does, at the XML level (a raw exceljs load of
 * a LeadFlow workbook expands whole-column validations into a million
 * entries): the sheet, its relationships and tables go; defined names that
 * pointed into it become #REF!.
 */
function deleteSheet(bytes: Uint8Array, sheet: string): Uint8Array {
  const files = unzipSync(bytes);
  const text = (k: string) => strFromU8(files[k]);
  const part = sheetPart(bytes, sheet);
  const relsPart = part.replace(/([^/]+)$/, "_rels/$1.rels");
  const tables = files[relsPart]
    ? [...text(relsPart).matchAll(/Target="\.\.\/tables\/([^"]+)"/g)].map((m) => `xl/tables/${m[1]}`)
    : [];
  const wb = text("xl/workbook.xml");
  const sheetTag = new RegExp(`<sheet\\b[^>]*name="${sheet}"[^>]*/>`).exec(wb)![0];
  const rid = /r:id="([^"]+)"/.exec(sheetTag)![1];
  const quoted = `'${sheet}'!`;
  files["xl/workbook.xml"] = strToU8(wb.replace(sheetTag, "").split(quoted).join("#REF!"));
  files["xl/_rels/workbook.xml.rels"] = strToU8(
    text("xl/_rels/workbook.xml.rels").replace(new RegExp(`<Relationship\\b[^>]*Id="${rid}"[^>]*/>`), ""),
  );
  let ct = text("[Content_Types].xml");
  for (const p of [part, ...tables]) {
    ct = ct.replace(new RegExp(`<Override\\b[^>]*PartName="/${p.replace(/[.]/g, "\\.")}"[^>]*/>`), "");
    delete files[p];
  }
  delete files[relsPart];
  files["[Content_Types].xml"] = strToU8(ct);
  return zipSync(files, { level: 1 });
}

const AFTER_MERGE = [
  "phoneticPr",
  "conditionalFormatting",
  "dataValidations",
  "hyperlinks",
  "printOptions",
  "pageMargins",
  "pageSetup",
  "headerFooter",
  "drawing",
  "legacyDrawing",
  "tableParts",
  "extLst",
];

function headerColumn(bytes: Uint8Array, sheet: string, header: string): string {
  const c = allCells(bytes)
    .get(sheet)!
    .find((x) => /^[A-Z]+1$/.test(x.ref) && x.value === header);
  if (!c) throw new Error(`no header ${header}`);
  return c.ref.replace(/1$/, "");
}

// ------------------------------------------------------------------ the cases

const LONG = "长".repeat(16000) + "x".repeat(16767); // exactly 32,767 characters, the Excel cell limit

describe("odd input gives a clear answer and changes no input cell", () => {
  jest.setTimeout(180_000);

  test("very long text (32,767 characters) in text fields", async () => {
    expect(LONG.length).toBe(32767);
    const bytes = await buildBook({
      Leads: [lead(1, { customer: LONG, needDesc: LONG }), lead(2)],
      FollowUps: [followUp(1, { summary: LONG, nextStep: LONG })],
    });
    const outcomes = await expectHandled("32,767-character text", bytes);
    // The due list copies the customer name whole: nothing is cut short, nothing exceeds the cell limit.
    for (const o of outcomes.filter((x) => x.out)) {
      const due = allCells(o.out!).get(SHEET_NAMES.reviewDue.zh) ?? [];
      expect(due.some((c) => c.value === LONG)).toBe(true);
      for (const [, cells] of allCells(o.out!))
        for (const c of cells) expect((c.value ?? "").length).toBeLessThanOrEqual(32767);
    }
  });

  // Excel cannot hold more than 32,767 characters in a cell. Import leaves such a row out and lists it
  // (nothing is cut short silently); the xlsx adapter itself refuses such a write before writing anything.
  test("text longer than the cell limit, imported from a CSV: reported or refused, never written past 32,767", async () => {
    const wb = await XlsxWorkbook.fromBytes(await buildBook(BASE));
    const tooLong = "y".repeat(40000);
    const fields = defs.Leads.fields.filter((f) => f.kind === "input");
    const csv = [
      fields.map((f) => f.header.zh).join(","),
      fields.map((f) => (f.key === "customer" ? tooLong : String(lead(9)[f.key] ?? ""))).join(","),
      fields.map((f) => String(lead(10)[f.key] ?? "")).join(","),
    ].join("\n");
    let report: Awaited<ReturnType<typeof importRows>>["report"] | undefined;
    const r = await attempt("import", async () => {
      report = (await importRows(wb, readCsvSource(strToU8(csv)), { into: "Leads", now: NOW })).report;
      return wb.toBytes();
    });
    const overlong: string[] = [];
    if (r.out)
      for (const [sheet, cells] of allCells(r.out))
        for (const c of cells)
          if ((c.value ?? "").length > 32767) overlong.push(`${sheet}!${c.ref} (${c.value!.length})`);
    const listed = report?.withProblems.filter((w) => w.notImported && w.problems.some((p) => p.code === "too-long"));
    record({
      kind: "bad-input",
      name: "40,000-character text imported — import",
      tried: 1,
      handled: r.clear && overlong.length === 0 && listed?.length === 1 ? 1 : 0,
      ms: r.ms,
      note: r.ok
        ? `completed; row with over-long text listed as not imported: ${listed?.length ?? 0}; cells over 32,767 characters: ${overlong.join(", ") || "none"}`
        : r.message,
    });
    expect(r.ok).toBe(true);
    expect(overlong).toEqual([]);
    // The over-long row is listed (line 2), the other row went in.
    expect(listed?.map((w) => w.line)).toEqual([2]);
    expect(report!.imported.map((i) => i.line)).toEqual([3]);
    expect(listed![0].problems[0].message).toContain("40000");
  });

  test("the xlsx adapter refuses an over-long text write before writing anything, naming sheet and cell", async () => {
    const wb = await XlsxWorkbook.fromBytes(await buildBook(BASE));
    const before = await wb.toBytes();
    const headers = (await wb.readTables(["Leads"])).get("Leads")!.table.headers;
    const row = headers.map((_, i) => (i === 1 ? "z".repeat(32768) : null));
    const r = await attempt("apply", async () => {
      await wb.apply([
        { op: "writeCells", sheet: SETTINGS, topLeft: "Z1", cells: [["written first?"]] },
        { op: "appendRows", table: "Leads", rows: [row] },
      ]);
      return undefined;
    });
    record({
      kind: "bad-input",
      name: "32,768-character text written — xlsx adapter",
      tried: 1,
      handled: !r.ok && r.clear ? 1 : 0,
      ms: r.ms,
      note: r.message ?? "written",
    });
    expect(r.ok).toBe(false);
    expect(r.clear).toBe(true);
    expect(r.message).toContain(`${LEADS}!B5`);
    expect(r.message).toContain("32768");
    // Nothing of the batch was written, not even the change before the long one.
    expect(
      allCells(await wb.toBytes())
        .get(SETTINGS)!
        .some((c) => c.value === "written first?"),
    ).toBe(false);
    expect(allCells(await wb.toBytes()).get(LEADS)).toEqual(allCells(before).get(LEADS));
  });

  test("emoji and mixed scripts survive exactly, in the input and in the copies", async () => {
    const name = "😀客户 Ünïcödé العربية 𠮷野家 Ꭰ 🇨🇳 👩‍💻";
    const bytes = await buildBook({
      Leads: [lead(1, { customer: name, contact: "李😀", owner: "Zoë 王" }), lead(2)],
      FollowUps: [followUp(1, { summary: name })],
    });
    const outcomes = await expectHandled("emoji and mixed scripts", bytes);
    for (const o of outcomes.filter((x) => x.out)) {
      const due = allCells(o.out!).get(SHEET_NAMES.reviewDue.zh) ?? [];
      expect(due.some((c) => c.value === name)).toBe(true);
      const conv = allCells(o.out!).get(SHEET_NAMES.conversion.zh) ?? [];
      expect(conv.some((c) => c.value === "Zoë 王")).toBe(true);
    }
  });

  test("blank rows inside the tables", async () => {
    const blank = Object.fromEntries(
      defs.Leads.fields.filter((f) => f.kind === "input").map((f) => [f.key, null]),
    ) as Record<string, Scalar>;
    const bytes = await buildBook({
      Leads: [lead(1), { ...blank }, { ...blank }, lead(2), { ...blank }, lead(3)],
      FollowUps: [
        followUp(1),
        {
          leadId: null,
          at: null,
          method: null,
          counterpart: null,
          summary: null,
          intent: null,
          stage: null,
          nextStep: null,
          dueDate: null,
          by: null,
        },
        followUp(2),
      ],
    });
    const outcomes = await expectHandled("blank rows inside tables", bytes);
    // No Conversion row is made up for a blank lead row: one per real lead.
    for (const o of outcomes.filter((x) => x.out)) {
      const wb = await XlsxWorkbook.fromBytes(o.out!);
      const conv = (await wb.readTables(["Conversion"])).get("Conversion")!;
      const ids = conv.values.map((r) => r[0]).filter((v) => v !== null && v !== "");
      expect(new Set(ids)).toEqual(new Set(["L-1", "L-2", "L-3"]));
    }
  });

  test("a Settings list emptied by the admin (stages and sources)", async () => {
    const wb = await XlsxWorkbook.fromBytes(await buildBook(BASE));
    const state = await wb.readState();
    for (const name of ["List_Stage", "List_Source"]) {
      const t = state.tables.find((x) => x.name === name)!;
      const cells = Array.from({ length: t.rowCount }, () => t.headers.map(() => null));
      const col = /^([A-Z]+)/.exec(t.address)![1];
      const row = Number(/^[A-Z]+(\d+)/.exec(t.address)![1]) + 1;
      await wb.apply([{ op: "writeCells", sheet: t.sheet, topLeft: `${col}${row}`, cells }]);
    }
    const bytes = await wb.toBytes();
    const outcomes = await expectHandled("Settings list emptied", bytes);
    expect(outcomes.find((o) => o.op === "refresh generic")?.ok).toBe(true);
  });

  test("merged cells inside a table", async () => {
    const built = await buildBook(BASE);
    const c1 = headerColumn(built, LEADS, "客户名称");
    const c2 = headerColumn(built, LEADS, "联系人");
    const bytes = editPart(built, sheetPart(built, LEADS), (xml) =>
      insertBefore(
        xml,
        `<mergeCells count="2"><mergeCell ref="${c1}2:${c2}2"/><mergeCell ref="${c1}3:${c1}4"/></mergeCells>`,
        AFTER_MERGE,
      ),
    );
    expect(unzipText(bytes)[sheetPart(bytes, LEADS)]).toContain("<mergeCell ");
    await expectHandled("merged cells inside a table", bytes);
  });

  test("a deleted Settings sheet", async () => {
    const bytes = deleteSheet(await buildBook(BASE), SETTINGS);
    expect(Object.values(unzipText(bytes)).some((x) => x.includes(`name="${SETTINGS}"`))).toBe(false);
    const outcomes = await expectHandled("deleted Settings sheet", bytes);
    const generic = outcomes.find((o) => o.op === "refresh generic");
    if (generic?.ok) {
      const wb = await XlsxWorkbook.fromBytes(bytes);
      const r = await refresh(wb, JOB);
      // The report says Settings were missing (defaults were used), rather than going quiet.
      expect(r.report.settingsMissing).toBe(true);
    }
  });

  test("a Leads sheet with 1,048,576 used rows", async () => {
    const built = await buildBook(BASE);
    const part = sheetPart(built, LEADS);
    const { value: bytes, ms: buildMs } = await timed(async () =>
      editPart(built, part, (xml) => {
        const last = Math.max(...[...xml.matchAll(/<row\b[^>]*\br="(\d+)"/g)].map((m) => Number(m[1])));
        // Rows that hold a blank, formatted cell (what "format the whole column" leaves), and one value in the last row.
        const rows: string[] = [];
        for (let r = last + 1; r < 1048576; r++) rows.push(`<row r="${r}"><c r="B${r}" s="0"/></row>`);
        rows.push(`<row r="1048576"><c r="AH1048576" t="inlineStr"><is><t>end</t></is></c></row>`);
        return xml
          .replace(/<dimension ref="[^"]*"\/>/, '<dimension ref="A1:AH1048576"/>')
          .replace("</sheetData>", rows.join("") + "</sheetData>");
      }),
    );
    expect(unzipText(bytes)[part]).toContain('r="1048576"');
    const outcomes = await expectHandled("1,048,576 used rows", bytes, false);
    record({
      kind: "bad-input",
      name: "1,048,576 used rows — build the file",
      tried: 0,
      handled: 0,
      ms: buildMs,
      note: `${(bytes.length / 1e6).toFixed(1)} MB file`,
    });
    // Refresh still sees the three real leads (the empty rows are not data).
    const fast = outcomes.find((o) => o.op === "refresh fast");
    if (fast?.out) {
      const port = new FastXlsxPort(fast.out);
      expect((await port.readTables(["Leads"])).get("Leads")!.values.length).toBe(3);
    }
  }, 600_000);
});
