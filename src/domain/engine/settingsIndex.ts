import type { Settings } from "../settings/schema";
import type { OptionRole, ScoredList } from "../fields/lists";
import type { Locale } from "../types";
import { tr } from "../types";
import { ROLE_LABELS } from "../formulas/names";

export type Grade = "A" | "B" | "C" | "D";
export const GRADES: readonly Grade[] = ["A", "B", "C", "D"];

/**
 * Settings turned into lookup maps once, so the per-row engine code does a
 * map lookup instead of scanning lists. Cached per Settings object; a list
 * replaced or resized rebuilds the index, but an option edited in place
 * (its points or role changed on the same object) does not: treat Settings
 * as immutable once read, as Refresh does.
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
  /** The workbook's language (role labels of the helper columns). */
  locale: Locale;
}

interface Cached {
  index: SettingsIndex;
  /** The list arrays and their lengths when the index was built: a replaced or resized list rebuilds it. */
  lists: Settings["lists"][IndexedList][];
  lengths: number[];
}
type IndexedList = (typeof INDEXED_LISTS)[number];
const INDEXED_LISTS = [
  "budget",
  "urgency",
  "decisionAccess",
  "companySize",
  "status",
  "result",
  "feedback",
  "stage",
] as const;

const cache = new WeakMap<Settings, Cached>();

/** Allocation-free check (this runs once per row through the public per-row functions). */
function stillValid(hit: Cached, settings: Settings): boolean {
  if (hit.index.locale !== settings.locale) return false;
  for (let i = 0; i < INDEXED_LISTS.length; i++) {
    const list = settings.lists[INDEXED_LISTS[i]];
    if (list !== hit.lists[i] || list.length !== hit.lengths[i]) return false;
  }
  return true;
}

function pointsMap(options: readonly { value: string; points?: number }[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const o of options) if (o.points !== undefined && !m.has(o.value.trim())) m.set(o.value.trim(), o.points);
  return m;
}

function roleMap(options: readonly { value: string; role?: string }[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const o of options) if (o.role !== undefined && !m.has(o.value.trim())) m.set(o.value.trim(), o.role);
  return m;
}

export function indexSettings(settings: Settings): SettingsIndex {
  const hit = cache.get(settings);
  if (hit && stillValid(hit, settings)) return hit.index;
  const stages = settings.lists.stage;
  const stageIndex = new Map<string, number>();
  for (let i = 0; i < stages.length; i++)
    if (!stageIndex.has(stages[i].value.trim())) stageIndex.set(stages[i].value.trim(), i);
  const ix: SettingsIndex = {
    points: {
      budget: pointsMap(settings.lists.budget),
      urgency: pointsMap(settings.lists.urgency),
      decisionAccess: pointsMap(settings.lists.decisionAccess),
      companySize: pointsMap(settings.lists.companySize),
    },
    statusRole: roleMap(settings.lists.status),
    resultRole: roleMap(settings.lists.result),
    feedbackRole: roleMap(settings.lists.feedback),
    stageIndex,
    stageNames: stages.map((s) => s.value),
    stageLimit: stages.map((s) => s.limitDays),
    locale: settings.locale,
  };
  const lists = INDEXED_LISTS.map((k) => settings.lists[k]);
  cache.set(settings, { index: ix, lists, lengths: lists.map((l) => l.length) });
  return ix;
}

/** True for a lead that is still being worked: its status role is not won, lost or invalid (blank or unknown counts as open). */
export function isOpenStatus(ix: SettingsIndex, status: string): boolean {
  const role = ix.statusRole.get(status);
  return role !== "won" && role !== "lost" && role !== "invalid";
}

/** A role as the Role column of Settings shows it (the label in `locale` for a known role), "" for none: what the helper formulas read. */
export function roleText(role: string | undefined, locale: Locale): string {
  if (role === undefined) return "";
  return role in ROLE_LABELS ? tr(ROLE_LABELS[role as OptionRole], locale) : role;
}
