import type { Settings } from "../settings/schema";
import { forecastDefaults } from "../settings/defaults";

/** Budget band → midpoint (yuan), from Settings or its defaults; build once per run. */
export function budgetMidpoints(settings: Settings): Map<string, number> {
  return new Map(forecastDefaults(settings).budgetMidpoints.map((b) => [b.budget.trim(), b.midpoint]));
}

/**
 * The amount a lead is worth for the forecast and the pipeline: its deal
 * amount when known (Conversion's amount, a finite number), else the midpoint
 * of its budget band; null when neither is known.
 */
export function leadAmount(
  budget: string,
  dealAmount: number | null | undefined,
  midpoints: ReadonlyMap<string, number>,
): number | null {
  if (dealAmount !== null && dealAmount !== undefined && Number.isFinite(dealAmount)) return dealAmount;
  return midpoints.get(budget.trim()) ?? null;
}
