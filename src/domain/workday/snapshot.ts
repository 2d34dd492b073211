/**
 * One read of the lead book, kept for the task pane's work views (issue 15
 * items 1–3): the engine's prepared columns, the pipeline amount of each lead
 * and, on first use, the search index. The pane builds it once per change of
 * the workbook and answers every card, board and search from it; nothing here
 * reads or writes a workbook.
 */
import { budgetMidpoints, leadAmount } from "../engine/leadAmount";
import { prepare, type Prepared } from "../engine/review";
import type { Grade } from "../engine/settingsIndex";
import type { Lead, LeadBook } from "../model";
import type { Settings } from "../settings/schema";
import type { Serial } from "../types";
import { buildBoard, type Board } from "./board";
import { findLead, leadCard, type LeadCard } from "./leadCard";
import { buildSearchIndex, searchLeads, type SearchIndex, type SearchResult } from "./search";

/** The tables a selected row can point at a lead from, with where they are. */
export type LeadTable = "Leads" | "FollowUps" | "Conversion";

export interface TablePlace {
  sheet: string;
  /** Worksheet row of the first data row. */
  firstRow: number;
}

export interface WorkdaySnapshot {
  book: LeadBook;
  settings: Settings;
  asOf: Serial;
  prepared: Prepared;
  places: Partial<Record<LeadTable, TablePlace>>;
  /** The lead's pipeline amount (deal amount, else its budget band's midpoint), by position in book.leads. */
  amountOf: (lead: Lead) => number | null;
  /** Built on the first search, then kept with the snapshot. */
  searchIndex: () => SearchIndex;
}

export function workdaySnapshot(
  book: LeadBook,
  settings: Settings,
  asOf: Serial,
  places: Partial<Record<LeadTable, TablePlace>> = {},
): WorkdaySnapshot {
  const prepared = prepare(book, settings, asOf);
  const midpoints = budgetMidpoints(settings);
  const position = new Map<Lead, number>();
  book.leads.forEach((lead, i) => position.set(lead, i));
  const amountOf = (lead: Lead): number | null => {
    const i = position.get(lead);
    const ci = i === undefined ? -1 : prepared.convOfLead[i];
    return leadAmount(lead.budget, ci >= 0 ? book.conversion[ci].amount : null, midpoints);
  };
  let index: SearchIndex | undefined;
  return {
    book,
    settings,
    asOf,
    prepared,
    places,
    amountOf,
    searchIndex: () => (index ??= buildSearchIndex(book.leads, { hideContacts: settings.hideContacts })),
  };
}

export function cardIn(s: WorkdaySnapshot, leadId: string): LeadCard | null {
  return leadCard(s.book, s.settings, s.prepared, leadId, s.asOf);
}

export interface BoardFilter {
  /** Only this owner's leads ("" = leads without an owner); all when undefined. */
  owner?: string;
  grades?: readonly Grade[];
  /** Cards per column (default 20). */
  cardsPerColumn?: number;
  /** Stage → cards to show in that column (after "more"). */
  expanded?: Readonly<Record<string, number>>;
}

export function boardIn(s: WorkdaySnapshot, filter: BoardFilter = {}): Board {
  return buildBoard(s.book, s.settings, s.prepared, { asOf: s.asOf, amountOf: s.amountOf, ...filter });
}

export function searchIn(s: WorkdaySnapshot, query: string, limit = 20): SearchResult {
  return searchLeads(s.searchIndex(), query, limit);
}

/** The lead a worksheet row points at: a row of Leads, FollowUps or Conversion on `sheet`; null otherwise. */
export function leadIdAtRow(s: WorkdaySnapshot, sheet: string, row: number): string | null {
  const rows: Record<LeadTable, readonly { row: number; leadId: string }[]> = {
    Leads: s.book.leads,
    FollowUps: s.book.followUps,
    Conversion: s.book.conversion,
  };
  for (const table of ["Leads", "FollowUps", "Conversion"] as const) {
    const place = s.places[table];
    if (!place || place.sheet !== sheet || row < place.firstRow) continue;
    const list = rows[table];
    // Parsed rows keep their worksheet row; blank rows may be left out, so look the row up.
    const guess = list[row - place.firstRow];
    const hit = guess?.row === row ? guess : list.find((r) => r.row === row);
    const id = hit?.leadId.trim() ?? "";
    if (id !== "" && findLead(s.book, id) >= 0) return id;
    return null;
  }
  return null;
}

/** The lead with this ID (the first, as the card shows), or null. */
export function leadIn(s: WorkdaySnapshot, leadId: string): Lead | null {
  const i = findLead(s.book, leadId);
  return i < 0 ? null : s.book.leads[i];
}
