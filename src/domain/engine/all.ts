import type { LeadBook } from "../model";
import type { Settings } from "../settings/schema";
import type { Serial } from "../types";
import { indexRowKeys, type LeadActivity, type StageFill } from "./activity";
import type { LeadColumns } from "./alerts";
import type { ConversionColumns } from "./conversion";
import { computeReview, prepare, type Review, type ReviewOptions } from "./review";

/** The Leads copies a Conversion row shows (SPEC §2.3 "filled on refresh"); null when its lead does not exist. */
export interface ConversionSync {
  source: string;
  industry: string;
  owner: string;
  createdAt: Serial | null;
}

export interface ComputeAllResult {
  /** Per lead, parallel to book.leads. */
  leads: LeadColumns[];
  /** Per Conversion row, parallel to book.conversion, computed on the stage dates after the fills. */
  conversion: ConversionColumns[];
  /** Per Conversion row: the copies from Leads (null when the lead ID is not in Leads). */
  conversionSync: (ConversionSync | null)[];
  /** Stage dates per Conversion row after the fills (read-only: rows without fills share the book's arrays). */
  stageAt: readonly (readonly (Serial | null)[])[];
  /** Per lead, parallel to book.leads (leads sharing an ID share the first one's). */
  activity: LeadActivity[];
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
  const leadOfKey = new Int32Array(rk.keyCount).fill(-1);
  let firstBlankLead = -1;
  for (let i = 0; i < book.leads.length; i++) {
    const k = rk.leadKey[i];
    if (k < 0) {
      if (firstBlankLead < 0) firstBlankLead = i;
    } else if (leadOfKey[k] < 0) leadOfKey[k] = i;
  }
  const conversionSync: (ConversionSync | null)[] = new Array(book.conversion.length);
  let needsSync = false;
  for (let i = 0; i < book.conversion.length; i++) {
    const k = rk.convKey[i];
    const li = k >= 0 ? leadOfKey[k] : firstBlankLead;
    if (li < 0) {
      conversionSync[i] = null;
      continue;
    }
    const lead = book.leads[li];
    const c = book.conversion[i];
    conversionSync[i] = { source: lead.source, industry: lead.industry, owner: lead.owner, createdAt: lead.createdAt };
    if (c.createdAt !== lead.createdAt) needsSync = true;
  }
  // Only rebuild the conversion list when a copy differs (the common case after a first Refresh is "no change").
  const synced: LeadBook = needsSync
    ? {
        ...book,
        conversion: book.conversion.map((c, i) => {
          const s = conversionSync[i];
          return s ? { ...c, source: s.source, industry: s.industry, owner: s.owner, createdAt: s.createdAt } : c;
        }),
      }
    : book;
  const p = prepare(synced, settings, opts.asOf, rk);
  const review = computeReview(synced, settings, opts, p);
  return {
    leads: p.leadColumns,
    conversion: p.conversionColumns,
    conversionSync,
    stageAt: p.stageAt,
    activity: p.activity,
    stageFills: p.fills,
    review,
  };
}
