import type { Locale } from "../types";
import { tr } from "../types";
import type { FieldDef, TableDef } from "../fields/definitions";
import type { Settings } from "../settings/schema";
import type { ConditionalFormat, Validation } from "../plan/changes";
import { LEAD_IDS_NAME, listName, roleLabel, roleName } from "./names";
import { textLiteral } from "./refs";
import { ALERT_WORDS } from "./alertWords";
import { phoneHighlightFormula } from "./phoneRule";

/**
 * Data validation and conditional-format formulas for one input table, in
 * plain A1 relative to the first data row (DV/CF cannot use structured
 * references). Column letters come from the table's actual layout, so a
 * table whose columns were moved still gets correct rules.
 */

export interface ColumnRules {
  key: string;
  validation?: Validation;
  formats: ConditionalFormat[];
}

export interface RulesContext {
  table: TableDef;
  locale: Locale;
  settings: Settings;
  firstDataRow: number;
  /** Column letter of each present field. */
  columnOf: Map<string, string>;
  stageCount: number;
}

const BAD: Omit<ConditionalFormat, "formula"> = { fill: "#FFC7CE", fontColor: "#9C0006" };
const WARN: Omit<ConditionalFormat, "formula"> = { fill: "#FFEB9C", fontColor: "#9C5700" };
const MUTED: Omit<ConditionalFormat, "formula"> = { fill: "#D9D9D9", fontColor: "#404040" };
/** Stage colours, light to strong, repeated when there are more stages. */
const STAGE_FILLS = ["#DDEBF7", "#BDD7EE", "#C6E0B4", "#A9D08E", "#FFE699", "#F8CBAD", "#D9E1F2"];

const DATE_TYPES = new Set(["date", "month", "dateTime"]);
/** Columns where the same value twice is suspicious (COUNTIF over the column is fine for a conditional format: it runs for visible cells only). */
const DUPLICATE_KEYS: Record<string, string[]> = {
  Leads: ["leadId", "customer", "phone"],
  FollowUps: [],
  Conversion: ["leadId"],
  ChannelCosts: [],
};

/** Whether a list field gets a dropdown: always, except an optional list (team) that has no options yet. */
export function hasDropdown(field: FieldDef, settings: Settings): boolean {
  if (field.type !== "list" || field.list === undefined || field.kind !== "input") return false;
  return !(field.listIfPresent && settings.lists[field.list].length === 0);
}

/**
 * Excel's limits on data validation texts, in UTF-16 characters ([MS-OI29500]
 * 2.1.613, dataValidation: prompt ≤ 255, error ≤ 224, errorTitle and
 * promptTitle ≤ 32). A longer text makes Excel reject or repair the rule.
 */
export const VALIDATION_LIMITS = { title: 32, prompt: 255, error: 224 } as const;

/** `s` cut to at most `max` UTF-16 units, ending in "…" when cut; never half a surrogate pair. */
export function clipValidationText(s: string, max: number): string {
  if (s.length <= max) return s;
  let out = "";
  for (const ch of s) {
    if (out.length + ch.length > max - 1) break;
    out += ch;
  }
  return out + "…";
}

/** Every text of a rule within Excel's limits: the one place where validation texts are clipped. */
function withinLimits(v: Validation): Validation {
  const L = VALIDATION_LIMITS;
  return {
    ...v,
    ...(v.prompt
      ? {
          prompt: {
            title: clipValidationText(v.prompt.title, L.title),
            message: clipValidationText(v.prompt.message, L.prompt),
          },
        }
      : {}),
    ...(v.error
      ? {
          error: {
            ...v.error,
            title: clipValidationText(v.error.title, L.title),
            message: clipValidationText(v.error.message, L.error),
          },
        }
      : {}),
  };
}

export function columnRules(ctx: RulesContext): ColumnRules[] {
  const { table, locale, settings, columnOf } = ctx;
  const r = ctx.firstDataRow;
  const L = (zh: string, en: string) => tr({ zh, en }, locale);
  /** Column absolute, row relative: the same row of another column. */
  const rowCell = (key: string) => `$${columnOf.get(key)}${r}`;
  const inputKeys = table.fields.filter((f) => f.kind === "input" && columnOf.has(f.key)).map((f) => f.key);
  const started = `COUNTA(${inputKeys.map(rowCell).join(",")})>0`;
  const out: ColumnRules[] = [];
  const stageNames = settings.lists.stage.map((o) => o.value);

  for (const field of table.fields) {
    const col = columnOf.get(field.key);
    if (col === undefined) continue;
    const a = `${col}${r}`;
    const header = tr(field.header, locale);
    let rule = tr(field.rule, locale);
    const stageMatch = /^stage(\d+)(At|Days)$/.exec(field.key);
    if (stageMatch) {
      const name = stageNames[Number(stageMatch[1]) - 1];
      if (name) rule = `${L("阶段", "Stage")} ${stageMatch[1]}: ${name}. ${rule}`;
    }
    const prompt = { title: header, message: rule };
    const formats: ConditionalFormat[] = [];
    let validation: Validation | undefined;

    if (hasDropdown(field, settings)) {
      validation = {
        rule: { kind: "list", source: `=${listName(field.list!)}` },
        allowBlank: true,
        prompt,
        error: {
          style: "stop",
          title: L("无效的值", "Invalid value"),
          message: L(
            "请从下拉列表中选择；选项在“配置”表中维护。",
            "Pick a value from the list; the options are kept on the Settings sheet.",
          ),
        },
      };
      // Pasted values bypass validation: highlight them.
      formats.push({ formula: `=AND(TRIM(${a})<>"",COUNTIF(${listName(field.list!)},TRIM(${a}))=0)`, ...BAD });
    } else if (field.kind === "input" && DATE_TYPES.has(field.type)) {
      validation = {
        rule: { kind: "date", operator: "between", formula1: "=DATE(2000,1,1)", formula2: "=DATE(2099,12,31)" },
        allowBlank: true,
        prompt,
        error: {
          style: "stop",
          title: L("无效的日期", "Invalid date"),
          message: L("请输入日期，例如 2024-05-01。", "Enter a date, e.g. 2024-05-01."),
        },
      };
      // A pasted date that stayed text counts as blank in every formula: make it visible.
      formats.push({ formula: `=AND(TRIM(${a})<>"",NOT(ISNUMBER(${a})))`, ...BAD });
    } else if (field.kind === "input" && field.type === "amount") {
      const positive = table.name === "Conversion";
      validation = {
        rule: { kind: "decimal", operator: positive ? "greaterThan" : "greaterThanOrEqual", formula1: "=0" },
        allowBlank: true,
        prompt,
        error: {
          style: "stop",
          title: L("无效的金额", "Invalid amount"),
          message: positive
            ? L("请输入大于0的数字（元）。", "Enter a number greater than 0.")
            : L("请输入不小于0的数字（元）。", "Enter a number, 0 or more."),
        },
      };
      formats.push({ formula: positive ? `=AND(ISNUMBER(${a}),${a}<=0)` : `=AND(ISNUMBER(${a}),${a}<0)`, ...BAD });
    }

    if (field.kind === "input" && field.required) formats.push({ formula: `=AND(TRIM(${a})="",${started})`, ...WARN });

    // The shapes Check accepts (mobile, landline with an optional extension, +international): one rule, see phoneRule.ts.
    if (field.type === "phone") formats.push({ formula: phoneHighlightFormula(a), ...BAD });

    if (DUPLICATE_KEYS[table.name].includes(field.key))
      formats.push({ formula: `=AND(TRIM(${a})<>"",COUNTIF($${col}:$${col},${a})>1)`, ...WARN });

    if (table.name === "Leads") leadsExtras(field, a, ctx, formats);
    if (table.name === "FollowUps") {
      if (field.key === "leadId")
        formats.push({ formula: `=AND(TRIM(${a})<>"",COUNTIF(${LEAD_IDS_NAME},TRIM(${a}))=0)`, ...BAD });
      if (field.key === "at") formats.push({ formula: `=AND(ISNUMBER(${a}),INT(${a})>TODAY())`, ...BAD });
      if (field.key === "dueDate" && columnOf.has("at"))
        formats.push({ formula: `=AND(ISNUMBER(${a}),ISNUMBER(${rowCell("at")}),${a}<INT(${rowCell("at")}))`, ...BAD });
    }
    if (table.name === "Conversion") conversionExtras(field, a, ctx, rowCell, formats);
    if (table.name === "ChannelCosts") {
      if (field.key === "period") {
        const v = `TRIM(${a})`;
        const month = `AND(LEN(${v})=7,MID(${v},5,1)="-",ISNUMBER(-LEFT(${v},4)),VALUE(RIGHT(${v},2))>=1,VALUE(RIGHT(${v},2))<=12)`;
        const quarter = `AND(LEN(${v})=7,MID(${v},5,2)="-Q",ISNUMBER(-LEFT(${v},4)),VALUE(RIGHT(${v},1))>=1,VALUE(RIGHT(${v},1))<=4)`;
        // Each alternative on its own IFERROR: OR() with one erroring argument is an error as a whole.
        formats.push({ formula: `=AND(${v}<>"",NOT(OR(IFERROR(${month},FALSE),IFERROR(${quarter},FALSE))))`, ...BAD });
      }
      if ((field.key === "channel" || field.key === "period") && columnOf.has("channel") && columnOf.has("period")) {
        formats.push({
          formula: `=AND(TRIM(${a})<>"",COUNTIFS($${columnOf.get("channel")}:$${columnOf.get("channel")},${rowCell("channel")},$${columnOf.get("period")}:$${columnOf.get("period")},${rowCell("period")})>1)`,
          ...WARN,
        });
      }
    }
    if (validation || formats.length > 0)
      out.push({ key: field.key, validation: validation && withinLimits(validation), formats });
  }
  return out;
}

function leadsExtras(field: FieldDef, a: string, ctx: RulesContext, formats: ConditionalFormat[]): void {
  if (field.key === "stage") {
    ctx.settings.lists.stage.forEach((_, i) => {
      formats.push({
        formula: `=TRIM(${a})=INDEX(${listName("stage")},${i + 1})`,
        fill: STAGE_FILLS[i % STAGE_FILLS.length],
      });
    });
  }
  if (field.key === "alert") {
    const w = ALERT_WORDS[ctx.locale];
    formats.push({ formula: `=${a}=${textLiteral(w.dormant)}`, ...MUTED });
    formats.push({
      formula: `=LEFT(${a},${[...w.overduePrefix].length})=${textLiteral(w.overduePrefix)}`,
      ...BAD,
      bold: true,
    });
    formats.push({ formula: `=LEFT(${a},${[...w.stalledPrefix].length})=${textLiteral(w.stalledPrefix)}`, ...WARN });
  }
}

function conversionExtras(
  field: FieldDef,
  a: string,
  ctx: RulesContext,
  rowCell: (k: string) => string,
  formats: ConditionalFormat[],
): void {
  const { columnOf, locale } = ctx;
  const at = /^stage(\d+)At$/.exec(field.key);
  if (at && Number(at[1]) > 1) {
    const earlier: string[] = [];
    for (let j = 1; j < Number(at[1]); j++) if (columnOf.has(`stage${j}At`)) earlier.push(rowCell(`stage${j}At`));
    if (earlier.length > 0)
      formats.push({ formula: `=AND(ISNUMBER(${a}),INT(MAX(${earlier.join(",")}))>INT(${a}))`, ...BAD });
  }
  if (!columnOf.has("result")) return;
  const role = `IFERROR(INDEX(${roleName("result")},MATCH(TRIM(${rowCell("result")}),${listName("result")},0))&"","")`;
  const won = `${role}=${textLiteral(roleLabel("won", locale))}`;
  const lost = `${role}=${textLiteral(roleLabel("lost", locale))}`;
  const blank = `TRIM(${a})=""`;
  if (field.key === "amount") {
    formats.push({ formula: `=AND(NOT(${blank}),NOT(${won}))`, ...BAD });
    formats.push({ formula: `=AND(${blank},${won})`, ...WARN });
  }
  if (field.key === "closedAt") formats.push({ formula: `=AND(${blank},OR(${won},${lost}))`, ...WARN });
  if (field.key === "lossReason") {
    formats.push({ formula: `=AND(${blank},${lost})`, ...WARN });
    formats.push({ formula: `=AND(NOT(${blank}),NOT(${lost}))`, ...BAD });
  }
}
