import type { FieldDef } from "../fields/definitions";
import type { ListKey } from "../fields/lists";
import { parseAmount } from "../parse/amounts";
import { parseDate } from "../parse/dates";
import { parsePhone } from "../parse/phones";
import { normaliseText } from "../parse/text";
import { DEFAULT_LISTS } from "../settings/defaults";
import type { Settings } from "../settings/schema";
import type { CellValue, Locale } from "../types";
import type { Scalar } from "../plan/changes";
import { normaliseHeader } from "./mapping";

/**
 * Turn a source cell into what the table should hold, tolerantly: dates become
 * serials, amounts numbers, phones their canonical text (kept as text, never a
 * number), list values the Settings option they denote. A value that cannot be
 * read is kept as typed (trimmed text) — nothing is dropped — and Check / the
 * import report then point at it.
 */
export class ValueConverter {
  private readonly options = new Map<ListKey, Map<string, string>>();

  constructor(
    private readonly settings: Settings,
    private readonly locale: Locale,
  ) {
    for (const key of Object.keys(settings.lists) as ListKey[]) {
      const byNorm = new Map<string, string>();
      const current = settings.lists[key].map((o) => o.value.trim());
      for (const v of current) byNorm.set(normaliseHeader(v), v);
      // The other locale's default wording of an option maps to this workbook's option at the same place,
      // when that option is still there (an English CRM export into a Chinese workbook, and back).
      const defaults = DEFAULT_LISTS[key] ?? [];
      for (const d of defaults) {
        const mine = locale === "zh-CN" ? d.label.zh : d.label.en;
        const other = locale === "zh-CN" ? d.label.en : d.label.zh;
        if (current.includes(mine) && !byNorm.has(normaliseHeader(other))) byNorm.set(normaliseHeader(other), mine);
      }
      this.options.set(key, byNorm);
    }
  }

  convert(field: FieldDef, raw: CellValue): Scalar {
    if (raw === null || raw === undefined) return null;
    const text = normaliseText(raw);
    if (typeof raw === "string" && text === "") return null;
    switch (field.type) {
      case "phone": {
        const p = parsePhone(raw);
        return p.ok && p.value ? p.value.normalized : text;
      }
      case "date":
      case "dateTime":
      case "month": {
        const d = parseDate(raw, { allowMonth: field.type === "month" });
        return d.ok ? d.value : text;
      }
      case "amount":
      case "number":
      case "integer": {
        const a = parseAmount(raw);
        return a.ok ? a.value : text;
      }
      case "list": {
        const byNorm = this.options.get(field.list!);
        return byNorm?.get(normaliseHeader(text)) ?? text;
      }
      default:
        return text;
    }
  }
}
