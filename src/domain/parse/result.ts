import type { L10n } from "../types";

/**
 * What every tolerant parser returns: a value, or a precise reason in both
 * languages. `code` is stable (Check groups by it), `reason` is the English
 * detail (e.g. "month 13 out of range"), `message` is for people.
 */
export type Parsed<T> = { ok: true; value: T } | { ok: false; code: string; reason: string; message: L10n };

export function ok<T>(value: T): Parsed<T> {
  return { ok: true, value };
}

export function fail<T = never>(code: string, zh: string, en: string): Parsed<T> {
  return { ok: false, code, reason: en, message: { zh, en } };
}

/** Full-width ASCII (U+FF01–U+FF5E) to half-width, ideographic space to space. No regex: this runs per cell. */
export function toHalfWidth(s: string): string {
  let out = "";
  let changed = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xff01 && c <= 0xff5e) {
      out += String.fromCharCode(c - 0xfee0);
      changed = true;
    } else if (c === 0x3000 || c === 0xa0) {
      out += " ";
      changed = true;
    } else {
      out += s[i];
    }
  }
  return changed ? out : s;
}
