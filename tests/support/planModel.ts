/**
 * A tiny in-memory model of what the install plan does to a workbook's
 * structure (sheets, tables, names, properties, table cells), enough to
 * re-plan over the result. The real adapters are tested elsewhere; this lets
 * the planner's properties be checked quickly over thousands of cases.
 */
import type { Change, CellWrite } from "../../src/domain/plan/changes";
import { isFormulaCell } from "../../src/domain/plan/changes";
import type { CellValue } from "../../src/domain/types";
import type { TableData, WorkbookState } from "../../src/workbook/port";
import { columnIndex1, columnLetters1, parseRange } from "../../src/domain/a1";

export interface FakeTable {
  name: string;
  sheet: string;
  topLeft: string;
  headers: string[];
  rows: CellValue[][];
}

export interface FakeBook {
  sheets: string[];
  tables: Map<string, FakeTable>;
  names: Map<string, string>;
  properties: Record<string, string>;
}

export function emptyBook(): FakeBook {
  return { sheets: [], tables: new Map(), names: new Map(), properties: {} };
}

function value(c: CellWrite): CellValue {
  return isFormulaCell(c) ? (c.formula as string) : c;
}

export function applyToFake(book: FakeBook, changes: Change[]): void {
  for (const ch of changes) {
    switch (ch.op) {
      case "ensureSheet":
        if (!book.sheets.includes(ch.sheet)) book.sheets.push(ch.sheet);
        break;
      case "createTable":
        if (!book.tables.has(ch.table))
          book.tables.set(ch.table, {
            name: ch.table,
            sheet: ch.sheet,
            topLeft: ch.topLeft,
            headers: [...ch.headers],
            rows: [],
          });
        break;
      case "replaceTable":
        book.tables.set(ch.table, {
          name: ch.table,
          sheet: ch.sheet,
          topLeft: ch.topLeft,
          headers: [...ch.headers],
          rows: ch.rows.map((r) => r.map(value)),
        });
        break;
      case "addColumns": {
        const t = book.tables.get(ch.table)!;
        t.headers.push(...ch.headers);
        for (const r of t.rows) r.push(...ch.headers.map(() => null));
        break;
      }
      case "appendRows": {
        const t = book.tables.get(ch.table)!;
        for (const r of ch.rows) t.rows.push(t.headers.map((_, i) => (i < r.length ? value(r[i]) : null)));
        break;
      }
      case "writeTableColumn": {
        const t = book.tables.get(ch.table)!;
        const c = t.headers.indexOf(ch.column);
        if (c < 0) throw new Error(`no column ${ch.column} in ${ch.table}`);
        ch.rowIndexes.forEach((ri, i) => {
          while (t.rows.length <= ri) t.rows.push(t.headers.map(() => null));
          t.rows[ri][c] = value(ch.cells[i]);
        });
        break;
      }
      case "setDefinedName":
        book.names.set(ch.name, ch.formula);
        break;
      case "setProperty":
        book.properties[ch.key] = ch.value;
        break;
      default:
        break;
    }
  }
}

export function stateOf(book: FakeBook): WorkbookState {
  return {
    sheets: book.sheets.map((name) => ({ name, visible: true, protected: false })),
    tables: [...book.tables.values()].map((t) => {
      const { first } = parseRange(t.topLeft);
      const rows = Math.max(1, t.rows.length);
      const last = `${columnLetters1(columnIndex1(first.column) + t.headers.length - 1)}${first.row + rows}`;
      return {
        name: t.name,
        sheet: t.sheet,
        address: `${t.topLeft}:${last}`,
        headers: [...t.headers],
        rowCount: t.rows.length,
      };
    }),
    names: [...book.names].map(([name, formula]) => ({ name, formula })),
    properties: { ...book.properties },
  };
}

export function tablesOf(book: FakeBook): Map<string, TableData> {
  const state = stateOf(book);
  const out = new Map<string, TableData>();
  for (const info of state.tables) {
    const t = book.tables.get(info.name)!;
    out.set(info.name, {
      table: info,
      firstRow: parseRange(t.topLeft).first.row + 1,
      values: t.rows.map((r) => [...r]),
    });
  }
  return out;
}
