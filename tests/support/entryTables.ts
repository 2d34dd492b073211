/**
 * Quick-entry tests on a real installed workbook: read an input table back as
 * rows keyed by field, and the Chinese lead a seller types into the form.
 */
import { tableDefs } from "../../src/domain/fields/definitions";
import { headerIndex } from "../../src/domain/rows";
import type { FormValues } from "../../src/operations/quickEntry";
import type { WorkbookPort } from "../../src/workbook/port";

/** The data rows of an input table as field key → cell value (five stages). */
export async function rowsByKey(wb: WorkbookPort, table: "Leads" | "FollowUps" | "Conversion") {
  const t = (await wb.readTables([table])).get(table)!;
  const { index } = headerIndex(tableDefs(5)[table], t.table.headers);
  return t.values.map((v) => Object.fromEntries([...index].map(([k, c]) => [k, v[c]])));
}

/** A valid new lead as the zh-CN "New lead" form sends it; each test sets its own phone. */
export function entryLeadZh(phone: string): FormValues {
  return {
    customer: "苏州工业园区智造科技有限公司",
    contact: "孙莉",
    phone,
    industry: "制造业",
    companySize: "年营收1-5亿",
    needType: "产品采购",
    needDesc: "自动化产线改造",
    budget: "50万以上",
    urgency: "1个月内",
    decisionAccess: "已对接决策者",
    source: "官网注册",
    status: "待跟进",
    stage: "初步接洽",
    owner: "王芳",
  };
}
