/**
 * An import reads only the tables that can change its plan or report (importTablesRead): at 50,000
 * leads every other input table is a sheet of 100–200 MB read for nothing. The report must be the one
 * made with every table read.
 */
import { importTablesRead, planImport, type ImportInput, type SourceTable } from "../../src/domain/import/plan";
import { defaultSettings } from "../../src/domain/settings/defaults";
import { serialFromYmd } from "../../src/domain/parse/dates";
import type { InputTableName } from "../../src/domain/types";
import type { TableInput } from "../../src/domain/validate";
import { importRows } from "../../src/operations/import";
import type { TableData, WorkbookPort } from "../../src/workbook/port";
import { cleanBook, toTables, d, type Book } from "../support/cleanBook";

const NOW = serialFromYmd(2024, 6, 1, 9, 0);
const TODAY = serialFromYmd(2024, 6, 1);
const ALL: InputTableName[] = ["Leads", "FollowUps", "Conversion", "ChannelCosts"];

/** Each table's own rows, and rows that break cross-table rules, as a source for an import into it. */
function sourceFor(into: InputTableName, book: Book): SourceTable {
  const extra: Book = {
    Leads: [
      // Won, with no Conversion row: Check reports the status against the (missing) result.
      { ...book.Leads[0], leadId: "线索-20240520-001", customer: "新成交客户有限公司", phone: "13700001111" },
      { ...book.Leads[2], leadId: "线索-20240521-001", customer: "新流失客户有限公司", phone: "13700002222" },
    ],
    FollowUps: [{ ...book.FollowUps[0], leadId: "线索-20991231-999" }],
    Conversion: [{ ...book.Conversion[0], leadId: "线索-20991231-999" }],
    ChannelCosts: [{ ...book.ChannelCosts[0] }],
  };
  const t = toTables({ ...book, [into]: [...book[into], ...extra[into]] })[into] as TableInput;
  return {
    headers: t.headers,
    rows: t.values.map((v, i) => ({ line: i + 2, values: v.map((x) => (x === null ? "" : x)) })),
  };
}

function input(into: InputTableName, tables: ImportInput["tables"], source: SourceTable): ImportInput {
  return {
    into,
    source,
    onDuplicate: "keep",
    settings: defaultSettings("zh-CN"),
    locale: "zh-CN",
    now: NOW,
    today: TODAY,
    tables,
    formulas: new Map([["score", "=1+1"]]),
  };
}

test.each(ALL)("import into %s: the same plan and report from only the tables it reads", (into) => {
  const book = cleanBook();
  book.Leads.push({ ...book.Leads[1], leadId: "线索-20240510-001", createdAt: d(2024, 5, 10) });
  const source = sourceFor(into, book);
  const every = toTables(book);
  const only = Object.fromEntries(importTablesRead(into).map((n) => [n, every[n]]));
  const full = planImport(input(into, every, source));
  const part = planImport(input(into, only, source));
  expect(part.report).toEqual(full.report);
  expect(part.changes).toEqual(full.changes);
  // The sample does exercise the cross-table rules.
  if (into !== "ChannelCosts") expect(full.report.withProblems.length).toBeGreaterThan(0);
});

test("importing leads does not read the follow-ups or the channel costs", async () => {
  const tables = toTables(cleanBook());
  const asked: string[] = [];
  const port: WorkbookPort = {
    readState: async () => ({ sheets: [], tables: [], names: [], properties: {} }),
    readRange: async () => [],
    apply: async () => {},
    async readTables(names) {
      asked.push(...names);
      const out = new Map<string, TableData>();
      for (const n of names) {
        const t = tables[n as InputTableName];
        if (!t) continue;
        const info = { name: n, sheet: n, address: "A1", headers: t.headers, rowCount: t.values.length };
        out.set(n, { table: info, firstRow: t.firstRow, values: t.values.map((r) => r.slice()) });
      }
      return out;
    },
  };
  const source: SourceTable = {
    headers: ["公司名称", "联系人", "手机号"],
    rows: [{ line: 2, values: ["新客户有限公司", "赵敏", "13800138000"] }],
  };
  const { report } = await importRows(port, source, {
    into: "Leads",
    now: new Date(Date.UTC(2024, 5, 1, 1)),
    loadSettings: async () => ({ settings: defaultSettings("zh-CN"), locale: "zh-CN", missing: false }),
  });
  expect(report.imported).toHaveLength(1);
  expect(asked.sort()).toEqual(["Conversion", "Leads"]);
});
