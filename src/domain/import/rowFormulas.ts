import { tableDefs } from "../fields/definitions";
import { conversionFormulas, leadFormulas, type ColumnFormula } from "../formulas/calculated";
import { LIST_COLUMN_HEADERS, type ListColumnKey } from "../formulas/names";
import { headerIndex } from "../rows";
import type { InputTableName, Locale } from "../types";
import { tr } from "../types";

/**
 * Formula text of each calculated column for a row appended to `table`, by
 * field key, resolved against the table's actual headers. Structured
 * references use [#This Row], so the same text is right for every row. A
 * formula whose columns are missing is left out (the cell stays blank and
 * Check reports the missing column).
 */
export function rowFormulas(
  table: InputTableName,
  headers: string[],
  locale: Locale,
  stageCount: number,
): Map<string, string> {
  const out = new Map<string, string>();
  if (table !== "Leads" && table !== "Conversion") return out;
  const def = tableDefs(stageCount)[table];
  const ix = headerIndex(def, headers).index;
  const header = (t: string, key: string): string | undefined => {
    if (t === table) {
      const col = ix.get(key);
      return col === undefined ? undefined : headers[col];
    }
    if (t.startsWith("List_") && key in LIST_COLUMN_HEADERS)
      return tr(LIST_COLUMN_HEADERS[key as ListColumnKey], locale);
    return undefined;
  };
  const ctx = { locale, stageCount, header };
  const list: ColumnFormula[] = table === "Leads" ? leadFormulas(ctx) : conversionFormulas(ctx);
  const present = (k: string) => ix.has(k);
  for (const f of list) if (present(f.key) && f.deps.every(present)) out.set(f.key, f.formula);
  return out;
}
