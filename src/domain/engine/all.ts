import type { LeadBook } from "../model";
import type { Settings } from "../settings/schema";
import type { Serial } from "../types";
import type { LeadActivity, StageFill } from "./activity";
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
  /** Stage dates per Conversion row after the fills. */
  stageAt: (Serial | null)[][];
  activity: Map<string, LeadActivity>;
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
  const firstLead = new Map<string, number>();
  for (let i = 0; i < book.leads.length; i++)
    if (!firstLead.has(book.leads[i].leadId)) firstLead.set(book.leads[i].leadId, i);
  const conversionSync: (ConversionSync | null)[] = new Array(book.conversion.length);
  let needsSync = false;
  for (let i = 0; i < book.conversion.length; i++) {
    const li = firstLead.get(book.conversion[i].leadId);
    if (li === undefined) {
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
  const p = prepare(synced, settings, opts.asOf);
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
