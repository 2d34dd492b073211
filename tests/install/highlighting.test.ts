/**
 * The live-highlighting rules in a real spreadsheet engine. Conditional-format
 * formulas are written once more as ordinary "probe" formulas beside each
 * table (shifted to every data row, as the spreadsheet applies them), the
 * workbook is recalculated by LibreOffice, and each probe's TRUE/FALSE is
 * compared with what a person expects for hand-made rows.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { XlsxWorkbook } from "../support/exceljs";
import { planInstall } from "../../src/domain/plan/install";
import { defaultSettings } from "../../src/domain/settings/defaults";
import { tableDefs } from "../../src/domain/fields/definitions";
import type { Change, Scalar } from "../../src/domain/plan/changes";
import { columnLetters1, parseRange } from "../../src/domain/a1";
import { recalculate } from "../support/libreoffice";
import { tempDir } from "../support/xlsxFiles";
import { parsePhone } from "../../src/domain/parse/phones";
import {
  GENERATED_ACCEPTED,
  GENERATED_REJECTED,
  PHONES_ACCEPTED,
  PHONES_CHECK_ONLY,
  PHONES_REJECTED,
} from "./phoneExamples";

const BAD = "#FFC7CE";
const WARN = "#FFEB9C";
import type { Locale } from "../../src/domain/types";

let s = defaultSettings("zh-CN");
/** Phone examples, in the order of their Leads rows (from row 8). */
const PHONE_EXAMPLES: Scalar[] = [
  ...PHONES_ACCEPTED,
  ...PHONES_REJECTED,
  ...PHONES_CHECK_ONLY,
  ...GENERATED_ACCEPTED,
  ...GENERATED_REJECTED,
];
const PHONE_FIRST_ROW = 8;
const v = (k: keyof typeof s.lists, i: number) => s.lists[k][i].value;

function rowsFor(locale: Locale) {
  s = defaultSettings(locale);
  const validLead = (id: string, customer: string, phone: string): Record<string, Scalar> => ({
    leadId: id,
    customer,
    contact: "张伟",
    phone,
    industry: v("industry", 0),
    companySize: v("companySize", 0),
    needType: v("needType", 0),
    needDesc: "采购设备",
    budget: v("budget", 0),
    urgency: v("urgency", 0),
    decisionAccess: v("decisionAccess", 0),
    source: v("source", 1),
    status: v("status", 1),
    stage: v("stage", 1),
    owner: "王芳",
    createdAt: 45413.5,
  });

  const leads: Record<string, Scalar>[] = [
    validLead("线索-20240501-001", "上海甲机械有限公司", "13812345678"), // row 2: nothing to flag
    { ...validLead("线索-20240501-002", "北京乙科技有限公司", "010-12345678"), industry: "不存在的行业" }, // row 3
    { ...validLead("线索-20240501-003", "深圳丙电子有限公司", "+86 138 1234 5678"), contact: null }, // row 4
    { ...validLead("线索-20240501-004", "广州丁贸易有限公司", "12345") }, // row 5
    { ...validLead("线索-20240501-005", "杭州戊软件有限公司", "13900000001") }, // row 6
    { ...validLead("线索-20240501-006", "杭州戊软件有限公司", "13900000002") }, // row 7: same customer as row 6
    // Rows 8…: one phone example each (distinct customers), the cases Check accepts and rejects.
    ...PHONE_EXAMPLES.map((phone, i) => validLead(`线索-20240601-${100 + i}`, `示例客户${i}`, phone as string)),
  ];
  const followUps: Record<string, Scalar>[] = [
    {
      leadId: "线索-20240501-001",
      at: 45414.5,
      method: v("method", 0),
      counterpart: "李总",
      summary: "介绍",
      intent: v("intent", 0),
      stage: v("stage", 0),
      nextStep: "报价",
      dueDate: 45420,
      by: "王芳",
    },
    {
      leadId: "线索-99999999-999",
      at: 45414.5,
      method: v("method", 0),
      counterpart: "李总",
      summary: "介绍",
      intent: v("intent", 0),
      stage: v("stage", 0),
      nextStep: "报价",
      dueDate: 45410,
      by: "王芳",
    },
    {
      leadId: "线索-20240501-001",
      at: 73000,
      method: v("method", 0),
      counterpart: "李总",
      summary: "介绍",
      intent: v("intent", 0),
      stage: v("stage", 0),
      nextStep: "报价",
      dueDate: 73001,
      by: "王芳",
    },
  ];
  const conversion: Record<string, Scalar>[] = [
    {
      leadId: "线索-20240501-001",
      stage1At: 45414,
      stage2At: 45415,
      stage3At: 45422,
      result: v("result", 0),
      closedAt: 45430,
      amount: 450000,
    },
    {
      leadId: "线索-20240501-002",
      stage1At: 45414,
      stage2At: 45420,
      stage3At: 45418,
      result: v("result", 2),
      amount: 1000,
    },
    {
      leadId: "线索-20240501-003",
      stage1At: 45414,
      result: v("result", 0),
      closedAt: 45430,
      lossReason: v("lossReason", 0),
    },
    { leadId: "线索-20240501-004", stage1At: 45414, result: v("result", 1), closedAt: 45430 },
  ];
  const costs: Record<string, Scalar>[] = [
    { channel: v("source", 0), period: "2024-Q2", cost: 1000 },
    { channel: v("source", 0), period: "2024-13", cost: 1000 },
    { channel: v("source", 1), period: "2024-05", cost: 1000 },
    { channel: v("source", 1), period: "2024-05", cost: -5 },
  ];

  return { leads, followUps, conversion, costs };
}

/** Shift a formula written for row `from` to row `to` (relative row references only). */
function shiftRow(formula: string, from: number, to: number): string {
  return formula.replace(new RegExp(`(?<![A-Za-z0-9_$])(\\$?[A-Z]{1,3})${from}(?![0-9])`, "g"), `$1${to}`);
}

type Probe = { sheet: string; column: string; key: string; fill: string; probeColumn: string };
interface Case {
  probes: Probe[];
  results: Map<string, boolean>;
}

const tmp = tempDir();
afterAll(() => tmp.cleanup());
const defs = tableDefs(5);
const LOCALES: Locale[] = ["zh-CN", "en-US"];
const cases = new Map<Locale, Case>();

/** Build the workbook with probes beside each table; return its path and probes. */
async function build(locale: Locale): Promise<{ path: string; probes: Probe[] }> {
  const { leads, followUps, conversion, costs } = rowsFor(locale);
  const wb = XlsxWorkbook.create();
  const plan = planInstall({
    state: await wb.readState(),
    settings: s,
    locale,
    now: 45444.5,
    asOf: 45444,
    append: { Leads: leads, FollowUps: followUps, Conversion: conversion, ChannelCosts: costs },
  });
  await wb.apply(plan.changes);
  const rowsOf: Record<string, number> = {
    [defs.Leads.sheet[locale === "zh-CN" ? "zh" : "en"]]: leads.length,
    [defs.FollowUps.sheet[locale === "zh-CN" ? "zh" : "en"]]: followUps.length,
    [defs.Conversion.sheet[locale === "zh-CN" ? "zh" : "en"]]: conversion.length,
    [defs.ChannelCosts.sheet[locale === "zh-CN" ? "zh" : "en"]]: costs.length,
  };
  const keyOf = new Map<string, string>();
  for (const t of Object.values(defs))
    for (const c of plan.changes)
      if (c.op === "createTable" && c.table === t.name)
        c.headers.forEach((_, i) => keyOf.set(`${c.sheet}!${columnLetters1(i + 1)}`, t.fields[i].key));
  const probes: Probe[] = [];
  const writes: Change[] = [];
  const nextProbe = new Map<string, number>();
  for (const c of plan.changes) {
    if (c.op !== "setConditionalFormats" || !(c.sheet in rowsOf)) continue;
    const { first } = parseRange(c.address);
    for (const f of c.formats) {
      const n = nextProbe.get(c.sheet) ?? 60; // far right of every table
      nextProbe.set(c.sheet, n + 1);
      const probeColumn = columnLetters1(n);
      probes.push({
        sheet: c.sheet,
        column: first.column,
        key: keyOf.get(`${c.sheet}!${first.column}`)!,
        fill: f.fill ?? "",
        probeColumn,
      });
      const cells = Array.from({ length: rowsOf[c.sheet] }, (_, i) => [
        { formula: shiftRow(f.formula, first.row, first.row + i) },
      ]);
      writes.push({ op: "writeCells", sheet: c.sheet, topLeft: `${probeColumn}${first.row}`, cells });
    }
  }
  await wb.apply(writes);
  const path = join(tmp.dir, `highlight-${locale}.xlsx`);
  writeFileSync(path, await wb.toBytes());
  return { path, probes };
}

beforeAll(async () => {
  const built = [];
  for (const locale of LOCALES) built.push(await build(locale));
  const outs = await recalculate(
    built.map((b) => b.path),
    { outDir: tmp.dir + "/out" },
  );
  for (let i = 0; i < LOCALES.length; i++) {
    const back = await XlsxWorkbook.fromBytes(new Uint8Array(readFileSync(outs[i])));
    const { probes } = built[i];
    const results = new Map<string, boolean>();
    for (const cell of back.formulaCells())
      if (
        probes.some(
          (p) =>
            p.sheet === cell.sheet &&
            cell.address.startsWith(p.probeColumn) &&
            /^\d+$/.test(cell.address.slice(p.probeColumn.length)),
        )
      )
        results.set(`${cell.sheet}!${cell.address}`, cell.result === true || cell.result === 1);
    cases.set(LOCALES[i], { probes, results });
  }
}, 300000);

describe.each(LOCALES)("live highlighting, evaluated by LibreOffice (%s)", (locale) => {
  const sheetOf = (table: keyof typeof defs) => defs[table].sheet[locale === "zh-CN" ? "zh" : "en"];
  function fired(table: keyof typeof defs, key: string, row: number, fill: string): boolean {
    const { probes, results } = cases.get(locale)!;
    const sheet = sheetOf(table);
    const list = probes.filter((p) => p.sheet === sheet && p.key === key && p.fill === fill);
    if (list.length === 0) throw new Error(`no ${fill} rule on ${table}.${key}`);
    return list.some((p) => results.get(`${sheet}!${p.probeColumn}${row}`) === true);
  }
  function anyFired(table: keyof typeof defs, row: number, keys: string[]): string[] {
    const { probes, results } = cases.get(locale)!;
    const sheet = sheetOf(table);
    return probes
      .filter(
        (p) =>
          p.sheet === sheet &&
          keys.includes(p.key) &&
          (p.fill === BAD || p.fill === WARN) &&
          results.get(`${sheet}!${p.probeColumn}${row}`) === true,
      )
      .map((p) => `${p.key} ${p.fill}`);
  }
  const leadKeys = [
    "leadId",
    "customer",
    "contact",
    "phone",
    "industry",
    "companySize",
    "needType",
    "needDesc",
    "budget",
    "urgency",
    "decisionAccess",
    "source",
    "status",
    "stage",
    "owner",
  ];
  test("a complete, valid lead row raises nothing", () => {
    expect(anyFired("Leads", 2, leadKeys)).toEqual([]);
  });
  test("stage colour-coding and the alert colours on Leads", () => {
    // Every test lead is at stage 2; created 2024-05-01 with no follow-up, it is dormant by today.
    expect(fired("Leads", "stage", 2, "#BDD7EE")).toBe(true);
    expect(fired("Leads", "stage", 2, "#DDEBF7")).toBe(false);
    expect(fired("Leads", "alert", 2, "#D9D9D9")).toBe(true);
    expect(fired("Leads", "alert", 2, WARN)).toBe(false);
  });
  test("a pasted value outside its list", () => {
    expect(fired("Leads", "industry", 3, BAD)).toBe(true);
    expect(fired("Leads", "industry", 2, BAD)).toBe(false);
  });
  test("a blank required cell in a started row", () => {
    expect(fired("Leads", "contact", 4, WARN)).toBe(true);
    expect(fired("Leads", "contact", 2, WARN)).toBe(false);
  });
  test("malformed phones, but not landlines or international numbers", () => {
    expect(fired("Leads", "phone", 5, BAD)).toBe(true);
    expect(fired("Leads", "phone", 3, BAD)).toBe(false);
    expect(fired("Leads", "phone", 4, BAD)).toBe(false);
  });
  test("the phone highlight agrees with Check on every shared example (a landline with an extension is not red)", () => {
    const disagree: string[] = [];
    PHONE_EXAMPLES.forEach((phone, i) => {
      if (PHONES_CHECK_ONLY.includes(phone)) return;
      const red = fired("Leads", "phone", PHONE_FIRST_ROW + i, BAD);
      const accepted = parsePhone(phone).ok;
      if (red === accepted)
        disagree.push(
          `${JSON.stringify(phone)}: Check ${accepted ? "accepts" : "rejects"}, highlight ${red ? "red" : "off"}`,
        );
    });
    expect(disagree).toEqual([]);
    // The lists say what they claim: Check's verdict on each.
    expect([...PHONES_ACCEPTED, ...GENERATED_ACCEPTED].filter((p) => !parsePhone(p).ok)).toEqual([]);
    expect([...PHONES_REJECTED, ...GENERATED_REJECTED].filter((p) => parsePhone(p).ok)).toEqual([]);
  });
  test("the shapes only Check can see are listed as such (Check rejects, the highlight stays off)", () => {
    PHONES_CHECK_ONLY.forEach((phone) => {
      const i = PHONE_EXAMPLES.indexOf(phone);
      expect([phone, parsePhone(phone).ok]).toEqual([phone, false]);
      expect([phone, fired("Leads", "phone", PHONE_FIRST_ROW + i, BAD)]).toEqual([phone, false]);
    });
  });
  test("duplicate customers, both rows", () => {
    expect(fired("Leads", "customer", 6, WARN)).toBe(true);
    expect(fired("Leads", "customer", 7, WARN)).toBe(true);
    expect(fired("Leads", "customer", 5, WARN)).toBe(false);
  });
  test("follow-ups: unknown lead, date in the future, due before the contact", () => {
    expect(fired("FollowUps", "leadId", 3, BAD)).toBe(true);
    expect(fired("FollowUps", "leadId", 2, BAD)).toBe(false);
    expect(fired("FollowUps", "at", 4, BAD)).toBe(true);
    expect(fired("FollowUps", "at", 2, BAD)).toBe(false);
    expect(fired("FollowUps", "dueDate", 3, BAD)).toBe(true);
    expect(fired("FollowUps", "dueDate", 2, BAD)).toBe(false);
  });
  test("conversion: stage dates out of order, amount on a row that is not won, won without amount, reason on a won row", () => {
    expect(fired("Conversion", "stage3At", 3, BAD)).toBe(true);
    expect(fired("Conversion", "stage3At", 2, BAD)).toBe(false);
    expect(fired("Conversion", "amount", 3, BAD)).toBe(true);
    expect(fired("Conversion", "amount", 2, BAD)).toBe(false);
    expect(fired("Conversion", "amount", 4, WARN)).toBe(true);
    expect(fired("Conversion", "lossReason", 4, BAD)).toBe(true);
    expect(fired("Conversion", "lossReason", 5, WARN)).toBe(true);
    expect(fired("Conversion", "lossReason", 5, BAD)).toBe(false);
  });
  test("channel costs: malformed period, duplicate channel + period, negative cost", () => {
    expect(fired("ChannelCosts", "period", 3, BAD)).toBe(true);
    expect(fired("ChannelCosts", "period", 2, BAD)).toBe(false);
    expect(fired("ChannelCosts", "period", 4, WARN)).toBe(true);
    expect(fired("ChannelCosts", "period", 5, WARN)).toBe(true);
    expect(fired("ChannelCosts", "period", 2, WARN)).toBe(false);
    expect(fired("ChannelCosts", "cost", 5, BAD)).toBe(true);
    expect(fired("ChannelCosts", "cost", 2, BAD)).toBe(false);
  });
});
