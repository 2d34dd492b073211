/**
 * The task pane's work views (issue 15 items 1–3): one read of the lead book
 * for the card, the board and the search (the pane keeps it until the
 * workbook changes), and the stage or status change that the card and the
 * board share, written through quick entry as one follow-up row plus the
 * lead's cells.
 */
import { parseDate } from "../domain/parse/dates";
import type { Serial } from "../domain/types";
import { planFollowUp, planLeadChange, type FollowUpInput } from "../domain/workday/leadEdits";
import {
  leadIn,
  workdaySnapshot,
  type LeadTable,
  type TablePlace,
  type WorkdaySnapshot,
} from "../domain/workday/snapshot";
import type { WorkbookPort } from "../workbook/port";
import { asOfSerial, loadContext, nowSerial, readLeadBook } from "./context";
import { logFollowUp, type EntryOptions, type EntryResult, type FieldMessage } from "./quickEntry";

/** Reads the input tables once and prepares the engine's columns for the pane. */
export async function readWorkday(port: WorkbookPort, now: Date = new Date()): Promise<WorkdaySnapshot> {
  const ctx = await loadContext(port);
  const { book, tables } = await readLeadBook(port, ctx);
  const places: Partial<Record<LeadTable, TablePlace>> = {};
  for (const [name, t] of tables)
    if (name !== "ChannelCosts") places[name as LeadTable] = { sheet: t.table.sheet, firstRow: t.firstRow };
  return workdaySnapshot(book, ctx.settings, asOfSerial(ctx.settings, now), places);
}

/** What the seller typed for the follow-up that goes with an action of the card or the board. */
export interface WorkFollowUp {
  method: string;
  counterpart?: string;
  summary?: string;
  intent?: string;
  feedback?: string;
  nextStep?: string;
  /** As typed (e.g. 2024-06-10); blank for none. */
  dueDate?: string;
}

export interface LeadUpdate {
  leadId: string;
  /** The new stage and/or status; neither = log a follow-up only. */
  stage?: string;
  status?: string;
  followUp: WorkFollowUp;
}

function notFound(locale: string, leadId: string): FieldMessage {
  return {
    field: "leadId",
    code: "lead-changed",
    severity: "error",
    message: locale === "zh-CN" ? `找不到线索：${leadId}` : `There is no lead ${leadId}.`,
  };
}

/**
 * Logs a follow-up for a lead of the snapshot and, with a new stage or
 * status, changes the lead's cells in the same write: exactly one follow-up
 * row (the seeds require every change to be recorded). Values are judged by
 * quick entry (Check's rules); nothing is written when they do not pass.
 */
export async function updateLead(
  port: WorkbookPort,
  snapshot: WorkdaySnapshot,
  update: LeadUpdate,
  options: EntryOptions = {},
): Promise<EntryResult> {
  const lead = leadIn(snapshot, update.leadId);
  const locale = snapshot.settings.locale;
  if (!lead) return { ok: false, messages: [notFound(locale, update.leadId)] };
  const at: Serial = nowSerial(options.now ?? new Date());
  const due = update.followUp.dueDate?.trim() ? parseDate(update.followUp.dueDate.trim()) : undefined;
  const input: FollowUpInput = {
    at,
    method: update.followUp.method,
    counterpart: update.followUp.counterpart,
    summary: update.followUp.summary,
    intent: update.followUp.intent,
    feedback: update.followUp.feedback,
    nextStep: update.followUp.nextStep,
    dueDate: due && due.ok ? due.value : null,
  };
  const changing = update.stage !== undefined || update.status !== undefined;
  const plan = changing
    ? planLeadChange(lead, snapshot.settings, { stage: update.stage, status: update.status }, input)
    : planFollowUp(lead, input);
  if (!plan.ok)
    return {
      ok: false,
      messages: plan.messages.map((m) => ({
        field: m.field,
        code: "lead-changed",
        severity: "error",
        message: locale === "zh-CN" ? m.message.zh : m.message.en,
      })),
    };
  const form = { ...plan.followUp };
  // A due date typed but not readable as one goes to quick entry as typed, so Check's message names it.
  if (due && !due.ok) form.dueDate = update.followUp.dueDate ?? null;
  return logFollowUp(port, form, {
    ...options,
    leadCells: plan.leadCells.map((c) => ({ field: c.field, from: c.from, to: c.to })),
  });
}
