import { tableDefs, SHEET_NAMES, type FieldDef, type TableDef } from "../../../src/domain/fields/definitions";
import type { ListKey } from "../../../src/domain/fields/lists";
import type { Period } from "../../../src/domain/parse/periods";
import { defaultSettings } from "../../../src/domain/settings/defaults";
import type { InputTableName, L10n, Locale, Serial } from "../../../src/domain/types";
import type {
  CheckProblem,
  CheckReport,
  DueFilter,
  DueItem,
  EntryWriteOptions,
  EntryOutcome,
  EntryValues,
  FieldProblem,
  ImportPreview,
  ImportSummary,
  ImportRequest,
  ImportSource,
  InstallRequest,
  InstallSummary,
  LastRefresh,
  LeadFlowService,
  RefreshStatus,
  RefreshSummary,
  WorkbookLists,
} from "../../../src/service/service";
import { parseCsv, sniffDelimiter } from "../../../src/domain/import/csv";
import { bookFromTables, type RawTable } from "../../../src/domain/rows";
import { planFollowUp, planLeadChange } from "../../../src/domain/workday/leadEdits";
import {
  boardIn,
  cardIn,
  leadIn,
  searchIn,
  workdaySnapshot,
  type BoardFilter,
  type WorkdaySnapshot,
} from "../../../src/domain/workday/snapshot";
import { parseDate } from "../../../src/domain/parse/dates";
import type { Board, LeadCard, LeadUpdateRequest, SearchResult } from "../../../src/service/service";
import {
  computeScoringReview,
  countGradeChanges,
  MIN_CLOSED,
  suggestedSettings,
} from "../../../src/domain/engine/scoring";
import type { Lead, LeadBook } from "../../../src/domain/model";
import { normalizeSettings, removedOptionsInUse, settingsProblems } from "../../../src/domain/settings/edit";
import type { Settings } from "../../../src/domain/settings/schema";
import type { SettingsOutcome, SettingsSnapshot } from "../../../src/service/service";

/**
 * An in-memory workbook behind the LeadFlowService interface, for the browser
 * tests of the task pane. It keeps rows as plain records and records every
 * write and cell selection so a test can assert what reached the "workbook".
 * Its rules are a small, independent restatement of the Leads field rules (required,
 * list membership, phone shape) — enough to drive the views.
 */

type Row = Record<string, string>;

export interface MemoryTable {
  rows: Row[];
}

export interface MemoryState {
  installed: boolean;
  locale: Locale;
  templateVersion: string;
  tables: Record<InputTableName, MemoryTable>;
  /** Every write the service made, in order (table + worksheet row). */
  writes: { table: InputTableName; row: number }[];
  /** Every lead cell the pane changed (stage / status), in order. */
  leadCellWrites: { row: number; field: string; value: string }[];
  /** How many times the pane's lead book was built (once per change of the workbook). */
  bookReads: number;
  /** Every cell the pane asked to select. */
  selections: { table: InputTableName; row: number; field: string }[];
  /** The Lead ID in the row the user "selected" in Excel. */
  selectedLeadId: string | null;
  /** Values of the range the user "selected" in Excel, for Import. */
  selectedRange: string[][];
  lastRefreshed: Serial | null;
  /** Settings' "hide contact details". */
  hideContacts?: boolean;
  /** The period of the last refresh, recorded with its time. */
  lastRefreshedPeriod: Period | null;
  /** The pane view remembered for this workbook. */
  lastView: string | null;
  /** Settings as the Settings view last applied them (null: the defaults with the team below). */
  settings?: Settings | null;
  /** Every Settings apply that wrote. */
  settingsWrites?: number;
  /** Milliseconds each refresh step takes, so progress is visible. */
  stepDelayMs: number;
  today: Serial;
}

const STAGE_COUNT = 5;
const TEMPLATE_VERSION = "1.0.0";
const TEAM: Record<Locale, string[]> = {
  "zh-CN": ["王芳", "李明", "张伟"],
  "en-US": ["Mary Lee", "Tom Chen", "John Smith"],
};

const KIND: Record<string, L10n> = {
  "duplicate-customer": { zh: "可能重复的客户", en: "Possible duplicate customer" },
  required: { zh: "必填项为空", en: "Required value missing" },
  "not-in-list": { zh: "不在下拉列表中", en: "Not in the list" },
  phone: { zh: "电话格式不对", en: "Invalid phone number" },
  "too-short": { zh: "内容太短", en: "Too short" },
  "unknown-lead": { zh: "线索编号不存在", en: "Unknown Lead ID" },
  month: { zh: "月份格式不对", en: "Invalid month" },
};

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

export function serialOf(date: Date): Serial {
  return Math.floor(
    (Date.UTC(date.getFullYear(), date.getMonth(), date.getDate()) - Date.UTC(1899, 11, 30)) / 86_400_000,
  );
}

function dayStamp(serial: Serial): string {
  const d = new Date(Date.UTC(1899, 11, 30) + serial * 86_400_000);
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}`;
}

const delay = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function emptyState(today: Serial): MemoryState {
  return {
    installed: false,
    locale: "zh-CN",
    templateVersion: TEMPLATE_VERSION,
    tables: { Leads: { rows: [] }, FollowUps: { rows: [] }, Conversion: { rows: [] }, ChannelCosts: { rows: [] } },
    writes: [],
    leadCellWrites: [],
    bookReads: 0,
    selections: [],
    selectedLeadId: null,
    selectedRange: [],
    lastRefreshed: null,
    lastRefreshedPeriod: null,
    lastView: null,
    stepDelayMs: 150,
    today,
  };
}

export class MemoryWorkbookService implements LeadFlowService {
  private readonly defs: Record<InputTableName, TableDef> = tableDefs(STAGE_COUNT);

  constructor(readonly state: MemoryState) {}

  private settings(): Settings {
    if (this.state.settings) return this.state.settings;
    const settings = defaultSettings(this.state.locale);
    settings.lists.team = TEAM[this.state.locale].map((value) => ({ value }));
    return settings;
  }

  private lists(): Partial<Record<ListKey, string[]>> {
    const settings = this.settings();
    const lists: Partial<Record<ListKey, string[]>> = {};
    for (const key of Object.keys(settings.lists) as ListKey[]) {
      lists[key] = settings.lists[key].map((o) => o.value);
    }
    return lists;
  }

  /** The planted leads as the engine reads them (no conversion rows: nothing is closed here). */
  private book(): LeadBook {
    const leads: Lead[] = this.state.tables.Leads.rows.map((r, i) => ({
      row: i + 2,
      leadId: r.leadId ?? "",
      customer: r.customer ?? "",
      contact: r.contact ?? "",
      phone: r.phone ?? "",
      industry: r.industry ?? "",
      companySize: r.companySize ?? "",
      needType: r.needType ?? "",
      needDesc: r.needDesc ?? "",
      budget: r.budget ?? "",
      urgency: r.urgency ?? "",
      decisionAccess: r.decisionAccess ?? "",
      expectedClose: null,
      source: r.source ?? "",
      sourceDetail: "",
      competitor: "",
      status: r.status ?? "",
      stage: r.stage ?? "",
      owner: r.owner ?? "",
      createdAt: r.createdAt ? Number(r.createdAt) : null,
      gradeOverride: r.gradeOverride ?? "",
    }));
    return { leads, followUps: [], conversion: [], channelCosts: [] };
  }

  private sheetName(table: InputTableName): string {
    const names: Record<InputTableName, L10n> = {
      Leads: SHEET_NAMES.leads,
      FollowUps: SHEET_NAMES.followUps,
      Conversion: SHEET_NAMES.conversion,
      ChannelCosts: SHEET_NAMES.channelCosts,
    };
    return this.state.locale === "zh-CN" ? names[table].zh : names[table].en;
  }

  private nextLeadId(): string {
    const stamp = dayStamp(this.state.today);
    const prefix = this.state.locale === "zh-CN" ? `线索-${stamp}-` : `L-${stamp}-`;
    const used = this.state.tables.Leads.rows.filter((r) => r.leadId?.startsWith(prefix)).length;
    return `${prefix}${pad(used + 1, 3)}`;
  }

  private requireInstalled(): void {
    if (!this.state.installed) {
      throw Object.assign(new Error("The table 'Leads' was not found."), { code: "ItemNotFound" });
    }
  }

  async install(options: InstallRequest): Promise<InstallSummary> {
    await delay(50);
    if (this.state.installed) {
      return { upgraded: true, created: [], changed: [], templateVersion: TEMPLATE_VERSION };
    }
    this.state.installed = true;
    this.state.locale = options.locale;
    const created: L10n[] = (["leads", "followUps", "conversion", "channelCosts", "settings", "guide"] as const).map(
      (k) => ({ zh: `工作表“${SHEET_NAMES[k].zh}”`, en: `Sheet "${SHEET_NAMES[k].en}"` }),
    );
    return { upgraded: false, created, changed: [], templateVersion: TEMPLATE_VERSION };
  }

  async addSample(count: number): Promise<{ added: number }> {
    this.requireInstalled();
    const lists = this.lists();
    for (let i = 0; i < count; i++) {
      const pick = (key: ListKey) => lists[key]![i % lists[key]!.length];
      this.appendLead({
        customer: `${this.state.locale === "zh-CN" ? "示例公司" : "Sample Co."} ${i + 1}`,
        contact: this.state.locale === "zh-CN" ? "张先生" : "Mr Zhang",
        phone: `138${pad(10000000 + i, 8)}`,
        industry: pick("industry"),
        companySize: pick("companySize"),
        needType: pick("needType"),
        needDesc: "—",
        budget: pick("budget"),
        urgency: pick("urgency"),
        decisionAccess: pick("decisionAccess"),
        source: pick("source"),
        status: pick("status"),
        stage: pick("stage"),
        owner: pick("team"),
      });
    }
    return { added: count };
  }

  async readLists(): Promise<WorkbookLists> {
    await delay(10);
    return {
      installed: this.state.installed,
      locale: this.state.installed ? this.state.locale : null,
      templateVersion: this.state.installed ? TEMPLATE_VERSION : null,
      stageCount: STAGE_COUNT,
      lists: this.state.installed ? this.lists() : {},
      nextLeadId: this.state.installed ? this.nextLeadId() : null,
    };
  }

  /** Problems of one row, by the Leads and FollowUps rules this fake knows. */
  validate(table: InputTableName, values: Row): (FieldProblem & { code: string })[] {
    const lists = this.lists();
    const problems: (FieldProblem & { code: string })[] = [];
    const leadIds = new Set(this.state.tables.Leads.rows.map((r) => r.leadId));
    for (const field of this.defs[table].fields) {
      if (field.kind !== "input") continue;
      const value = (values[field.key] ?? "").trim();
      const name = field.header;
      if (!value) {
        if (field.required) {
          problems.push({
            field: field.key,
            code: "required",
            message: { zh: `请填写“${name.zh}”。`, en: `${name.en} is required.` },
          });
        }
        continue;
      }
      if (field.type === "list" && field.list) {
        const options = lists[field.list] ?? [];
        if (options.length > 0 && !options.includes(value)) {
          problems.push({
            field: field.key,
            code: "not-in-list",
            message: {
              zh: `“${value}”不在“${name.zh}”的下拉列表中。`,
              en: `"${value}" is not an option of ${name.en}.`,
            },
          });
        }
      }
      if (field.type === "phone" && !isPhone(value)) {
        problems.push({
          field: field.key,
          code: "phone",
          message: {
            zh: "电话号码格式不对：手机号为11位且以1开头，座机需带区号，国际号码以+开头。",
            en: "Not a phone number: a mobile has 11 digits starting with 1, a landline needs its area code, international starts with +.",
          },
        });
      }
      if (
        table === "Leads" &&
        field.key === "customer" &&
        this.state.tables.Leads.rows.some((r) => r !== values && r.customer === value)
      ) {
        problems.push({
          field: field.key,
          code: "duplicate-customer",
          severity: "warning",
          message: {
            zh: `客户“${value}”已有线索，可能重复。`,
            en: `There is already a lead for "${value}"; possibly a duplicate.`,
          },
        });
      }
      if (table === "Leads" && field.key === "customer" && value.length < 2) {
        problems.push({
          field: field.key,
          code: "too-short",
          message: { zh: "客户名称至少2个字。", en: "The customer name needs at least 2 characters." },
        });
      }
      if (field.type === "month" && !/^\d{4}-\d{2}$/.test(value)) {
        problems.push({
          field: field.key,
          code: "month",
          message: { zh: "请按 YYYY-MM 填写月份。", en: "Write the month as YYYY-MM." },
        });
      }
      if (table === "FollowUps" && field.key === "leadId" && !leadIds.has(value)) {
        problems.push({
          field: field.key,
          code: "unknown-lead",
          message: { zh: `线索编号“${value}”在线索信息表中不存在。`, en: `There is no lead "${value}" in Leads.` },
        });
      }
    }
    return problems;
  }

  /** Appends a lead as quick entry or import would (ID and created date filled); returns its worksheet row. */
  appendLead(values: Row): { id: string; row: number } {
    const id = values.leadId || this.nextLeadId();
    const rows = this.state.tables.Leads.rows;
    rows.push({ ...values, leadId: id, createdAt: String(this.state.today) });
    const row = rows.length + 1;
    this.state.writes.push({ table: "Leads", row });
    return { id, row };
  }

  async newLead(values: EntryValues, options: EntryWriteOptions = {}): Promise<EntryOutcome> {
    this.requireInstalled();
    await delay(20);
    const problems = this.validate("Leads", values);
    const blocking = problems.filter((p) => p.severity !== "warning" || !options.acceptWarnings);
    if (blocking.length > 0) {
      return { ok: false, problems: problems.map(({ field, message, severity }) => ({ field, message, severity })) };
    }
    return { ok: true, ...this.appendLead(values) };
  }

  async logFollowUp(values: EntryValues): Promise<EntryOutcome> {
    this.requireInstalled();
    await delay(20);
    const problems = this.validate("FollowUps", values);
    if (problems.length > 0) return { ok: false, problems: problems.map(({ field, message }) => ({ field, message })) };
    const rows = this.state.tables.FollowUps.rows;
    rows.push({ ...values });
    const row = rows.length + 1;
    this.state.writes.push({ table: "FollowUps", row });
    return { ok: true, id: values.leadId, row };
  }

  async selectedLeadId(): Promise<string | null> {
    return this.state.selectedLeadId;
  }

  async check(): Promise<CheckReport> {
    this.requireInstalled();
    await delay(50);
    const problems: CheckProblem[] = [];
    let rowsChecked = 0;
    for (const table of ["Leads", "FollowUps"] as const) {
      this.state.tables[table].rows.forEach((values, i) => {
        rowsChecked++;
        for (const p of this.validate(table, values)) {
          const field = this.defs[table].fields.find((f) => f.key === p.field) as FieldDef;
          problems.push({
            table,
            sheet: this.sheetName(table),
            row: i + 2,
            field: p.field,
            fieldLabel: field.header,
            value: values[p.field] ?? "",
            code: p.code,
            kind: KIND[p.code],
            message: p.message,
            fix: field.rule,
          });
        }
      });
    }
    return { problems, rowsChecked };
  }

  async selectCell(table: InputTableName, row: number, field: string): Promise<void> {
    this.state.selections.push({ table, row, field });
  }

  private sourceRows(source: ImportSource): { label: string; rows: string[][] } {
    if (source.kind === "selection") {
      const n = this.state.selectedRange.length;
      return {
        label: `A1:${String.fromCharCode(64 + (this.state.selectedRange[0]?.length ?? 1))}${n} (Sheet1)`,
        rows: this.state.selectedRange,
      };
    }
    return {
      label: source.fileName,
      rows: parseCsv(source.text.replace(/^\uFEFF/, ""), sniffDelimiter(source.text)).map((r) => r.fields),
    };
  }

  async previewImport(source: ImportSource, target: InputTableName): Promise<ImportPreview> {
    this.requireInstalled();
    const { label, rows } = this.sourceRows(source);
    if (rows.length === 0) throw Object.assign(new Error("The selected range is empty."), { code: "InvalidArgument" });
    const fields = this.defs[target].fields.filter((f) => f.kind === "input");
    const headers = rows[0];
    const used = new Set<string>();
    const mapping = headers.map((h) => {
      const norm = normalise(h);
      const match = fields.find(
        (f) => !used.has(f.key) && [f.header.zh, f.header.en, ...f.synonyms].some((name) => normalise(name) === norm),
      );
      if (match) used.add(match.key);
      return match ? match.key : null;
    });
    return {
      target,
      sourceLabel: label,
      headers,
      rowCount: rows.length - 1,
      mapping,
      fields: fields.map((f) => ({ key: f.key, label: f.header, required: f.required })),
    };
  }

  async runImport(request: ImportRequest): Promise<ImportSummary> {
    this.requireInstalled();
    const { rows } = this.sourceRows(request.source);
    const report: ImportSummary = { added: 0, skipped: 0, problems: [] };
    rows.slice(1).forEach((cells, i) => {
      const values: Row = {};
      request.mapping.forEach((key, c) => {
        if (key) values[key] = (cells[c] ?? "").trim();
      });
      const problems = this.validate(request.target, values);
      if (problems.length > 0) {
        report.skipped++;
        for (const p of problems) report.problems.push({ row: i + 2, field: p.field, message: p.message });
        return;
      }
      if (request.target === "Leads") this.appendLead(values);
      else {
        this.state.tables[request.target].rows.push(values);
        this.state.writes.push({ table: request.target, row: this.state.tables[request.target].rows.length + 1 });
      }
      report.added++;
    });
    return report;
  }

  async refresh(period: Period, onProgress: (p: RefreshStatus) => void): Promise<RefreshSummary> {
    this.requireInstalled();
    const leads = this.state.tables.Leads.rows.length;
    const steps: { step: L10n; rows: number }[] = [
      { step: { zh: "读取表格", en: "Reading the tables" }, rows: leads + this.state.tables.FollowUps.rows.length },
      { step: { zh: "补填最近跟进和阶段日期", en: "Filling last follow-ups and stage dates" }, rows: leads },
      { step: { zh: "重建渠道效果", en: "Rebuilding the channel review" }, rows: 7 },
      { step: { zh: "重建阶段漏斗", en: "Rebuilding the funnel" }, rows: STAGE_COUNT },
      { step: { zh: "重建转化拆分", en: "Rebuilding the breakdowns" }, rows: 4 },
      { step: { zh: "重建销售效果评估", en: "Rebuilding the sales review" }, rows: 8 },
      { step: { zh: "重建待跟进", en: "Rebuilding the due list" }, rows: leads },
    ];
    for (let i = 0; i < steps.length; i++) {
      const total = steps[i].rows;
      onProgress({ step: steps[i].step, stepIndex: i + 1, stepCount: steps.length, rowsDone: 0, rowsTotal: total });
      await delay(this.state.stepDelayMs / 2);
      onProgress({ step: steps[i].step, stepIndex: i + 1, stepCount: steps.length, rowsDone: total, rowsTotal: total });
      await delay(this.state.stepDelayMs / 2);
    }
    this.state.lastRefreshed = this.state.today + 0.4375; // 10:30
    this.state.lastRefreshedPeriod = period;
    return {
      period,
      refreshedAt: this.state.lastRefreshed,
      items: [
        { label: { zh: SHEET_NAMES.reviewChannels.zh, en: SHEET_NAMES.reviewChannels.en }, count: 7 },
        { label: { zh: SHEET_NAMES.reviewFunnel.zh, en: SHEET_NAMES.reviewFunnel.en }, count: STAGE_COUNT },
        { label: { zh: SHEET_NAMES.reviewBreakdown.zh, en: SHEET_NAMES.reviewBreakdown.en }, count: 4 },
        { label: { zh: SHEET_NAMES.reviewSales.zh, en: SHEET_NAMES.reviewSales.en }, count: 8 },
        { label: { zh: SHEET_NAMES.reviewDue.zh, en: SHEET_NAMES.reviewDue.en }, count: leads },
      ],
    };
  }

  async lastRefresh(): Promise<LastRefresh | null> {
    const at = this.state.lastRefreshed;
    return at === null ? null : { refreshedAt: at, period: this.state.lastRefreshedPeriod };
  }

  async lastView(): Promise<string | null> {
    return this.state.lastView;
  }

  async rememberView(view: string): Promise<void> {
    this.state.lastView = view;
  }

  async dueList(filter: DueFilter): Promise<DueItem[]> {
    this.requireInstalled();
    const items: DueItem[] = [];
    this.state.tables.Leads.rows.forEach((r, i) => {
      const nextDue = r.nextDue ? Number(r.nextDue) : null;
      if (nextDue === null || nextDue > this.state.today) return;
      if (filter.owner && r.owner !== filter.owner) return;
      items.push({
        leadId: r.leadId,
        customer: r.customer,
        owner: r.owner,
        grade: r.grade || "C",
        row: i + 2,
        nextDue,
        overdueDays: this.state.today - nextDue,
        dormant: r.dormant === "1",
      });
    });
    return items.sort((a, b) => b.overdueDays - a.overdueDays || a.grade.localeCompare(b.grade));
  }

  async lastRefreshed(): Promise<Serial | null> {
    return this.state.lastRefreshed;
  }

  // ------------------------------------------------------------------ work views (issue 15)
  // The card, board and search are the real pure models over these rows, so the pane shows
  // what the engine computes; this fake only stands in for reading and writing the workbook.

  private snap: { key: string; snapshot: WorkdaySnapshot } | undefined;

  /** The lead book from the rows, rebuilt only after a write or a change of Settings (as the Office service does). */
  private snapshot(): WorkdaySnapshot {
    this.requireInstalled();
    const key = `${this.state.writes.length}|${this.state.hideContacts ?? false}|${this.state.settingsWrites ?? 0}`;
    if (this.snap && this.snap.key === key) return this.snap.snapshot;
    this.state.bookReads++;
    const raw: Partial<Record<InputTableName, RawTable>> = {};
    for (const table of ["Leads", "FollowUps", "Conversion"] as const) {
      const fields = this.defs[table].fields;
      raw[table] = {
        headers: fields.map((f) => f.header.zh),
        firstRow: 2,
        values: this.state.tables[table].rows.map((r) =>
          fields.map((f) => {
            const v = r[f.key] ?? "";
            if (v === "") return null;
            if (f.type !== "date" && f.type !== "dateTime") return v;
            // Dates are kept as serials or as typed ("2024-05-03 14:00"); Excel would hold a serial.
            if (/^\d+(\.\d+)?$/.test(v)) return Number(v);
            const d = parseDate(v);
            return d.ok && d.value !== null ? d.value : v;
          }),
        ),
      };
    }
    const base = this.settings();
    const settings = { ...base, hideContacts: this.state.hideContacts ?? base.hideContacts };
    const snapshot = workdaySnapshot(bookFromTables(raw, STAGE_COUNT), settings, this.state.today, {
      Leads: { sheet: this.sheetName("Leads"), firstRow: 2 },
      FollowUps: { sheet: this.sheetName("FollowUps"), firstRow: 2 },
      Conversion: { sheet: this.sheetName("Conversion"), firstRow: 2 },
    });
    this.snap = { key, snapshot };
    return snapshot;
  }

  async leadCard(leadId: string): Promise<LeadCard | null> {
    await delay(10);
    return cardIn(this.snapshot(), leadId);
  }

  async board(filter: BoardFilter): Promise<Board> {
    await delay(10);
    return boardIn(this.snapshot(), filter);
  }

  async searchLeads(query: string, limit?: number): Promise<SearchResult> {
    return searchIn(this.snapshot(), query, limit);
  }

  async updateLead(request: LeadUpdateRequest): Promise<EntryOutcome> {
    await delay(20);
    const snap = this.snapshot();
    const lead = leadIn(snap, request.leadId);
    if (!lead) return { ok: false, problems: [{ field: "leadId", message: KIND["unknown-lead"] }] };
    const due = request.followUp.dueDate?.trim() ? parseDate(request.followUp.dueDate.trim()) : undefined;
    const input = {
      ...request.followUp,
      at: this.state.today + 0.5,
      dueDate: due && due.ok ? due.value : null,
    };
    const changing = request.stage !== undefined || request.status !== undefined;
    const plan = changing
      ? planLeadChange(lead, snap.settings, { stage: request.stage, status: request.status }, input)
      : planFollowUp(lead, input);
    if (!plan.ok) return { ok: false, problems: plan.messages.map((m) => ({ field: m.field, message: m.message })) };
    const row: Row = {};
    for (const [k, v] of Object.entries(plan.followUp)) row[k] = v === null ? "" : String(v);
    if (due && !due.ok) row.dueDate = request.followUp.dueDate ?? "";
    const problems = this.validate("FollowUps", row);
    if (problems.length > 0) return { ok: false, problems: problems.map(({ field, message }) => ({ field, message })) };
    const leadRow = this.state.tables.Leads.rows[lead.row - 2];
    for (const c of plan.leadCells) {
      leadRow[c.field] = c.to;
      this.state.leadCellWrites.push({ row: lead.row, field: c.field, value: c.to });
    }
    const rows = this.state.tables.FollowUps.rows;
    rows.push(row);
    this.state.writes.push({ table: "FollowUps", row: rows.length + 1 });
    if (plan.leadCells.length > 0) this.state.writes.push({ table: "Leads", row: lead.row });
    return { ok: true, id: lead.leadId, row: rows.length + 1 };
  }

  private selectionListeners = new Set<(leadId: string | null) => void>();
  private selectionTimer: ReturnType<typeof setTimeout> | undefined;

  /** The user selects a row of this lead in the grid (null: a cell outside the lead tables). */
  userSelects(leadId: string | null): void {
    this.state.selectedLeadId = leadId;
    if (this.selectionTimer !== undefined) clearTimeout(this.selectionTimer);
    this.selectionTimer = setTimeout(() => {
      for (const l of this.selectionListeners) l(this.state.selectedLeadId);
    }, 250);
  }

  watchSelectedLead(listener: (leadId: string | null) => void): () => void {
    let last: string | null | undefined;
    const deliver = (id: string | null) => {
      if (id === last) return;
      last = id;
      listener(id);
    };
    this.selectionListeners.add(deliver);
    setTimeout(() => deliver(this.state.selectedLeadId), 0);
    return () => {
      this.selectionListeners.delete(deliver);
    };
  }
  async readSettings(): Promise<SettingsSnapshot> {
    this.requireInstalled();
    await delay(20);
    const settings = this.settings();
    const book = this.book();
    const review = computeScoringReview(book, settings, { asOf: this.state.today });
    const suggested = review.enough ? suggestedSettings(settings, review) : null;
    return {
      settings: structuredClone(settings),
      warnings: [],
      leads: book.leads.length,
      scoring: {
        enough: review.enough,
        closed: review.closed,
        minClosed: MIN_CLOSED,
        rows: review.options.map((o) => ({
          factor: o.factor,
          factorLabel: o.factorLabel,
          option: o.option,
          closed: o.closed,
          winRate: o.winRate,
          currentPoints: o.currentPoints,
          suggestedPoints: o.suggestedPoints,
        })),
        suggested,
        gradeChanges: suggested ? countGradeChanges(book, settings, suggested) : null,
        warnings: review.warnings.map(({ higher, lower, higherRate, lowerRate }) => ({
          higher,
          lower,
          higherRate,
          lowerRate,
        })),
      },
    };
  }

  private checkSettings(edited: Settings): { next: Settings; outcome: SettingsOutcome } {
    const next = normalizeSettings({ ...edited, locale: this.state.locale });
    const problems = settingsProblems(next);
    if (problems.length > 0) return { next, outcome: { ok: false, problems } };
    const current = this.settings();
    const book = this.book();
    const changed = JSON.stringify(current) !== JSON.stringify(next);
    return {
      next,
      outcome: {
        ok: true,
        applied: false,
        preview: {
          leads: book.leads.length,
          gradeChanges: countGradeChanges(book, current, next),
          optionsInUse: removedOptionsInUse(book, current, next),
          stageCountChanged: next.lists.stage.length !== current.lists.stage.length,
          cellsToWrite: changed ? 1 : 0,
        },
      },
    };
  }

  async previewSettings(edited: Settings): Promise<SettingsOutcome> {
    this.requireInstalled();
    await delay(20);
    return this.checkSettings(edited).outcome;
  }

  async applySettings(edited: Settings): Promise<SettingsOutcome> {
    this.requireInstalled();
    await delay(20);
    const { next, outcome } = this.checkSettings(edited);
    if (!outcome.ok || outcome.preview.cellsToWrite === 0) return outcome;
    this.state.settings = next;
    this.state.settingsWrites = (this.state.settingsWrites ?? 0) + 1;
    return { ...outcome, applied: true };
  }
}

function isPhone(value: string): boolean {
  const compact = value.replace(/[\s-]/g, "");
  return /^1\d{10}$/.test(compact) || /^0\d{9,11}$/.test(compact) || /^\+\d{7,15}$/.test(compact);
}

function normalise(text: string): string {
  return text.toLowerCase().replace(/[\s_\-/()（）]/g, "");
}
