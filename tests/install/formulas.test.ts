import {
  conversionFormulas,
  leadFormulas,
  withListHeaders,
  AS_OF,
  TODAY_NAME,
  type FormulaContext,
} from "../../src/domain/formulas/calculated";
import { columnRef, escapeHeader, thisRow, quoteSheet } from "../../src/domain/formulas/refs";
import { phoneHighlightFormula } from "../../src/domain/formulas/phoneRule";
import { tableDefs } from "../../src/domain/fields/definitions";
import type { Locale } from "../../src/domain/types";
import { tr } from "../../src/domain/types";

function ctx(locale: Locale, stageCount = 5): FormulaContext {
  const defs = tableDefs(stageCount);
  const headers: Record<string, Record<string, string>> = {};
  for (const d of Object.values(defs))
    headers[d.name] = Object.fromEntries(d.fields.map((f) => [f.key, tr(f.header, locale)]));
  return { locale, stageCount, header: withListHeaders(locale, (t, k) => headers[t]?.[k]) };
}

const byKey = (list: { key: string; formula: string }[]) => Object.fromEntries(list.map((f) => [f.key, f.formula]));

/** Functions that exist in Excel 2010 and LibreOffice 7.4 (docs/ARCHITECTURE.md §4). */
const ALLOWED = new Set([
  "IF",
  "IFERROR",
  "INDEX",
  "MATCH",
  "N",
  "TRIM",
  "UPPER",
  "OR",
  "AND",
  "ISNUMBER",
  "INT",
  "COUNT",
  "TODAY",
  "NOT",
  "CHOOSE",
]);

function functionsOf(formula: string): string[] {
  const noStrings = formula.replace(/"(?:[^"]|"")*"/g, '""');
  return [...noStrings.matchAll(/([A-Z][A-Z0-9.]*)\(/g)].map((m) => m[1]);
}

function balanced(formula: string): boolean {
  const s = formula.replace(/"(?:[^"]|"")*"/g, '""');
  let p = 0;
  let b = 0;
  for (const ch of s) {
    if (ch === "(") p++;
    if (ch === ")") p--;
    if (ch === "[") b++;
    if (ch === "]") b--;
    if (p < 0 || b < 0) return false;
  }
  return p === 0 && b === 0;
}

describe("reference syntax (ARCHITECTURE.md §4)", () => {
  test("only [ ] # ' in a header get a ' before them", () => {
    expect(escapeHeader("成交金额(元)")).toBe("成交金额(元)");
    expect(escapeHeader("异议/需求详情")).toBe("异议/需求详情");
    expect(escapeHeader("a[b]#'c")).toBe("a'[b']'#''c");
  });
  test("canonical this-row and column references, quoted sheet names", () => {
    expect(thisRow("Leads", "预算范围")).toBe("Leads[[#This Row],[预算范围]]");
    expect(thisRow("Conversion", "成交金额(元)")).toBe("Conversion[[#This Row],[成交金额(元)]]");
    expect(columnRef("List_Budget", "分值")).toBe("List_Budget[分值]");
    expect(quoteSheet("转化分析")).toBe("'转化分析'");
    expect(quoteSheet("Bob's")).toBe("'Bob''s'");
  });
});

describe.each(["zh-CN", "en-US"] as Locale[])("calculated columns (%s)", (locale) => {
  const all = [...leadFormulas(ctx(locale)), ...conversionFormulas(ctx(locale))];

  test("every formula is well-formed, Excel-2010 only, never the UI shorthand", () => {
    for (const f of all) {
      expect(f.formula.startsWith("=")).toBe(true);
      expect(balanced(f.formula)).toBe(true);
      expect(f.formula).not.toContain("[@");
      for (const fn of functionsOf(f.formula)) expect(ALLOWED.has(fn) ? fn : `${f.key}: ${fn}`).toBe(fn);
    }
  });

  test("a formula reads only its own row of an input table (no scan of a big table)", () => {
    for (const f of all) {
      const refs = [...f.formula.matchAll(/\b(Leads|FollowUps|Conversion|ChannelCosts)\[/g)];
      for (const m of refs) expect(f.formula.slice(m.index!, m.index! + m[0].length + 12)).toMatch(/\[\[#This Row\],/);
    }
  });

  test("formulas cover exactly the calculated fields of the definitions", () => {
    const defs = tableDefs(5);
    expect(
      leadFormulas(ctx(locale))
        .map((f) => f.key)
        .sort(),
    ).toEqual(
      defs.Leads.fields
        .filter((f) => f.kind === "calc")
        .map((f) => f.key)
        .sort(),
    );
    expect(
      conversionFormulas(ctx(locale))
        .map((f) => f.key)
        .sort(),
    ).toEqual(
      defs.Conversion.fields
        .filter((f) => f.kind === "calc")
        .map((f) => f.key)
        .sort(),
    );
  });
});

describe("the scoring example", () => {
  const f = byKey(leadFormulas(ctx("zh-CN")));
  test("each points column looks its own field up in its Settings list", () => {
    expect(f.budgetPts).toContain("Leads[[#This Row],[预算范围]]");
    expect(f.budgetPts).toContain("List_Budget[分值]");
    expect(f.budgetPts).toContain("List_Budget[选项]");
    expect(f.urgencyPts).toContain("Leads[[#This Row],[需求紧急度]]");
    expect(f.urgencyPts).toContain("List_Urgency[分值]");
    expect(f.accessPts).toContain("Leads[[#This Row],[决策人对接]]");
    expect(f.accessPts).toContain("List_DecisionAccess[分值]");
    expect(f.sizePts).toContain("Leads[[#This Row],[客户规模]]");
    expect(f.sizePts).toContain("List_CompanySize[分值]");
  });
  test("score sums the four points; grade uses the override, then thresholds by defined name", () => {
    for (const h of ["预算分", "紧急分", "决策分", "规模分"]) expect(f.score).toContain(`Leads[[#This Row],[${h}]]`);
    expect(f.grade).toContain("Leads[[#This Row],[等级调整]]");
    expect(f.grade).toContain("Leads[[#This Row],[评分]]");
    expect(f.grade).toContain("LF_GradeA");
    expect(f.grade).toContain("LF_GradeB");
  });
  test("next due and alert read the as-of date, cadences and dormant rules by name", () => {
    for (const n of ["LF_Cadence_A", "LF_Cadence_B", "LF_Cadence_C", "LF_Cadence_D"]) expect(f.nextDue).toContain(n);
    // The cadence counts from the last follow-up, else the created date: the helper column holds that date.
    expect(f.nextDue).toContain("Leads[[#This Row],[周期起点]]");
    expect(f.cadenceBase).toContain("Leads[[#This Row],[最近跟进]]");
    expect(f.cadenceBase).toContain("Leads[[#This Row],[录入时间]]");
    // The as-of date by defined name, whose formula is the Settings as-of, else today.
    expect(f.alert).toContain(TODAY_NAME);
    expect(AS_OF).toContain("IF(ISNUMBER(LF_AsOf),LF_AsOf,TODAY())");
    for (const n of [
      "LF_DormantDays",
      "LF_NoReplyLimit",
      "Leads[[#This Row],[状态含义]]",
      "Leads[[#This Row],[阶段时限]]",
      '"逾期 "',
      '" 天"',
      '"停滞 "',
      '"休眠"',
    ])
      expect(f.alert).toContain(n);
    expect(f.statusRole).toContain("List_Status[含义]");
    expect(f.stageLimit).toContain("List_Stage[时限天数]");
  });
  test("English formulas use the English headers and wording", () => {
    const e = byKey(leadFormulas(ctx("en-US")));
    expect(e.budgetPts).toContain("Leads[[#This Row],[Budget]]");
    expect(e.budgetPts).toContain("List_Budget[Points]");
    expect(e.alert).toContain('"Overdue "');
    expect(e.alert).toContain('"Dormant"');
  });
});

describe("the conversion example", () => {
  const f = byKey(conversionFormulas(ctx("zh-CN")));
  test("stage k days = next stage's entry − this stage's entry, by numbered headers", () => {
    for (let k = 1; k <= 4; k++) {
      expect(f[`stage${k}Days`]).toContain(`Conversion[[#This Row],[阶段${k}进入时间]]`);
      expect(f[`stage${k}Days`]).toContain(`Conversion[[#This Row],[阶段${k + 1}进入时间]]`);
      // A lost lead's last stage runs to its close date, held by the helper column.
      expect(f[`stage${k}Days`]).toContain("Conversion[[#This Row],[流失日]]");
      expect(f[`stage${k}Days`]).toContain("Conversion[[#This Row],[最后阶段序号]]");
    }
    expect(f.lostClose).toContain("Conversion[[#This Row],[成交/流失日期]]");
    expect(f.stage5Days).toBeUndefined();
  });
  test("cycle = closed − this row's created copy; lost-at-stage names the stage from Settings", () => {
    expect(f.cycleDays).toContain("Conversion[[#This Row],[成交/流失日期]]");
    expect(f.cycleDays).toContain("Conversion[[#This Row],[录入时间]]");
    expect(f.cycleDays).toContain("Conversion[[#This Row],[结果含义]]");
    expect(f.resultRole).toContain("List_Result[含义]");
    expect(f.lostAtStage).toContain("List_Stage[选项]");
    expect(f.lostAtStage).toContain("Conversion[[#This Row],[最后阶段序号]]");
    expect(f.lastStage).toContain("Conversion[[#This Row],[阶段5进入时间]]");
  });
  test("a six-stage Settings gives five duration formulas", () => {
    const six = byKey(conversionFormulas(ctx("zh-CN", 6)));
    expect(Object.keys(six).filter((k) => /^stage\dDays$/.test(k))).toHaveLength(5);
    expect(six.stage5Days).toContain("阶段6进入时间");
  });
});

describe.each(["zh-CN", "en-US"] as Locale[])("each lookup once per row (%s)", (locale) => {
  for (const stages of [5, 8]) {
    test(`${stages} stages: every Settings lookup and the as-of date appear at most once in a row's formulas`, () => {
      for (const list of [leadFormulas(ctx(locale, stages)), conversionFormulas(ctx(locale, stages))]) {
        const text = list.map((f) => f.formula).join("\n");
        // A lookup is MATCH into a list's option column; count each list's.
        const lookups = [...text.matchAll(/MATCH\([^\n]*?,(List_[A-Za-z]+)\[/g)].map((m) => m[1]);
        const repeated = lookups.filter((t, i) => lookups.indexOf(t) !== i);
        expect(repeated).toEqual([]);
        expect(text.split("TODAY()").length - 1).toBeLessThanOrEqual(0);
        // No formula counts the later stages again (the old duration formulas did, once per column).
        expect(text).not.toContain("COUNT(");
      }
    });
  }
});

describe("the phone highlight stays within Excel's formula limits", () => {
  // Excel keeps a formula to 8,192 characters ([MS-OI29500] 2.1.1085, ST_Formula:
  // https://learn.microsoft.com/en-us/openspecs/office_standards/ms-oi29500/8ebf82e4-4fa4-43a6-9ecd-d2d793a6f4bf)
  // and to 64 nested levels of functions ("Excel specifications and limits",
  // https://support.microsoft.com/en-us/office/excel-specifications-and-limits-1672b34d-7043-467e-8e27-269d656771c3).
  // The rule runs for every visible phone cell, so it is held to a much smaller budget.
  const formula = phoneHighlightFormula("D2");
  test("short: at most 1,200 characters", () => {
    expect(formula.length).toBeLessThanOrEqual(1200);
  });
  test("at most 64 nested function levels", () => {
    let depth = 0;
    let deepest = 0;
    let inText = false;
    for (const c of formula) {
      if (c === '"') inText = !inText;
      else if (!inText && c === "(") deepest = Math.max(deepest, ++depth);
      else if (!inText && c === ")") depth--;
    }
    expect(depth).toBe(0);
    expect(deepest).toBeLessThanOrEqual(64);
  });
});
