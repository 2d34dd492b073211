import { tableDefs, type TableDef } from "../domain/fields/definitions";
import { csvTextSource } from "../domain/import/csv";
import { isImportable } from "../domain/import/mapping";
import type { SourceTable } from "../domain/import/plan";
import type { Period } from "../domain/parse/periods";
import { protectionState } from "../domain/plan/protection";
import { readRefreshRecord } from "../domain/plan/refreshRecord";
import type { CellValue, InputTableName, L10n } from "../domain/types";
import { cellText as text, topLeftCell } from "../domain/tableLookup";
import { problemKind } from "../i18n/problemKinds";
import { check as checkOperation } from "../operations/check";
import { loadContext } from "../operations/context";
import { dueList as dueListOperation } from "../operations/dueList";
import { importRows } from "../operations/import";
import { withProtectionLifted } from "../operations/protect";
import { install as installOperation, type InstallResult } from "../operations/install";
import { addLead, logFollowUp as logFollowUpOperation, type FieldMessage } from "../operations/quickEntry";
import { refresh as refreshOperation, type RefreshStep } from "../operations/refresh";
import { applySettingsEdit, previewSettingsEdit, readSettingsForEdit } from "../operations/settingsEdit";
import { fieldCell, leadIdAt, readWorkbookLists } from "../operations/workbookReads";
import { readWorkday, updateLead } from "../operations/workday";
import { SETTINGS_TABLES } from "../domain/settings/fromRows";
import { boardIn, cardIn, leadIdAtRow, searchIn, type WorkdaySnapshot } from "../domain/workday/snapshot";
import { officeDocumentSettings, type DocumentSettingsStore } from "../workbook/office/documentSettings";
import { registerLeadIdAutoFill } from "../workbook/office/leadIdAutoFill";
import { SelectableOfficeWorkbook } from "../workbook/office/selection";
import type { WorkbookPort } from "../workbook/port";
import {
  type CheckReport,
  type DueItem,
  type EntryOutcome,
  type FieldProblem,
  type ImportPreview,
  type ImportSummary,
  type ImportSource,
  type InstallSummary,
  type LastRefresh,
  type LeadFlowService,
  type RefreshSummary,
  type SettingsOutcome,
  type SettingsSnapshot,
  type WorkbookLists,
} from "./service";

/**
 * The LeadFlowService used inside Excel: each method runs an operation
 * (src/operations) over the Office.js adapter (src/workbook/office). Nothing
 * here touches Excel directly.
 *
 * Messages from the operations come in the workbook's language only; they are
 * shown as they are in both UI languages.
 */

/**
 * What the pane needs beyond the port to follow the user's selection ("use the
 * selected row", "import the selection", a click on a Check problem or a due
 * lead). In Excel it is SelectableOfficeWorkbook; tests may script it.
 */
export interface SelectionPort {
  /** The selected range: its sheet, A1 address without the sheet, and values. */
  readSelection(): Promise<{ sheet: string; address: string; values: CellValue[][] }>;
  /** Select (and scroll to) a range. */
  selectRange(sheet: string, address: string): Promise<void>;
  /** The selected range's sheet and address only (cheaper than readSelection). */
  readSelectedAddress?(): Promise<{ sheet: string; address: string }>;
  /** Calls `handler` on every change of the user's selection; resolves to its removal. */
  onSelectionChanged?(handler: () => void): Promise<() => Promise<void>>;
  /** Calls `handler` when a person edits one of these tables; resolves to the removal. */
  onTablesChanged?(names: readonly string[], handler: () => void): Promise<() => Promise<void>>;
}

/** The port plus the selection: what the service runs on. */
export type SelectableWorkbookPort = WorkbookPort & SelectionPort;

/** Where Refresh records when it last finished (a workbook property); the plan writes it. */
export { PROPERTY_REFRESHED_AT } from "../domain/plan/refreshRecord";

/** The document setting that remembers the pane's last view in each workbook. */
export const SETTING_LAST_VIEW = "leadflow.lastView";

const same = (text: string): L10n => ({ zh: text, en: text });

const STEP_LABELS: Record<RefreshStep, { index: number; label: L10n }> = {
  read: { index: 1, label: { zh: "读取表格", en: "Reading the tables" } },
  compute: { index: 2, label: { zh: "计算", en: "Computing" } },
  plan: { index: 3, label: { zh: "准备写入", en: "Preparing the changes" } },
  write: { index: 4, label: { zh: "写入复盘表", en: "Writing the review sheets" } },
  charts: { index: 5, label: { zh: "更新图表", en: "Updating the charts" } },
  done: { index: 6, label: { zh: "完成", en: "Done" } },
};

/** Field labels only: enough stage columns for any Settings (a label lookup needs no workbook read). */
const LABEL_DEFS = tableDefs(30);

function toProblems(messages: FieldMessage[]): FieldProblem[] {
  return messages.map((m) => ({ field: m.field, message: same(m.message), severity: m.severity }));
}

function installReport(result: InstallResult): InstallSummary {
  const created: L10n[] = [
    ...result.createdSheets.map((s) => ({ zh: `工作表“${s}”`, en: `Sheet "${s}"` })),
    ...result.createdTables.map((t) => ({ zh: `表格 ${t}`, en: `Table ${t}` })),
  ];
  const changed: L10n[] = [
    ...result.addedColumns.map((c) => ({
      zh: `${c.table} 新增列：${c.headers.join("、")}`,
      en: `${c.table}: added columns ${c.headers.join(", ")}`,
    })),
    ...result.missingColumns.map((c) => ({
      zh: `${c.table} 缺少列“${c.header}”（表中已有数据，未自动重建）`,
      en: `${c.table} is missing the column "${c.header}" (the table has data, so it was not recreated)`,
    })),
    ...(result.filledLeadIds > 0
      ? [{ zh: `补填线索编号 ${result.filledLeadIds} 个`, en: `Filled ${result.filledLeadIds} blank Lead IDs` }]
      : []),
    ...(result.filledCreated > 0
      ? [{ zh: `补填录入时间 ${result.filledCreated} 个`, en: `Filled ${result.filledCreated} blank created dates` }]
      : []),
    ...result.appendedRows.map((a) => ({ zh: `${a.table} 添加 ${a.rows} 行`, en: `${a.table}: ${a.rows} rows added` })),
    ...result.addedParams.map((p) => ({ zh: `配置新增参数 ${p}`, en: `Settings: added parameter ${p}` })),
    ...result.warnings,
    ...result.settingsWarnings,
  ];
  return {
    upgraded: !result.createdTables.includes("Leads"),
    created,
    changed,
    templateVersion: result.templateVersion,
  };
}

export interface OfficeServiceOptions {
  /** Registers the Leads change handler (default: the Office.js adapter's own, in src/workbook/office). */
  registerAutoFill?: typeof registerLeadIdAutoFill;
  /** How long the selection must rest before the lead card follows it (default 250 ms). */
  selectionSettleMs?: number;
  /** The add-in's settings stored in the workbook (default: Office.context.document.settings). */
  documentSettings?: () => DocumentSettingsStore;
}

/** The tables whose edits make the pane read the lead book again: the lead tables and Settings. */
const WORK_TABLES = ["Leads", "FollowUps", "Conversion", ...SETTINGS_TABLES];

export function createOfficeService(
  portFactory: () => SelectableWorkbookPort = () => new SelectableOfficeWorkbook(),
  options: OfficeServiceOptions = {},
): LeadFlowService {
  let cached: SelectableWorkbookPort | undefined;
  // Created on first use: constructing the adapter needs Excel, which is there only after Office.onReady.
  const port = () => (cached ??= portFactory());
  /** Cells of the last Check's problems, so a click selects exactly the cell Check meant. */
  const problemCells = new Map<string, { sheet: string; address: string }>();
  /** The source rows of the last import preview (the selection may change before the import runs). */
  let previewed: { source: ImportSource; table: SourceTable; extraColumns: Set<number> } | undefined;
  const documentSettings = options.documentSettings ?? officeDocumentSettings;

  const defsFor = (stageCount: number): Record<InputTableName, TableDef> => tableDefs(Math.max(1, stageCount));

  /** Read from the workbook every time: what Refresh recorded there, by this pane or an earlier one. */
  async function lastRefresh(): Promise<LastRefresh | null> {
    return readRefreshRecord((await port().readState()).properties);
  }

  /** The lead-ID auto-fill, once registered (one handler per pane, however often it is asked for). */
  let autoFill: Promise<boolean> | undefined;
  function startLeadIdAutoFill(): Promise<boolean> {
    autoFill ??= (async () => {
      const ctx = await loadContext(port());
      if (!ctx.state.tables.some((t) => t.name === "Leads")) return false;
      const registered = await (options.registerAutoFill ?? registerLeadIdAutoFill)({
        locale: ctx.locale,
        // A failed fill leaves the cells blank; install and Refresh fill blank IDs and dates later.
        onError: () => undefined,
      });
      return registered !== undefined;
    })().catch(() => false);
    // Not on yet (no Leads table, or it failed): the next call tries again.
    return autoFill.then((on) => {
      if (!on) autoFill = undefined;
      return on;
    });
  }

  const selection = () => port().readSelection();

  /**
   * The lead book as read last, for the card, the board and the search: read
   * once, kept until the workbook changes (a write of this pane, or a person's
   * edit of Leads, FollowUps, Conversion or a Settings table), so following the selection or
   * typing a search reads nothing.
   */
  let work: Promise<WorkdaySnapshot> | undefined;
  let watchingEdits: Promise<unknown> | undefined;
  const forgetWork = () => {
    work = undefined;
  };
  function snapshot(): Promise<WorkdaySnapshot> {
    if (!work) {
      const reading = readWorkday(port());
      work = reading;
      reading.catch(() => {
        if (work === reading) work = undefined;
      });
      const p = port();
      if (!watchingEdits && p.onTablesChanged)
        watchingEdits = p.onTablesChanged(WORK_TABLES, forgetWork).catch(() => (watchingEdits = undefined));
    }
    return work;
  }

  /**
   * The port a writing operation runs on. On a workbook LeadFlow protected, the
   * writes go through withProtectionLifted (which also refuses clearly when a
   * password is needed or a sheet is someone else's). Charts are a change of the
   * plan like any other, so the wrapper needs nothing more.
   */
  async function writer(): Promise<WorkbookPort> {
    const base = port();
    if (protectionState((await base.readState()).properties) === "off") return base;
    return withProtectionLifted(base);
  }

  /**
   * Runs a writing operation as one claim of the workbook (the adapter's busy
   * marker: a second runtime gets "LeadFlow is already updating this workbook"),
   * on the writer port (LeadFlow's own protection lifted around each write).
   */
  async function writing<T>(operation: (p: WorkbookPort) => Promise<T>): Promise<T> {
    const base = port() as SelectableWorkbookPort & { exclusive?: <R>(body: () => Promise<R>) => Promise<R> };
    const run = async () => operation(await writer());
    try {
      return await (typeof base.exclusive === "function" ? base.exclusive(run) : run());
    } finally {
      // Whatever was written (or half written), the next card, board or search reads the book again.
      forgetWork();
    }
  }

  async function cellOf(table: InputTableName | "Settings", row: number, field: string) {
    const hit = problemCells.get(`${table}|${row}|${field}`);
    if (hit && hit.address) return hit;
    if (table === "Settings") return null;
    return fieldCell(port(), table, row, field);
  }

  async function sourceTable(source: ImportSource): Promise<SourceTable & { label: string }> {
    if (source.kind === "csv") {
      // The same reader as `leadflow import`: row numbers are the file's lines (a quoted field may span several).
      const csv = csvTextSource(source.text);
      return { label: source.fileName, headers: csv.headers, rows: csv.rows };
    }
    const sel = await selection();
    const first = topLeftCell(sel.address).row;
    const [head = [], ...body] = sel.values;
    return {
      label: `${sel.address} (${sel.sheet})`,
      headers: head.map((h) => text(h)),
      rows: body.map((values, i) => ({ line: first + 1 + i, values })),
    };
  }

  return {
    async install(installOptions) {
      const report = installReport(await writing((p) => installOperation(p, { locale: installOptions.locale })));
      // The Leads table exists now: new rows typed into it get their ID and created date. (A second
      // try covers a first attempt that began before the table was there.)
      if (!(await startLeadIdAutoFill())) await startLeadIdAutoFill();
      return report;
    },

    async addSample(count) {
      const seed = Math.floor(Date.now() % 100_000);
      await writing((p) => installOperation(p, { sample: { count, seed } }));
      return { added: count };
    },

    async readLists(): Promise<WorkbookLists> {
      return readWorkbookLists(port(), new Date());
    },

    async newLead(values, options = {}): Promise<EntryOutcome> {
      const result = await writing((p) => addLead(p, values, { acceptWarnings: options.acceptWarnings }));
      return result.ok
        ? { ok: true, id: result.leadId, row: result.row }
        : { ok: false, problems: toProblems(result.messages) };
    },

    async logFollowUp(values, options = {}): Promise<EntryOutcome> {
      const result = await writing((p) => logFollowUpOperation(p, values, { acceptWarnings: options.acceptWarnings }));
      return result.ok
        ? { ok: true, id: result.leadId, row: result.row }
        : { ok: false, problems: toProblems(result.messages) };
    },

    async selectedLeadId() {
      const sel = await selection();
      return leadIdAt(port(), sel.sheet, topLeftCell(sel.address).row);
    },

    async check(): Promise<CheckReport> {
      const result = await checkOperation(port());
      problemCells.clear();
      const problems = result.problems.map((p) => {
        problemCells.set(`${p.table}|${p.row}|${p.field}`, { sheet: p.sheet, address: p.address });
        const field = p.table === "Settings" ? undefined : LABEL_DEFS[p.table].fields.find((f) => f.key === p.field);
        return {
          table: p.table,
          sheet: p.sheet,
          row: p.row,
          field: p.field,
          fieldLabel: field?.header ?? same(p.field),
          value: p.value,
          code: p.code,
          kind: problemKind(p.code),
          message: same(p.message),
        };
      });
      const rowsChecked = Object.values(result.summary.rowsRead).reduce<number>((a, n) => a + (n ?? 0), 0);
      return { problems, rowsChecked };
    },

    async selectCell(table, row, field) {
      const cell = await cellOf(table, row, field);
      if (cell) await port().selectRange(cell.sheet, cell.address);
    },

    async previewImport(source, target): Promise<ImportPreview> {
      const table = await sourceTable(source);
      const { report } = await importRows(port(), table, { into: target, dryRun: true });
      const mapping: (string | null)[] = table.headers.map(() => null);
      const extraColumns = new Set<number>();
      for (const m of report.mapped) {
        if (m.target.startsWith("column:")) extraColumns.add(m.column - 1);
        else mapping[m.column - 1] = m.target;
      }
      previewed = { source, table, extraColumns };
      const ctx = await loadContext(port());
      const fields = defsFor(ctx.settings.lists.stage.length)[target].fields.filter(isImportable);
      return {
        target,
        sourceLabel: table.label,
        headers: table.headers,
        rowCount: table.rows.length,
        mapping,
        fields: fields.map((f) => ({ key: f.key, label: f.header, required: f.required })),
      };
    },

    async runImport(request): Promise<ImportSummary> {
      const base = previewed && previewed.source === request.source ? previewed : undefined;
      const table = base?.table ?? (await sourceTable(request.source));
      const ctx = await loadContext(port());
      const byKey = new Map(defsFor(ctx.settings.lists.stage.length)[request.target].fields.map((f) => [f.key, f]));
      // The person's mapping wins: a mapped column gets its field's own header (an exact match), a
      // column set to "skip" gets none (so the automatic matching cannot bring it back).
      const headers = table.headers.map((h, i) => {
        const key = request.mapping[i];
        if (key) return byKey.get(key)?.header.zh ?? h;
        return base?.extraColumns.has(i) ? h : "";
      });
      const { report } = await writing((p) =>
        importRows(
          p,
          { headers, rows: table.rows },
          {
            into: request.target,
            onDuplicate: request.onDuplicate,
          },
        ),
      );
      return {
        added: report.imported.length + report.duplicates.filter((d) => d.kept).length,
        skipped:
          report.duplicates.filter((d) => !d.kept).length + report.withProblems.filter((w) => w.notImported).length,
        problems: [
          ...report.withProblems.flatMap((w) =>
            w.problems.map((p) => ({ row: w.line, field: p.field, message: same(p.message) })),
          ),
          ...report.conflicts.map((c) => ({ row: c.line, field: c.field, message: same(c.message) })),
        ],
      };
    },

    async refresh(period: Period, onProgress, options = {}): Promise<RefreshSummary> {
      const stepCount = Object.keys(STEP_LABELS).length;
      const result = await writing((p) =>
        refreshOperation(p, {
          period,
          ...(options.trend ? { trend: options.trend } : {}),
          now: new Date(),
          onProgress: (p) =>
            onProgress({
              fraction: p.fraction,
              step: STEP_LABELS[p.step]?.label ?? same(p.label),
              stepIndex: STEP_LABELS[p.step]?.index ?? 1,
              stepCount,
              rowsDone: p.rows ?? 0,
              rowsTotal: p.total ?? 0,
            }),
        }),
      );
      const r = result.report;
      return {
        period,
        refreshedAt: r.refreshedAt,
        items: [
          ...Object.entries(r.reviewRows).map(([sheet, count]) => ({ label: same(sheet), count })),
          { label: { zh: "补填的阶段日期", en: "Stage dates filled" }, count: r.stageDatesFilled },
          { label: { zh: "新增的转化行", en: "Conversion rows added" }, count: r.conversionRowsAdded },
          { label: { zh: "更新的单元格", en: "Cells updated" }, count: r.ownedCellsWritten },
        ],
        // A review sheet given a free name (a user's own sheet had its name) and charts Excel refused.
        ...(r.sheetNotices.length || r.chartWarnings?.length
          ? { warnings: [...r.sheetNotices, ...(r.chartWarnings ?? [])] }
          : {}),
      };
    },

    lastRefresh,

    async lastView() {
      try {
        const value = documentSettings().get(SETTING_LAST_VIEW);
        return typeof value === "string" && value !== "" ? value : null;
      } catch {
        return null; // A host without document settings: the pane opens on its default view.
      }
    },

    async rememberView(view) {
      try {
        await documentSettings().set(SETTING_LAST_VIEW, view);
      } catch {
        // Not remembered (a read-only workbook, a host without settings): the pane works all the same.
      }
    },

    async dueList(filter): Promise<DueItem[]> {
      const { items } = await dueListOperation(port(), { owner: filter.owner });
      return items.map((d) => ({
        leadId: d.leadId,
        customer: d.customer,
        owner: d.owner,
        grade: String(d.grade),
        row: d.row,
        nextDue: d.nextDue,
        overdueDays: d.daysOverdue ?? 0,
        dormant: d.dormant,
      }));
    },

    startLeadIdAutoFill,

    async leadCard(leadId) {
      return cardIn(await snapshot(), leadId);
    },

    async board(filter) {
      return boardIn(await snapshot(), filter);
    },

    async searchLeads(query, limit) {
      return searchIn(await snapshot(), query, limit);
    },

    async updateLead(request, options = {}): Promise<EntryOutcome> {
      const snap = await snapshot();
      const result = await writing((p) => updateLead(p, snap, request, { acceptWarnings: options.acceptWarnings }));
      return result.ok
        ? { ok: true, id: result.leadId, row: result.row }
        : { ok: false, problems: toProblems(result.messages) };
    },

    watchSelectedLead(listener) {
      const p = port();
      let stopped = false;
      let timer: ReturnType<typeof setTimeout> | undefined;
      let last: string | null | undefined;
      let remove: (() => Promise<void>) | undefined;
      const settle = options.selectionSettleMs ?? 250;
      const look = async () => {
        const where = p.readSelectedAddress ? await p.readSelectedAddress() : await p.readSelection();
        const id = leadIdAtRow(await snapshot(), where.sheet, topLeftCell(where.address).row);
        if (stopped || id === last) return;
        last = id;
        listener(id);
      };
      const changed = () => {
        if (timer !== undefined) clearTimeout(timer);
        timer = setTimeout(() => {
          timer = undefined;
          // A failed read leaves the card as it was; the next selection tries again.
          look().catch(() => undefined);
        }, settle);
      };
      look().catch(() => undefined);
      void p
        .onSelectionChanged?.(changed)
        .then((r) => {
          if (stopped) void r().catch(() => undefined);
          else remove = r;
        })
        .catch(() => undefined);
      return () => {
        stopped = true;
        if (timer !== undefined) clearTimeout(timer);
        void remove?.().catch(() => undefined);
      };
    },

    async readSettings(): Promise<SettingsSnapshot> {
      const r = await readSettingsForEdit(port());
      return { settings: r.settings, warnings: r.warnings, leads: r.leads, scoring: r.scoring };
    },

    async previewSettings(next): Promise<SettingsOutcome> {
      const r = await previewSettingsEdit(port(), next);
      return r.ok ? { ok: true, preview: r.preview, applied: false } : r;
    },

    async applySettings(next): Promise<SettingsOutcome> {
      const r = await writing((p) => applySettingsEdit(p, next));
      return r.ok ? { ok: true, preview: r.preview, applied: r.applied } : r;
    },

    async lastRefreshed() {
      return (await lastRefresh())?.refreshedAt ?? null;
    },
  };
}
