import { WorkbookError } from "../port";

/**
 * The workbook-level busy marker (issue 11 item 10). The task pane and the
 * ribbon command run in separate runtimes and can both write to one workbook;
 * Excel does not order their operations, it only runs each request whole. So
 * a write operation claims the workbook first with a custom document property
 * (ExcelApi 1.7) holding who claimed it and when; every apply checks it, and
 * the claim is renewed with each apply's last request. A claim older than
 * BUSY_STALE_MS is a crashed or closed run (the ribbon's runtime lives at most
 * 5 minutes) and may be taken over.
 */
export const BUSY_PROPERTY = "LeadFlow.busy";
export const BUSY_STALE_MS = 5 * 60 * 1000;

export interface BusyMarker {
  owner: string;
  /** Epoch milliseconds of the claim or its last renewal. */
  at: number;
}

export function encodeMarker(m: BusyMarker): string {
  return JSON.stringify({ owner: m.owner, at: m.at });
}

/** The marker a property value holds, or undefined for none (absent, released or unreadable). */
export function decodeMarker(value: unknown): BusyMarker | undefined {
  if (typeof value !== "string" || value === "") return undefined;
  try {
    const v = JSON.parse(value) as Partial<BusyMarker>;
    if (typeof v.owner === "string" && typeof v.at === "number" && Number.isFinite(v.at))
      return { owner: v.owner, at: v.at };
  } catch {
    // Not ours to read: treated as no claim.
  }
  return undefined;
}

/** True when someone else holds a claim that is not stale. */
export function heldByOther(
  marker: BusyMarker | undefined,
  me: string | undefined,
  now: number,
  staleMs: number,
): boolean {
  return !!marker && marker.owner !== me && now - marker.at < staleMs;
}

export function busyError(): WorkbookError {
  return new WorkbookError(
    "busy",
    "LeadFlow 正在更新此工作簿（任务窗格或功能区按钮）。请等它完成后再试。/ LeadFlow is already updating this workbook (from the task pane or the ribbon button). Wait for it to finish, then try again.",
  );
}

/** A claim id unique enough to tell two runtimes apart. */
export function newOwnerId(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}
