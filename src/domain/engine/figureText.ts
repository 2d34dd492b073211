/** Numbers as the review's plain-language sentences write them (same in both languages). */

/** 0.3 → "30%", 0.125 → "12.5%": one decimal at most, no trailing ".0". */
export function percentText(rate: number): string {
  const tenths = Math.round(rate * 1000);
  return `${tenths % 10 === 0 ? String(tenths / 10) : (tenths / 10).toFixed(1)}%`;
}

/** Days rounded to whole days. */
export function daysText(days: number): string {
  return String(Math.round(days));
}

/** An amount with thousands separators, no decimals: 1234567.4 → "1,234,567". */
export function amountText(amount: number): string {
  const r = Math.round(amount);
  const s = String(Math.abs(r)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return r < 0 ? `-${s}` : s;
}
