/**
 * Rows "typed by hand" into an installed workbook: appended through the port,
 * bypassing the task pane's checks, with fields given by key and placed under
 * the header (either locale) each field has.
 */
import { tableDefs } from "../../src/domain/fields/definitions";
import type { Scalar } from "../../src/domain/plan/changes";
import type { InputTableName } from "../../src/domain/types";
import type { WorkbookPort } from "../../src/workbook/port";

export async function plant(port: WorkbookPort, table: InputTableName, rows: Record<string, Scalar>[]): Promise<void> {
  const data = (await port.readTables([table])).get(table);
  if (!data) throw new Error(`no table ${table}`);
  const fields = tableDefs(5)[table].fields;
  const values = rows.map((r) =>
    data.table.headers.map((h) => {
      const f = fields.find((x) => x.header.en === h || x.header.zh === h);
      return f && f.key in r ? r[f.key] : null;
    }),
  );
  await port.apply([{ op: "appendRows", table, rows: values }]);
}
