import type { CellValue } from "../types";
import { fail, ok, toHalfWidth, type Parsed } from "./result";

// Optional currency sign, the number (plain, grouped by thousands, or scientific), an optional
// Chinese magnitude, an optional currency word. Grouping is checked separately so that a
// misplaced comma gets its own reason instead of a generic "not a number".
const AMOUNT =
  /^(?:¥|￥|RMB|CNY)?\s*([+-]?)\s*(\d[\d,]*(?:\.\d+)?(?:[eE][+-]?\d+)?|\.\d+)\s*(万|亿|千|百万|千万)?\s*(?:元|块|RMB|CNY|人民币)?$/i;
const GROUPED = /^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;

const MAGNITUDE: Record<string, number> = { 千: 1e3, 万: 1e4, 百万: 1e6, 千万: 1e7, 亿: 1e8 };

/** Amounts keep cents at most; rounding here also removes float noise from 1.2亿 = 1.2 × 1e8. */
function roundCents(n: number): number {
  return Math.round(n * 100) / 100;
}

/**
 * Read a money amount tolerantly: `450000`, `450,000`, `45万`, `4.5万`, `1.2亿`,
 * `¥450000`, `￥450,000.50`, `4.5e5`, `450000元`. Numbers pass through as they are.
 * Blank gives null; a negative or unreadable amount gives a precise reason.
 */
export function parseAmount(v: CellValue): Parsed<number | null> {
  if (v === null || v === undefined) return ok(null);
  if (typeof v === "number") {
    if (!Number.isFinite(v)) return fail("amount-invalid", "不是有效的数字", "not a finite number");
    if (v < 0) return fail("amount-negative", `金额不能为负数（${v}）`, `amount cannot be negative (${v})`);
    return ok(v);
  }
  if (typeof v === "boolean") return fail("amount-invalid", "逻辑值不是金额", "a TRUE/FALSE value is not an amount");
  if (v instanceof Date) return fail("amount-invalid", "日期不是金额", "a date is not an amount");
  const s = toHalfWidth(String(v)).trim().replace(/\s+/g, " ");
  if (s === "") return ok(null);
  const m = AMOUNT.exec(s);
  if (!m)
    return fail(
      "amount-format",
      `无法识别的金额“${s}”，请填写数字，例如 450000 或 45万`,
      `unrecognised amount "${s}" (write a number such as 450000 or 45万)`,
    );
  const [, sign, body, unit] = m;
  if (body.includes(",")) {
    if (!GROUPED.test(body))
      return fail("amount-grouping", `“${s}”中的千分位逗号位置不对`, `misplaced thousands separator in "${s}"`);
  }
  const n = Number(body.replace(/,/g, ""));
  if (!Number.isFinite(n)) return fail("amount-invalid", `金额“${s}”过大`, `amount "${s}" is too large`);
  const value = unit ? roundCents(n * MAGNITUDE[unit]) : n;
  if (sign === "-" && value !== 0)
    return fail("amount-negative", `金额不能为负数（${s}）`, `amount cannot be negative (${s})`);
  return ok(value);
}
