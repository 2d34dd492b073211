/**
 * The one valid lead of the tests: every required field filled with a value
 * from the sample lists of the locale, by field key. Without `leadId` and
 * `createdAt` it is what the task pane's "New lead" form sends (the add-in
 * fills both); as a table row, add them (see `validLeadRow`).
 */
const VALID_LEAD = {
  "en-US": {
    customer: "Northwind Traders Ltd.",
    contact: "Nancy Davolio",
    phone: "13912345678",
    industry: "Retail",
    companySize: "Revenue 100M-500M",
    needType: "Product purchase",
    needDesc: "200 barcode scanners",
    budget: "200k-500k",
    urgency: "2-3 months",
    decisionAccess: "Influencer",
    source: "Trade show",
    status: "In progress",
    stage: "Initial contact",
    owner: "Tom Chen",
  },
  "zh-CN": {
    customer: "上海一号有限公司",
    contact: "张",
    phone: "13800000001",
    industry: "制造业",
    needType: "产品采购",
    needDesc: "d",
    budget: "未明确",
    urgency: "3个月以上",
    decisionAccess: "仅对接执行者",
    companySize: "年营收1亿以下",
    source: "官网注册",
    status: "跟进中",
    stage: "初步接洽",
    owner: "王芳",
  },
} as const;

/** A valid lead as form values (field key → text). */
export function validLead(locale: keyof typeof VALID_LEAD = "en-US"): Record<string, string> {
  return { ...VALID_LEAD[locale] };
}

/** The en-US lead as the "New lead" form sends it. */
export const VALID_ENTRY_LEAD = VALID_LEAD["en-US"];

/** A valid lead as a table row: the form values plus its ID and created date (`createdAt` a serial). */
export function validLeadRow(
  locale: keyof typeof VALID_LEAD,
  row: { leadId: string; customer: string; createdAt: number },
): Record<string, string | number> {
  return { leadId: row.leadId, ...validLead(locale), customer: row.customer, createdAt: row.createdAt };
}
