/**
 * Settings edited outside the Settings sheet (the task pane's Settings view):
 * what an edit may hold, with a bilingual message per problem, and the
 * effects worth showing before it is applied. Pure: no I/O.
 *
 * The rules are those under which the Settings sheet reads back exactly what
 * was written (settings/fromRows.ts): an option is non-blank text, unique in
 * its list; points are numbers; a stage time limit is a positive whole number
 * or blank; cadences are ≥ 0; dormant days and the no-reply limit are positive
 * whole numbers; there are at most three channel bands (the sheet has three
 * slots), each named, with a conversion rate ≥ 0. On top of them, what would
 * make the engine's results meaningless: a list other than the team emptied
 * (the sheet would fall back to the defaults), grade B's threshold above A's
 * (no lead could be B), a role list without the roles the engine counts.
 */
import { LIST_KEYS, ROLE_LISTS, SCORED_LISTS, type ListKey, type OptionRole } from "../fields/lists";
import type { LeadBook } from "../model";
import type { L10n } from "../types";
import { settingsSchema, type Settings } from "./schema";

/** Where a problem is (a dotted path into Settings, e.g. `lists.budget.2.points`) and what is wrong. */
export interface SettingsProblem {
  path: string;
  message: L10n;
}

/** The channel-band slots of the Settings sheet (band1…band3 parameters). */
export const MAX_CHANNEL_BANDS = 3;

/** Roles an option of each role list may take, and the ones the list must have. */
export const LIST_ROLES: Record<(typeof ROLE_LISTS)[number], { allowed: OptionRole[]; required: OptionRole[] }> = {
  status: { allowed: ["new", "open", "won", "lost", "dormant", "invalid"], required: ["won", "lost"] },
  result: { allowed: ["won", "lost", "open"], required: ["won", "lost"] },
  feedback: { allowed: ["objection", "changed", "noReply", "none", "other"], required: [] },
};

const isRoleList = (key: ListKey): key is (typeof ROLE_LISTS)[number] =>
  (ROLE_LISTS as readonly string[]).includes(key);
const isScored = (key: ListKey) => (SCORED_LISTS as readonly string[]).includes(key);

const finite = (n: unknown): n is number => typeof n === "number" && Number.isFinite(n);
const posInt = (n: unknown): n is number => finite(n) && Number.isInteger(n) && n > 0;

/** Every problem of an edited Settings, in the order of the view (lists, grades, cadences, bands). */
export function settingsProblems(s: Settings): SettingsProblem[] {
  const out: SettingsProblem[] = [];
  const add = (path: string, zh: string, en: string) => out.push({ path, message: { zh, en } });

  for (const key of LIST_KEYS) {
    const list = s.lists[key] ?? [];
    if (list.length === 0 && key !== "team")
      add(`lists.${key}`, "此列表至少需要一个选项", "This list needs at least one option");
    const seen = new Set<string>();
    list.forEach((o, i) => {
      const at = `lists.${key}.${i}`;
      const value = (o.value ?? "").trim();
      if (value === "") add(`${at}.value`, "选项不能为空", "An option cannot be blank");
      else if (seen.has(value)) add(`${at}.value`, `“${value}”在列表中重复`, `"${value}" is already in the list`);
      seen.add(value);
      if (isScored(key) && !finite(o.points)) add(`${at}.points`, "分值须为数字", "Points must be a number");
      if (key === "stage" && o.limitDays !== undefined && !posInt(o.limitDays))
        add(
          `${at}.limitDays`,
          "时限天数须为正整数，或留空表示不限",
          "Limit days must be a positive whole number, or blank for none",
        );
      if (isRoleList(key) && o.role !== undefined && !LIST_ROLES[key].allowed.includes(o.role as OptionRole))
        add(`${at}.role`, `含义“${o.role}”不适用于此列表`, `The role "${o.role}" does not belong to this list`);
    });
    if (isRoleList(key))
      for (const role of LIST_ROLES[key].required)
        if (list.length > 0 && !list.some((o) => o.role === role))
          add(
            `lists.${key}`,
            `至少一个选项的含义须为“${role === "won" ? "成交" : "流失"}”`,
            `At least one option needs the role "${role === "won" ? "Won" : "Lost"}"`,
          );
  }

  const { a, b } = s.gradeThresholds;
  if (!finite(a)) add("gradeThresholds.a", "A级最低分须为数字", "The grade A score must be a number");
  if (!finite(b)) add("gradeThresholds.b", "B级最低分须为数字", "The grade B score must be a number");
  if (finite(a) && finite(b) && b > a)
    add(
      "gradeThresholds.b",
      "B级最低分不能高于A级最低分，否则没有线索会是B级",
      "Grade B's score cannot be above grade A's: no lead could be B",
    );
  for (const g of ["A", "B", "C", "D"] as const) {
    const n = s.cadenceDays[g];
    if (!finite(n) || n < 0)
      add(`cadenceDays.${g}`, `${g}级跟进周期须为不小于0的天数`, `Cadence ${g} must be a number of days, 0 or more`);
  }
  if (!posInt(s.dormantDays)) add("dormantDays", "休眠天数须为正整数", "Dormant days must be a positive whole number");
  if (!posInt(s.noReplyLimit))
    add("noReplyLimit", "连续无回应次数须为正整数", "The no-reply limit must be a positive whole number");

  if (s.channelBands.length > MAX_CHANNEL_BANDS)
    add(
      "channelBands",
      `配置表最多容纳 ${MAX_CHANNEL_BANDS} 档渠道评级`,
      `The Settings sheet holds at most ${MAX_CHANNEL_BANDS} channel bands`,
    );
  const grades = new Set<string>();
  s.channelBands.forEach((band, i) => {
    const at = `channelBands.${i}`;
    const grade = (band.grade ?? "").trim();
    if (grade === "") add(`${at}.grade`, "评级名称不能为空", "The band needs a name");
    else if (grades.has(grade)) add(`${at}.grade`, `评级“${grade}”重复`, `The band "${grade}" appears twice`);
    grades.add(grade);
    if (!finite(band.minRate) || band.minRate < 0)
      add(`${at}.minRate`, "最低转化率须为不小于0的百分比", "The minimum conversion must be a percentage, 0 or more");
    if (!finite(band.minRoi)) add(`${at}.minRoi`, "最低ROI须为百分比", "The minimum ROI must be a percentage");
  });
  if ((s.fallbackGrade ?? "").trim() === "")
    add("fallbackGrade", "其余渠道评级不能为空", "The grade for other channels cannot be blank");

  // The schema is the last word: anything it refuses that the rules above did not name.
  if (out.length === 0) {
    const parsed = settingsSchema.safeParse(s);
    if (!parsed.success)
      for (const issue of parsed.error.issues)
        add(issue.path.join("."), `配置值无效：${issue.message}`, `Not a valid setting: ${issue.message}`);
  }
  return out;
}

/** The edit with options, band names and the fallback grade trimmed (as the sheet reads them back). */
export function normalizeSettings(s: Settings): Settings {
  const lists = Object.fromEntries(
    LIST_KEYS.map((k) => [k, (s.lists[k] ?? []).map((o) => ({ ...o, value: o.value.trim() }))]),
  ) as Settings["lists"];
  return {
    ...s,
    lists,
    channelBands: s.channelBands.map((b) => ({ ...b, grade: b.grade.trim() })),
    fallbackGrade: s.fallbackGrade.trim(),
  };
}

/** Lead fields whose values come from a Settings list. */
const LEAD_LIST_FIELDS: [ListKey, keyof LeadBook["leads"][number]][] = [
  ["industry", "industry"],
  ["companySize", "companySize"],
  ["needType", "needType"],
  ["budget", "budget"],
  ["urgency", "urgency"],
  ["decisionAccess", "decisionAccess"],
  ["source", "source"],
  ["status", "status"],
  ["stage", "stage"],
  ["team", "owner"],
];

/** An option an edit drops (or renames) that leads still hold: they would no longer match their list. */
export interface OptionInUse {
  list: ListKey;
  option: string;
  leads: number;
}

/** Options of `current` missing from `next` that leads use, with how many leads use each. */
export function removedOptionsInUse(book: LeadBook, current: Settings, next: Settings): OptionInUse[] {
  const out: OptionInUse[] = [];
  for (const [list, field] of LEAD_LIST_FIELDS) {
    const kept = new Set((next.lists[list] ?? []).map((o) => o.value.trim()));
    const removed = new Set((current.lists[list] ?? []).map((o) => o.value.trim()).filter((v) => !kept.has(v)));
    if (removed.size === 0) continue;
    const counts = new Map<string, number>();
    for (const lead of book.leads) {
      const v = String(lead[field] ?? "").trim();
      if (removed.has(v)) counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    for (const [option, leads] of counts) out.push({ list, option, leads });
  }
  return out;
}
