import { officeErrorCode } from "./errors";

/**
 * Sizes read chunks by response bytes, not only cells: Excel on the web refuses
 * a response over 5 MB. The first request reads a small probe of each table
 * (its row count from the header count); each later chunk is sized from the
 * JSON bytes per row measured so far, with a margin, so that all chunk loads
 * queued in one sync together stay within the byte budget (~4 MB).
 */
export class ChunkReader {
  /** Bytes per row learned per table (largest seen, with margin). */
  private readonly rowBytes = new Map<string, number>();
  private cap = Infinity;
  private firstCells: number;
  constructor(
    private readonly maxCells: number,
    private readonly maxBytes: number,
    firstCells: number,
  ) {
    this.firstCells = Math.max(1, Math.min(firstCells, maxCells));
  }
  /** Rows of the probe chunk of one of `tables` tables `cellsPerRow` wide. */
  firstRows(cellsPerRow: number, tables: number): number {
    return Math.max(1, Math.floor(this.firstCells / Math.max(1, tables) / Math.max(1, cellsPerRow)));
  }
  bytesPerRequest(): number {
    return Math.max(1, Math.min(this.maxBytes, this.cap));
  }
  cellsPerRequest(): number {
    return this.maxCells;
  }
  /** Estimated response bytes of one row; before any measurement, a floor of ~4 bytes per cell (`"",`). */
  bytesPerRow(key: string, cellsPerRow: number): number {
    return Math.max(this.rowBytes.get(key) ?? 0, cellsPerRow * 4);
  }
  /** Rows of the next chunk, given what is left of this request's cell and byte budgets. */
  rowsFor(key: string, cellsPerRow: number, cellsLeft: number, bytesLeft: number): number {
    const byCells = Math.floor(cellsLeft / Math.max(1, cellsPerRow));
    const byBytes = Math.floor(bytesLeft / this.bytesPerRow(key, cellsPerRow));
    return Math.min(byCells, byBytes);
  }
  learn(key: string, rows: number, bytes: number): void {
    // 25% margin: later rows may hold longer texts than the ones measured.
    if (rows > 0 && bytes > 0) this.rowBytes.set(key, Math.max(this.rowBytes.get(key) ?? 0, (bytes / rows) * 1.25));
  }
  /**
   * Excel refused a response as too large (rows far bigger than measured):
   * plan half as much. False when a single row was already alone.
   */
  shrink(e: unknown, probe: boolean, rowsAsked: number, bytesPlanned: number): boolean {
    if (officeErrorCode(e) !== "ResponsePayloadSizeLimitExceeded" || rowsAsked <= 1) return false;
    if (probe) this.firstCells = Math.max(1, Math.floor(this.firstCells / 2));
    else this.cap = Math.max(1, Math.floor(Math.min(bytesPlanned, this.bytesPerRequest()) / 2));
    return true;
  }
}
