/** The option lists of Settings. Keys are stable; labels live in settings/defaults. */
export const LIST_KEYS = [
  "industry",
  "companySize",
  "needType",
  "budget",
  "urgency",
  "decisionAccess",
  "source",
  "status",
  "stage",
  "method",
  "intent",
  "feedback",
  "result",
  "lossReason",
  "team",
  "grade",
] as const;
export type ListKey = (typeof LIST_KEYS)[number];

/** Lists whose options carry points for the lead score (the score is the sum of their points). */
export const SCORED_LISTS = ["budget", "urgency", "decisionAccess", "companySize"] as const;
export type ScoredList = (typeof SCORED_LISTS)[number];

/**
 * Roles give options a meaning the engine relies on, whatever the admin calls
 * them: a status "won" or "invalid", a result "won", a feedback "noReply".
 */
export type StatusRole = "new" | "open" | "won" | "lost" | "dormant" | "invalid";
export type ResultRole = "won" | "lost" | "open";
export type FeedbackRole = "objection" | "changed" | "noReply" | "none" | "other";
export type OptionRole = StatusRole | ResultRole | FeedbackRole;

/** Lists that have a role column in Settings. */
export const ROLE_LISTS = ["status", "result", "feedback"] as const;
export type RoleList = (typeof ROLE_LISTS)[number];
