import type { Granularity, Period } from "../domain/parse/periods";
import type { InputTableName, L10n, Locale, Serial } from "../domain/types";
import type { Board } from "../domain/workday/board";
import type { LeadCard } from "../domain/workday/leadCard";
import type { SearchResult } from "../domain/workday/search";
import type { BoardFilter } from "../domain/workday/snapshot";
import type { LeadUpdate, WorkFollowUp } from "../operations/workday";

export type { Board, BoardFilter, LeadCard, SearchResult, WorkFollowUp };
import type { Grade } from "../domain/engine/settingsIndex";
import type { SettingsProblem } from "../domain/settings/edit";
import type { Settings } from "../domain/settings/schema";
import type { SettingsPreview } from "../operations/settingsEdit";
import type { WorkbookLists } from "../operations/workbookReads";

/**
 * What the task pane needs from a workbook. Views receive it injected, so the
 * same build runs in Excel (officeService.ts: the operations over the Office.js
 * adapter) and in the browser tests (an in-memory workbook). Nothing in the
 * task pane calls Excel directly.
 *
 * Messages that come from the operations are bilingual (`L10n`): the pane shows
 * them in its current language, which the user may switch at any time.
 */

export interface InstallRequest {
  /** Language of the sheets, headers and option lists. */
  locale: Locale;
}

export interface InstallSummary {
  /** False for a first install, true when templates already existed (an upgrade or a no-op). */
  upgraded: boolean;
  created: L10n[];
  changed: L10n[];
  templateVersion: string;
}

/** What the pane knows about the workbook: whether LeadFlow is installed and its option lists. */
export type { WorkbookLists };

/** Values typed in a form, by field key; blank fields are "" or absent. */
export type EntryValues = Record<string, string>;

export interface FieldProblem {
  /** Field key; "" for a problem of the whole row. */
  field: string;
  message: L10n;
  /** A warning (e.g. a possible duplicate customer) may be accepted; an error (the default) blocks the write. */
  severity?: "error" | "warning";
}

export interface EntryWriteOptions {
  /** Write even though there are warnings (the seller confirmed). Errors always block. */
  acceptWarnings?: boolean;
}

export type EntryOutcome = { ok: true; id: string; row: number } | { ok: false; problems: FieldProblem[] };

export interface CheckProblem {
  table: InputTableName | "Settings";
  /** Sheet name as it is in the workbook. */
  sheet: string;
  /** Worksheet row number. */
  row: number;
  /** Field key. */
  field: string;
  fieldLabel: L10n;
  value: string;
  /** Stable problem code (e.g. `required`, `not-in-list`, `status-mismatch`). */
  code: string;
  /** Short name of the kind of problem, for grouping. */
  kind: L10n;
  /** What is wrong, and how to fix it. */
  message: L10n;
  /** The field's rule, when the message does not already say how to fix it. */
  fix?: L10n;
}

export interface CheckReport {
  problems: CheckProblem[];
  rowsChecked: number;
}

export type ImportSource = { kind: "selection" } | { kind: "csv"; fileName: string; text: string };

export interface ImportField {
  key: string;
  label: L10n;
  required: boolean;
}

export interface ImportPreview {
  target: InputTableName;
  /** "A1:F120 on Sheet1" or the file name. */
  sourceLabel: string;
  headers: string[];
  rowCount: number;
  /** Field key for each source column, or null when it is not imported. Automatic; the user may correct it. */
  mapping: (string | null)[];
  /** Fields of the target table a column can map to. */
  fields: ImportField[];
}

export interface ImportRequest {
  source: ImportSource;
  target: InputTableName;
  mapping: (string | null)[];
  onDuplicate: "skip" | "keep";
}

export interface ImportSummary {
  added: number;
  skipped: number;
  problems: { row: number; field: string; message: L10n }[];
}

export interface RefreshStatus {
  /** Share of the whole refresh done (0..1), when the operation knows it; else derived from the step. */
  fraction?: number;
  step: L10n;
  /** 1-based. */
  stepIndex: number;
  stepCount: number;
  rowsDone: number;
  rowsTotal: number;
}

/** Options of a Refresh beyond its period. */
export interface RefreshRequestOptions {
  /** The periods of the trend review (ReviewTrend): weeks, months or quarters; default months. */
  trend?: Granularity;
}

export interface RefreshSummary {
  period: Period;
  /** When the refresh finished (Excel serial, local time). */
  refreshedAt: Serial;
  /** One line per rebuilt sheet or filled column, with a row count. */
  items: { label: L10n; count: number }[];
  /** What did not work out but did not stop the refresh (e.g. a chart Excel would not draw). */
  warnings?: L10n[];
}

/** What the workbook says about its last Refresh. */
export interface LastRefresh {
  /** When it finished (Excel serial, local time). */
  refreshedAt: Serial;
  /** For which period; null when the workbook does not say (refreshed by an older version). */
  period: Period | null;
}

export interface DueFilter {
  /** Only this owner's leads; null for everyone. */
  owner: string | null;
}

export interface DueItem {
  leadId: string;
  customer: string;
  owner: string;
  grade: string;
  /** Worksheet row of the lead in the Leads sheet. */
  row: number;
  nextDue: Serial | null;
  /** Days past the due date (0 = due today). */
  overdueDays: number;
  dormant: boolean;
}

/** Log a follow-up for a lead and, with a stage or status, change the lead: one follow-up row, one write. */
export type LeadUpdateRequest = LeadUpdate;
/** One option of a scored factor: its current points and the scoring review's suggestion (null: none). */
export interface SuggestedPoints {
  factor: string;
  /** Factor name in the workbook's language. */
  factorLabel: string;
  option: string;
  closed: number;
  winRate: number | null;
  currentPoints: number;
  suggestedPoints: number | null;
}

/** The Settings the pane edits, with the scoring review's suggested points (never applied by themselves). */
export interface SettingsSnapshot {
  settings: Settings;
  /** What reading the Settings sheet fell back on. */
  warnings: L10n[];
  /** Leads in the workbook. */
  leads: number;
  scoring: {
    /** At least `minClosed` closed leads: suggestions are given. */
    enough: boolean;
    closed: number;
    minClosed: number;
    rows: SuggestedPoints[];
    /** The current Settings with the suggested points, when there are suggestions. */
    suggested: Settings | null;
    /** Leads whose grade the suggested points would change. */
    gradeChanges: number | null;
    /** A higher grade that wins less often than a lower one. */
    warnings: { higher: Grade; lower: Grade; higherRate: number; lowerRate: number }[];
  };
}

/** What an edit of Settings would do: the operation's own type (src/operations/settingsEdit.ts). */
export type { SettingsPreview };

/** A checked edit: its preview (and whether it was written), or its problems (nothing written). */
export type SettingsOutcome =
  { ok: true; preview: SettingsPreview; applied: boolean } | { ok: false; problems: SettingsProblem[] };

export interface LeadFlowService {
  install(options: InstallRequest): Promise<InstallSummary>;
  addSample(count: number): Promise<{ added: number }>;
  readLists(): Promise<WorkbookLists>;
  newLead(values: EntryValues, options?: EntryWriteOptions): Promise<EntryOutcome>;
  logFollowUp(values: EntryValues, options?: EntryWriteOptions): Promise<EntryOutcome>;
  /** Lead ID of the row selected in the Leads (or Follow-ups) sheet, or null. */
  selectedLeadId(): Promise<string | null>;
  check(): Promise<CheckReport>;
  /** Select the cell of `field` in worksheet row `row` of `table`. */
  selectCell(table: InputTableName | "Settings", row: number, field: string): Promise<void>;
  previewImport(source: ImportSource, target: InputTableName): Promise<ImportPreview>;
  runImport(request: ImportRequest): Promise<ImportSummary>;
  /** `period`: all time, a year, a quarter, a month or an ISO week. */
  refresh(
    period: Period,
    onProgress: (progress: RefreshStatus) => void,
    options?: RefreshRequestOptions,
  ): Promise<RefreshSummary>;
  /** The last Refresh as recorded in the workbook (when, and for which period), or null when none is. */
  lastRefresh(): Promise<LastRefresh | null>;
  /** The pane view last shown for this workbook (remembered per workbook), or null. */
  lastView(): Promise<string | null>;
  /** Remembers the view shown for this workbook; a failure to remember is not an error of the pane. */
  rememberView(view: string): Promise<void>;
  dueList(filter: DueFilter): Promise<DueItem[]>;
  /** When Refresh last finished (Excel serial), or null. */
  lastRefreshed(): Promise<Serial | null>;
  /** The lead card (issue 15 item 1), or null when there is no such lead. Answered from the book read last. */
  leadCard(leadId: string): Promise<LeadCard | null>;
  /** The pipeline board (issue 15 item 2). */
  board(filter: BoardFilter): Promise<Board>;
  /** Leads matching what the seller typed (issue 15 item 3), best first. */
  searchLeads(query: string, limit?: number): Promise<SearchResult>;
  /** The card's and the board's write: a follow-up row, plus the lead's stage or status when given. */
  updateLead(request: LeadUpdateRequest, options?: EntryWriteOptions): Promise<EntryOutcome>;
  /**
   * Follows the user's selection: `listener` gets the lead of the selected row
   * (Leads, FollowUps or Conversion; null elsewhere) after the selection has
   * settled, once per change of lead. Returns a function that stops following.
   */
  watchSelectedLead(listener: (leadId: string | null) => void): () => void;
  /** The workbook's Settings and the scoring review's suggested points. */
  readSettings(): Promise<SettingsSnapshot>;
  /** Check an edited Settings and say what applying it would change; writes nothing. */
  previewSettings(next: Settings): Promise<SettingsOutcome>;
  /** Check an edited Settings and write the Settings cells that change (nothing when it has a problem). */
  applySettings(next: Settings): Promise<SettingsOutcome>;
  /**
   * Switches on the automatic lead ID and created date for rows people type into Leads (office/leadIdAutoFill.ts),
   * once the workbook has a Leads table. Resolves true when it is on (calling again is harmless).
   * Optional: a workbook without live events (the in-memory test workbook) has nothing to switch on.
   */
  startLeadIdAutoFill?(): Promise<boolean>;
}

/** Raised by a service method the current build cannot perform yet; the pane explains it in plain words. */
export class NotAvailableError extends Error {
  constructor(readonly what: string) {
    super(`Not available: ${what}`);
    this.name = "NotAvailableError";
  }
}
