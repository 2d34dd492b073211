import type { L10n, Locale } from "../types";
import { labelColumn, tr } from "../types";
import { LIST_KEYS, type ListKey, type OptionRole } from "../fields/lists";
import type { Settings } from "../settings/schema";
import type { TableData, TableInfo, WorkbookState } from "../workbookShapes";
import type { Change, Scalar } from "./changes";
import {
  LIST_COLUMN_HEADERS,
  LIST_WINDOW_ROWS,
  PARAMS_COLUMN_HEADERS,
  PARAMS_TABLE,
  PARAM_KEYS,
  PARAM_NAMES,
  ROLE_LABELS,
  listColumns,
  listName,
  listTableName,
  roleName,
  type ListColumnKey,
  type ParamKey,
  type ParamsColumnKey,
} from "../formulas/names";
import { absCell, columnIndex1, columnLetters1, parseRange } from "../a1";
import { quoteSheet } from "../formulas/refs";
import { sheetName } from "./layout";
import { sameSheetName } from "./sheets";

/**
 * The Settings sheet (defaults: settings/defaults.ts): a parameters table `LF_Params` (key, name,
 * value, note) and one small table per option list, side by side on one
 * header row so each list can grow downwards on its own (a table stacked
 * under another would block its growth). Formulas read Settings only through
 * defined names and the list tables, so the admin may move tables around.
 */

export const SETTINGS_HEADER_ROW = 4;
const PARAMS_COLUMNS: ParamsColumnKey[] = ["key", "name", "value", "note"];
const FIRST_LIST_COLUMN = 6; // F: one blank column after the parameters table

interface ParamDef {
  name: L10n;
  note: L10n;
  format?: string;
  value: (s: Settings) => Scalar;
}

const band =
  (i: number, part: "grade" | "minRate" | "minRoi") =>
  (s: Settings): Scalar => {
    const b = s.channelBands[i];
    return b === undefined ? null : b[part];
  };

export const PARAM_DEFS: Record<ParamKey, ParamDef> = {
  gradeA: {
    name: { zh: "A级最低分", en: "Grade A from score" },
    note: { zh: "评分 ≥ 此值为 A", en: "Score at or above this is A" },
    value: (s) => s.gradeThresholds.a,
  },
  gradeB: {
    name: { zh: "B级最低分", en: "Grade B from score" },
    note: { zh: "评分 ≥ 此值为 B，否则 C", en: "Score at or above this is B, else C" },
    value: (s) => s.gradeThresholds.b,
  },
  cadenceA: {
    name: { zh: "A级跟进周期(天)", en: "Cadence A (days)" },
    note: { zh: "A级线索每隔几天跟进一次", en: "Days between follow-ups for grade A" },
    value: (s) => s.cadenceDays.A,
  },
  cadenceB: {
    name: { zh: "B级跟进周期(天)", en: "Cadence B (days)" },
    note: { zh: "", en: "" },
    value: (s) => s.cadenceDays.B,
  },
  cadenceC: {
    name: { zh: "C级跟进周期(天)", en: "Cadence C (days)" },
    note: { zh: "", en: "" },
    value: (s) => s.cadenceDays.C,
  },
  cadenceD: {
    name: { zh: "D级跟进周期(天)", en: "Cadence D (days)" },
    note: { zh: "D = 暂缓", en: "D = on hold" },
    value: (s) => s.cadenceDays.D,
  },
  dormantDays: {
    name: { zh: "休眠天数", en: "Dormant after (days)" },
    note: { zh: "超过此天数未跟进即为休眠", en: "No follow-up for this many days makes a lead dormant" },
    value: (s) => s.dormantDays,
  },
  noReplyLimit: {
    name: { zh: "连续无回应次数", en: "No-reply limit" },
    note: {
      zh: "连续无回应达到此次数即为休眠",
      en: "This many follow-ups in a row without response make a lead dormant",
    },
    value: (s) => s.noReplyLimit,
  },
  band1Grade: {
    name: { zh: "渠道评级1", en: "Channel grade 1" },
    note: { zh: "最高一档", en: "Best band" },
    value: band(0, "grade"),
  },
  band1Rate: {
    name: { zh: "评级1最低转化率", en: "Grade 1 min. conversion" },
    note: { zh: "", en: "" },
    format: "0.00%",
    value: band(0, "minRate"),
  },
  band1Roi: {
    name: { zh: "评级1最低ROI", en: "Grade 1 min. ROI" },
    note: { zh: "", en: "" },
    format: "0.00%",
    value: band(0, "minRoi"),
  },
  band2Grade: { name: { zh: "渠道评级2", en: "Channel grade 2" }, note: { zh: "", en: "" }, value: band(1, "grade") },
  band2Rate: {
    name: { zh: "评级2最低转化率", en: "Grade 2 min. conversion" },
    note: { zh: "", en: "" },
    format: "0.00%",
    value: band(1, "minRate"),
  },
  band2Roi: {
    name: { zh: "评级2最低ROI", en: "Grade 2 min. ROI" },
    note: { zh: "", en: "" },
    format: "0.00%",
    value: band(1, "minRoi"),
  },
  band3Grade: { name: { zh: "渠道评级3", en: "Channel grade 3" }, note: { zh: "", en: "" }, value: band(2, "grade") },
  band3Rate: {
    name: { zh: "评级3最低转化率", en: "Grade 3 min. conversion" },
    note: { zh: "", en: "" },
    format: "0.00%",
    value: band(2, "minRate"),
  },
  band3Roi: {
    name: { zh: "评级3最低ROI", en: "Grade 3 min. ROI" },
    note: { zh: "", en: "" },
    format: "0.00%",
    value: band(2, "minRoi"),
  },
  fallbackGrade: {
    name: { zh: "其余渠道评级", en: "Grade otherwise" },
    note: { zh: "两项指标落在不同档时取较低档", en: "When the two measures fall in different bands the lower counts" },
    value: (s) => s.fallbackGrade,
  },
  asOf: {
    name: { zh: "报表截止日期", en: "Report as-of date" },
    note: { zh: "留空 = 今天", en: "Blank = today" },
    format: "yyyy-mm-dd",
    value: (s) => s.asOf,
  },
  hideContacts: {
    name: { zh: "隐藏联系方式", en: "Hide contacts" },
    note: { zh: "TRUE = 复盘表不显示电话", en: "TRUE = review sheets show no phone numbers" },
    value: (s) => s.hideContacts,
  },
  locale: {
    name: { zh: "语言", en: "Language" },
    note: { zh: "安装时确定", en: "Chosen at install" },
    value: (s) => s.locale,
  },
};

/** Title written above each list table: the headers all say 选项 / Option, the title says which list it is. */
export const LIST_TITLES: Record<ListKey, L10n> = {
  industry: { zh: "所属行业", en: "Industry" },
  companySize: { zh: "客户规模（计分）", en: "Company size (scored)" },
  needType: { zh: "需求类型", en: "Need type" },
  budget: { zh: "预算范围（计分）", en: "Budget (scored)" },
  urgency: { zh: "需求紧急度（计分）", en: "Urgency (scored)" },
  decisionAccess: { zh: "决策人对接（计分）", en: "Decision access (scored)" },
  source: { zh: "线索来源 / 渠道", en: "Source / channel" },
  status: { zh: "线索状态", en: "Status" },
  stage: { zh: "销售阶段（按顺序）", en: "Stages (in order)" },
  method: { zh: "跟进方式", en: "Method" },
  intent: { zh: "意向度", en: "Intent" },
  feedback: { zh: "客户反馈", en: "Feedback" },
  result: { zh: "转化结果", en: "Result" },
  lossReason: { zh: "流失原因", en: "Loss reason" },
  team: { zh: "销售团队（责任人）", en: "Team (owners)" },
  grade: { zh: "等级", en: "Grade" },
};
export const PARAMS_TITLE: L10n = { zh: "参数", en: "Parameters" };

/** One row of a list table, in `listColumns(key)` order. */
export function listRows(settings: Settings, key: ListKey, locale: Locale): Scalar[][] {
  return settings.lists[key].map((o) =>
    listColumns(key).map((c): Scalar => {
      if (c === "option") return o.value;
      if (c === "points") return o.points ?? 0;
      if (c === "role")
        return o.role && o.role in ROLE_LABELS ? tr(ROLE_LABELS[o.role as OptionRole], locale) : (o.role ?? null);
      return o.limitDays ?? null;
    }),
  );
}

/**
 * The dropdown source of a list: the filled part of a bounded window under the
 * list's first option. Why this form: Excel and LibreOffice both accept an
 * OFFSET/COUNTA defined name as a list-validation source and in COUNTIF (a
 * structured reference inside a defined name is not understood by every
 * LibreOffice version, and a fixed over-long range would show blank entries
 * in the dropdown). The window is bounded so COUNTA never scans a whole
 * column; an option typed under the table extends the table and is counted.
 * A blank row inside a list ends it early: the check reports that.
 */
export function growingListFormula(sheet: string, column: string, firstRow: number, window: number): string {
  const s = quoteSheet(sheet);
  const start = `${s}!${absCell(column, firstRow)}`;
  const area = `${s}!${absCell(column, firstRow)}:${absCell(column, firstRow + window - 1)}`;
  return `=OFFSET(${start},0,0,MAX(1,COUNTA(${area})),1)`;
}

export interface SettingsPlan {
  sheet: string;
  changes: Change[];
  /** Defined names (params, lists, roles), applied after the tables exist. */
  names: Change[];
  createdTables: string[];
  addedParams: ParamKey[];
}

export interface SettingsPlanInput {
  state: WorkbookState;
  settings: Settings;
  locale: Locale;
  /** Data of an existing `LF_Params` table (to find which row holds which key). */
  params?: TableData;
  /** Sheet for a new Settings sheet (default: the localized name); ignored when Settings tables exist. */
  sheet?: string;
}

/** Plan the Settings sheet: create what is missing (never touching existing Settings cells), and (re)point every defined name. */
export function planSettingsSheet(input: SettingsPlanInput): SettingsPlan {
  const { state, settings, locale } = input;
  const tables = new Map(state.tables.map((t) => [t.name, t] as const));
  const existingParams = tables.get(PARAMS_TABLE);
  const anyList = LIST_KEYS.map((k) => tables.get(listTableName(k))).find((t) => t !== undefined);
  const sheet = existingParams?.sheet ?? anyList?.sheet ?? input.sheet ?? sheetName("settings", locale);
  const sheetExists = state.sheets.some((s) => sameSheetName(s.name, sheet));
  const changes: Change[] = [];
  const names: Change[] = [];
  const createdTables: string[] = [];
  const addedParams: ParamKey[] = [];
  const qs = quoteSheet(sheet);

  if (!sheetExists) {
    changes.push({
      op: "writeCells",
      sheet,
      topLeft: "A1",
      cells: [
        [tr({ zh: "LeadFlow 配置", en: "LeadFlow settings" }, locale)],
        [
          tr(
            {
              zh: "在下方各表中维护选项与参数：在列表末尾下一行输入即可新增选项，下拉框与公式会自动跟随。请勿在列表中间留空行。",
              en: "Maintain options and parameters in the tables below: type under a list to add an option; dropdowns and formulas follow. Leave no blank row inside a list.",
            },
            locale,
          ),
        ],
      ],
    });
    changes.push({ op: "setFont", sheet, address: "A1", bold: true, size: 14 });
  }

  // Right-most column used by a Settings table on this sheet: new tables go after it.
  let nextColumn = FIRST_LIST_COLUMN;
  for (const t of state.tables) {
    if (!sameSheetName(t.sheet, sheet)) continue;
    const { last } = parseRange(t.address);
    nextColumn = Math.max(nextColumn, columnIndex1(last.column) + 2);
  }
  const place = (width: number): string => {
    const col = columnLetters1(nextColumn);
    nextColumn += width + 1;
    return `${col}${SETTINGS_HEADER_ROW}`;
  };

  // --- parameters table
  const paramHeaders = PARAMS_COLUMNS.map((c) => tr(PARAMS_COLUMN_HEADERS[c], locale));
  if (!existingParams) {
    const topLeft = sheetExists ? place(PARAMS_COLUMNS.length) : `A${SETTINGS_HEADER_ROW}`;
    const { column, row } = { column: parseRange(topLeft).first.column, row: SETTINGS_HEADER_ROW };
    const startIdx = columnIndex1(column);
    changes.push({ op: "writeCells", sheet, topLeft: `${column}${row - 1}`, cells: [[tr(PARAMS_TITLE, locale)]] });
    changes.push({ op: "setFont", sheet, address: `${column}${row - 1}`, bold: true });
    changes.push({
      op: "createTable",
      table: PARAMS_TABLE,
      sheet,
      topLeft,
      headers: paramHeaders,
      style: "TableStyleLight9",
    });
    changes.push({
      op: "appendRows",
      table: PARAMS_TABLE,
      rows: PARAM_KEYS.map((k) => [
        k,
        tr(PARAM_DEFS[k].name, locale),
        PARAM_DEFS[k].value(settings),
        tr(PARAM_DEFS[k].note, locale),
      ]),
    });
    const valueCol = columnLetters1(startIdx + 2);
    PARAM_KEYS.forEach((k, i) => {
      const r = row + 1 + i;
      const fmt = PARAM_DEFS[k].format;
      if (fmt) changes.push({ op: "setNumberFormat", sheet, address: `${valueCol}${r}`, format: fmt });
      names.push({ op: "setDefinedName", name: PARAM_NAMES[k], formula: `=${qs}!${absCell(valueCol, r)}` });
    });
    changes.push({
      op: "setColumnWidths",
      sheet,
      widths: [18, 22, 14, 40].map((w, i) => ({ column: columnLetters1(startIdx + i), width: w })),
    });
    createdTables.push(PARAMS_TABLE);
  } else {
    names.push(...existingParamNames(existingParams, input.params, settings, locale, changes, addedParams));
  }

  // --- one table per option list
  for (const key of LIST_KEYS) {
    const table = listTableName(key);
    const cols = listColumns(key);
    const existing = tables.get(table);
    let optionCol: string;
    let roleCol: string | undefined;
    let firstRow: number;
    let window = LIST_WINDOW_ROWS;
    if (existing) {
      const { first } = parseRange(existing.address);
      const start = columnIndex1(first.column);
      const oi = Math.max(0, labelColumn(existing.headers, LIST_COLUMN_HEADERS.option));
      const ri = labelColumn(existing.headers, LIST_COLUMN_HEADERS.role);
      optionCol = columnLetters1(start + oi);
      roleCol = ri >= 0 ? columnLetters1(start + ri) : undefined;
      firstRow = first.row + 1;
      window = Math.max(LIST_WINDOW_ROWS, existing.rowCount + 100);
    } else {
      const topLeft = place(cols.length);
      const start = columnIndex1(parseRange(topLeft).first.column);
      const titleCell = `${columnLetters1(start)}${SETTINGS_HEADER_ROW - 1}`;
      changes.push({ op: "writeCells", sheet, topLeft: titleCell, cells: [[tr(LIST_TITLES[key], locale)]] });
      changes.push({ op: "setFont", sheet, address: titleCell, bold: true });
      changes.push({
        op: "createTable",
        table,
        sheet,
        topLeft,
        headers: cols.map((c) => tr(LIST_COLUMN_HEADERS[c], locale)),
        style: "TableStyleLight1",
      });
      const rows = listRows(settings, key, locale);
      if (rows.length > 0) changes.push({ op: "appendRows", table, rows });
      changes.push({
        op: "setColumnWidths",
        sheet,
        widths: cols.map((c, i) => ({ column: columnLetters1(start + i), width: c === "option" ? 18 : 10 })),
      });
      optionCol = columnLetters1(start);
      const ri = cols.indexOf("role");
      roleCol = ri >= 0 ? columnLetters1(start + ri) : undefined;
      firstRow = SETTINGS_HEADER_ROW + 1;
      createdTables.push(table);
    }
    names.push({
      op: "setDefinedName",
      name: listName(key),
      formula: growingListFormula(sheet, optionCol, firstRow, window),
    });
    if (roleCol !== undefined)
      names.push({
        op: "setDefinedName",
        name: roleName(key),
        formula: growingListFormula(sheet, roleCol, firstRow, window),
      });
  }
  if (!sheetExists) changes.push({ op: "freezePanes", sheet, rows: SETTINGS_HEADER_ROW, columns: 0 });
  return { sheet, changes, names, createdTables, addedParams };
}

/** Names for an existing parameters table: each key's row as found; missing keys are appended (never overwriting a row). */
function existingParamNames(
  info: TableInfo,
  data: TableData | undefined,
  settings: Settings,
  locale: Locale,
  changes: Change[],
  added: ParamKey[],
): Change[] {
  const names: Change[] = [];
  const { first } = parseRange(info.address);
  const start = columnIndex1(first.column);
  const col = (c: ParamsColumnKey, fallback: number) => {
    const i = labelColumn(info.headers, PARAMS_COLUMN_HEADERS[c]);
    return i >= 0 ? i : fallback;
  };
  const ki = col("key", 0);
  const vi = col("value", Math.min(2, info.headers.length - 1));
  const valueCol = columnLetters1(start + vi);
  const qs = quoteSheet(info.sheet);
  const firstRow = data?.firstRow ?? first.row + 1;
  const rowOf = new Map<string, number>();
  (data?.values ?? []).forEach((r, i) => {
    const k = String(r[ki] ?? "").trim();
    if (k && !rowOf.has(k)) rowOf.set(k, firstRow + i);
  });
  const rowCount = data?.values.length ?? info.rowCount;
  const append: Scalar[][] = [];
  const formats: Change[] = [];
  for (const k of PARAM_KEYS) {
    let r = rowOf.get(k);
    if (r === undefined) {
      r = firstRow + rowCount + append.length;
      const byCol: Partial<Record<ParamsColumnKey, Scalar>> = {
        key: k,
        name: tr(PARAM_DEFS[k].name, locale),
        value: PARAM_DEFS[k].value(settings),
        note: tr(PARAM_DEFS[k].note, locale),
      };
      const row: Scalar[] = info.headers.map(() => null);
      for (const c of PARAMS_COLUMNS) {
        const i = labelColumn(info.headers, PARAMS_COLUMN_HEADERS[c]);
        if (i >= 0) row[i] = byCol[c] ?? null;
      }
      row[ki] = k;
      row[vi] = byCol.value ?? null;
      append.push(row);
      added.push(k);
      const fmt = PARAM_DEFS[k].format;
      if (fmt) formats.push({ op: "setNumberFormat", sheet: info.sheet, address: `${valueCol}${r}`, format: fmt });
    }
    names.push({ op: "setDefinedName", name: PARAM_NAMES[k], formula: `=${qs}!${absCell(valueCol, r)}` });
  }
  if (append.length > 0) changes.push({ op: "appendRows", table: PARAMS_TABLE, rows: append }, ...formats);
  return names;
}

export type { ListColumnKey };
