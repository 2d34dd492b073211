import type { FieldDef, TableDef } from "../fields/definitions";
import type { L10n } from "../types";

/**
 * Header → field-key mapping for imports (issue 5).
 *
 * Order of trust, per source column:
 *  1. an explicit mapping ("源列=fieldKey") — always wins;
 *  2. the field's exact header in either locale — always maps;
 *  3. the field's header or a known synonym (both languages) after
 *     normalising case, spaces, full-width forms and punctuation;
 *  4. a column of the target table that is not a LeadFlow field (a column the
 *     user added) with the same normalised header — so data can be kept there.
 * Each field takes at most one source column (the first that matches); every
 * source column left over is reported as ignored — never dropped silently.
 * Only typed fields (input, auto) can be imported: calculated and
 * refresh-owned columns are the add-in's, so a source column named like one is
 * ignored and reported.
 */

/** Case, width, spacing and punctuation-insensitive form of a header. */
export function normaliseHeader(text: string): string {
  return String(text ?? "")
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, "");
}

export interface ColumnMapping {
  /** Source column index → field key, or an extra table column's header (prefixed "column:"), or null when ignored. */
  targets: (string | null)[];
  /** How each mapped column was matched, for the report. */
  how: ("explicit" | "header" | "synonym" | "extra-column" | null)[];
  /** Source headers left unmapped, with their 1-based column number. */
  ignored: { column: number; header: string; reason: IgnoreReason }[];
  /** Field keys with a source column. */
  mappedKeys: Set<string>;
}

export type IgnoreReason = "unknown" | "duplicate" | "not-importable" | "blank-header" | "no-table-column";

export const IGNORE_REASONS: Record<IgnoreReason, L10n> = {
  unknown: { zh: "无法识别的列名", en: "unrecognised header" },
  duplicate: { zh: "该字段已由前面的列导入", en: "field already taken by an earlier column" },
  "not-importable": { zh: "计算列或刷新列，由插件维护", en: "calculated or refresh-owned column, kept by the add-in" },
  "blank-header": { zh: "列名为空", en: "blank header" },
  "no-table-column": { zh: "目标表缺少对应的列", en: "the table has no column for it" },
};

/** Prefix of a target that is a non-LeadFlow column of the table, not a field key. */
export const EXTRA_COLUMN = "column:";

export class MappingError extends Error {
  constructor(
    message: string,
    readonly l10n: L10n,
  ) {
    super(message);
    this.name = "MappingError";
  }
}

/** Parse "源列=fieldKey, 其他列=otherKey" (full-width ＝ and ，、；; also accepted). */
export function parseExplicitMap(text: string): { source: string; key: string }[] {
  const out: { source: string; key: string }[] = [];
  for (const part of String(text ?? "").split(/[,，;；、\n]/)) {
    const p = part.trim();
    if (!p) continue;
    const eq = p.search(/[=＝]/);
    if (eq <= 0 || eq === p.length - 1) {
      throw new MappingError(`bad --map entry "${p}"`, {
        zh: `映射项“${p}”格式不对，应为 源列=字段键`,
        en: `mapping entry "${p}" is not of the form source=fieldKey`,
      });
    }
    out.push({ source: p.slice(0, eq).trim(), key: p.slice(eq + 1).trim() });
  }
  return out;
}

export function isImportable(f: FieldDef): boolean {
  return f.kind === "input" || f.kind === "auto";
}

/**
 * Map source headers to the target table's fields.
 * `tableHeaders` are the target table's current headers (to find the user's extra columns).
 */
export function mapHeaders(
  def: TableDef,
  sourceHeaders: string[],
  options: { explicit?: { source: string; key: string }[]; tableHeaders?: string[] } = {},
): ColumnMapping {
  const n = sourceHeaders.length;
  const targets: (string | null)[] = new Array(n).fill(null);
  const how: ColumnMapping["how"] = new Array(n).fill(null);
  const reasons: (IgnoreReason | null)[] = new Array(n).fill(null);
  const mappedKeys = new Set<string>();
  const byKey = new Map(def.fields.map((f) => [f.key, f]));

  // 1. Explicit mapping; unknown source columns or field keys are errors (a typo must not import silently wrong).
  const explicitSource = new Map<string, string>();
  for (const { source, key } of options.explicit ?? []) {
    let col = sourceHeaders.findIndex((h) => String(h ?? "").trim() === source);
    if (col < 0) col = sourceHeaders.findIndex((h) => normaliseHeader(h) === normaliseHeader(source));
    if (col < 0)
      throw new MappingError(`--map: no source column "${source}"`, {
        zh: `映射中的源列“${source}”在导入文件中不存在`,
        en: `mapped source column "${source}" is not in the file`,
      });
    const field = byKey.get(key) ?? def.fields.find((f) => f.header.zh === key || f.header.en === key);
    if (!field) {
      const keys = def.fields
        .filter(isImportable)
        .map((f) => f.key)
        .join(", ");
      throw new MappingError(`--map: unknown field "${key}"`, {
        zh: `映射中的字段“${key}”不是表 ${def.name} 的字段（可用：${keys}）`,
        en: `"${key}" is not a field of table ${def.name} (fields: ${keys})`,
      });
    }
    if (!isImportable(field))
      throw new MappingError(`--map: "${key}" is calculated`, {
        zh: `字段“${key}”是计算列，不能导入`,
        en: `field "${key}" is calculated and cannot be imported`,
      });
    // Two source columns for one field: one of them would be dropped, so neither is guessed.
    const earlier = explicitSource.get(field.key);
    if (earlier !== undefined)
      throw new MappingError(`--map: two source columns for "${field.key}"`, {
        zh: `映射把“${earlier}”和“${source}”两列都指向字段“${field.key}”；一个字段只能对应一列`,
        en: `the mapping sends both "${earlier}" and "${source}" to field "${field.key}"; a field takes one column`,
      });
    if (how[col] === "explicit")
      throw new MappingError(`--map: source column "${source}" mapped twice`, {
        zh: `映射把源列“${source}”指向了两个字段；一列只能对应一个字段`,
        en: `the mapping sends source column "${source}" to two fields; a column goes to one field`,
      });
    explicitSource.set(field.key, source);
    targets[col] = field.key;
    how[col] = "explicit";
    mappedKeys.add(field.key);
  }

  const importable = def.fields.filter(isImportable);
  const exact = new Map<string, FieldDef>();
  const fuzzy = new Map<string, FieldDef>();
  for (const f of importable) {
    for (const h of [f.header.zh, f.header.en]) if (!exact.has(h)) exact.set(h, f);
  }
  // Headers before synonyms, so a synonym of one field never shadows another field's header.
  for (const f of importable)
    for (const h of [f.header.zh, f.header.en]) if (!fuzzy.has(normaliseHeader(h))) fuzzy.set(normaliseHeader(h), f);
  for (const f of importable)
    for (const s of f.synonyms) if (!fuzzy.has(normaliseHeader(s))) fuzzy.set(normaliseHeader(s), f);
  const owned = new Set<string>();
  for (const f of def.fields)
    if (!isImportable(f)) for (const h of [f.header.zh, f.header.en]) owned.add(normaliseHeader(h));
  const fieldHeaders = new Set(def.fields.flatMap((f) => [normaliseHeader(f.header.zh), normaliseHeader(f.header.en)]));
  const extras = new Map<string, string>();
  for (const h of options.tableHeaders ?? []) {
    const k = normaliseHeader(h);
    if (k && !fieldHeaders.has(k) && !extras.has(k)) extras.set(k, h);
  }

  const take = (col: number, f: FieldDef, kind: "header" | "synonym") => {
    if (mappedKeys.has(f.key)) {
      reasons[col] = "duplicate";
      return;
    }
    targets[col] = f.key;
    how[col] = kind;
    mappedKeys.add(f.key);
  };
  // 2. Exact headers first over all columns, then 3. normalised headers and synonyms.
  for (let c = 0; c < n; c++) {
    if (how[c]) continue;
    const f = exact.get(String(sourceHeaders[c] ?? "").trim());
    if (f) take(c, f, "header");
  }
  for (let c = 0; c < n; c++) {
    if (how[c] || reasons[c]) continue;
    const k = normaliseHeader(sourceHeaders[c]);
    if (!k) {
      reasons[c] = "blank-header";
      continue;
    }
    const f = fuzzy.get(k);
    if (f) {
      take(c, f, "synonym");
      continue;
    }
    // 4. The user's own extra column in the table.
    const extra = extras.get(k);
    if (extra !== undefined) {
      targets[c] = EXTRA_COLUMN + extra;
      how[c] = "extra-column";
      extras.delete(k);
      continue;
    }
    reasons[c] = owned.has(k) ? "not-importable" : "unknown";
  }
  const ignored: ColumnMapping["ignored"] = [];
  for (let c = 0; c < n; c++) {
    if (targets[c] === null)
      ignored.push({ column: c + 1, header: String(sourceHeaders[c] ?? ""), reason: reasons[c] ?? "unknown" });
  }
  return { targets, how, ignored, mappedKeys };
}
