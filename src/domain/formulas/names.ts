import type { L10n, Locale } from "../types";
import { tr } from "../types";
import { ROLE_LISTS, SCORED_LISTS, type ListKey, type OptionRole } from "../fields/lists";

/**
 * Names shared by the Settings sheet, the formulas and the rules: Settings
 * table names, their column headers, and the workbook defined names formulas
 * read. Formulas only ever reach Settings through these names or through the
 * list tables' structured references, so an admin can move things around on
 * the Settings sheet without breaking a formula.
 */

/** `industry` → `List_Industry`: one small Excel table per option list. */
export function listTableName(key: ListKey): string {
  return `List_${key[0].toUpperCase()}${key.slice(1)}`;
}

/** `industry` → `LF_List_industry`: the dropdown source (option column, following growth). */
export function listName(key: ListKey): string {
  return `LF_List_${key}`;
}

/** `status` → `LF_Role_status`: the role column beside a list, same height (used by conditional formats). */
export function roleName(key: ListKey): string {
  return `LF_Role_${key}`;
}

export const PARAMS_TABLE = "LF_Params";

/** Columns of a list table. `option` always; the others where the list needs them. */
export type ListColumnKey = "option" | "points" | "role" | "limitDays";
export const LIST_COLUMN_HEADERS: Record<ListColumnKey, L10n> = {
  option: { zh: "选项", en: "Option" },
  points: { zh: "分值", en: "Points" },
  role: { zh: "含义", en: "Role" },
  limitDays: { zh: "时限天数", en: "Limit days" },
};

export function listColumns(key: ListKey): ListColumnKey[] {
  const cols: ListColumnKey[] = ["option"];
  if ((SCORED_LISTS as readonly string[]).includes(key)) cols.push("points");
  if ((ROLE_LISTS as readonly string[]).includes(key)) cols.push("role");
  if (key === "stage") cols.push("limitDays");
  return cols;
}

export type ParamsColumnKey = "key" | "name" | "value" | "note";
export const PARAMS_COLUMN_HEADERS: Record<ParamsColumnKey, L10n> = {
  key: { zh: "键", en: "Key" },
  name: { zh: "名称", en: "Name" },
  value: { zh: "值", en: "Value" },
  note: { zh: "说明", en: "Note" },
};

/**
 * Role labels as shown in the Role column of Settings (in the workbook's
 * locale). Formulas compare with the label of their locale; reading Settings
 * accepts either locale's label and the stable key.
 */
export const ROLE_LABELS: Record<OptionRole, L10n> = {
  new: { zh: "新线索", en: "New" },
  open: { zh: "进行中", en: "Open" },
  won: { zh: "成交", en: "Won" },
  lost: { zh: "流失", en: "Lost" },
  dormant: { zh: "休眠", en: "Dormant" },
  invalid: { zh: "无效", en: "Invalid" },
  objection: { zh: "异议", en: "Objection" },
  changed: { zh: "需求变化", en: "Changed" },
  noReply: { zh: "无回应", en: "No reply" },
  none: { zh: "无", en: "None" },
  other: { zh: "其他", en: "Other" },
};

export function roleLabel(role: OptionRole, locale: Locale): string {
  return tr(ROLE_LABELS[role], locale);
}

/** Stable parameter keys → defined names pointing at their value cells. */
export const PARAM_NAMES = {
  gradeA: "LF_GradeA",
  gradeB: "LF_GradeB",
  cadenceA: "LF_Cadence_A",
  cadenceB: "LF_Cadence_B",
  cadenceC: "LF_Cadence_C",
  cadenceD: "LF_Cadence_D",
  dormantDays: "LF_DormantDays",
  noReplyLimit: "LF_NoReplyLimit",
  band1Grade: "LF_Band1_Grade",
  band1Rate: "LF_Band1_Rate",
  band1Roi: "LF_Band1_Roi",
  band2Grade: "LF_Band2_Grade",
  band2Rate: "LF_Band2_Rate",
  band2Roi: "LF_Band2_Roi",
  band3Grade: "LF_Band3_Grade",
  band3Rate: "LF_Band3_Rate",
  band3Roi: "LF_Band3_Roi",
  fallbackGrade: "LF_FallbackGrade",
  asOf: "LF_AsOf",
  hideContacts: "LF_HideContacts",
  locale: "LF_Locale",
} as const;
export type ParamKey = keyof typeof PARAM_NAMES;
export const PARAM_KEYS = Object.keys(PARAM_NAMES) as ParamKey[];

/** Defined name of a Leads-ID range, used by the follow-up "lead exists" highlight. */
export const LEAD_IDS_NAME = "LF_LeadIds";

/** Rows reserved under each list for growth: the dropdown name counts options inside this window. */
export const LIST_WINDOW_ROWS = 500;
