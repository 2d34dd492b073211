/**
 * A zip entry written piece by piece: byte text goes into a fixed buffer that
 * is deflated whenever it fills, so a 250 MB worksheet never exists in one
 * piece, neither as a string nor as bytes. Each filled buffer is compressed
 * on its own and ends with a sync flush (an empty stored block, no final
 * bit); the last one finishes the stream. Raw deflate streams joined that way
 * form one valid stream (RFC 1951 §3.2.3: blocks are read until BFINAL).
 */
import { constants, crc32 as zlibCrc32, deflateRawSync } from "node:zlib";
import { crc32 as jsCrc32, type ZipEntry } from "./zip";

const CHUNK = 16 * 1024 * 1024;

/** CRC-32 continued over `data` (zlib's native one where Node has it). */
function crcOf(data: Uint8Array, crc: number): number {
  if (typeof zlibCrc32 === "function") return zlibCrc32(data, crc);
  if (crc !== 0) throw new Error("incremental CRC needs zlib.crc32");
  return jsCrc32(data);
}

export class EntryWriter {
  private buf: Buffer;
  private at = 0;
  private readonly parts: Buffer[] = [];
  private crc = 0;
  private size = 0;
  private readonly chunk: number;

  constructor(
    private readonly name: string,
    chunk = CHUNK,
  ) {
    // Without zlib.crc32 the CRC cannot be continued: one buffer for all, as before.
    this.chunk = typeof zlibCrc32 === "function" ? chunk : 0x7fffffff;
    this.buf = Buffer.allocUnsafe(Math.min(this.chunk, CHUNK));
  }

  /** Append byte text (one char per byte, see byteText.ts). */
  write(...pieces: string[]): void {
    for (const s of pieces) {
      let i = 0;
      while (i < s.length) {
        if (this.at === this.buf.length) this.grow();
        const n = Math.min(s.length - i, this.buf.length - this.at);
        this.buf.write(i === 0 && n === s.length ? s : s.slice(i, i + n), this.at, n, "latin1");
        this.at += n;
        i += n;
      }
    }
  }

  private grow(): void {
    if (this.at >= this.chunk) return this.flush(false);
    // Only without zlib.crc32: keep everything in one (growing) buffer.
    const bigger = Buffer.allocUnsafe(this.buf.length * 2);
    this.buf.copy(bigger, 0, 0, this.at);
    this.buf = bigger;
  }

  private flush(final: boolean): void {
    const data = this.buf.subarray(0, this.at);
    this.crc = crcOf(data, this.crc);
    this.size += this.at;
    this.parts.push(
      deflateRawSync(data, {
        level: this.size > 4_000_000 ? 3 : 6,
        finishFlush: final ? constants.Z_FINISH : constants.Z_SYNC_FLUSH,
      }),
    );
    this.at = 0;
  }

  end(): ZipEntry {
    this.flush(true);
    const raw = Buffer.concat(this.parts);
    return { name: this.name, method: 8, crc: this.crc >>> 0, compressedSize: raw.length, size: this.size, raw };
  }
}
