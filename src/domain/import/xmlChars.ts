/**
 * Source text a workbook cannot hold: characters XML 1.0 cannot carry
 * (U+FFFE, U+FFFF, lone surrogates) make a workbook unreadable. They are
 * replaced by U+FFFD before planning, and each changed row is listed so the
 * import report can say which rows were changed and how.
 */
import type { SourceTable } from "./plan";

const NOT_XML = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|[\uFFFE\uFFFF]/g;

export interface TextReplaced {
  /** Source line. */
  line: number;
  /** Source headers of the changed columns. */
  columns: string[];
  /** How many characters were replaced by U+FFFD. */
  count: number;
}

export function replaceNonXmlText(source: SourceTable): { source: SourceTable; changed: TextReplaced[] } {
  const changed: TextReplaced[] = [];
  const rows = source.rows.map((row) => {
    let columns: string[] | undefined;
    let count = 0;
    const values = row.values.map((v, c) => {
      if (typeof v !== "string") return v;
      const n = v.match(NOT_XML)?.length ?? 0;
      if (n === 0) return v;
      count += n;
      (columns ??= []).push(String(source.headers[c] ?? `#${c + 1}`));
      return v.replace(NOT_XML, "\uFFFD");
    });
    if (!columns) return row;
    changed.push({ line: row.line, columns, count });
    return { ...row, values };
  });
  return changed.length ? { source: { ...source, rows }, changed } : { source, changed };
}
