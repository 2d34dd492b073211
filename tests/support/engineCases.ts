import type { ChannelCost, ConversionRow, FollowUp, Lead, LeadBook } from "../../src/domain/model";
import { serialFromYmd } from "../../src/domain/parse/dates";
import { defaultSettings } from "../../src/domain/settings/defaults";

/** Small builders for hand-computed engine cases (zh-CN default Settings unless told). */
export const zh = defaultSettings("zh-CN");
export const en = defaultSettings("en-US");
export const d = (y: number, m: number, day: number, h = 0, min = 0) => serialFromYmd(y, m, day, h, min);

let rowSeq = 2;

export function lead(p: Partial<Lead> = {}): Lead {
  return {
    row: rowSeq++,
    leadId: "L-1",
    customer: "上海华东精密机械有限公司",
    contact: "张伟",
    phone: "13812345678",
    industry: "制造业",
    companySize: "年营收1-5亿",
    needType: "产品采购",
    needDesc: "采购",
    budget: "20-50万",
    urgency: "2-3个月",
    decisionAccess: "对接影响者",
    expectedClose: null,
    source: "展会推荐",
    sourceDetail: "",
    competitor: "",
    status: "跟进中",
    stage: "初步接洽",
    owner: "王芳",
    createdAt: d(2024, 5, 1, 9, 30),
    gradeOverride: "",
    ...p,
  };
}

export function fu(p: Partial<FollowUp> = {}): FollowUp {
  return {
    row: rowSeq++,
    leadId: "L-1",
    at: d(2024, 5, 2, 10),
    method: "电话",
    counterpart: "李总监",
    summary: "沟通",
    intent: "中",
    feedback: "无",
    objection: "",
    stage: "初步接洽",
    nextStep: "发报价",
    dueDate: null,
    by: "王芳",
    ...p,
  };
}

export function conv(p: Partial<ConversionRow> = {}): ConversionRow {
  return {
    row: rowSeq++,
    leadId: "L-1",
    source: "",
    industry: "",
    owner: "",
    createdAt: null,
    stageAt: [null, null, null, null, null],
    result: "",
    closedAt: null,
    amount: null,
    lossReason: "",
    keyMoment: "",
    notes: "",
    ...p,
  };
}

export function cost(channel: string, period: string, amount: number | null): ChannelCost {
  return { row: rowSeq++, channel, period, cost: amount };
}

export function book(p: Partial<LeadBook> = {}): LeadBook {
  return { leads: [], followUps: [], conversion: [], channelCosts: [], ...p };
}
