/**
 * Formula injection (issue 7, item 3; docs/ARCHITECTURE.md §4): user text that starts with
 * "=", "+", "-" or "@" goes into every text and list field of every input
 * table — typed/pasted rows and a CSV import — then Refresh (both file
 * paths) and Check run on the real file. At the XML level every cell the
 * add-in wrote with such a text must be a string cell without <f>, and no
 * formula anywhere may contain a payload.
 */
import { tableDefs, SHEET_NAMES, type FieldDef } from "../../src/domain/fields/definitions";
import type { RowsByTable } from "../../src/domain/plan/install";
import type { Scalar } from "../../src/domain/plan/changes";
import { check } from "../../src/operations/check";
import { importRows } from "../../src/operations/import";
import { readCsvSource } from "../../src/operations/importSources";
import { refresh } from "../../src/operations/refresh";
import { XlsxWorkbook } from "../support/exceljs";
import { FastXlsxPort } from "../../src/workbook/xlsx/package/fastPort";
import {
  allCells,
  buildBook,
  INJECTION_BODIES,
  INJECTIONS,
  isPlainText,
  record,
  ymd,
  type XmlCell,
} from "../support/xlsxXml";

const defs = tableDefs(5);
const TEXTUAL = new Set(["text", "longText", "list", "phone"]);
const textFields = (fields: FieldDef[]) =>
  fields.filter((f) => f.kind === "input" && TEXTUAL.has(f.type) && f.key !== "leadId");
const P = (i: number) => INJECTIONS[i % INJECTIONS.length];
const VALID_LEAD = {
  budget: "未明确",
  urgency: "3个月以上",
  decisionAccess: "仅对接执行者",
  companySize: "年营收1亿以下",
  status: "跟进中",
  stage: "初步接洽",
};

function rows(): RowsByTable {
  const leads: Record<string, Scalar>[] = [];
  for (let i = 0; i < 10; i++) {
    const r: Record<string, Scalar> = { leadId: `L-${i + 1}`, createdAt: ymd(2024, 3, 1 + i) };
    textFields(defs.Leads.fields).forEach((f, j) => (r[f.key] = P(i + j)));
    // Half the leads keep valid scoring and status lists, so they are open and land on the due list.
    if (i < 5) Object.assign(r, VALID_LEAD);
    leads.push(r);
  }
  const followUps: Record<string, Scalar>[] = [];
  for (let i = 0; i < 10; i++) {
    const r: Record<string, Scalar> = { leadId: `L-${i + 1}`, at: ymd(2024, 3, 20, 10), dueDate: ymd(2024, 3, 25) };
    textFields(defs.FollowUps.fields).forEach((f, j) => (r[f.key] = P(i + j + 1)));
    followUps.push(r);
  }
  const conversion: Record<string, Scalar>[] = [];
  for (let i = 0; i < 5; i++) {
    const r: Record<string, Scalar> = { leadId: `L-${i + 1}`, stage1At: ymd(2024, 3, 2) };
    textFields(defs.Conversion.fields).forEach((f, j) => (r[f.key] = P(i + j + 2)));
    conversion.push(r);
  }
  const costs = INJECTIONS.map((p) => ({ channel: p, period: "2024-03", cost: 100 }));
  return { Leads: leads, FollowUps: followUps, Conversion: conversion, ChannelCosts: costs };
}

function csvField(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A CSV of 5 more leads whose every text field is a payload (lead IDs left for the add-in). */
function importCsv(): Uint8Array {
  const fields = textFields(defs.Leads.fields);
  const lines = [fields.map((f) => f.header.zh).join(",")];
  for (let i = 0; i < 5; i++) lines.push(fields.map((f, j) => csvField(P(i + j + 3))).join(","));
  return new TextEncoder().encode(lines.join("\n") + "\n");
}

const AS_OF = ymd(2024, 6, 1);
const NOW = new Date(2024, 5, 1, 12);
const REVIEW_SHEETS = new Set<string>([
  SHEET_NAMES.reviewChannels.zh,
  SHEET_NAMES.reviewFunnel.zh,
  SHEET_NAMES.reviewBreakdown.zh,
  SHEET_NAMES.reviewSales.zh,
  SHEET_NAMES.reviewDue.zh,
]);
const PAYLOADS = new Set<string>(INJECTIONS);

interface Audit {
  payloadCells: { sheet: string; cell: XmlCell }[];
  formulasWithPayload: string[];
}

function audit(bytes: Uint8Array): Audit {
  const payloadCells: Audit["payloadCells"] = [];
  const formulasWithPayload: string[] = [];
  for (const [sheet, cells] of allCells(bytes)) {
    for (const c of cells) {
      if (c.formula !== null) {
        const f = c.formula.replace(/^=/, "");
        if (INJECTION_BODIES.some((b) => f.includes(b)) || INJECTIONS.some((p) => f === p || f === p.slice(1)))
          formulasWithPayload.push(`${sheet}!${c.ref}: ${c.formula}`);
      }
      if (c.value !== null && PAYLOADS.has(c.value)) payloadCells.push({ sheet, cell: c });
    }
  }
  return { payloadCells, formulasWithPayload };
}

let built: Uint8Array;
let importedCount = 0;

beforeAll(async () => {
  const wb = await XlsxWorkbook.fromBytes(await buildBook(rows()));
  const { report } = await importRows(wb, readCsvSource(importCsv()), { into: "Leads", onDuplicate: "keep", now: NOW });
  importedCount = report.imported?.length ?? 0;
  built = await wb.toBytes();
}, 60_000);

describe.each(["generic", "fast"] as const)(
  "injection strings through install + import + refresh (%s) + check",
  (path) => {
    let out: Uint8Array;
    beforeAll(async () => {
      if (path === "generic") {
        const wb = await XlsxWorkbook.fromBytes(built);
        await refresh(wb, { period: { kind: "all" }, asOf: AS_OF, now: NOW });
        out = await wb.toBytes();
      } else {
        const port = new FastXlsxPort(built);
        await refresh(port, { period: { kind: "all" }, asOf: AS_OF, now: NOW });
        out = port.save();
      }
    }, 60_000);

    test("every cell holding a payload is a string cell without a formula, and no formula carries a payload", () => {
      const a = audit(out);
      const notText = a.payloadCells
        .filter((p) => !isPlainText(p.cell))
        .map((p) => `${p.sheet}!${p.cell.ref} t=${p.cell.type} f=${p.cell.formula}`);
      record({
        kind: "injection",
        name: `payload cells after refresh (${path})`,
        tried: a.payloadCells.length,
        handled: a.payloadCells.length - notText.length - a.formulasWithPayload.length,
      });
      expect(notText).toEqual([]);
      expect(a.formulasWithPayload).toEqual([]);
      // Every payload occurs, so the check is not vacuous.
      for (const p of INJECTIONS) expect(a.payloadCells.some((c) => c.cell.value === p)).toBe(true);
    });

    test("the payloads reach the places the add-in copies text to: review sheets, the due list, Conversion's copies", () => {
      const a = audit(out);
      const sheets = new Set(a.payloadCells.map((p) => p.sheet));
      expect([...sheets].filter((s) => REVIEW_SHEETS.has(s)).length).toBeGreaterThanOrEqual(2);
      expect(sheets.has(SHEET_NAMES.reviewDue.zh)).toBe(true);
      expect(sheets.has(SHEET_NAMES.reviewChannels.zh)).toBe(true);
      // Conversion rows the add-in added get source/industry/owner copied from Leads.
      const conv = a.payloadCells.filter((p) => p.sheet === SHEET_NAMES.conversion.zh);
      expect(conv.length).toBeGreaterThan(5 * textFields(defs.Conversion.fields).length);
    });

    test("Check reads the same file without crashing and reports the pasted values outside their lists", async () => {
      const wb = await XlsxWorkbook.fromBytes(out);
      const result = await check(wb);
      const problems = result.problems.length;
      expect(problems).toBeGreaterThan(0);
      expect(result.problems.some((p) => PAYLOADS.has(String(p.value ?? "")))).toBe(true);
    });
  },
);

test("the CSV import brought its rows in (the import path is exercised)", () => {
  expect(importedCount).toBe(5);
  const a = audit(built);
  const notText = a.payloadCells.filter((p) => !isPlainText(p.cell));
  record({
    kind: "injection",
    name: "payload cells after install + import",
    tried: a.payloadCells.length,
    handled: a.payloadCells.length - notText.length - a.formulasWithPayload.length,
  });
  expect(notText.map((p) => `${p.sheet}!${p.cell.ref}`)).toEqual([]);
  expect(a.formulasWithPayload).toEqual([]);
});

test("the audit itself catches a formula made from user text (so the checks above can fail)", async () => {
  const ExcelJS = (await import("exceljs")).default;
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("S");
  ws.getCell("A1").value = { formula: 'HYPERLINK("http://x","y")', result: "y" };
  ws.getCell("A2").value = { formula: "1+1", result: 2 };
  ws.getCell("A3").value = INJECTIONS[0];
  const a = audit(new Uint8Array(await wb.xlsx.writeBuffer()));
  expect(a.formulasWithPayload.map((f) => f.split(":")[0])).toEqual(["S!A1", "S!A2"]);
  expect(a.payloadCells.map((p) => [p.cell.ref, isPlainText(p.cell)])).toEqual([["A3", true]]);
});
