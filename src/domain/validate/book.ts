import { INPUT_TABLES, tableDefs, type FieldDef, type TableDef } from "../fields/definitions";
import { formatDate } from "../parse/dates";
import { normaliseCustomerKey } from "../parse/text";
import { headerIndex } from "../rows";
import type { Settings } from "../settings/schema";
import type { CellValue, InputTableName, Locale, Serial } from "../types";
import { tr } from "../types";
import { formatMessage, type ProblemCode } from "./messages";
import {
  checkRow,
  displayValue,
  isBlankRow,
  issue,
  makeRuleContext,
  valueOf,
  type FieldIssue,
  type RowResult,
  type RuleContext,
} from "./rules";

/** One input table as read from the workbook. */
export interface TableInput {
  headers: string[];
  /** Worksheet row number of the first data row. */
  firstRow: number;
  values: CellValue[][];
  /** Formula text per cell ("" / null where the cell holds a value); needed for formula-overwritten. */
  formulas?: (string | null)[][];
}

export interface CheckBookInput {
  tables: Partial<Record<InputTableName, TableInput>>;
  settings: Settings;
  locale: Locale;
  today: Serial;
  /** The Settings sheet could not be read; `settings` are the defaults. */
  settingsMissing?: boolean;
}

/** A located problem: table (stable name), worksheet row, field key, the cell's value, a code, a message in the workbook's locale. */
export interface Problem {
  table: InputTableName | "Settings";
  row: number;
  field: string;
  code: ProblemCode;
  value: string;
  message: string;
  /** 0-based column within the table (-1 when the problem has no column), so a shell can select the cell. */
  col: number;
}

/** Where each field's column is: the shared header matching of rows.ts (exact header in either locale, trimmed). */
export function locateColumns(def: TableDef, headers: string[]): { index: Map<string, number>; missing: FieldDef[] } {
  const { index, missing } = headerIndex(def, headers);
  const missingSet = new Set(missing);
  return { index, missing: def.fields.filter((f) => missingSet.has(f.key)) };
}

const UNKNOWN_RESULT = "\u0000?";

interface LeadInfo {
  row: number;
  created: number | null;
  status: string;
  statusRow: number;
}

/** Pieces of the book cross-table rules need, built in one pass over Leads. */
export interface LeadIndex {
  byId: Map<string, LeadInfo>;
  /** False when Leads or its ID column is missing: then no lead can be called unknown. */
  known: boolean;
}

/**
 * Check every input table: per-row rules, then the cross-row and cross-table
 * ones (duplicates, unknown leads, created-date order, status vs. result).
 * Linear in the number of rows: one pass per table with hash maps.
 */
export function checkBook(input: CheckBookInput): Problem[] {
  const ctx = makeRuleContext(input.settings, input.locale, input.today);
  const defs = tableDefs(ctx.stageCount);
  const problems: Problem[] = [];
  if (input.settingsMissing) {
    problems.push({
      table: "Settings",
      row: 0,
      field: "",
      code: "settings-missing",
      value: "",
      col: -1,
      message: formatMessage("settings-missing", ctx.locale, {}),
    });
  }
  const leadsInput = input.tables.Leads;
  const leads: LeadIndex = {
    byId: new Map(),
    known: !!leadsInput && locateColumns(defs.Leads, leadsInput.headers).index.has("leadId"),
  };
  const conversionResult = new Map<string, string>();
  for (const name of INPUT_TABLES) {
    const def = defs[name];
    const table = input.tables[name];
    if (!table) {
      problems.push({
        table: name,
        row: 0,
        field: "",
        code: "table-missing",
        value: name,
        col: -1,
        message: formatMessage("table-missing", ctx.locale, { value: name, other: tr(def.sheet, ctx.locale) }),
      });
      continue;
    }
    checkTable(ctx, def, table, leads, conversionResult, problems);
  }
  // Status vs. result: the Conversion result is the authority; a disagreeing status is reported, never fixed.
  const leadsTable = input.tables.Leads;
  if (leadsTable && input.tables.Conversion) {
    const statusField = defs.Leads.fields.find((f) => f.key === "status")!;
    const { index } = locateColumns(defs.Leads, leadsTable.headers);
    const statusCol = index.get("status") ?? -1;
    for (const [id, info] of leads.byId) {
      const role = ctx.statusRole.get(info.status);
      if (role !== "won" && role !== "lost") continue;
      const result = conversionResult.get(id) ?? "";
      if (result === UNKNOWN_RESULT) continue;
      if ((ctx.resultRole.get(result) ?? "") === role) continue;
      const shown = result === "" ? (ctx.locale === "zh-CN" ? "（空）" : "(blank)") : result;
      const i = issue(ctx, statusField, "status-mismatch", info.status, { other: shown });
      problems.push(locate("Leads", info.statusRow, statusCol, i));
    }
  }
  const order = new Map<string, number>([["Settings", -1], ...INPUT_TABLES.map((t, i) => [t, i] as [string, number])]);
  problems.sort((a, b) => order.get(a.table)! - order.get(b.table)! || a.row - b.row || a.col - b.col);
  return problems;
}

function locate(table: InputTableName, row: number, col: number, i: FieldIssue): Problem {
  return { table, row, field: i.field, code: i.code, value: i.value, message: i.message, col };
}

function checkTable(
  ctx: RuleContext,
  def: TableDef,
  table: TableInput,
  leads: LeadIndex,
  conversionResult: Map<string, string>,
  problems: Problem[],
): void {
  const { index, missing } = locateColumns(def, table.headers);
  const headerRow = table.firstRow - 1;
  for (const f of missing) {
    const header = tr(f.header, ctx.locale);
    problems.push({
      table: def.name,
      row: headerRow,
      field: f.key,
      code: "column-missing",
      value: header,
      col: -1,
      message: formatMessage("column-missing", ctx.locale, { value: header, other: tr(def.sheet, ctx.locale) }),
    });
  }
  const missingKeys = new Set(missing.map((f) => f.key));
  const colOf = (key: string) => index.get(key) ?? -1;
  const calcFields = def.fields.filter((f) => f.kind === "calc" && index.has(f.key));
  const fieldOf = new Map(def.fields.map((f) => [f.key, f]));

  // Cross-row indexes of this table.
  const firstRowOfId = new Map<string, number>();
  const firstRowOfCustomer = new Map<string, number>();
  const firstRowOfPhone = new Map<string, number>();
  const firstRowOfPeriod = new Map<string, number>();

  // The row being checked; the helpers below read it (no closures allocated per row).
  const cur: { row: number; result: RowResult } = { row: 0, result: { issues: [], cells: new Map() } };
  const add = (i: FieldIssue) => problems.push(locate(def.name, cur.row, colOf(i.field), i));
  const text = (key: string) => {
    const v = valueOf(cur.result, key);
    return typeof v === "string" ? v : "";
  };
  const hasIssue = (key: string) => cur.result.issues.length > 0 && cur.result.issues.some((i) => i.field === key);
  let values: CellValue[] = [];
  const get = (key: string): CellValue | undefined => {
    const i = index.get(key);
    return i === undefined ? undefined : values[i];
  };
  for (let r = 0; r < table.values.length; r++) {
    values = table.values[r];
    if (isBlankRow(def, get)) continue;
    const row = table.firstRow + r;
    const result = checkRow(ctx, def, get, { checkAuto: true, missing: missingKeys });
    for (const i of result.issues) problems.push(locate(def.name, row, colOf(i.field), i));
    cur.row = row;

    // A calculated cell holding a value instead of its formula.
    if (table.formulas) {
      const formulas = table.formulas[r];
      for (const f of calcFields) {
        const c = index.get(f.key)!;
        const formula = formulas?.[c];
        if (formula) continue;
        add(issue(ctx, f, "formula-overwritten", displayValue(f, values[c])));
      }
    }

    cur.result = result;
    switch (def.name) {
      case "Leads": {
        const id = text("leadId");
        if (id) {
          const first = firstRowOfId.get(id);
          if (first !== undefined) add(issue(ctx, fieldOf.get("leadId")!, "duplicate-id", id, { row: first }));
          else {
            firstRowOfId.set(id, row);
            const created = valueOf(result, "createdAt");
            leads.byId.set(id, {
              row,
              created: typeof created === "number" ? created : null,
              status: text("status"),
              statusRow: row,
            });
          }
        }
        const customer = text("customer");
        const customerKey = customer ? normaliseCustomerKey(customer) : "";
        if (customerKey) {
          const first = firstRowOfCustomer.get(customerKey);
          if (first !== undefined)
            add(issue(ctx, fieldOf.get("customer")!, "duplicate-customer", customer, { row: first }));
          else firstRowOfCustomer.set(customerKey, row);
        }
        const phone = text("phone");
        if (phone && !hasIssue("phone")) {
          const first = firstRowOfPhone.get(phone);
          if (first !== undefined)
            add(
              issue(
                ctx,
                fieldOf.get("phone")!,
                "duplicate-customer",
                result.cells.get("phone")!.display,
                { row: first },
                "duplicate-phone",
              ),
            );
          else firstRowOfPhone.set(phone, row);
        }
        break;
      }
      case "FollowUps": {
        const id = text("leadId");
        if (!id) break;
        const lead = leads.byId.get(id);
        if (!lead) {
          if (leads.known) add(issue(ctx, fieldOf.get("leadId")!, "unknown-lead", id));
          break;
        }
        const at = valueOf(result, "at");
        if (typeof at === "number" && lead.created !== null && Math.floor(at) < Math.floor(lead.created))
          add(
            issue(ctx, fieldOf.get("at")!, "before-created", result.cells.get("at")!.display, {
              date: formatDate(lead.created),
            }),
          );
        break;
      }
      case "Conversion": {
        const id = text("leadId");
        if (!id) break;
        const first = firstRowOfId.get(id);
        if (first !== undefined) {
          add(issue(ctx, fieldOf.get("leadId")!, "duplicate-id", id, { row: first }));
          break;
        }
        firstRowOfId.set(id, row);
        // An unreadable result (not in the list, or no column) cannot contradict the status: skip it.
        if (index.has("result") && !hasIssue("result")) conversionResult.set(id, text("result"));
        else conversionResult.set(id, UNKNOWN_RESULT);
        const lead = leads.byId.get(id);
        if (!lead) {
          if (leads.known) add(issue(ctx, fieldOf.get("leadId")!, "unknown-lead", id));
          break;
        }
        // The first stage date the row has must not be before the lead was created.
        if (lead.created === null) break;
        for (const key of ctx.stageKeys) {
          const v = valueOf(result, key);
          if (typeof v !== "number") continue;
          if (Math.floor(v) < Math.floor(lead.created))
            add(
              issue(ctx, fieldOf.get(key)!, "before-created", result.cells.get(key)!.display, {
                date: formatDate(lead.created),
              }),
            );
          break;
        }
        break;
      }
      case "ChannelCosts": {
        const channel = text("channel");
        const period = text("period");
        if (!channel || !period || hasIssue("period")) break;
        const key = channel + "\u0000" + period.toUpperCase();
        const first = firstRowOfPeriod.get(key);
        if (first !== undefined)
          add(issue(ctx, fieldOf.get("period")!, "duplicate-period", period, { row: first, other: channel }));
        else firstRowOfPeriod.set(key, row);
        break;
      }
    }
  }
}
