/**
 * The pipeline board (issue 15 item 2): one column per Settings stage for the
 * open leads, filtered by owner and grade. Grade, alert, "open" and the date
 * a lead entered its stage come from the engine's prepared columns; the
 * amount of a lead from a rule the caller passes in. A column carries its
 * first cards only and the number of the others, so a board of 50,000 leads
 * stays small enough to render.
 */
import type { Lead, LeadBook } from "../model";
import type { Settings } from "../settings/schema";
import type { Serial } from "../types";
import type { AlertKind } from "../engine/alerts";
import type { Prepared } from "../engine/review";
import { indexSettings, type Grade } from "../engine/settingsIndex";
import { topK } from "./topK";

export interface BoardCard {
  leadId: string;
  /** Worksheet row in Leads. */
  row: number;
  customer: string;
  owner: string;
  grade: Grade;
  /** Days since the lead entered its stage (null when unknown). */
  daysInStage: number | null;
  alert: string;
  alertKind: AlertKind | null;
  /** Days overdue (an overdue alert; null otherwise), so a pane can word the alert in its own language. */
  alertDays: number | null;
  amount: number | null;
}

export interface BoardColumn {
  stage: string;
  /** 0-based position in the Settings stage list. */
  index: number;
  count: number;
  /** Sum of the amounts the rule gives (leads without one count 0); null when no lead has one. */
  amount: number | null;
  cards: BoardCard[];
  /** Leads of the column not in `cards`. */
  more: number;
}

export interface BoardOptions {
  asOf: Serial;
  /** The lead's amount (deal amount, else the budget band's midpoint): injected, null when none. */
  amountOf: (lead: Lead) => number | null;
  /** Only this owner's leads ("" = leads without an owner); all when undefined. */
  owner?: string;
  /** Only these grades; all when undefined or empty. */
  grades?: readonly Grade[];
  /** Cards per column (default 20); a column can ask for more by stage name. */
  cardsPerColumn?: number;
  expanded?: Readonly<Record<string, number>>;
}

export interface Board {
  columns: BoardColumn[];
  /** Open leads (after the filters) whose stage is blank or not in Settings: on no column. */
  unstaged: number;
  /** Owners of open leads, sorted, for the filter ("" when some have none). */
  owners: string[];
}

/**
 * Card order within a column: leads with an alert first (overdue by most
 * days, then stalled, then dormant), then the longest in the stage, then
 * sheet order.
 */
const ALERT_RANK: Record<AlertKind, number> = { overdue: 0, stalled: 1, dormant: 2 };

export function buildBoard(book: LeadBook, settings: Settings, prepared: Prepared, opts: BoardOptions): Board {
  const ix = indexSettings(settings);
  const c = prepared.leadColumns;
  const since = prepared.activity.stageSince;
  const today = Math.floor(opts.asOf);
  const n = ix.stageNames.length;
  const gradeSet = opts.grades && opts.grades.length > 0 ? new Set<Grade>(opts.grades) : null;
  const members: number[][] = Array.from({ length: n }, () => []);
  const amount = new Float64Array(n);
  const hasAmount = new Uint8Array(n);
  const ownerSet = new Set<string>();
  let unstaged = 0;
  const leads = book.leads;
  for (let i = 0; i < leads.length; i++) {
    if (!c.open[i]) continue;
    const lead = leads[i];
    ownerSet.add(lead.owner);
    if (opts.owner !== undefined && lead.owner !== opts.owner) continue;
    if (gradeSet !== null && !gradeSet.has(c.grade[i])) continue;
    const k = ix.stageIndex.get(lead.stage);
    if (k === undefined) {
      unstaged++;
      continue;
    }
    members[k].push(i);
    const a = opts.amountOf(lead);
    if (a !== null && Number.isFinite(a)) {
      amount[k] += a;
      hasAmount[k] = 1;
    }
  }
  const daysOf = (i: number): number | null => {
    const s = since[i];
    return s === null ? null : today - Math.floor(s);
  };
  const rank = (i: number): number => {
    const kind = c.alertKind[i];
    return kind === null ? 3 : ALERT_RANK[kind];
  };
  const before = (a: number, b: number): number => {
    const r = rank(a) - rank(b);
    if (r !== 0) return r;
    if (c.alertKind[a] === "overdue") {
      const d = (c.alertDays[b] ?? 0) - (c.alertDays[a] ?? 0);
      if (d !== 0) return d;
    }
    const da = daysOf(a) ?? -1;
    const db = daysOf(b) ?? -1;
    return db - da || a - b;
  };
  const per = opts.cardsPerColumn ?? 20;
  const columns: BoardColumn[] = ix.stageNames.map((stage, k) => {
    const m = members[k];
    const take = Math.max(0, opts.expanded?.[stage] ?? per);
    const first = topK(m, take, before);
    return {
      stage,
      index: k,
      count: m.length,
      amount: hasAmount[k] ? amount[k] : null,
      cards: first.map((i) => {
        const lead = leads[i];
        return {
          leadId: lead.leadId,
          row: lead.row,
          customer: lead.customer,
          owner: lead.owner,
          grade: c.grade[i],
          daysInStage: daysOf(i),
          alert: c.alert[i],
          alertKind: c.alertKind[i],
          alertDays: c.alertDays[i],
          amount: opts.amountOf(lead),
        };
      }),
      more: m.length - first.length,
    };
  });
  return { columns, unstaged, owners: [...ownerSet].sort() };
}
