import type { Locale } from "../types";
import { tr } from "../types";
import {
  HELPER_GROUP,
  INPUT_TABLES,
  tableDefs,
  type FieldDef,
  type FieldType,
  type FieldKind,
} from "../fields/definitions";
import type { Settings } from "../settings/schema";
import type { Scalar } from "./changes";
import { sheetName, TABLE_SHEET } from "./layout";

/**
 * The field guide ("字段标准说明手册"), generated from the same
 * definitions that drive validation, so it cannot drift from what is enforced.
 */
export const FIELD_GUIDE_TABLE = "LF_FieldGuide";

const HEADERS = {
  sheet: { zh: "工作表", en: "Sheet" },
  field: { zh: "字段", en: "Field" },
  type: { zh: "类型", en: "Type" },
  required: { zh: "必填", en: "Required" },
  allowed: { zh: "可选值", en: "Allowed values" },
  rule: { zh: "填写规则", en: "Rule" },
  example: { zh: "示例", en: "Example" },
};

const TYPE_LABELS: Record<FieldType, [string, string]> = {
  text: ["文本", "Text"],
  longText: ["长文本", "Long text"],
  phone: ["电话（文本）", "Phone (text)"],
  list: ["下拉选项", "List"],
  date: ["日期", "Date"],
  month: ["月份", "Month"],
  dateTime: ["日期时间", "Date-time"],
  amount: ["金额", "Amount"],
  number: ["数字", "Number"],
  integer: ["整数", "Whole number"],
};

const KIND_LABELS: Record<FieldKind, [string, string]> = {
  input: ["", ""],
  auto: ["自动填写", "filled automatically"],
  calc: ["公式计算", "formula"],
  refresh: ["刷新时填写", "filled on Refresh"],
};

export function fieldGuideHeaders(locale: Locale): string[] {
  return Object.values(HEADERS).map((h) => tr(h, locale));
}

/** Helper columns (values several formulas share) are formulas too, kept grouped at the right of their table. */
const HELPER_LABEL: [string, string] = ["公式计算，辅助列", "formula, helper column"];

function typeLabel(f: FieldDef, locale: Locale): string {
  const t = TYPE_LABELS[f.type][locale === "zh-CN" ? 0 : 1];
  const k = (f.group === HELPER_GROUP ? HELPER_LABEL : KIND_LABELS[f.kind])[locale === "zh-CN" ? 0 : 1];
  if (!k) return t;
  return locale === "zh-CN" ? `${t}（${k}）` : `${t} (${k})`;
}

/** One row per field of every input table, in table then definition order. */
export function fieldGuideRows(settings: Settings, locale: Locale): Scalar[][] {
  const defs = tableDefs(settings.lists.stage.length);
  const yes = tr({ zh: "是", en: "Yes" }, locale);
  const no = tr({ zh: "否", en: "No" }, locale);
  const rows: Scalar[][] = [];
  for (const name of INPUT_TABLES) {
    const def = defs[name];
    const sheet = sheetName(TABLE_SHEET[name], locale);
    for (const f of def.fields) {
      let allowed = "";
      if (f.list) {
        const opts = settings.lists[f.list].map((o) => (o.points !== undefined ? `${o.value} (${o.points})` : o.value));
        allowed =
          opts.length > 0
            ? opts.join(" / ")
            : tr(
                {
                  zh: "（配置表中的团队名单；为空时可自由填写）",
                  en: "(team list of Settings; free text while it is empty)",
                },
                locale,
              );
      }
      let rule = tr(f.rule, locale);
      const stage = /^stage(\d+)(At|Days)$/.exec(f.key);
      if (stage) {
        const n = settings.lists.stage[Number(stage[1]) - 1]?.value;
        if (n) rule = `${tr({ zh: "阶段", en: "Stage" }, locale)} ${stage[1]} = ${n}. ${rule}`;
      }
      rows.push([
        sheet,
        tr(f.header, locale),
        typeLabel(f, locale),
        f.required ? yes : no,
        allowed,
        rule,
        tr(f.example, locale),
      ]);
    }
  }
  return rows;
}
