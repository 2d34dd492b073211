/**
 * The calculated-column formulas as workbooks carried them before the helper
 * columns (a frozen copy of the previous formula builder): the upgrade test
 * builds such a workbook and checks that install rewrites them to the
 * current shape without touching an input cell.
 */
import type { Locale } from "../../src/domain/types";
import { tr } from "../../src/domain/types";
import type { ListKey, ScoredList } from "../../src/domain/fields/lists";
import {
  LIST_COLUMN_HEADERS,
  PARAM_NAMES,
  listTableName,
  roleLabel,
  type ListColumnKey,
} from "../../src/domain/formulas/names";
import { columnRef, textLiteral, thisRow } from "../../src/domain/formulas/refs";
import { ALERT_WORDS } from "../../src/domain/formulas/alertWords";

/**
 * Calculated columns as Excel formula text (portable syntax, docs/ARCHITECTURE.md §4). They
 * mirror the engine exactly — the LibreOffice differential test compares every
 * cell. Each formula reads only its own row, the small Settings tables and
 * defined names (docs/ARCHITECTURE.md §4: no per-row scan of another big table).
 *
 * Blank cells: every date is tested with ISNUMBER before use, so a blank date
 * gives "" (not 0); INT() drops the time of day exactly as the engine's floor.
 */

/** Actual header text of a column (input table field key, or list-table column key); undefined when the column is missing. */
export type HeaderResolver = (table: string, key: string) => string | undefined;

export interface FormulaContext {
  locale: Locale;
  stageCount: number;
  header: HeaderResolver;
}

export interface ColumnFormula {
  /** Field key of the calculated column. */
  key: string;
  /** Formula text starting with "=". */
  formula: string;
  /** Field keys of the same table the formula reads: when one is missing the formula is not written. */
  deps: string[];
}

/** The default header resolver: the localized definition headers and list-table column headers. */
export function defaultHeaders(locale: Locale, fieldHeaders: Record<string, Record<string, string>>): HeaderResolver {
  return (table, key) => {
    const own = fieldHeaders[table]?.[key];
    if (own !== undefined) return own;
    if (table.startsWith("List_") && key in LIST_COLUMN_HEADERS)
      return tr(LIST_COLUMN_HEADERS[key as ListColumnKey], locale);
    return undefined;
  };
}

class Refs {
  readonly deps = new Set<string>();
  constructor(
    private readonly ctx: FormulaContext,
    private readonly table: string,
  ) {}
  /** This-row reference to a field of the formula's own table. */
  row(key: string): string {
    this.deps.add(key);
    const h = this.ctx.header(this.table, key);
    // A missing dependency is caught by `deps` before the formula is written; keep the text well-formed anyway.
    return thisRow(this.table, h ?? key);
  }
  /** Column of a Settings list table. */
  list(list: ListKey, col: ListColumnKey): string {
    const t = listTableName(list);
    return columnRef(t, this.ctx.header(t, col) ?? tr(LIST_COLUMN_HEADERS[col], this.ctx.locale));
  }
  /** The value of column `col` of `list` on the option equal to `value` (trimmed); `fallback` when not found. */
  lookup(list: ListKey, col: ListColumnKey, value: string, fallback: string): string {
    return `IFERROR(INDEX(${this.list(list, col)},MATCH(TRIM(${value}),${this.list(list, "option")},0)),${fallback})`;
  }
  role(list: ListKey, value: string): string {
    // `&""` turns a blank role cell into "" instead of 0.
    return `IFERROR(INDEX(${this.list(list, "role")},MATCH(TRIM(${value}),${this.list(list, "option")},0))&"","")`;
  }
  done(key: string, body: string): ColumnFormula {
    return { key, formula: `=${body}`, deps: [...this.deps] };
  }
}

/** As-of date: the Settings value when it is a date, else today (Settings parameter asOf). */
export const AS_OF = `INT(IF(ISNUMBER(${PARAM_NAMES.asOf}),${PARAM_NAMES.asOf},TODAY()))`;

const POINT_COLUMNS: { key: string; list: ScoredList; input: string }[] = [
  { key: "budgetPts", list: "budget", input: "budget" },
  { key: "urgencyPts", list: "urgency", input: "urgency" },
  { key: "accessPts", list: "decisionAccess", input: "decisionAccess" },
  { key: "sizePts", list: "companySize", input: "companySize" },
];

/** Calculated columns of Leads, in definition order. */
export function leadFormulas(ctx: FormulaContext): ColumnFormula[] {
  const out: ColumnFormula[] = [];
  for (const p of POINT_COLUMNS) {
    const r = new Refs(ctx, "Leads");
    // N() so a text typed into a points cell of Settings counts 0, as the engine's reader does.
    out.push(r.done(p.key, `N(${r.lookup(p.list, "points", r.row(p.input), "0")})`));
  }
  {
    const r = new Refs(ctx, "Leads");
    out.push(r.done("score", POINT_COLUMNS.map((p) => `N(${r.row(p.key)})`).join("+")));
  }
  {
    const r = new Refs(ctx, "Leads");
    const ov = `UPPER(TRIM(${r.row("gradeOverride")}))`;
    const score = r.row("score");
    out.push(
      r.done(
        "grade",
        `IF(OR(${ov}="A",${ov}="B",${ov}="C",${ov}="D"),${ov},` +
          `IF(${score}>=${PARAM_NAMES.gradeA},"A",IF(${score}>=${PARAM_NAMES.gradeB},"B","C")))`,
      ),
    );
  }
  {
    const r = new Refs(ctx, "Leads");
    const lf = r.row("lastFollowUp");
    const cr = r.row("createdAt");
    const g = r.row("grade");
    const cadence = `IF(${g}="A",${PARAM_NAMES.cadenceA},IF(${g}="B",${PARAM_NAMES.cadenceB},IF(${g}="C",${PARAM_NAMES.cadenceC},${PARAM_NAMES.cadenceD})))`;
    out.push(
      r.done("nextDue", `IF(ISNUMBER(${lf}),INT(${lf})+${cadence},IF(ISNUMBER(${cr}),INT(${cr})+${cadence},""))`),
    );
  }
  out.push(alertFormula(ctx));
  return out;
}

function alertFormula(ctx: FormulaContext): ColumnFormula {
  const r = new Refs(ctx, "Leads");
  const L = ctx.locale;
  const w = ALERT_WORDS[L];
  const role = r.role("status", r.row("status"));
  const lf = r.row("lastFollowUp");
  const cr = r.row("createdAt");
  const nr = r.row("noReplyRun");
  const nd = r.row("nextDue");
  const ss = r.row("stageSince");
  const limit = `N(${r.lookup("stage", "limitDays", r.row("stage"), "0")})`;
  const closed = `OR(${["won", "lost", "invalid"].map((x) => `${role}=${textLiteral(roleLabel(x as "won", L))}`).join(",")})`;
  // Nested IFs instead of AND(): AND evaluates every argument, and INT() of a text would turn the whole test into an error.
  const idle = `IF(ISNUMBER(${lf}),${AS_OF}-INT(${lf}),IF(ISNUMBER(${cr}),${AS_OF}-INT(${cr}),-1))`;
  const dormant =
    `OR(${role}=${textLiteral(roleLabel("dormant", L))},` +
    `IF(COUNT(${lf},${cr})>0,${idle}>=${PARAM_NAMES.dormantDays},FALSE),` +
    `N(${nr})>=${PARAM_NAMES.noReplyLimit})`;
  const overdue = `IF(ISNUMBER(${nd}),${AS_OF}>${nd},FALSE)`;
  const stalledDays = `${AS_OF}-INT(${ss})`;
  const stalled = `IF(ISNUMBER(${ss}),IF(${limit}>0,${stalledDays}>${limit},FALSE),FALSE)`;
  const body =
    `IF(${closed},"",IF(${dormant},${textLiteral(w.dormant)},` +
    `IF(${overdue},${textLiteral(w.overduePrefix)}&(${AS_OF}-${nd})&${textLiteral(w.overdueSuffix)},` +
    `IF(${stalled},${textLiteral(w.stalledPrefix)}&(${stalledDays})&${textLiteral(w.stalledSuffix)},""))))`;
  return r.done("alert", body);
}

/** Calculated columns of Conversion: stage k days (k < N), cycle days, lost-at-stage. */
export function conversionFormulas(ctx: FormulaContext): ColumnFormula[] {
  const N = ctx.stageCount;
  const L = ctx.locale;
  const out: ColumnFormula[] = [];
  const at = (r: Refs, k: number) => r.row(`stage${k}At`);
  const wonLabel = textLiteral(roleLabel("won", L));
  const lostLabel = textLiteral(roleLabel("lost", L));
  for (let k = 1; k < N; k++) {
    const r = new Refs(ctx, "Conversion");
    const a = at(r, k);
    const next = at(r, k + 1);
    const later: string[] = [];
    for (let j = k + 1; j <= N; j++) later.push(at(r, j));
    const closed = r.row("closedAt");
    const lost = `${r.role("result", r.row("result"))}=${lostLabel}`;
    // The last stage a lost lead reached runs until the close date.
    const lastOfLost = `IF(AND(COUNT(${later.join(",")})=0,${lost},ISNUMBER(${closed})),INT(${closed})-INT(${a}),"")`;
    out.push(
      r.done(`stage${k}Days`, `IF(ISNUMBER(${a}),IF(ISNUMBER(${next}),INT(${next})-INT(${a}),${lastOfLost}),"")`),
    );
  }
  {
    const r = new Refs(ctx, "Conversion");
    const closed = r.row("closedAt");
    const created = r.row("createdAt");
    const won = `${r.role("result", r.row("result"))}=${wonLabel}`;
    out.push(
      r.done("cycleDays", `IF(AND(${won},ISNUMBER(${closed}),ISNUMBER(${created})),INT(${closed})-INT(${created}),"")`),
    );
  }
  {
    const r = new Refs(ctx, "Conversion");
    const lost = `${r.role("result", r.row("result"))}=${lostLabel}`;
    let chain = `""`;
    for (let k = 1; k <= N; k++) {
      chain = `IF(ISNUMBER(${at(r, k)}),IFERROR(INDEX(${r.list("stage", "option")},${k})&"",""),${chain})`;
    }
    out.push(r.done("lostAtStage", `IF(${lost},${chain},"")`));
  }
  return out;
}
