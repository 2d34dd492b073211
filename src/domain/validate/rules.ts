import type { FieldDef, TableDef } from "../fields/definitions";
import type { ListKey } from "../fields/lists";
import { MAX_SERIAL, MIN_SERIAL, formatDate, formatDateTime, parseDate } from "../parse/dates";
import { parseAmount } from "../parse/amounts";
import { parseCostPeriod } from "../parse/periods";
import { parsePhone } from "../parse/phones";
import { isBlankCell, normaliseText } from "../parse/text";
import type { Settings } from "../settings/schema";
import type { CellValue, Locale, Serial } from "../types";
import { tr } from "../types";
import { formatMessage, type MessageKey, type MessageParams, type ProblemCode } from "./messages";

/**
 * Single-row rules, shared by Check, import and quick entry so that all three
 * judge a row the same way. Cross-row rules (duplicates, unknown leads) live in
 * book.ts and use the indexes built there.
 */

/** A problem found in one field of one row, before it is given a location. */
export interface FieldIssue {
  field: string;
  code: ProblemCode;
  /** Display text of the offending value ("" when blank). */
  value: string;
  message: string;
}

/** Everything a rule needs from Settings, precomputed once per check (not per row). */
export interface RuleContext {
  settings: Settings;
  locale: Locale;
  /** Today (date serial, no time): dates after today's end are in the future. */
  today: Serial;
  lists: Map<ListKey, Set<string>>;
  statusRole: Map<string, string>;
  resultRole: Map<string, string>;
  stageIndex: Map<string, number>;
  stageCount: number;
  /** "stage1At" … "stageNAt", built once. */
  stageKeys: string[];
}

export function makeRuleContext(settings: Settings, locale: Locale, today: Serial): RuleContext {
  const lists = new Map<ListKey, Set<string>>();
  for (const key of Object.keys(settings.lists) as ListKey[]) {
    lists.set(key, new Set(settings.lists[key].map((o) => o.value.trim())));
  }
  const roles = (key: "status" | "result") =>
    new Map(settings.lists[key].map((o) => [o.value.trim(), o.role ?? ""] as [string, string]));
  const stageIndex = new Map(settings.lists.stage.map((o, i) => [o.value.trim(), i] as [string, number]));
  return {
    settings,
    locale,
    today: Math.floor(today),
    lists,
    statusRole: roles("status"),
    resultRole: roles("result"),
    stageIndex,
    stageCount: settings.lists.stage.length,
    stageKeys: settings.lists.stage.map((_, i) => `stage${i + 1}At`),
  };
}

/** A parsed cell: text for text/list/phone (phone normalised), a serial or number, or null when blank or unreadable. */
export type ParsedValue = string | number | null;

export interface ReadCell {
  value: ParsedValue;
  /** True when the cell is blank. */
  blank: boolean;
  /** Display text of the value (for messages). */
  readonly display: string;
  issue?: FieldIssue;
}

/** A date cell read fine: its display text is only formatted if a message needs it (the hot path never does). */
class DateCell implements ReadCell {
  readonly blank = false;
  private shown: string | undefined;
  constructor(
    private readonly field: FieldDef,
    private readonly raw: CellValue,
    readonly value: ParsedValue,
  ) {}
  get display(): string {
    if (this.shown === undefined) this.shown = displayValue(this.field, this.raw);
    return this.shown;
  }
}

const BLANK_CELL: ReadCell = Object.freeze({ value: null, blank: true, display: "" });

const DATE_TYPES = new Set(["date", "dateTime", "month"]);

/** Display text of a raw cell for a message: dates as dates, everything else as typed. */
export function displayValue(field: FieldDef, raw: CellValue | undefined): string {
  if (raw === null || raw === undefined) return "";
  // Only a serial Excel can show as a date is shown as one; anything else as the number it is.
  if (typeof raw === "number" && DATE_TYPES.has(field.type) && raw >= MIN_SERIAL && raw < MAX_SERIAL + 1) {
    return field.type === "dateTime" && raw % 1 !== 0
      ? formatDateTime(raw)
      : field.type === "month"
        ? formatDate(raw).slice(0, 7)
        : formatDate(raw);
  }
  return normaliseText(raw);
}

export function issue(
  ctx: RuleContext,
  field: FieldDef,
  code: ProblemCode,
  value: string,
  params: MessageParams = {},
  messageKey: MessageKey = code,
): FieldIssue {
  const message = formatMessage(messageKey, ctx.locale, { field: tr(field.header, ctx.locale), value, ...params });
  return { field: field.key, code, value, message };
}

function optionsText(ctx: RuleContext, list: ListKey): string {
  const values = ctx.settings.lists[list].map((o) => o.value);
  const shown = values.slice(0, 12).join(ctx.locale === "zh-CN" ? "、" : ", ");
  return values.length > 12 ? shown + (ctx.locale === "zh-CN" ? " 等" : ", …") : shown;
}

/** Excel's limit on the text of one cell. */
export const MAX_CELL_TEXT = 32_767;

/** The date a text date stands for, in the field's own form (month fields as YYYY-MM). */
function looksLike(field: FieldDef, serial: Serial): string {
  if (field.type === "month") return formatDate(serial).slice(0, 7);
  return field.type === "dateTime" && serial % 1 !== 0 ? formatDateTime(serial) : formatDate(serial);
}

/** Read one cell of a field: parse it by the field's type and report what is wrong with it on its own. */
export function readCell(ctx: RuleContext, field: FieldDef, raw: CellValue | undefined): ReadCell {
  if (raw === null || raw === undefined) return BLANK_CELL;
  if (DATE_TYPES.has(field.type) && typeof raw === "number") {
    const d = parseDate(raw, { allowMonth: field.type === "month" });
    if (d.ok) return new DateCell(field, raw, d.value);
  }
  if (typeof raw === "string" && raw.length > MAX_CELL_TEXT) {
    // Never display the whole text in a message: its length is what matters.
    const shown = Array.from(raw.slice(0, 40)).slice(0, 20).join("") + "…";
    return {
      value: null,
      blank: false,
      display: shown,
      issue: issue(ctx, field, "too-long", shown, { length: raw.length }),
    };
  }
  const display = displayValue(field, raw);
  const blank = typeof raw === "string" && display === "";
  if (blank) return BLANK_CELL;
  const reason = (m: { zh: string; en: string }) => tr(m, ctx.locale);
  switch (field.type) {
    case "phone": {
      const p = parsePhone(raw as CellValue);
      if (!p.ok)
        return {
          value: display,
          blank,
          display,
          issue: issue(ctx, field, "bad-phone", display, { reason: reason(p.message) }),
        };
      return { value: p.value ? p.value.normalized : null, blank, display };
    }
    case "date":
    case "dateTime":
    case "month": {
      const d = parseDate(raw as CellValue, { allowMonth: field.type === "month" });
      if (typeof raw === "string" && d.ok && d.value !== null)
        // Text the tolerant parser reads is still text to Excel (ISNUMBER is false): not a date in a workbook.
        return {
          value: null,
          blank,
          display,
          issue: issue(ctx, field, "bad-date", display, { date: looksLike(field, d.value) }, "date-as-text"),
        };
      if (!d.ok)
        return {
          value: null,
          blank,
          display,
          issue: issue(ctx, field, "bad-date", display, { reason: reason(d.message) }),
        };
      return { value: d.value, blank, display };
    }
    case "amount":
    case "number":
    case "integer": {
      const a = parseAmount(raw as CellValue);
      if (!a.ok) {
        if (a.code === "amount-negative") {
          const code = field.key === "amount" ? "not-positive" : "negative";
          return { value: null, blank, display, issue: issue(ctx, field, code, display) };
        }
        return {
          value: null,
          blank,
          display,
          issue: issue(ctx, field, "bad-number", display, { reason: reason(a.message) }),
        };
      }
      return { value: a.value, blank, display };
    }
    case "list": {
      const list = field.list!;
      const allowed = ctx.lists.get(list)!;
      // The team list is a dropdown only when the admin filled it; else owner is free text.
      if (field.listIfPresent && allowed.size === 0) return { value: display, blank, display };
      if (!allowed.has(display))
        return {
          value: display,
          blank,
          display,
          issue: issue(ctx, field, "not-in-list", display, { options: optionsText(ctx, list) }),
        };
      return { value: display, blank, display };
    }
    default:
      return { value: display, blank, display };
  }
}

/** Access to a row's raw cells by field key; undefined when the column is missing. */
export type RowGetter = (key: string) => CellValue | undefined;

export interface RowOptions {
  /** Report blank lead ID / created date (Check). Import and quick entry fill them, so they skip this. */
  checkAuto: boolean;
  /** Keys whose column is missing (reported once as column-missing, not per row). */
  missing?: ReadonlySet<string>;
}

export interface RowResult {
  issues: FieldIssue[];
  /** Cells read, by key (only the fields this row has), for cross-row rules. */
  cells: Map<string, ReadCell>;
}

/** The parsed value of a field of a checked row (null when blank, unreadable or absent). */
export function valueOf(r: RowResult, key: string): ParsedValue {
  const c = r.cells.get(key);
  return c ? c.value : null;
}

function requiredHint(ctx: RuleContext, field: FieldDef): string {
  const rule = tr(field.rule, ctx.locale);
  if (!rule) return "";
  return ctx.locale === "zh-CN" ? `（${rule}）` : ` (${rule})`;
}

function dateText(serial: number): string {
  return serial % 1 === 0 ? formatDate(serial) : formatDateTime(serial);
}

/** True when every typed (input) cell of the row is blank: such rows inside a table are skipped. */
export function isBlankRow(def: TableDef, get: RowGetter): boolean {
  for (const f of def.fields) {
    if (f.kind !== "input") continue;
    if (!isBlankCell(get(f.key))) return false;
  }
  return true;
}

/**
 * Check one non-blank row of a table on its own: required, types, lists, and
 * the rules between fields of the same row (dates in order, result vs amount
 * and reason, period format). Calculated and refresh-owned columns are not
 * judged here (formula-overwritten is book-level: it needs the formulas).
 */
export function checkRow(ctx: RuleContext, def: TableDef, get: RowGetter, options: RowOptions): RowResult {
  const issues: FieldIssue[] = [];
  const cells = new Map<string, ReadCell>();
  for (const field of def.fields) {
    if (field.kind === "calc" || field.kind === "refresh") continue;
    if (options.missing?.has(field.key)) continue;
    const raw = get(field.key);
    const cell = readCell(ctx, field, raw);
    cells.set(field.key, cell);
    if (cell.issue) {
      issues.push(cell.issue);
      continue;
    }
    if (cell.blank) {
      if (field.required) issues.push(issue(ctx, field, "required", "", { hint: requiredHint(ctx, field) }));
      else if (field.kind === "auto" && options.checkAuto)
        issues.push(issue(ctx, field, "auto-missing", "", { example: tr(field.example, ctx.locale) }));
    }
  }
  const row: RowScope = { ctx, def, cells, issues };
  switch (def.name) {
    case "Leads": {
      const customer = cells.get("customer")?.value;
      if (typeof customer === "string" && customer !== "" && Array.from(customer).length < 2)
        issues.push(issue(ctx, fieldOf(def, "customer"), "too-short", customer));
      futureCheck(row, "createdAt");
      break;
    }
    case "FollowUps": {
      futureCheck(row, "at");
      const at = numberOf(cells, "at");
      const due = numberOf(cells, "dueDate");
      if (at !== null && due !== null && Math.floor(due) < Math.floor(at))
        issues.push(
          issue(ctx, fieldOf(def, "dueDate"), "due-before-at", cells.get("dueDate")!.display, { date: dateText(at) }),
        );
      break;
    }
    case "Conversion":
      checkConversionRow(row);
      break;
    case "ChannelCosts": {
      const period = cells.get("period");
      if (period && !period.blank) {
        // A date cell here is Excel having turned a typed 2024-05 into a date: still not a period.
        const raw = get("period");
        const p = typeof raw === "string" ? parseCostPeriod(raw) : null;
        if (!p || !p.ok) issues.push(issue(ctx, fieldOf(def, "period"), "bad-period", period.display));
      }
      break;
    }
  }
  return { issues, cells };
}

/** One row being checked: what the rule helpers below need (plain functions, no closures per row). */
interface RowScope {
  ctx: RuleContext;
  def: TableDef;
  cells: Map<string, ReadCell>;
  issues: FieldIssue[];
}

const FIELD_INDEX = new WeakMap<TableDef, Map<string, FieldDef>>();

/** A field of a table by key (indexed once per table definition). */
export function fieldOf(def: TableDef, key: string): FieldDef {
  let m = FIELD_INDEX.get(def);
  if (!m) FIELD_INDEX.set(def, (m = new Map(def.fields.map((f) => [f.key, f]))));
  return m.get(key)!;
}

function numberOf(cells: Map<string, ReadCell>, key: string): number | null {
  const v = cells.get(key)?.value;
  return typeof v === "number" ? v : null;
}

function futureCheck(row: RowScope, key: string): void {
  const v = numberOf(row.cells, key);
  if (v !== null && Math.floor(v) > row.ctx.today)
    row.issues.push(
      issue(row.ctx, fieldOf(row.def, key), "future-date", row.cells.get(key)!.display, {
        today: formatDate(row.ctx.today),
      }),
    );
}

function checkConversionRow(row: RowScope): void {
  const { ctx, def, cells, issues } = row;
  // Stage dates: each present one must not be before the previous present one.
  let prevKey = "";
  let prev: number | null = null;
  let latest: number | null = null;
  let latestKey = "";
  for (const key of ctx.stageKeys) {
    if (!cells.has(key)) continue;
    futureCheck(row, key);
    const v = numberOf(cells, key);
    if (v === null) continue;
    if (prev !== null && Math.floor(v) < Math.floor(prev)) {
      issues.push(
        issue(ctx, fieldOf(def, key), "stage-order", cells.get(key)!.display, {
          other: tr(fieldOf(def, prevKey).header, ctx.locale),
          date: formatDate(prev),
        }),
      );
    }
    prev = v;
    prevKey = key;
    if (latest === null || v > latest) {
      latest = v;
      latestKey = key;
    }
  }
  if (cells.has("closedAt")) {
    futureCheck(row, "closedAt");
    const closed = numberOf(cells, "closedAt");
    if (closed !== null && latest !== null && Math.floor(closed) < Math.floor(latest))
      issues.push(
        issue(ctx, fieldOf(def, "closedAt"), "stage-order", cells.get("closedAt")!.display, {
          other: tr(fieldOf(def, latestKey).header, ctx.locale),
          date: formatDate(latest),
        }),
      );
  }
  const result = cells.get("result");
  // An unreadable result is reported on its own; judging amount and reason against it would only add noise.
  if (!result || result.issue) return;
  const role = result.blank ? "" : (ctx.resultRole.get(result.display) ?? "");
  const resultText = result.blank ? (ctx.locale === "zh-CN" ? "（空）" : "(blank)") : result.display;
  const closed = cells.get("closedAt");
  if ((role === "won" || role === "lost") && closed && closed.blank)
    issues.push(issue(ctx, fieldOf(def, "closedAt"), "closed-missing", "", { other: resultText }));
  if (cells.has("amount")) {
    const amount = cells.get("amount")!;
    if (role === "won") {
      if (amount.blank) issues.push(issue(ctx, fieldOf(def, "amount"), "amount-missing", ""));
      else if (!amount.issue && amount.value === 0)
        issues.push(issue(ctx, fieldOf(def, "amount"), "not-positive", amount.display));
    } else if (!amount.blank) {
      issues.push(issue(ctx, fieldOf(def, "amount"), "amount-not-allowed", amount.display, { other: resultText }));
    }
  }
  if (cells.has("lossReason")) {
    const reason = cells.get("lossReason")!;
    if (role === "lost" && reason.blank) issues.push(issue(ctx, fieldOf(def, "lossReason"), "reason-missing", ""));
    else if (role !== "lost" && !reason.blank)
      issues.push(issue(ctx, fieldOf(def, "lossReason"), "reason-not-allowed", reason.display, { other: resultText }));
  }
}
