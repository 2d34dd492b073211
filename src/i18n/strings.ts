import { NAV_STRINGS } from "./navStrings";
import type { L10n, Locale } from "../domain/types";
import { WORKDAY_STRINGS } from "./workdayStrings";
import { SETTINGS_STRINGS } from "./settingsStrings";

/**
 * UI strings of the task pane and the ribbon commands, in both locales.
 * Field labels, sheet names and option lists are not here: they come from the
 * domain definitions (one definition per field).
 */
export const STRINGS = {
  ...NAV_STRINGS,
  appTitle: { zh: "LeadFlow 线索管理", en: "LeadFlow" },
  appSubtitle: { zh: "销售线索跟踪与复盘", en: "Sales lead tracking and reviews" },
  language: { zh: "界面语言", en: "Language" },
  runningIn: { zh: "运行于：{host}", en: "Running in: {host}" },
  views: { zh: "功能", en: "Views" },

  outsideTitle: { zh: "请在 Excel 中打开 LeadFlow", en: "Open LeadFlow in Excel" },
  outsideBody: {
    zh: "LeadFlow 是 Excel 加载项，需要在 Excel（桌面版或网页版）中通过“开始 → LeadFlow”打开。当前页面运行在{host}中，无法访问工作簿。",
    en: "LeadFlow is an Excel add-in: open it from Home → LeadFlow in Excel (desktop or on the web). This page is running in {host}, where it cannot reach a workbook.",
  },
  outsideBrowser: { zh: "普通浏览器", en: "a plain web browser" },
  otherHost: { zh: "{host}（不是 Excel）", en: "{host} (not Excel)" },

  tabSetup: { zh: "安装", en: "Setup" },
  tabNewLead: { zh: "新线索", en: "New lead" },
  tabFollowUp: { zh: "记跟进", en: "Follow-up" },
  tabCheck: { zh: "检查", en: "Check" },
  tabImport: { zh: "导入", en: "Import" },
  tabRefresh: { zh: "刷新复盘", en: "Refresh" },
  tabDue: { zh: "今日待跟进", en: "Due today" },

  working: { zh: "正在处理…", en: "Working…" },
  loading: { zh: "正在读取工作簿…", en: "Reading the workbook…" },
  notInstalled: {
    zh: "此工作簿还没有安装 LeadFlow 模板。请先在“安装”页安装。",
    en: "LeadFlow is not installed in this workbook yet. Install it on the Setup page first.",
  },
  goToSetup: { zh: "前往安装", en: "Go to Setup" },
  dismiss: { zh: "关闭", en: "Dismiss" },
  ...WORKDAY_STRINGS,

  // Setup
  setupTitle: { zh: "安装或升级模板", en: "Install or upgrade the templates" },
  setupIntro: {
    zh: "创建线索信息、跟进记录、转化分析、渠道投入和配置表，带下拉列表、输入提示和高亮规则。再次运行不会改动已输入的数据。",
    en: "Creates the Leads, Follow-ups, Conversion, Channel costs and Settings sheets with dropdowns, input hints and highlighting. Running it again never changes data you typed.",
  },
  templateLanguage: { zh: "模板语言", en: "Template language" },
  localeZh: { zh: "中文（简体）", en: "Chinese (Simplified)" },
  localeEn: { zh: "英文", en: "English" },
  installButton: { zh: "安装模板", en: "Install templates" },
  upgradeButton: { zh: "升级模板", en: "Upgrade templates" },
  installedAs: {
    zh: "已安装：模板版本 {version}，语言 {locale}",
    en: "Installed: template version {version}, language {locale}",
  },
  installDone: { zh: "模板已安装。", en: "The templates are installed." },
  upgradeDone: { zh: "模板已升级。", en: "The templates are upgraded." },
  nothingChanged: { zh: "一切已是最新，没有改动。", en: "Everything was up to date; nothing changed." },
  created: { zh: "新建", en: "Created" },
  changed: { zh: "更新", en: "Updated" },
  sampleTitle: { zh: "示例数据", en: "Sample data" },
  sampleIntro: {
    zh: "添加一些虚构的线索和跟进记录，先看看效果。",
    en: "Add some made-up leads and follow-ups for a first look.",
  },
  sampleCount: { zh: "线索条数", en: "Number of leads" },
  sampleButton: { zh: "添加示例数据", en: "Add sample data" },
  sampleDone: { zh: "已添加 {count} 条示例线索。", en: "Added {count} sample leads." },

  // Entry forms
  newLeadTitle: { zh: "录入新线索", en: "New lead" },
  leadIdPreview: { zh: "线索编号（预览）：{id}", en: "Lead ID (preview): {id}" },
  required: { zh: "必填", en: "Required" },
  choose: { zh: "请选择", en: "Choose" },
  saveLead: { zh: "保存线索", en: "Save lead" },
  leadSaved: { zh: "已保存线索 {id}（第 {row} 行）。", en: "Saved lead {id} (row {row})." },
  fixFields: {
    zh: "有 {count} 项需要修改，尚未写入工作簿。",
    en: "{count} field(s) need fixing; nothing was written to the workbook.",
  },
  warningsOnly: {
    zh: "请确认以下 {count} 条提示；确认无误可以仍然保存。",
    en: "Please check the {count} warning(s) below; if all is well, save anyway.",
  },
  saveAnyway: { zh: "仍然保存", en: "Save anyway" },
  followUpTitle: { zh: "记录跟进", en: "Log a follow-up" },
  useSelection: { zh: "使用选中行的线索", en: "Use the selected row's lead" },
  selectionNone: {
    zh: "当前选中的行不是线索。请在线索信息表中选中一行，或直接输入线索编号。",
    en: "The selected row is not a lead. Select a row in the Leads sheet, or type the Lead ID.",
  },
  prefilled: { zh: "已填入选中行的线索 {id}。", en: "Filled in the selected lead {id}." },
  saveFollowUp: { zh: "保存跟进", en: "Save follow-up" },
  followUpSaved: { zh: "已保存 {id} 的跟进记录（第 {row} 行）。", en: "Saved the follow-up of {id} (row {row})." },
  clearForm: { zh: "清空", en: "Clear" },

  // Check
  checkTitle: { zh: "检查数据", en: "Check data" },
  checkIntro: {
    zh: "扫描所有输入表，列出每个问题和改法。检查不会修改任何数据。点击问题可选中对应单元格。",
    en: "Scans every input table and lists each problem with how to fix it. Checking changes nothing. Click a problem to select its cell.",
  },
  runCheck: { zh: "开始检查", en: "Run check" },
  problemsFound: { zh: "发现问题", en: "Problems found" },
  noProblems: { zh: "没有发现问题（共检查 {rows} 行）。", en: "No problems found ({rows} rows checked)." },
  problemCount: { zh: "共 {count} 个问题，检查了 {rows} 行。", en: "{count} problem(s) in {rows} rows checked." },
  rowLabel: { zh: "第 {row} 行", en: "Row {row}" },
  valueLabel: { zh: "值：{value}", en: "Value: {value}" },
  blankValue: { zh: "（空）", en: "(blank)" },
  howToFix: { zh: "改法：{fix}", en: "Fix: {fix}" },
  selectCellHint: { zh: "选中 {sheet} 第 {row} 行的“{field}”", en: "Select {field} in row {row} of {sheet}" },

  // Import
  importTitle: { zh: "导入数据", en: "Import data" },
  importIntro: {
    zh: "从选中的单元格区域或 CSV 文件导入。列会自动对应到字段，可在下面修改。",
    en: "Import from the selected range or a CSV file. Columns are matched to fields automatically; correct them below.",
  },
  importInto: { zh: "导入到", en: "Import into" },
  fromSelection: { zh: "读取选中区域", en: "Read the selected range" },
  fromCsv: { zh: "选择 CSV 文件", en: "Choose a CSV file" },
  csvFile: { zh: "CSV 文件", en: "CSV file" },
  previewOf: { zh: "{source}：{rows} 行数据", en: "{source}: {rows} data rows" },
  mappingTitle: { zh: "列与字段的对应", en: "Columns and fields" },
  sourceColumn: { zh: "源列", en: "Source column" },
  targetField: { zh: "对应字段", en: "Field" },
  ignoreColumn: { zh: "（不导入）", en: "(skip)" },
  missingRequired: { zh: "以下必填字段没有对应的列：{fields}", en: "These required fields have no column: {fields}" },
  onDuplicate: { zh: "遇到重复记录", en: "Duplicate records" },
  skipDuplicates: { zh: "跳过", en: "Skip them" },
  keepDuplicates: { zh: "也导入", en: "Import them too" },
  runImport: { zh: "开始导入", en: "Import" },
  importDone: {
    zh: "导入完成：新增 {added} 行，跳过 {skipped} 行。",
    en: "Import finished: {added} rows added, {skipped} skipped.",
  },
  importProblems: { zh: "需要注意的行", en: "Rows to look at" },

  // Refresh
  refreshTitle: { zh: "刷新复盘", en: "Refresh review" },
  refreshIntro: {
    zh: "重新计算最近跟进和阶段日期，并重建渠道效果、阶段漏斗、转化拆分、销售效果评估和待跟进表。手写的目标和备注会保留。",
    en: "Recomputes last follow-ups and stage dates and rebuilds the channel, funnel, breakdown, sales review and due list sheets. Targets and notes you typed are kept.",
  },
  period: { zh: "统计周期", en: "Period" },
  periodAll: { zh: "全部", en: "All time" },
  periodYear: { zh: "年度", en: "Year" },
  periodQuarter: { zh: "季度", en: "Quarter" },
  periodMonth: { zh: "月份", en: "Month" },
  year: { zh: "年", en: "Year" },
  quarter: { zh: "季度", en: "Quarter" },
  month: { zh: "月", en: "Month" },
  runRefresh: { zh: "刷新", en: "Refresh" },
  stepOf: { zh: "第 {index}/{count} 步：{step}", en: "Step {index} of {count}: {step}" },
  rowsOf: { zh: "{done} / {total} 行", en: "{done} of {total} rows" },
  refreshDone: { zh: "复盘已刷新（{period}）。", en: "The review is refreshed ({period})." },
  lastRefreshed: { zh: "上次刷新：{when}", en: "Last refreshed: {when}" },
  neverRefreshed: { zh: "尚未刷新过。", en: "Not refreshed yet." },
  rebuilt: { zh: "重建内容", en: "What was rebuilt" },

  // Due
  dueTitle: { zh: "今日待跟进", en: "Due today" },
  dueIntro: {
    zh: "今天到期或已逾期的线索，以及休眠线索。点击可跳到该行。",
    en: "Leads due today or overdue, and dormant leads. Click one to go to its row.",
  },
  ownerFilter: { zh: "责任人", en: "Owner" },
  allOwners: { zh: "全部", en: "Everyone" },
  showDue: { zh: "查看", en: "Show" },
  noneDue: { zh: "没有待跟进的线索。", en: "No leads are due." },
  dueCount: { zh: "{count} 条待跟进", en: "{count} due" },
  overdueDays: { zh: "逾期 {days} 天", en: "{days} d overdue" },
  dueToday: { zh: "今天到期", en: "Due today" },
  nextDueOn: { zh: "应跟进：{date}", en: "Due: {date}" },
  dormant: { zh: "休眠", en: "Dormant" },
  gradeLabel: { zh: "等级 {grade}", en: "Grade {grade}" },

  // Errors (plain words + what to do)
  errorTitle: { zh: "出了点问题", en: "Something went wrong" },
  errUnknown: {
    zh: "操作没有完成，工作簿未被改动。请重试；如果仍然失败，请关闭并重新打开任务窗格。",
    en: "The action did not finish and the workbook was not changed. Try again; if it keeps failing, close and reopen the task pane.",
  },
  errEditMode: {
    zh: "Excel 正在编辑单元格，暂时无法操作。请按 Enter 或 Esc 结束编辑后重试。",
    en: "Excel is busy editing a cell. Press Enter or Esc to finish editing, then try again.",
  },
  errProtected: {
    zh: "工作表受保护，无法写入。请在“审阅 → 撤消工作表保护”后重试。",
    en: "The sheet is protected, so nothing could be written. Unprotect it (Review → Unprotect Sheet) and try again.",
  },
  errBusy: {
    zh: "LeadFlow 正在更新此工作簿（任务窗格或功能区按钮），请等它完成后再试。",
    en: "LeadFlow is already updating this workbook (from the task pane or the ribbon button). Wait for it to finish, then try again.",
  },
  errTableMissing: {
    zh: "找不到需要的表格（可能被删除或改名）。请在“安装”页运行“升级模板”来修复。",
    en: "A table LeadFlow needs is missing (deleted or renamed?). Run Upgrade templates on the Setup page to repair it.",
  },
  errTooLarge: {
    zh: "一次要处理的数据太多，超出了 Excel 的限制。请缩小范围（例如选择更少的行）后重试。",
    en: "Too much data for Excel to handle in one go. Make the range smaller (for example fewer rows) and try again.",
  },
  errFiltered: {
    zh: "LeadFlow 表格正处于筛选状态（或有隐藏的行）。在筛选状态下写入，Excel 可能把数据写到错误的行，所以没有做任何更改。请先清除筛选（“数据 > 清除”）并取消隐藏，然后重试。",
    en: "A LeadFlow table is filtered (or has hidden rows). Excel can put data written into a filtered table in the wrong rows, so nothing was changed. Clear the filter (Data > Clear) and unhide the rows, then try again.",
  },
  errImportNoColumns: {
    zh: "导入文件中没有一列能对应到 LeadFlow 的字段。请检查文件的编码（UTF-8 或 GBK）和标题行是否在第一行，或在导入页面手动指定列的对应关系。",
    en: "No column of the file matches a LeadFlow field. Check the file's encoding (UTF-8 or GBK) and that the header row is the first row, or map the columns by hand on the Import page.",
  },
  errTableGrowth: {
    zh: "Excel 网页版无法给 LeadFlow 表格添加列：这一步会牵动超过 33,554,000 个单元格。请把表格右侧（尤其是工作表最右边几列）的数据移到其他工作表，然后重试；或在 Windows / Mac 版 Excel 中运行。",
    en: "Excel on the web could not add a column to a LeadFlow table: it would touch more than 33,554,000 cells. Move any data to the right of the table (check the far-right columns of the sheet) to another sheet and try again, or run it in Excel on Windows or Mac.",
  },
  errNotAvailable: {
    zh: "此功能在当前版本中还不可用。",
    en: "This action is not available in this version yet.",
  },
  errApiSet: {
    zh: "此 Excel 版本太旧，不支持 LeadFlow 需要的功能（需要 Excel 2021、Microsoft 365 或网页版）。",
    en: "This version of Excel is too old for LeadFlow (it needs Excel 2021, Microsoft 365 or Excel on the web).",
  },
  errCsv: {
    zh: "无法读取这个文件。请选择 UTF-8 或 GBK 编码的 CSV 文件。",
    en: "This file could not be read. Choose a CSV file saved as UTF-8 or GBK.",
  },
  technicalDetail: { zh: "技术信息：{detail}", en: "Technical detail: {detail}" },

  // Ribbon command
  cmdRefreshTitle: { zh: "刷新复盘", en: "Refresh review" },
  cmdRefreshOk: { zh: "复盘已刷新：{summary}", en: "The review is refreshed: {summary}" },
  cmdRefreshFailed: { zh: "刷新没有完成：{reason}", en: "The refresh did not finish: {reason}" },
  cmdNotInstalled: {
    zh: "此工作簿还没有安装 LeadFlow 模板。请点击“打开 LeadFlow”，在“安装”页安装后再刷新。",
    en: "LeadFlow is not installed in this workbook yet. Click Open LeadFlow, install it on the Setup page, then refresh.",
  },
  cmdTooLarge: {
    zh: "此工作簿有 {rows} 行数据，超过功能区按钮能在 Excel 给定的 5 分钟内安全完成的量（{limit} 行）。请点击“打开 LeadFlow”，在任务窗格的“刷新”页刷新。",
    en: "This workbook has {rows} rows, more than the ribbon button can refresh safely within the 5 minutes Excel gives it ({limit} rows). Click Open LeadFlow and refresh from the Refresh page of the task pane.",
  },
  close: { zh: "关闭", en: "Close" },
  ...SETTINGS_STRINGS,
} as const satisfies Record<string, L10n>;

export type StringKey = keyof typeof STRINGS;

/** A UI string in `locale`, with `{name}` placeholders filled in. */
export function t(key: StringKey, locale: Locale, params?: Record<string, string | number>): string {
  return fill(locale === "zh-CN" ? STRINGS[key].zh : STRINGS[key].en, params);
}

/** Any bilingual text (from the operations) in `locale`, with placeholders filled in. */
export function tx(text: L10n, locale: Locale, params?: Record<string, string | number>): string {
  return fill(locale === "zh-CN" ? text.zh : text.en, params);
}

function fill(text: string, params?: Record<string, string | number>): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}

/** The UI locale for an Office display language such as "zh-CN", "zh-TW", "en-GB", "fr-FR". */
export function localeFromLanguage(language: string | null | undefined): Locale {
  return language && language.toLowerCase().startsWith("zh") ? "zh-CN" : "en-US";
}
