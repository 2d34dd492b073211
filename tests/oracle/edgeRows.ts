/**
 * Hand-made rows that probe the formulas where they are most likely to
 * disagree with the engine: blanks, text where a date belongs, values outside
 * their list, overrides, closed leads, times of day, and the three alerts.
 */
import { tableDefs } from "../../src/domain/fields/definitions";
import { defaultSettings } from "../../src/domain/settings/defaults";
import type { InputTableName, Locale, Serial } from "../../src/domain/types";
import { tr } from "../../src/domain/types";
import type { Scalar } from "../../src/domain/plan/changes";
import type { XlsxWorkbook } from "../support/exceljs";

type Row = Record<string, Scalar>;

export function edgeRows(locale: Locale, today: Serial): { Leads: Row[]; Conversion: Row[] } {
  const lists = defaultSettings(locale).lists;
  const o = (key: keyof typeof lists, i: number) => lists[key][i].value;
  const zh = locale === "zh-CN";
  const base = (n: number): Row => ({
    leadId: zh ? `线索-20240501-${String(n).padStart(3, "0")}` : `L-20240501-${String(n).padStart(3, "0")}`,
    customer: zh ? `测试客户${n}有限公司` : `Test Customer ${n} Ltd.`,
    contact: zh ? "张伟" : "John Smith",
    phone: "13812345678",
    industry: o("industry", 0),
    companySize: o("companySize", 0),
    needType: o("needType", 0),
    needDesc: zh ? "采购设备" : "Buy machines",
    budget: o("budget", 0),
    urgency: o("urgency", 0),
    decisionAccess: o("decisionAccess", 0),
    source: o("source", 1),
    status: o("status", 1),
    stage: o("stage", 1),
    owner: zh ? "王芳" : "Mary Lee",
    createdAt: today - 20.5,
  });
  const leads: Row[] = [
    // 1. Grade A, last follow-up 3 days ago with a time: overdue (cadence 1 day).
    { ...base(1), lastFollowUp: today - 3.25, stageSince: today - 5 },
    // 2. Blank created date and no follow-up (install fills the created date: an owned cell).
    { ...base(2), createdAt: null },
    // 3. Text where dates belong.
    { ...base(3), createdAt: "2024/5/1", lastFollowUp: "2024年5月3日", stageSince: "yesterday" },
    // 4. Values outside their lists, and blanks in scored fields: 0 points.
    { ...base(4), budget: zh ? "100万" : "1M", urgency: null, decisionAccess: zh ? "老板" : "Boss", companySize: "" },
    // 5. Grade override D (cadence 30), recent follow-up.
    { ...base(5), gradeOverride: "D", lastFollowUp: today - 2 },
    // 6. Lost and won leads: no alert whatever their dates.
    { ...base(6), status: o("status", 3), lastFollowUp: today - 200 },
    { ...base(7), status: o("status", 2), stage: o("stage", 4), lastFollowUp: today - 150 },
    // 8. Dormant by silence (no follow-up for more than 90 days).
    { ...base(8), budget: o("budget", 2), urgency: o("urgency", 2), lastFollowUp: today - 120.4 },
    // 9. Dormant by three unanswered follow-ups.
    { ...base(9), lastFollowUp: today - 0.5, noReplyRun: 3 },
    // 10. Stalled: in a stage with a 14-day limit for 30 days, followed up this morning.
    { ...base(10), stage: o("stage", 2), stageSince: today - 30, lastFollowUp: today - 0.2 },
    // 11. Score exactly at the A and B thresholds (30+25+25+... and 20+15+15+8 = 58, 10+25+25+...).
    {
      ...base(11),
      budget: o("budget", 0),
      urgency: o("urgency", 0),
      decisionAccess: o("decisionAccess", 1),
      companySize: o("companySize", 2),
    },
    {
      ...base(12),
      budget: o("budget", 1),
      urgency: o("urgency", 1),
      decisionAccess: o("decisionAccess", 1),
      companySize: o("companySize", 1),
    },
    // 13. Padded list values, an invalid lead, a number typed as text in an owned column.
    { ...base(13), budget: ` ${o("budget", 1)} `, status: o("status", 5), noReplyRun: "3" },
    // 14. Created in the future, followed up never; a dormant-status lead.
    { ...base(14), createdAt: today + 2.75, status: o("status", 4) },
    // 15. Created today at 23:59.
    { ...base(15), createdAt: today + 0.999, budget: o("budget", 3) },
  ];
  const conv = (n: number, extra: Row): Row => ({
    leadId: base(n).leadId,
    source: o("source", 1),
    industry: o("industry", 0),
    owner: zh ? "王芳" : "Mary Lee",
    createdAt: 45413,
    ...extra,
  });
  const d = (m: number, day: number) => 45413 + (m - 5) * 31 + (day - 1); // May/June 2024
  const conversion: Row[] = [
    // The worked conversion example: days 1, 7, 10, 5; won, cycle 24.
    conv(1, {
      stage1At: d(5, 2),
      stage2At: d(5, 3),
      stage3At: d(5, 10),
      stage4At: d(5, 20),
      stage5At: d(5, 25),
      result: o("result", 0),
      closedAt: d(5, 25),
      amount: 450000,
    }),
    // Lost at stage 3 (blank stage 2: skipped), close date with a time.
    conv(6, {
      stage1At: d(5, 2),
      stage3At: d(5, 10),
      result: o("result", 1),
      closedAt: d(5, 30) + 0.6,
      lossReason: o("lossReason", 1),
    }),
    // Out-of-order dates, text date, ongoing.
    conv(2, { stage1At: d(5, 20), stage2At: d(5, 3), stage3At: "2024-05-25", result: o("result", 2) }),
    // Unknown result, blank everything else.
    conv(3, { result: zh ? "不知道" : "Unknown", createdAt: null }),
    // Won without a close date; lost with no stage dates.
    conv(4, { stage1At: d(5, 2), result: o("result", 0), amount: 1000 }),
    conv(5, { result: o("result", 1), closedAt: d(6, 1) }),
    // Created with a time; stage dates with times.
    conv(7, {
      createdAt: 45413.75,
      stage1At: 45414.5,
      stage2At: 45416.25,
      result: o("result", 0),
      closedAt: 45420.9,
      amount: 12.5,
    }),
  ];
  return { Leads: leads, Conversion: conversion };
}

/** Append rows (by field key) to a table, in the table's own column order, as a user typing them would. */
export async function appendByKey(
  wb: XlsxWorkbook,
  table: InputTableName,
  rows: Row[],
  locale: Locale,
  stageCount = 5,
): Promise<void> {
  const def = tableDefs(stageCount)[table];
  const info = (await wb.readState()).tables.find((t) => t.name === table);
  if (!info) throw new Error(`no table ${table}`);
  const keyOf = (h: string) =>
    def.fields.find((f) => tr(f.header, locale) === h || f.header.zh === h || f.header.en === h)?.key;
  const keys = info.headers.map(keyOf);
  await wb.apply([
    { op: "appendRows", table, rows: rows.map((r) => keys.map((k) => (k === undefined ? null : (r[k] ?? null)))) },
  ]);
}
