/**
 * A small, clean LeadFlow book as records by field key, and helpers to turn it
 * into table inputs (headers in a locale, values, formulas). The catalog of bad
 * inputs mutates one cell of this book at a time; the clean book must check
 * clean, so every problem found afterwards was planted.
 */
import { tableDefs, type TableDef } from "../../src/domain/fields/definitions";
import { serialFromYmd } from "../../src/domain/parse/dates";
import type { TableInput } from "../../src/domain/validate";
import type { CellValue, InputTableName, Locale } from "../../src/domain/types";

export type Rec = Record<string, CellValue>;
export type Book = Record<InputTableName, Rec[]>;

export const d = (y: number, m: number, day: number, h = 0, min = 0) => serialFromYmd(y, m, day, h, min);

export const DEFS = tableDefs(5);

/** A clean book in zh-CN wording (default Settings). Row index i of a table sits on worksheet row 2 + i. */
export function cleanBook(): Book {
  const lead = (over: Rec): Rec => ({
    leadId: "",
    customer: "",
    contact: "张伟",
    phone: "13812345678",
    industry: "制造业",
    companySize: "年营收1-5亿",
    needType: "产品采购",
    needDesc: "采购10台数控机床",
    budget: "20-50万",
    urgency: "1个月内",
    decisionAccess: "已对接决策者",
    expectedClose: d(2024, 6, 1),
    source: "展会推荐",
    sourceDetail: "",
    competitor: "",
    status: "跟进中",
    stage: "需求挖掘",
    owner: "王芳",
    createdAt: d(2024, 5, 1, 9, 30),
    gradeOverride: null,
    ...over,
  });
  return {
    Leads: [
      lead({ leadId: "线索-20240501-001", customer: "上海华东精密机械有限公司", status: "已成交", stage: "成交维护" }),
      lead({
        leadId: "线索-20240502-001",
        customer: "北京星辰科技有限公司",
        contact: "李娜",
        phone: "010-62345678",
        industry: "IT",
        createdAt: d(2024, 5, 2, 10, 0),
        owner: "李强",
      }),
      lead({
        leadId: "线索-20240503-001",
        customer: "广州南方医疗器械有限公司",
        contact: "陈静",
        phone: "+86 20 8765 4321",
        industry: "医疗",
        status: "已流失",
        stage: "方案呈现",
        createdAt: d(2024, 5, 3),
      }),
      lead({
        leadId: "线索-20240504-001",
        customer: "杭州西湖教育科技有限公司",
        contact: "刘洋",
        phone: "13900001111",
        industry: "教育",
        status: "待跟进",
        stage: "初步接洽",
        createdAt: d(2024, 5, 4),
        needDesc: "=SUM(A1) 不是公式",
      }),
    ],
    FollowUps: [
      {
        leadId: "线索-20240501-001",
        at: d(2024, 5, 3, 14, 0),
        method: "电话",
        counterpart: "李总监-采购部",
        summary: "客户关注交付周期",
        intent: "高",
        feedback: "提出异议",
        objection: "认为价格偏高",
        stage: "需求挖掘",
        nextStep: "5月10日前发送报价单（王芳）",
        dueDate: d(2024, 5, 10),
        by: "王芳",
      },
      {
        leadId: "线索-20240502-001",
        at: d(2024, 5, 6, 10, 0),
        method: "微信",
        counterpart: "李娜-IT部",
        summary: "约线上演示",
        intent: "中",
        feedback: null,
        objection: null,
        stage: "初步接洽",
        nextStep: "周五演示（李强）",
        dueDate: d(2024, 5, 10),
        by: "李强",
      },
    ],
    Conversion: [
      {
        leadId: "线索-20240501-001",
        stage1At: d(2024, 5, 2),
        stage2At: d(2024, 5, 3),
        stage3At: d(2024, 5, 10),
        stage4At: d(2024, 5, 20),
        stage5At: d(2024, 5, 25),
        result: "成功",
        closedAt: d(2024, 5, 25),
        amount: 450000,
        lossReason: null,
        keyMoment: "技术交流会",
        notes: null,
      },
      { leadId: "线索-20240502-001", stage1At: d(2024, 5, 6), result: null },
      {
        leadId: "线索-20240503-001",
        stage1At: d(2024, 5, 4),
        stage2At: d(2024, 5, 8),
        stage3At: d(2024, 5, 15),
        result: "失败",
        closedAt: d(2024, 5, 30),
        amount: null,
        lossReason: "选择竞品",
      },
    ],
    ChannelCosts: [
      { channel: "展会推荐", period: "2024-Q2", cost: 100000 },
      { channel: "官网注册", period: "2024-05", cost: "¥12,000" },
    ],
  };
}

/** Turn records into a table input: headers in `locale`, calc cells with a formula, refresh cells blank. */
export function toTable(def: TableDef, recs: Rec[], locale: Locale = "zh-CN", firstRow = 2): TableInput {
  const headers = def.fields.map((f) => (locale === "zh-CN" ? f.header.zh : f.header.en));
  const values = recs.map((r) => def.fields.map((f) => (f.kind === "calc" ? 0 : (r[f.key] ?? null))));
  const formulas = recs.map((r) =>
    def.fields.map((f) => (f.kind === "calc" && !(`${f.key}!typed` in r) ? "=1" : null)),
  );
  // A record may carry "<key>!typed" to plant a value over a calculated cell.
  recs.forEach((r, i) =>
    def.fields.forEach((f, c) => {
      if (`${f.key}!typed` in r) values[i][c] = r[`${f.key}!typed`];
    }),
  );
  return { headers, firstRow, values, formulas };
}

export function toTables(book: Book, locale: Locale = "zh-CN"): Partial<Record<InputTableName, TableInput>> {
  return {
    Leads: toTable(DEFS.Leads, book.Leads, locale),
    FollowUps: toTable(DEFS.FollowUps, book.FollowUps, locale),
    Conversion: toTable(DEFS.Conversion, book.Conversion, locale),
    ChannelCosts: toTable(DEFS.ChannelCosts, book.ChannelCosts, locale),
  };
}
