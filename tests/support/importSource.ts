/**
 * The header row of a typical Chinese lead export, as the import tests feed it
 * to `leadflow import` (the seed template's column names, 创建时间 last).
 */
export const SOURCE_HEADERS_ZH = [
  "公司名称",
  "联系人",
  "手机号",
  "行业",
  "规模",
  "需求类型",
  "需求",
  "预算",
  "紧急度",
  "决策人",
  "来源",
  "状态",
  "阶段",
  "负责人",
  "创建时间",
];
