import { ACTION_OVERHEAD_BYTES } from "./cells";

/**
 * One operation's round trips: counts `context.sync` calls (fixed ones and
 * those caused only by chunking) and the estimated payload of each request,
 * so a request never exceeds the budget (docs/ARCHITECTURE.md §4: < 4 MB; Excel on the web
 * rejects 5 MB).
 */
export interface OfficeOperationStats {
  operation: string;
  /** Every context.sync of the operation. */
  syncs: number;
  /** Syncs that exist only because the payload was split (0 for small workbooks). */
  chunkSyncs: number;
  /** Largest estimated request payload, in bytes. */
  largestRequestBytes: number;
  /** Plan steps the host could not do (e.g. column groups below ExcelApi 1.10). */
  skipped: string[];
}

export class SyncSession {
  syncs = 0;
  chunkSyncs = 0;
  largest = 0;
  pending = 0;
  readonly skipped: string[] = [];
  /** Called after every successful sync (e.g. to re-queue per-request settings). */
  onNewRequest?: () => void;

  constructor(
    readonly ctx: Excel.RequestContext,
    readonly operation: string,
    readonly budget: number,
  ) {}

  /** Counts the estimated size of something just queued. */
  add(bytes: number): void {
    this.pending += bytes + ACTION_OVERHEAD_BYTES;
  }

  /** Syncs first when `bytes` more would push the current request over the budget. */
  async reserve(bytes: number): Promise<void> {
    if (this.pending > 0 && this.pending + bytes + ACTION_OVERHEAD_BYTES > this.budget) await this.sync(true);
    this.add(bytes);
  }

  async sync(chunk = false): Promise<void> {
    this.largest = Math.max(this.largest, this.pending);
    this.syncs++;
    if (chunk) this.chunkSyncs++;
    await this.ctx.sync();
    this.pending = 0;
    this.onNewRequest?.();
  }

  stats(): OfficeOperationStats {
    return {
      operation: this.operation,
      syncs: this.syncs,
      chunkSyncs: this.chunkSyncs,
      largestRequestBytes: this.largest,
      skipped: [...this.skipped],
    };
  }
}
