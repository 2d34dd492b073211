/**
 * The Leads PivotTable in an .xlsx package (issue 14 item 7), as ECMA-376 Part 1 §18.10 lays
 * it out: a pivotCacheDefinition part (owned by the workbook: a relationship and a
 * <pivotCache> in <pivotCaches>) whose <worksheetSource name="…"/> is the source table, and a
 * pivotTable part (related from its worksheet, and to its cache definition) with the layout.
 *
 * No records are written (saveData="0"; §18.10.1.67 makes cacheRecords optional) and the cache
 * is marked refreshOnLoad="1": Excel reads the table and builds the report when the file opens.
 * The cache fields are the table's columns, in order, with no items yet; the report's
 * location is the smallest block of an empty layout (the refresh sizes it).
 *
 * Pure text: the package engine (fastPort.ts) finds, registers and writes the parts.
 */
import type { PivotTableChange } from "../../../domain/plan/changes";
import { attr, escapeXml } from "./xml";

export const REL_PIVOT_TABLE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/pivotTable";
export const REL_PIVOT_CACHE =
  "http://schemas.openxmlformats.org/officeDocument/2006/relationships/pivotCacheDefinition";
export const CT_PIVOT_TABLE = "application/vnd.openxmlformats-officedocument.spreadsheetml.pivotTable+xml";
export const CT_PIVOT_CACHE = "application/vnd.openxmlformats-officedocument.spreadsheetml.pivotCacheDefinition+xml";

const MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** The name of the PivotTable a pivotTable part defines. */
export function pivotTableName(xml: string): string | null {
  const root = /<pivotTableDefinition\b[^>]*>/.exec(xml);
  return root ? attr(root[0], "name") : null;
}

/**
 * The cache definition with refreshOnLoad="1" on its root, or the same text when it has it
 * already (then nothing is rewritten: the part keeps its bytes).
 */
export function withRefreshOnLoad(xml: string): string {
  const root = /<pivotCacheDefinition\b[^>]*?(\/?)>/.exec(xml);
  if (!root) return xml;
  const value = attr(root[0], "refreshOnLoad");
  if (value === "1" || value === "true") return xml;
  const tag =
    value === null
      ? root[0].replace(/^<pivotCacheDefinition\b/, '<pivotCacheDefinition refreshOnLoad="1"')
      : root[0].replace(/\srefreshOnLoad="[^"]*"/, ' refreshOnLoad="1"');
  return xml.slice(0, root.index) + tag + xml.slice(root.index + root[0].length);
}

/** The cache definition over every column of the source table (no records; built on open). */
export function cacheDefinitionXml(sourceTable: string, columns: readonly string[]): string {
  const fields = columns
    .map((h) => `<cacheField name="${escapeXml(h)}" numFmtId="0"><sharedItems/></cacheField>`)
    .join("");
  return (
    DECL +
    `<pivotCacheDefinition xmlns="${MAIN_NS}" xmlns:r="${REL_NS}" saveData="0" refreshOnLoad="1" createdVersion="3" refreshedVersion="3" minRefreshableVersion="3" recordCount="0">` +
    `<cacheSource type="worksheet"><worksheetSource name="${escapeXml(sourceTable)}"/></cacheSource>` +
    `<cacheFields count="${columns.length}">${fields}</cacheFields>` +
    `</pivotCacheDefinition>`
  );
}

/**
 * The pivotTable part: every column a pivot field; the row, column and data fields of the
 * change by their column's index. Throws when the source table lacks a column of the layout.
 */
export function pivotTableXml(c: PivotTableChange, cacheId: number, columns: readonly string[]): string {
  const at = (h: string): number => {
    const i = columns.findIndex((x) => x.trim().toLowerCase() === h.trim().toLowerCase());
    if (i < 0) throw new Error(`the table ${c.sourceTable} has no column ${JSON.stringify(h)}`);
    return i;
  };
  const rows = c.rows.map(at);
  const cols = c.columns.map(at);
  const data = c.values.map((v) => ({ ...v, index: at(v.column) }));
  const fields = columns
    .map((_h, i) => {
      const axis = rows.includes(i) ? "axisRow" : cols.includes(i) ? "axisCol" : null;
      const isData = data.some((d) => d.index === i);
      const open = `<pivotField${axis ? ` axis="${axis}"` : ""}${isData ? ' dataField="1"' : ""} showAll="0"`;
      return axis ? `${open}><items count="1"><item t="default"/></items></pivotField>` : `${open}/>`;
    })
    .join("");
  // An empty layout: header row, one grand-total row; the row labels column and one grand-total column.
  const top = /^([A-Z]+)(\d+)$/.exec(c.topLeft.toUpperCase());
  if (!top) throw new Error(`bad top-left cell ${c.topLeft}`);
  const col1 = top[1]!;
  const row1 = Number(top[2]);
  const col2 = nextColumn(col1);
  const ref = `${col1}${row1}:${col2}${row1 + 2}`;
  const fieldList = (xs: number[]) => xs.map((x) => `<field x="${x}"/>`).join("");
  return (
    DECL +
    `<pivotTableDefinition xmlns="${MAIN_NS}" name="${escapeXml(c.name)}" cacheId="${cacheId}" applyNumberFormats="0" applyBorderFormats="0" applyFontFormats="0" applyPatternFormats="0" applyAlignmentFormats="0" applyWidthHeightFormats="1" dataCaption="Values" updatedVersion="3" minRefreshableVersion="3" createdVersion="3" useAutoFormatting="1" itemPrintTitles="1" indent="0" outline="1" outlineData="1" multipleFieldFilters="0">` +
    `<location ref="${ref}" firstHeaderRow="1" firstDataRow="2" firstDataCol="1"/>` +
    `<pivotFields count="${columns.length}">${fields}</pivotFields>` +
    (rows.length ? `<rowFields count="${rows.length}">${fieldList(rows)}</rowFields>` : "") +
    `<rowItems count="1"><i t="grand"><x/></i></rowItems>` +
    (cols.length ? `<colFields count="${cols.length}">${fieldList(cols)}</colFields>` : "") +
    `<colItems count="1"><i t="grand"><x/></i></colItems>` +
    `<dataFields count="${data.length}">${data
      .map(
        (d) =>
          `<dataField name="${escapeXml(d.caption)}" fld="${d.index}" subtotal="${d.summarizeBy}" baseField="0" baseItem="0"/>`,
      )
      .join("")}</dataFields>` +
    `<pivotTableStyleInfo name="PivotStyleLight16" showRowHeaders="1" showColHeaders="1" showRowStripes="0" showColStripes="0" showLastColumn="1"/>` +
    `</pivotTableDefinition>`
  );
}

function nextColumn(col: string): string {
  const n = [...col].reduce((v, ch) => v * 26 + ch.charCodeAt(0) - 64, 0) + 1;
  let out = "";
  for (let v = n; v > 0; v = Math.floor((v - 1) / 26)) out = String.fromCharCode(65 + ((v - 1) % 26)) + out;
  return out;
}

/** The workbook's <pivotCache> ids (cacheId), to pick a free one. */
export function pivotCacheIds(workbookXml: string): number[] {
  return [...workbookXml.matchAll(/<pivotCache\b[^>]*>/g)].map((m) => Number(attr(m[0], "cacheId") ?? 0));
}
