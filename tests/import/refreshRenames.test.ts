/**
 * Issue 13 item 12, the refresh side: everyday renames must not give exit 0 with wrong results.
 * A refresh of a workbook whose Leads table or one of its required columns is missing (renamed or
 * deleted) would rewrite every review with 0 leads; it is refused instead (WorkbookError
 * "table-missing", exit 2 from the command), before anything is written.
 */
import { refresh } from "../../src/operations/refresh";
import { WorkbookError, type WorkbookPort } from "../../src/workbook/port";
import { cleanBook } from "../support/cleanBook";
import { workbookWith } from "../check/realBook";
import { appendFileSync } from "node:fs";
import { join } from "node:path";

function rec(name: string, handled: boolean, note: string) {
  const out = process.env.LEADFLOW_RELIABILITY_OUT;
  if (!out) return;
  const line = { kind: "import-input", name, tried: 1, handled: handled ? 1 : 0, note };
  appendFileSync(join(out, `records-${process.pid}.jsonl`), JSON.stringify(line) + "\n");
}

/** The real workbook, read as if its Leads table were renamed (`drop`) or a Leads header renamed. */
function renamed(port: WorkbookPort, change: { dropLeads?: boolean; header?: [string, string] }): WorkbookPort {
  let applied = 0;
  return new Proxy(port, {
    get(target, prop, receiver) {
      if (prop === "readTables")
        return async (...args: Parameters<WorkbookPort["readTables"]>) => {
          const tables = await target.readTables(...args);
          if (change.dropLeads) tables.delete("Leads");
          const leads = tables.get("Leads");
          if (leads && change.header) {
            const [from, to] = change.header;
            tables.set("Leads", {
              ...leads,
              table: { ...leads.table, headers: leads.table.headers.map((h) => (h === from ? to : h)) },
            });
          }
          return tables;
        };
      if (prop === "apply")
        return async (...args: Parameters<WorkbookPort["apply"]>) => {
          applied++;
          return target.apply(...args);
        };
      if (prop === "__applied") return applied;
      const v = Reflect.get(target, prop, receiver);
      return typeof v === "function" ? v.bind(target) : v;
    },
  });
}

test.each([
  ["the Leads table renamed", { dropLeads: true }],
  ["the 客户名称 header renamed", { header: ["客户名称", "客户（改名）"] as [string, string] }],
  ["the 线索编号 header renamed", { header: ["线索编号", "编号"] as [string, string] }],
])("refresh refuses a workbook with %s, writing nothing", async (name, change) => {
  const { wb } = await workbookWith(cleanBook());
  const port = renamed(wb, change);
  let error: unknown;
  try {
    await refresh(port, { period: { kind: "all" }, now: new Date(2024, 5, 1, 9) });
  } catch (err) {
    error = err;
  }
  const applied = (port as unknown as { __applied: number }).__applied;
  const ok = error instanceof WorkbookError && error.code === "table-missing" && applied === 0;
  rec(`refresh: ${name}`, ok, error instanceof Error ? error.message : `completed, ${applied} writes`);
  expect(error).toBeInstanceOf(WorkbookError);
  expect((error as WorkbookError).code).toBe("table-missing");
  expect((error as Error).message).toMatch(/Leads.* \/ .*表/);
  expect(applied).toBe(0);
});
