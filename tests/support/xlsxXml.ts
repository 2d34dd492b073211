/**
 * Helpers of the reliability and security tests: build real workbooks with
 * the real install plan, and look at the resulting .xlsx at the XML level
 * (fflate unzip) — the level where "text" and "formula" are unambiguous.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { strFromU8, unzipSync } from "fflate";
import { planInstall, type RowsByTable } from "../../src/domain/plan/install";
import { serialFromYmd } from "../../src/domain/parse/dates";
import { defaultSettings } from "../../src/domain/settings/defaults";
import type { Settings } from "../../src/domain/settings/schema";
import type { Locale, Serial } from "../../src/domain/types";
import { XlsxWorkbook } from "./exceljs";
import { validLeadRow } from "./validLead";

export const ymd = (y: number, m: number, d: number, h = 0, min = 0): Serial => serialFromYmd(y, m, d, h, min);

/** A complete, valid zh-CN lead row (created 2024-05-01); `id` and `customer` vary it. */
export function minimalLead(id: string, customer: string): Record<string, string | number> {
  return validLeadRow("zh-CN", { leadId: id, customer, createdAt: ymd(2024, 5, 1) });
}

/** The five injection payloads of issue 7 (exact strings). */
export const INJECTIONS = [`=cmd|' /C calc'!A0`, `=HYPERLINK("http://x","y")`, `+1+1`, `-1+1`, `@SUM(A1)`] as const;

/** The part of each payload a spreadsheet would evaluate, to find it inside any formula text. */
export const INJECTION_BODIES = [`cmd|`, `HYPERLINK("http://x"`, `SUM(A1)`];

export function tempDir(prefix = "leadflow-rel-"): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A workbook built by the real install plan through the file adapter, with `rows` appended. */
export async function buildBook(
  rows: RowsByTable = {},
  locale: Locale = "zh-CN",
  settings: Settings = defaultSettings(locale),
): Promise<Uint8Array> {
  const wb = XlsxWorkbook.create("test.xlsx");
  const state = await wb.readState();
  const plan = planInstall({ state, settings, locale, now: ymd(2024, 6, 1, 9), asOf: ymd(2024, 6, 1), append: rows });
  await wb.apply(plan.changes);
  return wb.toBytes();
}

export function unzipText(bytes: Uint8Array): Record<string, string> {
  const files = unzipSync(bytes);
  return Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strFromU8(v)]));
}

export function unzipBytes(bytes: Uint8Array): Record<string, Uint8Array> {
  return unzipSync(bytes);
}

function unescapeXml(s: string): string {
  return s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#x([0-9a-fA-F]+);/g, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(parseInt(d, 10)))
    .replace(/&amp;/g, "&");
}

function attr(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return m ? unescapeXml(m[1]) : undefined;
}

/** Text of every <t> inside an element (rich runs joined), phonetic runs left out. */
function textOf(xml: string): string {
  const noPhonetic = xml.replace(/<rPh\b[\s\S]*?<\/rPh>/g, "");
  return [...noPhonetic.matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>|<t(?:\s[^>]*)?\/>/g)]
    .map((m) => unescapeXml(m[1] ?? ""))
    .join("");
}

export function sharedStrings(files: Record<string, string>): string[] {
  const xml = files["xl/sharedStrings.xml"];
  if (!xml) return [];
  return [...xml.matchAll(/<si>([\s\S]*?)<\/si>|<si\/>/g)].map((m) => textOf(m[1] ?? ""));
}

/** Sheet name → part path, from workbook.xml and its relationships. */
export function sheetParts(files: Record<string, string>): Map<string, string> {
  const wb = files["xl/workbook.xml"];
  const rels = files["xl/_rels/workbook.xml.rels"];
  const target = new Map<string, string>();
  for (const m of rels.matchAll(/<Relationship\b[^>]*>/g)) {
    const id = attr(m[0], "Id");
    const t = attr(m[0], "Target");
    if (id && t) target.set(id, t.startsWith("/") ? t.slice(1) : `xl/${t}`);
  }
  const out = new Map<string, string>();
  for (const m of wb.matchAll(/<sheet\b[^>]*>/g)) {
    const name = attr(m[0], "name");
    const id = attr(m[0], "r:id");
    if (name && id && target.has(id)) out.set(name, target.get(id)!);
  }
  return out;
}

export interface XmlCell {
  ref: string;
  /** The t attribute ("n" when absent). */
  type: string;
  /** Formula text when the cell has an <f> element (may be "" for a shared-formula child). */
  formula: string | null;
  /** The cell's text: shared/inline string resolved, else the raw <v>. */
  value: string | null;
  style: number;
}

export function sheetCells(files: Record<string, string>, part: string, strings = sharedStrings(files)): XmlCell[] {
  const xml = files[part];
  const out: XmlCell[] = [];
  for (const m of xml.matchAll(/<c\b([^>]*?)(\/>|>([\s\S]*?)<\/c>)/g)) {
    const head = `<c${m[1]}>`;
    const body = m[3] ?? "";
    const type = attr(head, "t") ?? "n";
    const f = /<f\b[^>]*\/>|<f\b[^>]*>([\s\S]*?)<\/f>/.exec(body);
    const v = /<v>([\s\S]*?)<\/v>/.exec(body);
    let value: string | null = v ? unescapeXml(v[1]) : null;
    if (type === "s" && value !== null) value = strings[Number(value)] ?? null;
    if (type === "inlineStr") value = textOf(/<is>([\s\S]*?)<\/is>/.exec(body)?.[1] ?? "");
    out.push({
      ref: attr(head, "r") ?? "",
      type,
      formula: f ? unescapeXml(f[1] ?? "") : null,
      value,
      style: Number(attr(head, "s") ?? 0),
    });
  }
  return out;
}

/** Every cell of every sheet, keyed by sheet name. */
export function allCells(bytes: Uint8Array): Map<string, XmlCell[]> {
  const files = unzipText(bytes);
  const strings = sharedStrings(files);
  const out = new Map<string, XmlCell[]>();
  for (const [name, part] of sheetParts(files)) out.set(name, sheetCells(files, part, strings));
  return out;
}

/** A string cell in the strict sense: a text type and no formula. */
export function isPlainText(c: XmlCell): boolean {
  return (c.type === "s" || c.type === "inlineStr" || c.type === "str") && c.formula === null;
}

/** `locked` of each cellXfs entry (true unless <protection locked="0"/>). */
export function lockedByStyle(files: Record<string, string>): boolean[] {
  const styles = files["xl/styles.xml"] ?? "";
  const xfs = /<cellXfs\b[^>]*>([\s\S]*?)<\/cellXfs>/.exec(styles)?.[1] ?? "";
  return [...xfs.matchAll(/<xf\b[^>]*?(?:\/>|>([\s\S]*?)<\/xf>)/g)].map(
    (m) => !/<protection\b[^>]*locked="(0|false)"/.test(m[1] ?? ""),
  );
}

/** Column styles of a sheet: column number → style index (from <cols>). */
export function columnStyles(xml: string): Map<number, number> {
  const out = new Map<number, number>();
  for (const m of xml.matchAll(/<col\b[^>]*\/?>/g)) {
    const min = Number(attr(m[0], "min"));
    const max = Number(attr(m[0], "max"));
    const s = attr(m[0], "style");
    if (s !== undefined) for (let c = min; c <= max; c++) out.set(c, Number(s));
  }
  return out;
}

export function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Every file below `dir` (relative paths), to find leftover temp files. */
export function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? listFiles(p).map((q) => join(n, q)) : [relative(dir, p)];
  });
}

export function readBytes(path: string): Uint8Array {
  return new Uint8Array(readFileSync(path));
}

/** Column letters → 1-based number. */
export function colNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

export function splitRef(ref: string): { col: number; row: number } {
  const m = /^([A-Z]+)(\d+)$/.exec(ref);
  if (!m) throw new Error(`bad cell reference ${ref}`);
  return { col: colNumber(m[1]), row: Number(m[2]) };
}

// ------------------------------------------------------------ the reliability report

export type RecordKind = "bad-input" | "fault" | "injection" | "input-cells";

export interface ReliabilityRecord {
  kind: RecordKind;
  name: string;
  /** Cases (or injected strings, or faults) tried. */
  tried: number;
  /** Of those, handled: a clear answer / survived / neutralized. For input-cells: cells changed. */
  handled: number;
  ms?: number;
  note?: string;
}

/**
 * Append a record for `npm run reliability` (scripts/reliability.mjs sets
 * LEADFLOW_RELIABILITY_OUT to a folder; without it, nothing is written).
 * Records are what the test measured, written before its assertions run, so
 * a failed case shows up in the table as not handled.
 */
export function record(r: ReliabilityRecord): void {
  const dir = process.env.LEADFLOW_RELIABILITY_OUT;
  if (!dir) return;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { appendFileSync } = require("node:fs") as typeof import("node:fs");
  appendFileSync(join(dir, `records-${process.pid}.jsonl`), JSON.stringify(r) + "\n");
}

/** Time an async step. */
export async function timed<T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const t = Date.now();
  const value = await run();
  return { value, ms: Date.now() - t };
}
