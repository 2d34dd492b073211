/**
 * A workbook as the layout before the helper columns left it: the current
 * install's changes without the helper columns and LF_Today, hand-made edge
 * rows, and the older formulas (legacyFormulas.ts) on every row. Used to prove
 * that an upgrade rewrites the formula columns and changes no input cell.
 */
import { HELPER_GROUP, tableDefs } from "../../src/domain/fields/definitions";
import type { Change } from "../../src/domain/plan/changes";
import { planInstall } from "../../src/domain/plan/install";
import { defaultSettings } from "../../src/domain/settings/defaults";
import { TODAY_NAME, conversionFormulas, leadFormulas } from "../../src/domain/formulas/calculated";
import { LIST_COLUMN_HEADERS, type ListColumnKey } from "../../src/domain/formulas/names";
import { columnIndex1, parseRange } from "../../src/domain/a1";
import type { InputTableName, Locale } from "../../src/domain/types";
import { tr } from "../../src/domain/types";
import { XlsxWorkbook } from "../support/exceljs";
import { appendByKey, edgeRows } from "./edgeRows";
import { localSerial } from "./install";
import { conversionFormulas as legacyConversionFormulas, leadFormulas as legacyLeadFormulas } from "./legacyFormulas";

/** A Change list of the current install, turned into what the previous layout wrote: no helper columns, no LF_Today, the older formulas. */
export function legacyInstall(changes: Change[], locale: Locale): Change[] {
  const defs = tableDefs(5);
  const helperHeaders = new Set(
    (["Leads", "Conversion"] as const).flatMap((t) =>
      defs[t].fields.filter((f) => f.group === HELPER_GROUP).map((f) => tr(f.header, locale)),
    ),
  );
  const headersOf = new Map<string, string[]>();
  const widthOf = new Map<string, number>(); // sheet → columns of its input table, before the helpers
  const out: Change[] = [];
  for (const c of changes) {
    if (c.op === "createTable" && (c.table === "Leads" || c.table === "Conversion")) {
      const headers = c.headers.filter((h) => !helperHeaders.has(h));
      headersOf.set(c.table, headers);
      widthOf.set(c.sheet, headers.length);
      out.push({ ...c, headers });
    } else if (c.op === "writeTableColumn" && helperHeaders.has(c.column)) continue;
    else if (c.op === "setDefinedName" && c.name === TODAY_NAME) continue;
    else if (
      (c.op === "setNumberFormat" || c.op === "setConditionalFormats" || c.op === "setValidation") &&
      widthOf.has(c.sheet) &&
      columnIndex1(parseRange(c.address).first.column) > widthOf.get(c.sheet)!
    )
      continue;
    else if (
      c.op === "setFont" &&
      widthOf.has(c.sheet) &&
      columnIndex1(parseRange(c.address).first.column) > widthOf.get(c.sheet)!
    )
      continue;
    else if (c.op === "groupColumns" && widthOf.has(c.sheet) && columnIndex1(c.fromColumn) > widthOf.get(c.sheet)!)
      continue;
    else if (c.op === "setColumnWidths" && widthOf.has(c.sheet))
      out.push({ ...c, widths: c.widths.filter((w) => columnIndex1(w.column) <= widthOf.get(c.sheet)!) });
    else out.push(c);
  }
  return out;
}

/** The older workbook, and the formula texts (without "=") whose shape the current install changes. */
export async function legacyWorkbook(locale: Locale, now: Date): Promise<{ wb: XlsxWorkbook; legacy: Set<string> }> {
  const defs = tableDefs(5);
  const wb = XlsxWorkbook.create();
  const today = Math.floor(localSerial(now));
  const plan = planInstall({
    state: await wb.readState(),
    settings: defaultSettings(locale),
    locale,
    now: localSerial(now),
    asOf: today,
  });
  await wb.apply(legacyInstall(plan.changes, locale));
  const rows = edgeRows(locale, today);
  await appendByKey(wb, "Leads", rows.Leads, locale);
  await appendByKey(wb, "Conversion", rows.Conversion, locale);
  // Every row carries the older formulas, as the previous install left them.
  const headerOf = (t: string, k: string) => {
    const f = defs[t as InputTableName]?.fields.find((x) => x.key === k);
    return f && tr(f.header, locale);
  };
  const ctx = {
    locale,
    stageCount: 5,
    header: (t: string, k: string) =>
      headerOf(t, k) ?? (t.startsWith("List_") ? tr(LIST_COLUMN_HEADERS[k as ListColumnKey], locale) : undefined),
  };
  const legacy = new Set<string>();
  const state = await wb.readState();
  for (const [table, list] of [
    ["Leads", legacyLeadFormulas(ctx)],
    ["Conversion", legacyConversionFormulas(ctx)],
  ] as const) {
    const n = state.tables.find((t) => t.name === table)!.rowCount;
    const current = new Set((table === "Leads" ? leadFormulas(ctx) : conversionFormulas(ctx)).map((f) => f.formula));
    for (const f of list) {
      // The formulas whose shape changed (the points columns kept theirs).
      if (!current.has(f.formula)) legacy.add(f.formula.replace(/^=/, ""));
      await wb.apply([
        {
          op: "writeTableColumn",
          table,
          column: headerOf(table, f.key)!,
          rowIndexes: Array.from({ length: n }, (_, i) => i),
          cells: Array.from({ length: n }, () => ({ formula: f.formula })),
        },
      ]);
    }
  }
  return { wb, legacy };
}
