/**
 * What the lead card and the board write (issue 15 items 1–2), planned
 * purely: the follow-up row to append, by FollowUps field key, and the lead
 * cells that change. The seeds require every change to be recorded, so a
 * stage or status change always comes with its follow-up row.
 *
 * The follow-up values are the form quick entry takes (operations/quickEntry:
 * validateFollowUp / logFollowUp convert, check with Check's rules and build
 * the row); this module does not judge or build rows itself. It only refuses
 * what quick entry cannot see: a lead change to a stage or status that is not
 * in Settings, or a change that changes nothing.
 */
import type { Lead } from "../model";
import type { Settings } from "../settings/schema";
import type { Serial } from "../types";

/** A follow-up as the quick-entry form sends it: FollowUps field key → value. */
export type FollowUpForm = Record<string, string | number | null>;

export interface FollowUpInput {
  /** Date and time of the contact (serial). */
  at: Serial;
  method: string;
  /** Defaults to the lead's owner. */
  by?: string;
  counterpart?: string;
  summary?: string;
  intent?: string;
  feedback?: string;
  objection?: string;
  nextStep?: string;
  dueDate?: Serial | null;
  /** Defaults to the lead's current stage. */
  stage?: string;
}

export interface LeadCellChange {
  field: "stage" | "status";
  /** Worksheet row in Leads. */
  row: number;
  from: string;
  to: string;
}

export interface PlanMessage {
  field: string;
  code: "unknown-stage" | "unknown-status" | "no-change";
  message: { zh: string; en: string };
}

export type WritePlan =
  { ok: true; followUp: FollowUpForm; leadCells: LeadCellChange[] } | { ok: false; messages: PlanMessage[] };

function formOf(lead: Lead, input: FollowUpInput, stage: string): FollowUpForm {
  return {
    leadId: lead.leadId,
    at: input.at,
    method: input.method,
    counterpart: input.counterpart ?? "",
    summary: input.summary ?? "",
    intent: input.intent ?? "",
    feedback: input.feedback ?? "",
    objection: input.objection ?? "",
    stage,
    nextStep: input.nextStep ?? "",
    dueDate: input.dueDate ?? null,
    by: input.by ?? lead.owner,
  };
}

/** Log a follow-up for a lead (prefilled with its ID, current stage and owner); no lead cell changes. */
export function planFollowUp(lead: Lead, input: FollowUpInput): WritePlan {
  return { ok: true, followUp: formOf(lead, input, input.stage ?? lead.stage), leadCells: [] };
}

/** The summary a change writes when the seller typed none, in the workbook's language. */
export function changeSummary(
  lead: Pick<Lead, "stage" | "status">,
  to: { stage?: string; status?: string },
  settings: Settings,
): string {
  const zh = settings.locale === "zh-CN";
  const parts: string[] = [];
  if (to.stage !== undefined && to.stage !== lead.stage)
    parts.push(zh ? `阶段：${lead.stage || "—"} → ${to.stage}` : `Stage: ${lead.stage || "—"} → ${to.stage}`);
  if (to.status !== undefined && to.status !== lead.status)
    parts.push(zh ? `状态：${lead.status || "—"} → ${to.status}` : `Status: ${lead.status || "—"} → ${to.status}`);
  return parts.join(zh ? "；" : "; ");
}

/**
 * Change a lead's stage and/or status: the lead cells that change, and the
 * follow-up that records it (at the new stage; the summary says what changed
 * unless the seller wrote one).
 */
export function planLeadChange(
  lead: Lead,
  settings: Settings,
  to: { stage?: string; status?: string },
  input: FollowUpInput,
): WritePlan {
  const messages: PlanMessage[] = [];
  const stage = to.stage?.trim();
  const status = to.status?.trim();
  if (stage !== undefined && !settings.lists.stage.some((o) => o.value.trim() === stage))
    messages.push({
      field: "stage",
      code: "unknown-stage",
      message: { zh: `阶段不在设置的列表中：${stage}`, en: `stage is not in the Settings list: ${stage}` },
    });
  if (status !== undefined && !settings.lists.status.some((o) => o.value.trim() === status))
    messages.push({
      field: "status",
      code: "unknown-status",
      message: { zh: `状态不在设置的列表中：${status}`, en: `status is not in the Settings list: ${status}` },
    });
  if (messages.length > 0) return { ok: false, messages };
  const leadCells: LeadCellChange[] = [];
  if (stage !== undefined && stage !== lead.stage)
    leadCells.push({ field: "stage", row: lead.row, from: lead.stage, to: stage });
  if (status !== undefined && status !== lead.status)
    leadCells.push({ field: "status", row: lead.row, from: lead.status, to: status });
  if (leadCells.length === 0)
    return {
      ok: false,
      messages: [
        {
          field: stage !== undefined ? "stage" : "status",
          code: "no-change",
          message: {
            zh: "没有变化：阶段和状态与现在相同。",
            en: "Nothing changes: the stage and status are as they are.",
          },
        },
      ],
    };
  const summary = input.summary?.trim() ? input.summary : changeSummary(lead, { stage, status }, settings);
  return {
    ok: true,
    followUp: formOf(lead, { ...input, summary }, stage ?? input.stage ?? lead.stage),
    leadCells,
  };
}
