/** The small hand-computed case shared by the Refresh tests. */
import type { RowsByTable } from "../../src/domain/plan/install";
import { d } from "../support/refreshBooks";

export const C = {
  budget: "未明确",
  urgency: "3个月以上",
  decisionAccess: "仅对接执行者",
  companySize: "年营收1亿以下",
}; // 0+5+5+8 = 18 → C
export const A = {
  budget: "50万以上",
  urgency: "1个月内",
  decisionAccess: "已对接决策者",
  companySize: "年营收5亿以上",
}; // 100 → A

/*
 * L1 官网注册 制造业 王芳 跟进中 方案呈现, created 05-03, no Conversion row (added by Refresh), follow-ups at stages 1,2,3,3 (last two no reply)
 * L2 官网注册 IT     李强 无效   初步接洽, created 05-02, no Conversion row
 * L3 展会推荐 制造业 王芳 已成交 成交维护, created 05-01, won 05-25 for 450000, stages 05-02/03/10/20/25 (the worked conversion example: stage days 1, 7, 10, 5; cycle 24)
 * L4 展会推荐 金融   李强 已流失 需求挖掘, created 05-04, lost 05-15 at stage 2, stages 05-04/05-06
 * Costs: 官网注册 2024-05 10000; 展会推荐 2024-Q2 30000. As of 2024-06-01.
 */
export const ROWS: RowsByTable = {
  Leads: [
    {
      leadId: "L-1",
      customer: "上海一号有限公司",
      contact: "张",
      phone: "13800000001",
      industry: "制造业",
      ...C,
      source: "官网注册",
      status: "跟进中",
      stage: "方案呈现",
      owner: "王芳",
      createdAt: d(2024, 5, 3),
    },
    {
      leadId: "L-2",
      customer: "上海二号有限公司",
      contact: "李",
      phone: "13800000002",
      industry: "IT",
      ...C,
      source: "官网注册",
      status: "无效",
      stage: "初步接洽",
      owner: "李强",
      createdAt: d(2024, 5, 2),
    },
    {
      leadId: "L-3",
      customer: "上海三号有限公司",
      contact: "王",
      phone: "13800000003",
      industry: "制造业",
      ...A,
      source: "展会推荐",
      status: "已成交",
      stage: "成交维护",
      owner: "王芳",
      createdAt: d(2024, 5, 1),
    },
    {
      leadId: "L-4",
      customer: "上海四号有限公司",
      contact: "赵",
      phone: "13800000004",
      industry: "金融",
      ...C,
      source: "展会推荐",
      status: "已流失",
      stage: "需求挖掘",
      owner: "李强",
      createdAt: d(2024, 5, 4),
    },
  ],
  FollowUps: [
    {
      leadId: "L-1",
      at: d(2024, 5, 4, 10),
      method: "电话",
      counterpart: "张",
      summary: "s",
      intent: "中",
      feedback: "无",
      stage: "初步接洽",
      nextStep: "约见",
      dueDate: d(2024, 5, 8),
      by: "王芳",
    },
    {
      leadId: "L-1",
      at: d(2024, 5, 8, 10),
      method: "拜访",
      counterpart: "张",
      summary: "s",
      intent: "中",
      feedback: "无",
      stage: "需求挖掘",
      nextStep: "方案",
      dueDate: d(2024, 5, 12),
      by: "王芳",
    },
    {
      leadId: "L-1",
      at: d(2024, 5, 12, 10),
      method: "邮件",
      counterpart: "张",
      summary: "s",
      intent: "低",
      feedback: "无回应",
      stage: "方案呈现",
      nextStep: "再发",
      dueDate: d(2024, 5, 14),
      by: "王芳",
    },
    {
      leadId: "L-1",
      at: d(2024, 5, 14, 16, 30),
      method: "电话",
      counterpart: "张",
      summary: "s",
      intent: "低",
      feedback: "无回应",
      stage: "方案呈现",
      nextStep: "电话跟进报价",
      dueDate: d(2024, 5, 20),
      by: "王芳",
    },
  ],
  Conversion: [
    {
      leadId: "L-3",
      stage1At: d(2024, 5, 2),
      stage2At: d(2024, 5, 3),
      stage3At: d(2024, 5, 10),
      stage4At: d(2024, 5, 20),
      stage5At: d(2024, 5, 25),
      result: "成功",
      closedAt: d(2024, 5, 25),
      amount: 450000,
    },
    {
      leadId: "L-4",
      stage1At: d(2024, 5, 4),
      stage2At: d(2024, 5, 6),
      result: "失败",
      closedAt: d(2024, 5, 15),
      lossReason: "选择竞品",
    },
  ],
  ChannelCosts: [
    { channel: "官网注册", period: "2024-05", cost: 10000 },
    { channel: "展会推荐", period: "2024-Q2", cost: 30000 },
  ],
};
