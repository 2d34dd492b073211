import fc from "fast-check";
import { planInstall, PROPERTY_LOCALE, type InstallPlanInput } from "../../src/domain/plan/install";
import { tableDefs, INPUT_TABLES, SHEET_NAMES, type FieldDef } from "../../src/domain/fields/definitions";
import { defaultSettings } from "../../src/domain/settings/defaults";
import { LIST_KEYS } from "../../src/domain/fields/lists";
import { PARAM_NAMES, listName, listTableName } from "../../src/domain/formulas/names";
import { fieldGuideRows } from "../../src/domain/plan/fieldGuide";
import type { Change } from "../../src/domain/plan/changes";
import type { CellValue, Locale } from "../../src/domain/types";
import { tr } from "../../src/domain/types";
import { applyToFake, emptyBook, stateOf, tablesOf, type FakeBook } from "../support/planModel";

const NOW = 45444.5; // 2024-06-01 12:00

function plan(book: FakeBook, locale: Locale, extra: Partial<InstallPlanInput> = {}) {
  return planInstall({
    state: stateOf(book),
    settings: defaultSettings(locale),
    locale,
    tables: tablesOf(book),
    now: NOW,
    ...extra,
  });
}

function installed(locale: Locale): FakeBook {
  const book = emptyBook();
  applyToFake(book, plan(book, locale).changes);
  return book;
}

const of = <K extends Change["op"]>(changes: Change[], op: K) =>
  changes.filter((c): c is Extract<Change, { op: K }> => c.op === op);

describe.each(["zh-CN", "en-US"] as Locale[])("install on an empty workbook (%s)", (locale) => {
  const { changes, report } = plan(emptyBook(), locale);
  const defs = tableDefs(5);

  test("creates the four input tables with their exact names and localized headers", () => {
    const created = of(changes, "createTable").filter((c) => (INPUT_TABLES as readonly string[]).includes(c.table));
    expect(created.map((c) => c.table)).toEqual(["Leads", "FollowUps", "Conversion", "ChannelCosts"]);
    for (const c of created)
      expect(c.headers).toEqual(
        defs[c.table as "Leads"].fields.map((f) => (locale === "zh-CN" ? f.header.zh : f.header.en)),
      );
    const leads = created.find((c) => c.table === "Leads")!;
    // Spot checks of the Leads and Conversion headers (fields/definitions.ts).
    if (locale === "zh-CN") {
      expect(leads.headers.slice(0, 3)).toEqual(["线索编号", "客户名称", "联系人"]);
      expect(leads.sheet).toBe("线索信息");
      expect(created.find((c) => c.table === "Conversion")!.headers).toEqual(
        expect.arrayContaining(["阶段1进入时间", "阶段4停留时长", "转化周期(天)"]),
      );
      expect(created.find((c) => c.table === "Conversion")!.headers).not.toContain("阶段5停留时长");
    } else {
      expect(leads.headers.slice(0, 3)).toEqual(["Lead ID", "Customer", "Contact"]);
      expect(leads.sheet).toBe("Leads");
    }
  });

  test("creates every sheet under its localized name, Settings and field guide included", () => {
    const sheets = of(changes, "ensureSheet").map((c) => c.sheet);
    for (const k of ["leads", "followUps", "conversion", "channelCosts", "settings", "guide"] as const)
      expect(sheets).toContain(tr(SHEET_NAMES[k], locale));
    expect(report.createdSheets).toEqual(sheets);
  });

  test("one Settings table per list, the parameters table, and a defined name for every value formulas read", () => {
    const tables = of(changes, "createTable").map((c) => c.table);
    for (const k of LIST_KEYS) expect(tables).toContain(listTableName(k));
    expect(tables).toContain("LF_Params");
    const names = of(changes, "setDefinedName").map((c) => c.name);
    for (const n of Object.values(PARAM_NAMES)) expect(names).toContain(n);
    for (const k of LIST_KEYS) expect(names).toContain(listName(k));
    // Names are defined before any validation uses them.
    const firstValidation = changes.findIndex((c) => c.op === "setValidation");
    const lastName = changes.map((c) => c.op).lastIndexOf("setDefinedName");
    expect(lastName).toBeLessThan(firstValidation);
  });

  test("every list field with options gets a stop-alert dropdown from its Settings list, its rule as input message", () => {
    const settings = defaultSettings(locale);
    const validations = of(changes, "setValidation");
    for (const name of INPUT_TABLES) {
      const sheet = tr(defs[name].sheet, locale);
      for (const f of defs[name].fields.filter((x) => x.type === "list" && x.kind === "input")) {
        const hasOptions = settings.lists[f.list!].length > 0;
        const v = validations.filter(
          (c) =>
            c.sheet === sheet &&
            c.validation.rule.kind === "list" &&
            c.validation.rule.source === `=${listName(f.list!)}`,
        );
        if (!hasOptions) {
          expect(f.listIfPresent).toBe(true); // only the team list may be empty: owner is then free text
          continue;
        }
        expect(v.length).toBeGreaterThan(0);
        expect(
          v.some(
            (c) => c.validation.error?.style === "stop" && c.validation.prompt?.message.includes(tr(f.rule, locale)),
          ),
        ).toBe(true);
      }
    }
  });

  test("amount > 0, cost ≥ 0 and dates are validated", () => {
    const v = of(changes, "setValidation").map((c) => c.validation.rule);
    expect(v).toContainEqual(expect.objectContaining({ kind: "decimal", operator: "greaterThan", formula1: "=0" }));
    expect(v).toContainEqual(
      expect.objectContaining({ kind: "decimal", operator: "greaterThanOrEqual", formula1: "=0" }),
    );
    expect(v.filter((r) => r.kind === "date").length).toBeGreaterThanOrEqual(8);
  });

  test("calculated columns get a formula in the first row of each new table", () => {
    const writes = of(changes, "writeTableColumn");
    const calc = (t: "Leads" | "Conversion") =>
      defs[t].fields.filter((f: FieldDef) => f.kind === "calc").map((f) => tr(f.header, locale));
    for (const t of ["Leads", "Conversion"] as const) {
      for (const h of calc(t)) {
        const w = writes.find((c) => c.table === t && c.column === h);
        expect(w).toBeDefined();
        expect(w!.rowIndexes).toEqual([0]);
        expect((w!.cells[0] as { formula: string }).formula.startsWith("=")).toBe(true);
      }
    }
  });

  test("locale and template version are stored in the workbook", () => {
    const props = Object.fromEntries(of(changes, "setProperty").map((c) => [c.key, c.value]));
    expect(props[PROPERTY_LOCALE]).toBe(locale);
    expect(props["leadflow.templateVersion"]).toBeDefined();
  });

  test("field guide: one row per field definition", () => {
    const guide = of(changes, "replaceTable").find((c) => c.table === "LF_FieldGuide")!;
    const count = INPUT_TABLES.reduce((n, t) => n + defs[t].fields.length, 0);
    expect(guide.rows).toHaveLength(count);
    expect(fieldGuideRows(defaultSettings(locale), locale)).toHaveLength(count);
    const budget = guide.rows.find((r) => r[1] === (locale === "zh-CN" ? "预算范围" : "Budget"))!;
    expect(String(budget[4])).toContain(locale === "zh-CN" ? "50万以上 (30)" : "500k or more (30)");
  });
});

/** Fill `n` data rows of every input table with plausible and odd values. */
function withRows(book: FakeBook, n: number): FakeBook {
  const b: FakeBook = {
    ...book,
    tables: new Map([...book.tables].map(([k, t]) => [k, { ...t, rows: [] as CellValue[][] }])),
  };
  for (const name of INPUT_TABLES) {
    const t = b.tables.get(name)!;
    for (let i = 0; i < n; i++)
      t.rows.push(t.headers.map((h, c) => (c === 0 ? `X-${i}` : i % 3 === 0 ? null : `${h}${i}`)));
  }
  return b;
}

describe("constant number of changes", () => {
  test("10 vs 10,000 data rows give the same number of Change objects", () => {
    const base = installed("zh-CN");
    const small = plan(withRows(base, 10), "zh-CN").changes;
    const big = plan(withRows(base, 10000), "zh-CN").changes;
    expect(big.length).toBe(small.length);
    expect(big.map((c) => c.op)).toEqual(small.map((c) => c.op));
    // Formula columns are one change each, covering every row.
    const f = of(big, "writeTableColumn").find((c) => c.table === "Leads" && c.column === "评分")!;
    expect(f.rowIndexes).toHaveLength(10000);
  });
});

const INPUT_KINDS = new Set(["input", "auto"]);

/** Cells of input columns, by table and header, for comparison. */
function inputCells(book: FakeBook, locale: Locale): Map<string, CellValue[]> {
  const defs = tableDefs(5);
  const out = new Map<string, CellValue[]>();
  for (const name of INPUT_TABLES) {
    const t = book.tables.get(name);
    if (!t) continue;
    const inputs = new Set(
      defs[name].fields.filter((f) => INPUT_KINDS.has(f.kind)).flatMap((f) => [f.header.zh, f.header.en]),
    );
    t.headers.forEach((h, c) => {
      if (inputs.has(h) || !defs[name].fields.some((f) => f.header.zh === h || f.header.en === h))
        out.set(
          `${name}|${h}`,
          t.rows.map((r) => r[c]),
        );
    });
  }
  void locale;
  return out;
}

const cellArb = fc.oneof(
  fc.constant(null),
  fc.constant(""),
  fc.string({ maxLength: 6 }),
  fc.constantFrom("=SUM(A1)", "+1", "-5", "@x", "制造业", "50万以上", "已成交", "线索-20240501-001"),
  fc.double({ min: -1e6, max: 1e6, noNaN: true }),
  fc.integer({ min: 30000, max: 50000 }),
  fc.boolean(),
);

describe("re-install never changes an input cell", () => {
  test.each(["zh-CN", "en-US"] as Locale[])(
    "over generated data, deleted/renamed columns and extra user columns (%s)",
    (locale) => {
      const base = installed(locale);
      fc.assert(
        fc.property(
          fc.record({
            rows: fc.array(fc.array(cellArb, { minLength: 40, maxLength: 40 }), { minLength: 1, maxLength: 8 }),
            drop: fc.array(fc.nat({ max: 30 }), { maxLength: 3 }),
            extra: fc.array(fc.constantFrom("我的备注", "Region", "Note"), { maxLength: 2 }),
            table: fc.constantFrom(...INPUT_TABLES),
          }),
          ({ rows, drop, extra, table }) => {
            const book: FakeBook = {
              ...base,
              sheets: [...base.sheets],
              names: new Map(base.names),
              properties: { ...base.properties },
              tables: new Map(
                [...base.tables].map(([k, t]) => [
                  k,
                  { ...t, headers: [...t.headers], rows: t.rows.map((r) => [...r]) },
                ]),
              ),
            };
            const t = book.tables.get(table)!;
            // A user deletes or renames columns and adds their own.
            for (const d of drop) {
              if (t.headers.length === 1) break; // an Excel table always keeps one column
              const i = d % t.headers.length;
              if (d % 2 === 0) t.headers.splice(i, 1);
              else t.headers[i] = `${t.headers[i]} (old)`;
            }
            for (const e of extra) if (!t.headers.includes(e)) t.headers.push(e);
            t.rows = rows.map((r) => t.headers.map((_, c) => r[c % r.length]));
            const hadData = t.rows.some((r) =>
              r.some((x) => x !== null && !(typeof x === "string" && x.trim() === "")),
            );
            const before = inputCells(book, locale);
            const p = plan(book, locale);
            applyToFake(book, p.changes);
            const after = inputCells(book, locale);
            for (const [key, cells] of before) {
              const now = after.get(key)!;
              cells.forEach((v, i) => {
                if (v === now[i]) return;
                // The only allowed write: a blank lead ID / created date the add-in owns.
                const blank = v === null || (typeof v === "string" && v.trim() === "");
                const owned = /^Leads\|(线索编号|Lead ID|录入时间|Created)$/.test(key);
                if (!(blank && owned))
                  throw new Error(`${key} row ${i}: ${JSON.stringify(v)} → ${JSON.stringify(now[i])}`);
              });
            }
            // Missing input columns of a table with data are reported, not recreated; an empty table gets them back.
            const defs = tableDefs(5)[table];
            const before2 = new Set(p.report.missingColumns.filter((m) => m.table === table).map((m) => m.key));
            for (const f of defs.fields.filter((x) => INPUT_KINDS.has(x.kind))) {
              const present =
                new Set(stateOf(book).tables.find((x) => x.name === table)!.headers).has(tr(f.header, locale)) ||
                before2.has(f.key);
              expect(present).toBe(true);
              if (before2.has(f.key)) expect(hadData).toBe(true);
            }
            // No table is created twice and the Settings tables are not rewritten.
            expect(of(p.changes, "createTable")).toHaveLength(0);
            expect(of(p.changes, "appendRows")).toHaveLength(0);
          },
        ),
        { numRuns: 150 },
      );
    },
  );

  test("a missing calculated column is added back at the right; formulas that read a missing input column are skipped and reported", () => {
    const book = installed("zh-CN");
    const leads = book.tables.get("Leads")!;
    leads.rows = [leads.headers.map((h) => (h === "客户名称" ? "甲公司" : null))];
    const drop = (h: string) => {
      const i = leads.headers.indexOf(h);
      leads.headers.splice(i, 1);
      for (const r of leads.rows) r.splice(i, 1);
    };
    drop("评分");
    drop("预算范围");
    const p = plan(book, "zh-CN");
    expect(p.report.addedColumns).toEqual([{ table: "Leads", headers: ["评分"] }]);
    expect(p.report.missingColumns).toEqual([{ table: "Leads", key: "budget", header: "预算范围" }]);
    expect(p.report.skippedFormulas.map((s) => s.header)).toEqual(["预算分"]);
    applyToFake(book, p.changes);
    expect(leads.headers[leads.headers.length - 1]).toBe("评分");
    expect(String(leads.rows[0][leads.headers.indexOf("评分")])).toMatch(/^=/);
  });

  test("an empty table gets its missing input column back", () => {
    const book = installed("en-US");
    const cc = book.tables.get("ChannelCosts")!;
    cc.headers = cc.headers.filter((h) => h !== "Period");
    cc.rows = [];
    const p = plan(book, "en-US");
    expect(p.report.addedColumns).toEqual([{ table: "ChannelCosts", headers: ["Period"] }]);
    expect(p.report.missingColumns).toEqual([]);
  });

  test("blank lead IDs and created dates of started rows are filled, never typed ones", () => {
    const book = installed("zh-CN");
    const leads = book.tables.get("Leads")!;
    const c = (h: string) => leads.headers.indexOf(h);
    const row = (id: string | null, customer: string | null, created: number | null) => {
      const r: CellValue[] = leads.headers.map(() => null);
      r[c("线索编号")] = id;
      r[c("客户名称")] = customer;
      r[c("录入时间")] = created;
      return r;
    };
    leads.rows = [
      row("线索-20240601-004", "甲", 45444.4),
      row(null, "乙", null),
      row(null, null, null),
      row(null, "丙", 45400.2),
    ];
    const p = plan(book, "zh-CN");
    applyToFake(book, p.changes);
    expect(leads.rows.map((r) => r[c("线索编号")])).toEqual([
      "线索-20240601-004",
      "线索-20240601-005",
      null,
      "线索-20240418-001",
    ]);
    expect(leads.rows.map((r) => r[c("录入时间")])).toEqual([45444.4, NOW, null, 45400.2]);
    expect(p.report.filledLeadIds).toBe(2);
    expect(p.report.filledCreated).toBe(1);
  });

  test("a created date or lead ID holding only spaces counts as blank and is filled", () => {
    const book = installed("zh-CN");
    const leads = book.tables.get("Leads")!;
    const c = (h: string) => leads.headers.indexOf(h);
    const r: CellValue[] = leads.headers.map(() => null);
    r[c("线索编号")] = "\u3000";
    r[c("客户名称")] = "甲";
    r[c("录入时间")] = "  ";
    leads.rows = [r];
    const p = plan(book, "zh-CN");
    applyToFake(book, p.changes);
    expect(leads.rows[0][c("录入时间")]).toBe(NOW);
    expect(leads.rows[0][c("线索编号")]).toMatch(/^线索-\d{8}-001$/);
    expect([p.report.filledLeadIds, p.report.filledCreated]).toEqual([1, 1]);
  });
});

describe("locale of an installed workbook", () => {
  test("re-install in the other locale keeps the stored one and warns", () => {
    const book = installed("zh-CN");
    const p = plan(book, "en-US");
    expect(p.report.warnings.length).toBeGreaterThan(0);
    expect(of(p.changes, "setProperty").find((c) => c.key === PROPERTY_LOCALE)!.value).toBe("zh-CN");
    expect(book.properties[PROPERTY_LOCALE]).toBe("zh-CN");
  });
});

describe("what install reads", () => {
  test("Leads and Conversion always; the follow-up log only when one of its columns is missing", () => {
    const { installReads } = jest.requireActual(
      "../../src/domain/plan/install",
    ) as typeof import("../../src/domain/plan/install");
    const book = installed("zh-CN");
    expect(installReads(stateOf(book), defaultSettings("zh-CN"), "zh-CN")).toEqual(["Leads", "Conversion"]);
    book.tables.get("FollowUps")!.headers.pop();
    expect(installReads(stateOf(book), defaultSettings("zh-CN"), "zh-CN")).toEqual([
      "Leads",
      "FollowUps",
      "Conversion",
    ]);
    expect(installReads(stateOf(emptyBook()), defaultSettings("zh-CN"), "zh-CN")).toEqual([]);
  });
});

describe("Settings stages change", () => {
  test("a stage added in Settings appends its entry-date and duration columns to a Conversion table with data", () => {
    const book = installed("zh-CN");
    const conv = book.tables.get("Conversion")!;
    conv.rows = [
      conv.headers.map((h) => (h === "线索编号" ? "线索-20240501-001" : h === "阶段1进入时间" ? 45414 : null)),
    ];
    const six = defaultSettings("zh-CN");
    six.lists.stage.splice(4, 0, { value: "签约" });
    const p = planInstall({ state: stateOf(book), settings: six, locale: "zh-CN", tables: tablesOf(book), now: NOW });
    expect(p.report.missingColumns).toEqual([]);
    expect(p.report.addedColumns).toEqual([{ table: "Conversion", headers: ["阶段6进入时间", "阶段5停留时长"] }]);
    applyToFake(book, p.changes);
    expect(String(conv.rows[0][conv.headers.indexOf("阶段5停留时长")])).toContain("阶段6进入时间");
    expect(conv.rows[0][conv.headers.indexOf("阶段1进入时间")]).toBe(45414);
  });
});

test("a deleted last stage column of a table with data is reported, not taken for a new stage", () => {
  const book = installed("zh-CN");
  const conv = book.tables.get("Conversion")!;
  conv.headers = conv.headers.filter((h) => h !== "阶段5进入时间");
  conv.rows = [conv.headers.map((h) => (h === "线索编号" ? "线索-20240501-001" : null))];
  const p = plan(book, "zh-CN");
  expect(p.report.missingColumns).toEqual([{ table: "Conversion", key: "stage5At", header: "阶段5进入时间" }]);
  expect(p.report.skippedFormulas.map((s) => s.header)).toEqual(expect.arrayContaining(["阶段4停留时长", "流失阶段"]));
});

test("a sheet of our name holding someone else's content is never written over", () => {
  const book = emptyBook();
  book.sheets.push("线索信息", "配置");
  const p = plan(book, "zh-CN");
  const leads = of(p.changes, "createTable").find((c) => c.table === "Leads")!;
  expect(leads.sheet).toBe("线索信息 (2)");
  expect(of(p.changes, "createTable").find((c) => c.table === "LF_Params")!.sheet).toBe("配置 (2)");
  for (const c of p.changes) if ("sheet" in c) expect([c.op, c.sheet]).not.toEqual([c.op, "线索信息"]);
  for (const c of p.changes) if ("sheet" in c) expect([c.op, c.sheet]).not.toEqual([c.op, "配置"]);
  expect(p.report.warnings).toHaveLength(2);
  // Re-install finds the tables where they were put.
  applyToFake(book, p.changes);
  const again = plan(book, "zh-CN");
  expect(of(again.changes, "createTable")).toHaveLength(0);
  expect(again.report.warnings).toHaveLength(0);
});
