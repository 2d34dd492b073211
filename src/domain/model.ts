import type { Serial } from "./types";

/**
 * Parsed rows of the input tables, as the engine sees them. `row` is the
 * worksheet row number (1-based, header row excluded from data) so every
 * result and problem can point at a cell. Text is trimmed; blank is "".
 * Dates are serials (see types.ts); an unparseable date or number is null
 * here and reported by Check.
 */
export interface Lead {
  row: number;
  leadId: string;
  customer: string;
  contact: string;
  phone: string;
  industry: string;
  companySize: string;
  needType: string;
  needDesc: string;
  budget: string;
  urgency: string;
  decisionAccess: string;
  expectedClose: Serial | null;
  source: string;
  sourceDetail: string;
  competitor: string;
  status: string;
  stage: string;
  owner: string;
  createdAt: Serial | null;
  gradeOverride: string;
}

export interface FollowUp {
  row: number;
  leadId: string;
  at: Serial | null;
  method: string;
  counterpart: string;
  summary: string;
  intent: string;
  feedback: string;
  objection: string;
  stage: string;
  nextStep: string;
  dueDate: Serial | null;
  by: string;
}

export interface ConversionRow {
  row: number;
  leadId: string;
  /** Copies from Leads (filled on refresh). */
  source: string;
  industry: string;
  owner: string;
  createdAt: Serial | null;
  /** Entry date of stage k at index k − 1; length = number of stages. */
  stageAt: (Serial | null)[];
  result: string;
  closedAt: Serial | null;
  amount: number | null;
  lossReason: string;
  keyMoment: string;
  notes: string;
}

export interface ChannelCost {
  row: number;
  channel: string;
  /** `YYYY-MM` or `YYYY-Qn` as typed (trimmed). */
  period: string;
  cost: number | null;
}

/** Everything the engine reads. */
export interface LeadBook {
  leads: Lead[];
  followUps: FollowUp[];
  conversion: ConversionRow[];
  channelCosts: ChannelCost[];
}

/** Period filter of the review (all time, a year, a quarter, a month). */
export type PeriodFilter =
  | { kind: "all" }
  | { kind: "year"; year: number }
  | { kind: "quarter"; year: number; quarter: 1 | 2 | 3 | 4 }
  | { kind: "month"; year: number; month: number };
