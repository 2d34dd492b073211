import type { Lead, LeadBook } from "../model";
import type { Settings } from "../settings/schema";
import type { Serial } from "../types";
import { indexRowKeys, type ActivityColumns, type StageFill } from "./activity";
import type { LeadColumnTable } from "./alerts";
import type { ConversionColumnTable } from "./conversion";
import { computeReview, prepare, type Review, type ReviewOptions } from "./review";

export interface ComputeAllResult {
  /** Per lead, parallel to book.leads. */
  leads: LeadColumnTable;
  /** Per Conversion row, parallel to book.conversion, computed on the stage dates after the fills. */
  conversion: ConversionColumnTable;
  /**
   * Per Conversion row: the position in book.leads of the lead whose source,
   * industry, owner and created date the row shows ("filled on
   * refresh"); −1 when its lead ID is not in Leads. See conversionSource.
   */
  conversionLead: Int32Array;
  /** Stage dates per Conversion row after the fills (read-only: rows without fills share the book's arrays). */
  stageAt: readonly (readonly (Serial | null)[])[];
  /** Per lead, by column (leads sharing an ID share the first one's values); activityOf(…, i) gives one lead's. */
  activity: ActivityColumns;
  stageFills: StageFill[];
  review: Review;
}

/**
 * The single entry point Refresh calls: every number it writes, in one linear
 * pass over the rows (follow-ups are indexed by lead once). The Conversion
 * copies of Leads fields are synced BEFORE the cycle is computed, so the
 * cycle uses the created date Refresh is about to write.
 */
export function computeAll(book: LeadBook, settings: Settings, opts: ReviewOptions): ComputeAllResult {
  // The lead keys are built once here and reused by prepare (syncing never changes a lead ID or a row's position).
  const rk = indexRowKeys(book, settings);
  const conversionLead = new Int32Array(book.conversion.length);
  let needsSync = false;
  for (let i = 0; i < book.conversion.length; i++) {
    const k = rk.convKey[i];
    const li = k >= 0 ? rk.leadOfKey[k] : rk.firstBlankLead;
    conversionLead[i] = li;
    if (li >= 0 && book.conversion[i].createdAt !== book.leads[li].createdAt) needsSync = true;
  }
  // Only rebuild the conversion list when a copy differs (the common case after a first Refresh is "no change").
  const synced: LeadBook = needsSync
    ? {
        ...book,
        conversion: book.conversion.map((c, i) => {
          const li = conversionLead[i];
          if (li < 0) return c;
          const lead = book.leads[li];
          return { ...c, source: lead.source, industry: lead.industry, owner: lead.owner, createdAt: lead.createdAt };
        }),
      }
    : book;
  const p = prepare(synced, settings, opts.asOf, rk);
  const review = computeReview(synced, settings, opts, p);
  return {
    leads: p.leadColumns,
    conversion: p.conversionColumns,
    conversionLead,
    stageAt: p.stageAt,
    activity: p.activity,
    stageFills: p.fills,
    review,
  };
}

/** The lead whose fields Conversion row `i` copies (null when its lead ID is not in Leads). */
export function conversionSource(book: LeadBook, result: ComputeAllResult, i: number): Lead | null {
  const li = result.conversionLead[i];
  return li >= 0 ? book.leads[li] : null;
}
