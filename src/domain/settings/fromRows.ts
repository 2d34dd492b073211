/**
 * Settings from the rows of the Settings tables (plan/settingsSheet.ts), without I/O.
 * Anything missing or broken falls back to the default for that part and is
 * listed as a warning: reading Settings never fails an operation. The
 * operation that reads the tables through the port is
 * src/operations/settingsIO.ts.
 */
import type { CellValue, L10n, Locale } from "../types";
import { labelColumn } from "../types";
import { LIST_KEYS, type ListKey, type OptionRole } from "../fields/lists";
import { settingsSchema, optionSchema, type Option, type Settings } from "./schema";
import { defaultSettings } from "./defaults";
import {
  LIST_COLUMN_HEADERS,
  PARAMS_COLUMN_HEADERS,
  PARAMS_TABLE,
  ROLE_LABELS,
  listTableName,
  type ListColumnKey,
  type ParamKey,
} from "../formulas/names";
import { parseDate } from "../parse/dates";
import { parseAmount } from "../parse/amounts";
import type { TableData } from "../workbookShapes";

export interface ListRow {
  option: CellValue;
  points?: CellValue;
  role?: CellValue;
  limitDays?: CellValue;
}

export interface SettingsRows {
  params?: { key: CellValue; value: CellValue }[];
  lists?: Partial<Record<ListKey, ListRow[]>>;
}

const ROLE_BY_TEXT = new Map<string, OptionRole>();
for (const [role, label] of Object.entries(ROLE_LABELS) as [OptionRole, L10n][]) {
  ROLE_BY_TEXT.set(role.toLowerCase(), role);
  ROLE_BY_TEXT.set(label.zh, role);
  ROLE_BY_TEXT.set(label.en.toLowerCase(), role);
}

function text(v: CellValue | undefined): string {
  if (v === null || v === undefined) return "";
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v).trim();
}

function num(v: CellValue | undefined): number | null {
  if (v === null || v === undefined || (typeof v === "string" && v.trim() === "")) return null;
  if (typeof v === "number") return Number.isFinite(v) ? v : null;
  if (typeof v === "string" && /%\s*$/.test(v)) {
    const n = Number(v.replace(/%\s*$/, "").trim());
    return Number.isFinite(n) ? n / 100 : null;
  }
  const r = parseAmount(v);
  return r.ok ? r.value : null;
}

function bool(v: CellValue | undefined): boolean | null {
  if (typeof v === "boolean") return v;
  if (typeof v === "number") return v !== 0;
  const t = text(v).toLowerCase();
  if (["true", "yes", "是", "1", "y"].includes(t)) return true;
  if (["false", "no", "否", "0", "n", ""].includes(t)) return false;
  return null;
}

const w = (zh: string, en: string): L10n => ({ zh, en });

/** Settings from plain rows (what the Settings tables hold); the unit of reading, also used by tests. */
export function settingsFromRows(rows: SettingsRows, locale: Locale): { settings: Settings; warnings: L10n[] } {
  const d = defaultSettings(locale);
  const warnings: L10n[] = [];
  const s: Settings = structuredClone(d);

  // Lists
  for (const key of LIST_KEYS) {
    const list = rows.lists?.[key];
    if (list === undefined) {
      warnings.push(
        w(
          `配置表缺少列表 ${listTableName(key)}，使用默认选项`,
          `Settings has no ${listTableName(key)} table; using the default options`,
        ),
      );
      continue;
    }
    const options: Option[] = [];
    const seen = new Set<string>();
    for (const r of list) {
      const value = text(r.option);
      if (value === "") continue;
      if (seen.has(value)) {
        warnings.push(
          w(`列表 ${listTableName(key)} 中“${value}”重复`, `"${value}" appears twice in ${listTableName(key)}`),
        );
        continue;
      }
      seen.add(value);
      const o: Option = { value };
      if (r.points !== undefined) {
        const p = num(r.points);
        if (p === null && text(r.points) !== "")
          warnings.push(w(`“${value}”的分值不是数字，按0计`, `Points of "${value}" are not a number; counted as 0`));
        o.points = p ?? 0;
      }
      if (r.role !== undefined) {
        const t = text(r.role);
        const role = ROLE_BY_TEXT.get(t) ?? ROLE_BY_TEXT.get(t.toLowerCase());
        if (role) o.role = role;
        else if (t !== "")
          warnings.push(w(`“${value}”的含义“${t}”无法识别`, `Role "${t}" of "${value}" is not recognised`));
      }
      if (r.limitDays !== undefined) {
        const n = num(r.limitDays);
        if (n !== null && Number.isInteger(n) && n > 0) o.limitDays = n;
        else if (text(r.limitDays) !== "")
          warnings.push(
            w(`“${value}”的时限天数应为正整数`, `Limit days of "${value}" must be a positive whole number`),
          );
      }
      const checked = optionSchema.safeParse(o);
      if (checked.success) options.push(checked.data);
    }
    if (options.length === 0 && key !== "team") {
      warnings.push(
        w(`列表 ${listTableName(key)} 为空，使用默认选项`, `${listTableName(key)} is empty; using the default options`),
      );
      continue;
    }
    s.lists[key] = options;
  }

  // Parameters
  if (rows.params === undefined) {
    warnings.push(
      w("配置表缺少参数表 LF_Params，使用默认参数", "Settings has no LF_Params table; using the default parameters"),
    );
  } else {
    const p = new Map<string, CellValue>();
    for (const r of rows.params) {
      const k = text(r.key);
      if (k && !p.has(k)) p.set(k, r.value);
    }
    const number = (k: ParamKey, fallback: number, check: (n: number) => boolean = () => true): number => {
      if (!p.has(k)) {
        warnings.push(
          w(`参数 ${k} 缺失，使用默认值 ${fallback}`, `Parameter ${k} is missing; using the default ${fallback}`),
        );
        return fallback;
      }
      const n = num(p.get(k));
      if (n === null || !check(n)) {
        warnings.push(
          w(
            `参数 ${k} 的值无效，使用默认值 ${fallback}`,
            `Parameter ${k} has an invalid value; using the default ${fallback}`,
          ),
        );
        return fallback;
      }
      return n;
    };
    const nonNeg = (n: number) => n >= 0;
    const posInt = (n: number) => Number.isInteger(n) && n > 0;
    s.gradeThresholds = { a: number("gradeA", d.gradeThresholds.a), b: number("gradeB", d.gradeThresholds.b) };
    s.cadenceDays = {
      A: number("cadenceA", d.cadenceDays.A, nonNeg),
      B: number("cadenceB", d.cadenceDays.B, nonNeg),
      C: number("cadenceC", d.cadenceDays.C, nonNeg),
      D: number("cadenceD", d.cadenceDays.D, nonNeg),
    };
    s.dormantDays = number("dormantDays", d.dormantDays, posInt);
    s.noReplyLimit = number("noReplyLimit", d.noReplyLimit, posInt);
    const bands = [];
    for (let i = 1; i <= 3; i++) {
      const g = text(p.get(`band${i}Grade`));
      const def = d.channelBands[i - 1];
      if (!p.has(`band${i}Grade`)) {
        bands.push(def);
        continue;
      }
      if (g === "") continue; // an admin blanked the band: fewer bands
      bands.push({
        grade: g,
        minRate: number(`band${i}Rate` as ParamKey, def.minRate, nonNeg),
        minRoi: number(`band${i}Roi` as ParamKey, def.minRoi),
      });
    }
    s.channelBands = bands;
    s.fallbackGrade = text(p.get("fallbackGrade")) || d.fallbackGrade;
    const asOf = p.get("asOf");
    if (asOf === undefined || text(asOf) === "") s.asOf = null;
    else {
      const r = parseDate(asOf);
      if (r.ok && r.value !== null) s.asOf = r.value;
      else {
        warnings.push(w("报表截止日期无效，按今天计算", "The report as-of date is not a date; using today"));
        s.asOf = null;
      }
    }
    const hide = bool(p.get("hideContacts"));
    if (hide === null) warnings.push(w("“隐藏联系方式”应为 TRUE 或 FALSE", "Hide contacts should be TRUE or FALSE"));
    s.hideContacts = hide ?? false;
  }
  s.locale = locale;
  const checked = settingsSchema.safeParse(s);
  if (!checked.success) {
    warnings.push(w("配置无效，使用默认配置", "Settings are not valid; using the defaults"));
    return { settings: d, warnings };
  }
  return { settings: checked.data, warnings };
}

/** Rows of the Settings tables found in `tables` (read through the port). */
export function settingsRowsFromTables(tables: Map<string, TableData>): SettingsRows {
  const rows: SettingsRows = { lists: {} };
  const params = tables.get(PARAMS_TABLE);
  if (params) {
    const h = params.table.headers;
    const ki = Math.max(0, labelColumn(h, PARAMS_COLUMN_HEADERS.key));
    const vi0 = labelColumn(h, PARAMS_COLUMN_HEADERS.value);
    const vi = vi0 >= 0 ? vi0 : Math.min(2, h.length - 1);
    rows.params = params.values.map((r) => ({ key: r[ki] ?? null, value: r[vi] ?? null }));
  }
  for (const key of LIST_KEYS) {
    const t = tables.get(listTableName(key));
    if (!t) continue;
    const h = t.table.headers;
    const col = (c: ListColumnKey) => labelColumn(h, LIST_COLUMN_HEADERS[c]);
    const oi = Math.max(0, col("option"));
    const pi = col("points");
    const ri = col("role");
    const li = col("limitDays");
    rows.lists![key] = t.values.map((r) => {
      const row: ListRow = { option: r[oi] ?? null };
      if (pi >= 0) row.points = r[pi] ?? null;
      if (ri >= 0) row.role = r[ri] ?? null;
      if (li >= 0) row.limitDays = r[li] ?? null;
      return row;
    });
  }
  return rows;
}

/** Names of the tables that hold Settings. */
export const SETTINGS_TABLES: string[] = [PARAMS_TABLE, ...LIST_KEYS.map(listTableName)];
