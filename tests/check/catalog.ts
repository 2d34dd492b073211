/**
 * The catalog of bad inputs (docs/ARCHITECTURE.md §4): each case plants one problem into the
 * clean book and names the code(s) it must produce and where (table, data-row
 * index, field key). Cases with `expect: []` are tolerated inputs (amounts
 * typed as text, formula-looking text) that must NOT be reported. Dates typed
 * as text ARE reported: the formulas see them as blank.
 */
import { d, type Book, type Rec } from "../support/cleanBook";
import type { InputTableName } from "../../src/domain/types";

export interface Expected {
  table: InputTableName;
  /** Data-row index (worksheet row = 2 + index), or -1 for the header row. */
  index: number;
  field: string;
  code: string;
}

export interface Case {
  name: string;
  /** Plant the problem (mutates the book). */
  plant: (b: Book) => void;
  expect: Expected[];
  /** A value the xlsx adapter refuses to write (Excel cannot hold it): checked in memory only. */
  notWritable?: true;
  /** Rename (or with "" delete) a header: [table, field key, new header]. */
  header?: [InputTableName, string, string];
}

const set = (table: InputTableName, index: number, values: Rec) => (b: Book) => Object.assign(b[table][index], values);
const append = (table: InputTableName, rec: (b: Book) => Rec) => (b: Book) => void b[table].push(rec(b));
const one = (table: InputTableName, index: number, field: string, code: string): Expected[] => [
  { table, index, field, code },
];

const L = "Leads" as const,
  F = "FollowUps" as const,
  C = "Conversion" as const,
  K = "ChannelCosts" as const;

export const CATALOG: Case[] = [
  // Leads (row index 3 has no dependants; 0 is won, 1 open, 2 lost)
  { name: "lead: customer blank", plant: set(L, 3, { customer: "  " }), expect: one(L, 3, "customer", "required") },
  { name: "lead: contact blank", plant: set(L, 3, { contact: null }), expect: one(L, 3, "contact", "required") },
  { name: "lead: phone blank", plant: set(L, 3, { phone: "" }), expect: one(L, 3, "phone", "required") },
  {
    name: "lead: mobile with 10 digits",
    plant: set(L, 3, { phone: "1381234567" }),
    expect: one(L, 3, "phone", "bad-phone"),
  },
  { name: "lead: phone with letters", plant: set(L, 3, { phone: "call me" }), expect: one(L, 3, "phone", "bad-phone") },
  {
    name: "lead: landline without area code",
    plant: set(L, 3, { phone: "62345678" }),
    expect: one(L, 3, "phone", "bad-phone"),
  },
  {
    name: "lead: industry pasted outside the list",
    plant: set(L, 3, { industry: "汽车" }),
    expect: one(L, 3, "industry", "not-in-list"),
  },
  {
    name: "lead: company size outside the list",
    plant: set(L, 3, { companySize: "很大" }),
    expect: one(L, 3, "companySize", "not-in-list"),
  },
  {
    name: "lead: old budget band 10-30万",
    plant: set(L, 3, { budget: "10-30万" }),
    expect: one(L, 3, "budget", "not-in-list"),
  },
  { name: "lead: urgency blank", plant: set(L, 3, { urgency: null }), expect: one(L, 3, "urgency", "required") },
  {
    name: "lead: decision access outside the list",
    plant: set(L, 3, { decisionAccess: "老板" }),
    expect: one(L, 3, "decisionAccess", "not-in-list"),
  },
  { name: "lead: need type blank", plant: set(L, 3, { needType: null }), expect: one(L, 3, "needType", "required") },
  {
    name: "lead: source outside the list",
    plant: set(L, 3, { source: "朋友圈" }),
    expect: one(L, 3, "source", "not-in-list"),
  },
  {
    name: "lead: status outside the list",
    plant: set(L, 3, { status: "进行中" }),
    expect: one(L, 3, "status", "not-in-list"),
  },
  {
    name: "lead: stage outside the list",
    plant: set(L, 3, { stage: "签约" }),
    expect: one(L, 3, "stage", "not-in-list"),
  },
  { name: "lead: owner blank", plant: set(L, 3, { owner: null }), expect: one(L, 3, "owner", "required") },
  {
    name: "lead: customer one character",
    plant: set(L, 3, { customer: "华" }),
    expect: one(L, 3, "customer", "too-short"),
  },
  {
    name: "lead: created date impossible",
    plant: set(L, 3, { createdAt: "2024/13/01" }),
    expect: one(L, 3, "createdAt", "bad-date"),
  },
  {
    name: "lead: created date in the future",
    plant: set(L, 3, { createdAt: d(2099, 1, 1) }),
    expect: one(L, 3, "createdAt", "future-date"),
  },
  {
    name: "lead: expected close not a month",
    plant: set(L, 3, { expectedClose: "下个月" }),
    expect: one(L, 3, "expectedClose", "bad-date"),
  },
  {
    name: "lead: duplicate lead ID",
    plant: set(L, 3, { leadId: "线索-20240501-001" }),
    expect: one(L, 3, "leadId", "duplicate-id"),
  },
  {
    name: "lead: duplicate customer typed differently",
    plant: set(L, 3, { customer: "上海华东精密机械" }),
    expect: one(L, 3, "customer", "duplicate-customer"),
  },
  {
    name: "lead: duplicate phone typed differently",
    plant: set(L, 3, { phone: "138 1234 5678" }),
    expect: one(L, 3, "phone", "duplicate-customer"),
  },
  { name: "lead: lead ID blank", plant: set(L, 3, { leadId: null }), expect: one(L, 3, "leadId", "auto-missing") },
  {
    name: "lead: created date blank",
    plant: set(L, 3, { createdAt: null }),
    expect: one(L, 3, "createdAt", "auto-missing"),
  },
  {
    name: "lead: grade override outside the list",
    plant: set(L, 3, { gradeOverride: "E" }),
    expect: one(L, 3, "gradeOverride", "not-in-list"),
  },
  {
    name: "lead: score typed over",
    plant: set(L, 3, { "score!typed": 90 }),
    expect: one(L, 3, "score", "formula-overwritten"),
  },
  {
    name: "lead: grade typed over",
    plant: set(L, 1, { "grade!typed": "A" }),
    expect: one(L, 1, "grade", "formula-overwritten"),
  },
  {
    name: "lead: status won, conversion open",
    plant: set(L, 1, { status: "已成交" }),
    expect: one(L, 1, "status", "status-mismatch"),
  },
  {
    name: "lead: phone column renamed",
    plant: () => {},
    header: [L, "phone", "电话号码"],
    expect: one(L, -1, "phone", "column-missing"),
  },
  // A date typed as text is blank to every formula (ISNUMBER): reported even when it reads as a date.
  {
    name: "lead: created date typed as text 2024年5月4日",
    plant: set(L, 3, { createdAt: "2024年5月4日" }),
    expect: one(L, 3, "createdAt", "bad-date"),
  },
  {
    name: "lead: created date typed as text 2024.05.04",
    plant: set(L, 3, { createdAt: "2024.05.04" }),
    expect: one(L, 3, "createdAt", "bad-date"),
  },
  {
    name: "lead: expected close typed as text 2024-06",
    plant: set(L, 3, { expectedClose: "2024-06" }),
    expect: one(L, 3, "expectedClose", "bad-date"),
  },
  {
    name: "lead: text longer than a cell holds",
    plant: set(L, 3, { needDesc: "长".repeat(32768) }),
    expect: one(L, 3, "needDesc", "too-long"),
    notWritable: true,
  },
  // Tolerated: must not be reported
  {
    name: "ok: text of exactly 32,767 characters",
    plant: set(L, 3, { needDesc: "长".repeat(32767) }),
    expect: [],
  },
  { name: "ok: mobile stored as a number", plant: set(L, 3, { phone: 13900001111 }), expect: [] },
  {
    name: "ok: text starting with = + - @",
    plant: set(L, 3, { competitor: "@竞品", sourceDetail: "-展位3", needDesc: "+需求" }),
    expect: [],
  },
  { name: "ok: blank row inside the table", plant: (b) => void b.Leads.splice(2, 0, {}), expect: [] },

  // Follow-ups (index 0 is on lead 0, created 2024-05-01 09:30)
  {
    name: "follow-up: unknown lead ID",
    plant: set(F, 0, { leadId: "线索-20990101-999" }),
    expect: one(F, 0, "leadId", "unknown-lead"),
  },
  { name: "follow-up: lead ID blank", plant: set(F, 0, { leadId: null }), expect: one(F, 0, "leadId", "required") },
  { name: "follow-up: date blank", plant: set(F, 0, { at: null }), expect: one(F, 0, "at", "required") },
  { name: "follow-up: date unreadable", plant: set(F, 0, { at: "昨天" }), expect: one(F, 0, "at", "bad-date") },
  {
    name: "follow-up: date in the future",
    plant: set(F, 0, { at: d(2099, 5, 3), dueDate: d(2099, 5, 10) }),
    expect: one(F, 0, "at", "future-date"),
  },
  {
    name: "follow-up: before the lead was created",
    plant: set(F, 0, { at: d(2024, 4, 30) }),
    expect: one(F, 0, "at", "before-created"),
  },
  {
    name: "follow-up: method outside the list",
    plant: set(F, 0, { method: "短信" }),
    expect: one(F, 0, "method", "not-in-list"),
  },
  {
    name: "follow-up: intent outside the list",
    plant: set(F, 0, { intent: "很高" }),
    expect: one(F, 0, "intent", "not-in-list"),
  },
  {
    name: "follow-up: feedback outside the list",
    plant: set(F, 0, { feedback: "没回" }),
    expect: one(F, 0, "feedback", "not-in-list"),
  },
  {
    name: "follow-up: stage outside the list",
    plant: set(F, 1, { stage: "签约" }),
    expect: one(F, 1, "stage", "not-in-list"),
  },
  {
    name: "follow-up: due before the follow-up",
    plant: set(F, 0, { dueDate: d(2024, 5, 2) }),
    expect: one(F, 0, "dueDate", "due-before-at"),
  },
  {
    name: "follow-up: date-time typed as text 2024/5/6 10:00",
    plant: set(F, 1, { at: "2024/5/6 10:00" }),
    expect: one(F, 1, "at", "bad-date"),
  },
  {
    name: "follow-up: due date typed as text 2024年5月10日",
    plant: set(F, 1, { dueDate: "2024年5月10日" }),
    expect: one(F, 1, "dueDate", "bad-date"),
  },
  {
    name: "follow-up: due date without a year",
    plant: set(F, 1, { dueDate: "5月10日" }),
    expect: one(F, 1, "dueDate", "bad-date"),
  },
  {
    name: "follow-up: counterpart blank",
    plant: set(F, 0, { counterpart: null }),
    expect: one(F, 0, "counterpart", "required"),
  },
  { name: "follow-up: summary blank", plant: set(F, 0, { summary: "" }), expect: one(F, 0, "summary", "required") },
  {
    name: "follow-up: next step blank",
    plant: set(F, 1, { nextStep: null }),
    expect: one(F, 1, "nextStep", "required"),
  },
  { name: "follow-up: by blank", plant: set(F, 1, { by: null }), expect: one(F, 1, "by", "required") },

  // Conversion (index 0 won, 1 open, 2 lost)
  {
    name: "conversion: unknown lead ID",
    plant: set(C, 1, { leadId: "线索-20990101-999" }),
    expect: one(C, 1, "leadId", "unknown-lead"),
  },
  {
    name: "ok: conversion row for a lead that had none",
    plant: append(C, () => ({ leadId: "线索-20240504-001" })),
    expect: [],
  },
  {
    name: "conversion: duplicate row for a lead",
    plant: append(C, () => ({ leadId: "线索-20240502-001" })),
    expect: one(C, 3, "leadId", "duplicate-id"),
  },
  {
    name: "conversion: stage dates out of order",
    plant: set(C, 0, { stage3At: d(2024, 5, 2) }),
    expect: one(C, 0, "stage3At", "stage-order"),
  },
  {
    name: "conversion: closed before the last stage",
    plant: set(C, 0, { closedAt: d(2024, 5, 24) }),
    expect: one(C, 0, "closedAt", "stage-order"),
  },
  {
    name: "conversion: stage 1 before the lead was created",
    plant: set(C, 0, { stage1At: d(2024, 4, 20) }),
    expect: one(C, 0, "stage1At", "before-created"),
  },
  {
    name: "conversion: stage date typed as text 2024.05.06",
    plant: set(C, 1, { stage1At: "2024.05.06" }),
    expect: one(C, 1, "stage1At", "bad-date"),
  },
  {
    name: "conversion: stage date unreadable",
    plant: set(C, 1, { stage1At: "五月六日" }),
    expect: one(C, 1, "stage1At", "bad-date"),
  },
  {
    name: "conversion: stage date in the future",
    plant: set(C, 1, { stage2At: d(2099, 1, 1) }),
    expect: one(C, 1, "stage2At", "future-date"),
  },
  {
    name: "conversion: won without amount",
    plant: set(C, 0, { amount: null }),
    expect: one(C, 0, "amount", "amount-missing"),
  },
  {
    name: "conversion: amount in words",
    plant: set(C, 0, { amount: "四十五万" }),
    expect: one(C, 0, "amount", "bad-number"),
  },
  { name: "conversion: amount zero", plant: set(C, 0, { amount: 0 }), expect: one(C, 0, "amount", "not-positive") },
  {
    name: "conversion: amount on an open row",
    plant: set(C, 1, { amount: 1000 }),
    expect: one(C, 1, "amount", "amount-not-allowed"),
  },
  {
    name: "conversion: amount on a lost row",
    plant: set(C, 2, { amount: "5万" }),
    expect: one(C, 2, "amount", "amount-not-allowed"),
  },
  {
    name: "conversion: lost without reason",
    plant: set(C, 2, { lossReason: null }),
    expect: one(C, 2, "lossReason", "reason-missing"),
  },
  {
    name: "conversion: loss reason outside the list",
    plant: set(C, 2, { lossReason: "太贵" }),
    expect: one(C, 2, "lossReason", "not-in-list"),
  },
  {
    name: "conversion: loss reason on a won row",
    plant: set(C, 0, { lossReason: "预算不足" }),
    expect: one(C, 0, "lossReason", "reason-not-allowed"),
  },
  {
    name: "conversion: won without closed date",
    plant: set(C, 0, { closedAt: null }),
    expect: one(C, 0, "closedAt", "closed-missing"),
  },
  {
    name: "conversion: closed in the future",
    plant: set(C, 2, { closedAt: d(2099, 12, 31) }),
    expect: one(C, 2, "closedAt", "future-date"),
  },
  {
    name: "conversion: result outside the list",
    plant: set(C, 0, { result: "赢单" }),
    expect: one(C, 0, "result", "not-in-list"),
  },
  {
    name: "conversion: cycle days typed over",
    plant: set(C, 0, { "cycleDays!typed": 24 }),
    expect: one(C, 0, "cycleDays", "formula-overwritten"),
  },
  {
    name: "conversion: stage days formula deleted",
    plant: set(C, 1, { "stage2Days!typed": null }),
    expect: one(C, 1, "stage2Days", "formula-overwritten"),
  },
  {
    name: "conversion: result says ongoing for a lead marked lost",
    plant: set(C, 2, { result: "持续跟进", closedAt: null, lossReason: null }),
    expect: one(L, 2, "status", "status-mismatch"),
  },
  {
    name: "conversion: result column deleted",
    plant: () => {},
    header: [C, "result", "结果（旧）"],
    expect: one(C, -1, "result", "column-missing"),
  },
  { name: "ok: amount typed 45万", plant: set(C, 0, { amount: "45万" }), expect: [] },
  { name: "ok: amount typed ¥450,000", plant: set(C, 0, { amount: "¥450,000" }), expect: [] },

  // Channel costs
  {
    name: "cost: channel outside the list",
    plant: set(K, 0, { channel: "抖音" }),
    expect: one(K, 0, "channel", "not-in-list"),
  },
  { name: "cost: quarter 5", plant: set(K, 0, { period: "2024-Q5" }), expect: one(K, 0, "period", "bad-period") },
  { name: "cost: two-digit year", plant: set(K, 1, { period: "24-05" }), expect: one(K, 1, "period", "bad-period") },
  {
    name: "cost: period typed as a date",
    plant: set(K, 1, { period: d(2024, 5, 1) }),
    expect: one(K, 1, "period", "bad-period"),
  },
  { name: "cost: negative", plant: set(K, 0, { cost: -100 }), expect: one(K, 0, "cost", "negative") },
  { name: "cost: in words", plant: set(K, 0, { cost: "十万" }), expect: one(K, 0, "cost", "bad-number") },
  { name: "cost: blank", plant: set(K, 1, { cost: null }), expect: one(K, 1, "cost", "required") },
  { name: "cost: period blank", plant: set(K, 1, { period: " " }), expect: one(K, 1, "period", "required") },
  {
    name: "cost: same channel and period twice",
    plant: append(K, () => ({ channel: "展会推荐", period: "2024-q2", cost: 5 })),
    expect: one(K, 2, "period", "duplicate-period"),
  },
];
