import type { Locale } from "../types";
import { tr } from "../types";
import type { ListKey, ScoredList } from "../fields/lists";
import { LIST_COLUMN_HEADERS, PARAM_NAMES, listTableName, roleLabel, type ListColumnKey } from "./names";
import { columnRef, textLiteral, thisRow } from "./refs";
import { ALERT_WORDS } from "./alertWords";
import { HELPER_GROUP, tableDefs } from "../fields/definitions";

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

/** Header of column `key` of a Settings list table (`List_…`): the localized list column header install writes. */
export function listColumnHeader(table: string, key: string, locale: Locale): string | undefined {
  if (table.startsWith("List_") && key in LIST_COLUMN_HEADERS)
    return tr(LIST_COLUMN_HEADERS[key as ListColumnKey], locale);
  return undefined;
}

/**
 * The one header resolver the formulas use: the workbook's own headers of a table's fields (`fieldHeader`),
 * then the column headers of the Settings list tables.
 */
export function withListHeaders(locale: Locale, fieldHeader: HeaderResolver): HeaderResolver {
  return (table, key) => fieldHeader(table, key) ?? listColumnHeader(table, key, locale);
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
    return columnRef(t, this.ctx.header(t, col) ?? listColumnHeader(t, col, this.ctx.locale) ?? col);
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

/** As-of date: the Settings value when it is a date, else today (parameter asOf); the formula of the defined name LF_Today. */
export const AS_OF = `INT(IF(ISNUMBER(${PARAM_NAMES.asOf}),${PARAM_NAMES.asOf},TODAY()))`;
/**
 * Defined name holding AS_OF, read by the alert formula (written by install
 * with the helper columns, so any formula that needs it finds it).
 */
export const TODAY_NAME = "LF_Today";

const POINT_COLUMNS: { key: string; list: ScoredList; input: string }[] = [
  { key: "budgetPts", list: "budget", input: "budget" },
  { key: "urgencyPts", list: "urgency", input: "urgency" },
  { key: "accessPts", list: "decisionAccess", input: "decisionAccess" },
  { key: "sizePts", list: "companySize", input: "companySize" },
];

/**
 * A formula that reads another calculated column (a helper) also depends on
 * what that column reads: when one is missing neither is written, rather than
 * one reading the other's blank cell.
 */
function withHelperDeps(list: ColumnFormula[], table: "Leads" | "Conversion", stageCount: number): ColumnFormula[] {
  const helpers = new Set(
    tableDefs(stageCount)
      [table].fields.filter((f) => f.group === HELPER_GROUP)
      .map((f) => f.key),
  );
  const byKey = new Map(list.filter((f) => helpers.has(f.key)).map((f) => [f.key, f]));
  return list.map((f) => {
    const all = new Set<string>();
    const visit = (key: string) => {
      if (all.has(key)) return;
      all.add(key);
      for (const d of byKey.get(key)?.deps ?? []) visit(d);
    };
    for (const d of f.deps) visit(d);
    return { ...f, deps: [...all] };
  });
}

/** `x` equals one of `texts` (one reference to x; `=` compares text case-insensitively, as the IF chains did). */
function oneOf(x: string, texts: string[]): string {
  return `OR(${x}={${texts.map(textLiteral).join(",")}})`;
}

/**
 * Calculated columns of Leads, in definition order. Each Settings lookup is
 * made once per row: the status role, the stage limit and the date the
 * cadence counts from live in helper columns that the alert reads.
 */
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
        `IF(${oneOf(ov, ["A", "B", "C", "D"])},${ov},` +
          `IF(${score}>=${PARAM_NAMES.gradeA},"A",IF(${score}>=${PARAM_NAMES.gradeB},"B","C")))`,
      ),
    );
  }
  {
    const r = new Refs(ctx, "Leads");
    const base = r.row("cadenceBase");
    // Grade is A–D (the grade formula); anything else would count as D, as the engine's cadence table does.
    const cadence =
      `IFERROR(CHOOSE(MATCH(${r.row("grade")},{"A","B","C"},0),` +
      `${PARAM_NAMES.cadenceA},${PARAM_NAMES.cadenceB},${PARAM_NAMES.cadenceC}),${PARAM_NAMES.cadenceD})`;
    out.push(r.done("nextDue", `IF(ISNUMBER(${base}),${base}+${cadence},"")`));
  }
  out.push(alertFormula(ctx));
  {
    const r = new Refs(ctx, "Leads");
    out.push(r.done("statusRole", r.role("status", r.row("status"))));
  }
  {
    const r = new Refs(ctx, "Leads");
    out.push(r.done("stageLimit", `N(${r.lookup("stage", "limitDays", r.row("stage"), "0")})`));
  }
  {
    const r = new Refs(ctx, "Leads");
    const lf = r.row("lastFollowUp");
    const cr = r.row("createdAt");
    out.push(r.done("cadenceBase", `IF(ISNUMBER(${lf}),INT(${lf}),IF(ISNUMBER(${cr}),INT(${cr}),""))`));
  }
  return withHelperDeps(out, "Leads", ctx.stageCount);
}

function alertFormula(ctx: FormulaContext): ColumnFormula {
  const r = new Refs(ctx, "Leads");
  const L = ctx.locale;
  const w = ALERT_WORDS[L];
  const T = TODAY_NAME;
  const role = r.row("statusRole");
  const base = r.row("cadenceBase");
  const nr = r.row("noReplyRun");
  const nd = r.row("nextDue");
  const ss = r.row("stageSince");
  const limit = r.row("stageLimit");
  const closed = oneOf(
    role,
    (["won", "lost", "invalid"] as const).map((x) => roleLabel(x, L)),
  );
  const dormant =
    `OR(${role}=${textLiteral(roleLabel("dormant", L))},` +
    `IF(ISNUMBER(${base}),${T}-${base}>=${PARAM_NAMES.dormantDays},FALSE),` +
    `N(${nr})>=${PARAM_NAMES.noReplyLimit})`;
  const overdue = `IF(ISNUMBER(${nd}),${T}>${nd},FALSE)`;
  const stalledDays = `${T}-INT(${ss})`;
  // Nested IFs instead of AND(): AND evaluates every argument, and INT() of a text would turn the whole test into an error.
  const stalled = `IF(ISNUMBER(${ss}),IF(${limit}>0,${stalledDays}>${limit},FALSE),FALSE)`;
  const body =
    `IF(${closed},"",IF(${dormant},${textLiteral(w.dormant)},` +
    `IF(${overdue},${textLiteral(w.overduePrefix)}&(${T}-${nd})&${textLiteral(w.overdueSuffix)},` +
    `IF(${stalled},${textLiteral(w.stalledPrefix)}&(${stalledDays})&${textLiteral(w.stalledSuffix)},""))))`;
  return r.done("alert", body);
}

/**
 * Calculated columns of Conversion: stage k days (k < N), cycle days,
 * lost-at-stage, and the helpers they share (result role, last stage with a
 * date, close date of a lost lead), so the result lookup is made once per row
 * and no column counts the later stages again.
 */
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
    // The last stage a lost lead reached runs until the close date ("" close → an error → "").
    const end = `IF(ISNUMBER(${next}),INT(${next}),IF(${r.row("lastStage")}=${k},${r.row("lostClose")},""))`;
    out.push(r.done(`stage${k}Days`, `IF(ISNUMBER(${a}),IFERROR(${end}-INT(${a}),""),"")`));
  }
  {
    const r = new Refs(ctx, "Conversion");
    const closed = r.row("closedAt");
    const created = r.row("createdAt");
    out.push(
      r.done(
        "cycleDays",
        `IF(AND(${r.row("resultRole")}=${wonLabel},ISNUMBER(${closed}),ISNUMBER(${created})),INT(${closed})-INT(${created}),"")`,
      ),
    );
  }
  {
    const r = new Refs(ctx, "Conversion");
    const last = r.row("lastStage");
    out.push(
      r.done(
        "lostAtStage",
        `IF(AND(${r.row("resultRole")}=${lostLabel},${last}>0),IFERROR(INDEX(${r.list("stage", "option")},${last})&"",""),"")`,
      ),
    );
  }
  {
    const r = new Refs(ctx, "Conversion");
    out.push(r.done("resultRole", r.role("result", r.row("result"))));
  }
  {
    const r = new Refs(ctx, "Conversion");
    let chain = "0";
    for (let k = 1; k <= N; k++) chain = `IF(ISNUMBER(${at(r, k)}),${k},${chain})`;
    out.push(r.done("lastStage", chain));
  }
  {
    const r = new Refs(ctx, "Conversion");
    const closed = r.row("closedAt");
    out.push(r.done("lostClose", `IF(AND(${r.row("resultRole")}=${lostLabel},ISNUMBER(${closed})),INT(${closed}),"")`));
  }
  return withHelperDeps(out, "Conversion", N);
}
