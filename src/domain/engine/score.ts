import type { Lead } from "../model";
import type { Settings } from "../settings/schema";
import { GRADES, indexSettings, type Grade } from "./settingsIndex";

export interface LeadScore {
  budgetPts: number;
  urgencyPts: number;
  accessPts: number;
  sizePts: number;
  score: number;
}

/** Points of each scored field from Settings (a value not in the list, or blank, scores 0), and their sum. */
export function scoreLead(
  lead: Pick<Lead, "budget" | "urgency" | "decisionAccess" | "companySize">,
  settings: Settings,
): LeadScore {
  const p = indexSettings(settings).points;
  const budgetPts = p.budget.get(lead.budget) ?? 0;
  const urgencyPts = p.urgency.get(lead.urgency) ?? 0;
  const accessPts = p.decisionAccess.get(lead.decisionAccess) ?? 0;
  const sizePts = p.companySize.get(lead.companySize) ?? 0;
  return { budgetPts, urgencyPts, accessPts, sizePts, score: budgetPts + urgencyPts + accessPts + sizePts };
}

/** The override when it is one of A/B/C/D (trimmed, any case); else A at or above thresholds.a, B at or above thresholds.b, else C. */
export function gradeOf(score: number, override: string, settings: Settings): Grade {
  const o = override.trim().toUpperCase();
  if (o.length === 1 && (GRADES as readonly string[]).includes(o)) return o as Grade;
  if (score >= settings.gradeThresholds.a) return "A";
  if (score >= settings.gradeThresholds.b) return "B";
  return "C";
}
