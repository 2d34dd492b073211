import { z } from "zod";
import { LIST_KEYS } from "../fields/lists";

/** One option of a Settings list: its label, and where the list needs them, points, a role, a day limit. */
export const optionSchema = z.object({
  value: z.string().min(1),
  /** Score points (scored lists only). */
  points: z.number().finite().optional(),
  /** Meaning for the engine (status, result, feedback lists). */
  role: z.string().optional(),
  /** Stage time limit in days (stage list only); a lead longer than this in the stage is "stalled". */
  limitDays: z.number().int().positive().optional(),
});
export type Option = z.infer<typeof optionSchema>;

const listsShape = Object.fromEntries(LIST_KEYS.map((k) => [k, z.array(optionSchema)])) as {
  [K in (typeof LIST_KEYS)[number]]: z.ZodArray<typeof optionSchema>;
};

/** A channel grade band (two measures in different bands: the lower counts): both measures must reach the band; boundaries belong to the higher band. */
export const channelBandSchema = z.object({
  grade: z.string().min(1),
  /** Minimum conversion rate, as a fraction (0.15 = 15 %). */
  minRate: z.number().min(0),
  /** Minimum ROI, as a fraction (3 = 300 %). */
  minRoi: z.number(),
});
export type ChannelBand = z.infer<typeof channelBandSchema>;

/** Forecast fallback: the chance of winning from a stage, by stage name. */
export const stageProbabilitySchema = z.object({
  stage: z.string().min(1),
  /** 0..1. */
  probability: z.number().min(0).max(1),
});
export type StageProbability = z.infer<typeof stageProbabilitySchema>;

/** Forecast amount of a lead without a deal amount: the midpoint of its budget band, by band name. */
export const budgetMidpointSchema = z.object({
  budget: z.string().min(1),
  midpoint: z.number().finite().min(0),
});
export type BudgetMidpoint = z.infer<typeof budgetMidpointSchema>;

export const settingsSchema = z.object({
  locale: z.enum(["zh-CN", "en-US"]),
  lists: z.object(listsShape),
  /** Score thresholds: grade A at or above `a`, B at or above `b`, else C. */
  gradeThresholds: z.object({ a: z.number(), b: z.number() }),
  /** Follow-up cadence in days by grade. */
  cadenceDays: z.object({ A: z.number().min(0), B: z.number().min(0), C: z.number().min(0), D: z.number().min(0) }),
  /** Days without a follow-up after which an open lead is dormant. */
  dormantDays: z.number().int().positive(),
  /** Follow-ups in a row without response after which an open lead is dormant. */
  noReplyLimit: z.number().int().positive(),
  /** Channel grade bands, best first; a channel reaching none gets `fallbackGrade`. */
  channelBands: z.array(channelBandSchema),
  fallbackGrade: z.string().min(1),
  /** Report as-of date (serial); null means "today". */
  asOf: z.number().nullable(),
  /** Manager-only switch: hide contact details (phone) on review sheets. */
  hideContacts: z.boolean(),
  /**
   * Per-stage win probabilities for the forecast. Optional until the Settings
   * sheet carries the list: absent means the defaults by stage position
   * (settings/defaults.ts forecastDefaults).
   */
  stageProbabilities: z.array(stageProbabilitySchema).optional(),
  /** Budget-band midpoints for the forecast; absent means the defaults by band position. */
  budgetMidpoints: z.array(budgetMidpointSchema).optional(),
});
export type Settings = z.infer<typeof settingsSchema>;
