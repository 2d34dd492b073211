import { defaultSettings } from "../../../src/domain/settings/defaults";
import type { Locale, Serial } from "../../../src/domain/types";
import { emptyState, type MemoryState } from "./memoryService";

/**
 * Workbooks the browser tests start from. "seeded" plants one problem of each
 * kind Check must show, leads due and overdue, and a selected lead row.
 */
export type ScenarioName = "fresh" | "seeded";

export function buildScenario(name: ScenarioName, locale: Locale, today: Serial): MemoryState {
  const state = emptyState(today);
  state.locale = locale;
  if (name === "fresh") return state;

  state.installed = true;
  const zh = locale === "zh-CN";
  const lists = defaultSettings(locale).lists;
  const v = (key: keyof typeof lists, i: number) => lists[key][i].value;
  const owners = zh ? ["王芳", "李明", "张伟"] : ["Mary Lee", "Tom Chen", "John Smith"];
  const id = (n: number) => (zh ? `线索-20240501-00${n}` : `L-20240501-00${n}`);
  const lead = (n: number, customer: string, extra: Record<string, string>) => ({
    leadId: id(n),
    customer,
    contact: zh ? "张伟" : "John Smith",
    phone: "13812345678",
    industry: v("industry", 0),
    companySize: v("companySize", 0),
    needType: v("needType", 0),
    needDesc: zh ? "采购10台数控机床" : "10 CNC machines",
    budget: v("budget", 0),
    urgency: v("urgency", 0),
    decisionAccess: v("decisionAccess", 0),
    source: v("source", 1),
    status: v("status", 1),
    stage: v("stage", 1),
    owner: owners[0],
    createdAt: String(today - 30),
    grade: "A",
    ...extra,
  });
  state.tables.Leads.rows = [
    lead(1, zh ? "上海华东精密机械有限公司" : "Acme Precision Machinery Ltd.", { nextDue: String(today - 3) }),
    lead(2, zh ? "杭州云帆科技有限公司" : "Sailcloud Technology Co.", {
      phone: "12345",
      owner: owners[1],
      grade: "B",
      nextDue: String(today),
    }),
    lead(3, zh ? "苏州恒信医疗器械有限公司" : "Hengxin Medical Devices Ltd.", {
      contact: "",
      owner: owners[2],
      grade: "C",
    }),
    lead(4, zh ? "南京金陵教育集团" : "Jinling Education Group", {
      industry: zh ? "汽车" : "Automotive",
      owner: owners[1],
      grade: "C",
      nextDue: String(today - 95),
      dormant: "1",
    }),
  ];
  const followUp = (leadId: string) => ({
    leadId,
    at: "2024-05-03 14:00",
    method: v("method", 0),
    counterpart: zh ? "李总监-采购部" : "Ms Li, Purchasing",
    summary: zh ? "客户关注交付周期" : "Asked about lead time",
    intent: v("intent", 0),
    feedback: "",
    objection: "",
    stage: v("stage", 1),
    nextStep: zh ? "发送报价单" : "Send the quote",
    dueDate: "2024-05-10",
    by: owners[0],
  });
  state.tables.FollowUps.rows = [followUp(id(1)), followUp(zh ? "线索-20200101-999" : "L-20200101-999")];
  state.selectedLeadId = id(1);
  const headers = zh
    ? [
        "公司名称",
        "姓名",
        "手机号",
        "行业",
        "客户规模",
        "需求类型",
        "需求描述",
        "预算",
        "紧急度",
        "决策人",
        "来源",
        "线索状态",
        "当前阶段",
        "负责人",
        "备注",
      ]
    : [
        "Company",
        "Name",
        "Mobile",
        "Sector",
        "Company size",
        "Need type",
        "Need",
        "Budget",
        "Urgency",
        "Decision access",
        "Channel",
        "Status",
        "Stage",
        "Owner",
        "Remarks",
      ];
  const row = (customer: string, phone: string) => [
    customer,
    zh ? "赵敏" : "Ann Zhao",
    phone,
    v("industry", 2),
    v("companySize", 1),
    v("needType", 1),
    zh ? "咨询服务" : "Consulting",
    v("budget", 1),
    v("urgency", 1),
    v("decisionAccess", 1),
    v("source", 0),
    v("status", 0),
    v("stage", 0),
    owners[2],
    "",
  ];
  state.selectedRange = [
    headers,
    row(zh ? "北京星辰网络有限公司" : "Star Network Ltd.", "13900001111"),
    row(zh ? "广州南方贸易有限公司" : "Southern Trading Co.", "abc"),
  ];
  return state;
}
