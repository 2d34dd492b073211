/**
 * Worksheet XML is held as "byte text": a string with one character per byte
 * of the part's UTF-8, as latin1 decoding gives it. Decoded to UTF-16 instead,
 * a sheet of Chinese text takes two bytes per character, about twice its size
 * on disk (the Leads sheet of a 50,000-lead workbook: some 450 MB of memory);
 * as byte text it takes one byte per byte, and decoding it is a copy.
 *
 * XML markup is ASCII, so scanning and splicing work on byte text unchanged.
 * Only cell text crosses the boundary: `fromByteText` when a value is read,
 * `toByteText` when a cell is written.
 */
import { Buffer } from "node:buffer";

export function bytesToByteText(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
}

export function byteTextToBytes(text: string): Uint8Array {
  return Buffer.from(text, "latin1");
}

/**
 * Text of a byte-text slice, UTF-8 decoded into a fresh string. Fresh matters:
 * a slice would keep the whole sheet text alive, and the engine reads flat
 * strings markedly faster than slices (row parsing took twice as long on them).
 */
export function fromByteText(s: string): string {
  return Buffer.from(s, "latin1").toString("utf8");
}

/** Byte text of a string to splice into byte text (ASCII comes back as it is). */
export function toByteText(s: string): string {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x80) return Buffer.from(s, "utf8").toString("latin1");
  return s;
}

/** Bytes of byte-text pieces, written straight into one buffer (no joined string of the whole sheet). */
export function byteTextPartsToBytes(parts: string[]): Uint8Array {
  let total = 0;
  for (const p of parts) total += p.length;
  const out = Buffer.allocUnsafe(total);
  let at = 0;
  for (const p of parts) at += out.write(p, at, "latin1");
  return out;
}
