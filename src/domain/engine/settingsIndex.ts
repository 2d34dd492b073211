import type { Settings } from "../settings/schema";
import type { ScoredList } from "../fields/lists";

export type Grade = "A" | "B" | "C" | "D";
export const GRADES: readonly Grade[] = ["A", "B", "C", "D"];

/**
 * Settings turned into lookup maps once, so the per-row engine code does a
 * map lookup instead of scanning lists. Cached per Settings object: Settings
 * are treated as immutable once read.
 */
export interface SettingsIndex {
  points: Record<ScoredList, Map<string, number>>;
  statusRole: Map<string, string>;
  resultRole: Map<string, string>;
  feedbackRole: Map<string, string>;
  stageIndex: Map<string, number>;
  stageNames: string[];
  /** Stage time limit by stage index (undefined = no limit). */
  stageLimit: (number | undefined)[];
}

const cache = new WeakMap<Settings, SettingsIndex>();

function valueMap(options: { value: string; points?: number; role?: string }[], pick: "points" | "role"): Map<string, any> {
  const m = new Map<string, any>();
  for (const o of options) {
    const v = o[pick];
    if (v !== undefined && !m.has(o.value.trim())) m.set(o.value.trim(), v);
  }
  return m;
}

export function indexSettings(settings: Settings): SettingsIndex {
  let ix = cache.get(settings);
  if (ix) return ix;
  const stages = settings.lists.stage;
  const stageIndex = new Map<string, number>();
  for (let i = 0; i < stages.length; i++) if (!stageIndex.has(stages[i].value.trim())) stageIndex.set(stages[i].value.trim(), i);
  ix = {
    points: {
      budget: valueMap(settings.lists.budget, "points"),
      urgency: valueMap(settings.lists.urgency, "points"),
      decisionAccess: valueMap(settings.lists.decisionAccess, "points"),
      companySize: valueMap(settings.lists.companySize, "points"),
    },
    statusRole: valueMap(settings.lists.status, "role"),
    resultRole: valueMap(settings.lists.result, "role"),
    feedbackRole: valueMap(settings.lists.feedback, "role"),
    stageIndex,
    stageNames: stages.map((s) => s.value),
    stageLimit: stages.map((s) => s.limitDays),
  };
  cache.set(settings, ix);
  return ix;
}

/** True for a lead that is still being worked: its status role is not won, lost or invalid (blank or unknown counts as open). */
export function isOpenStatus(ix: SettingsIndex, status: string): boolean {
  const role = ix.statusRole.get(status);
  return role !== "won" && role !== "lost" && role !== "invalid";
}
