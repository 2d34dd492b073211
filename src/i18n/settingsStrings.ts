import type { L10n } from "../domain/types";

/** UI strings of the Settings view (spread into STRINGS). */
export const SETTINGS_STRINGS = {
  tabSettings: { zh: "配置", en: "Settings" },

  settingsTitle: { zh: "配置", en: "Settings" },
  settingsIntro: {
    zh: "修改配置表中的选项列表、评分分值、分级阈值、跟进周期和渠道评级。先预览有多少线索会改变等级，再写入配置表。",
    en: "Edit the option lists, scoring points, grade thresholds, cadences and channel grades of the Settings sheet. Preview how many leads change grade, then write them to the Settings sheet.",
  },
  settingsReadWarnings: { zh: "读取配置表时使用了默认值", en: "Reading the Settings sheet fell back on defaults" },

  gradesTitle: { zh: "分级与评分", en: "Grades and scoring" },
  gradeAFrom: { zh: "A级最低分", en: "Grade A from score" },
  gradeBFrom: { zh: "B级最低分", en: "Grade B from score" },
  gradeHint: { zh: "低于B级最低分为C级", en: "Below grade B's score is C" },
  pointsOf: { zh: "“{option}”的分值", en: "Points of {option}" },
  points: { zh: "分值", en: "Points" },

  cadenceTitle: { zh: "跟进周期", en: "Follow-up cadence" },
  cadenceOf: { zh: "{grade}级（天）", en: "Grade {grade} (days)" },
  dormantDays: { zh: "休眠天数", en: "Dormant after (days)" },
  noReplyLimit: { zh: "连续无回应次数", en: "No-reply limit" },

  bandsTitle: { zh: "渠道评级", en: "Channel grades" },
  bandsHint: {
    zh: "从高到低，转化率和ROI都达到才算该档；最多3档。",
    en: "Best first; a channel needs both measures to reach a band; at most 3 bands.",
  },
  bandName: { zh: "第{n}档名称", en: "Band {n} name" },
  bandRate: { zh: "第{n}档最低转化率（%）", en: "Band {n} min. conversion (%)" },
  bandRoi: { zh: "第{n}档最低ROI（%）", en: "Band {n} min. ROI (%)" },
  removeBand: { zh: "删除第{n}档", en: "Remove band {n}" },
  addBand: { zh: "添加一档", en: "Add a band" },
  fallbackGrade: { zh: "其余渠道评级", en: "Grade otherwise" },

  listsTitle: { zh: "选项列表", en: "Option lists" },
  listToEdit: { zh: "要修改的列表", en: "List to edit" },
  optionN: { zh: "选项 {n}", en: "Option {n}" },
  roleOf: { zh: "“{option}”的含义", en: "Role of {option}" },
  noRole: { zh: "（无）", en: "(none)" },
  limitDaysOf: { zh: "“{option}”的时限天数", en: "Limit days of {option}" },
  limitDays: { zh: "时限天数", en: "Limit days" },
  removeOption: { zh: "删除“{option}”", en: "Remove {option}" },
  addOption: { zh: "添加选项", en: "Add an option" },
  listProblem: { zh: "列表“{list}”：{message}", en: "List {list}: {message}" },

  previewChanges: { zh: "预览变化", en: "Preview changes" },
  applySettings: { zh: "写入配置表", en: "Apply to Settings" },
  discardEdits: { zh: "放弃修改", en: "Discard edits" },
  settingsProblems: {
    zh: "有 {count} 项需要修改，尚未写入配置表。",
    en: "{count} value(s) need fixing; nothing was written to the Settings sheet.",
  },
  gradeChangesPreview: {
    zh: "共 {leads} 条线索，其中 {count} 条会改变等级。",
    en: "{count} of {leads} leads would change grade.",
  },
  optionsInUse: {
    zh: "“{option}”已不在列表“{list}”中，但仍有 {leads} 条线索使用它。",
    en: '"{option}" is no longer in the list {list}, but {leads} lead(s) still use it.',
  },
  stageCountChanged: {
    zh: "阶段数量有变化：请在“安装”页运行“升级模板”，为新阶段添加转化分析表的列。",
    en: "The number of stages changes: run Upgrade templates on the Setup page to add the Conversion columns of a new stage.",
  },
  nothingToApply: { zh: "配置没有变化，无需写入。", en: "Nothing changed; there is nothing to write." },
  settingsApplied: {
    zh: "配置已写入。{count} 条线索的等级已改变。",
    en: "The Settings are written. {count} lead(s) changed grade.",
  },

  scoringTitle: { zh: "评分复盘", en: "Scoring review" },
  scoringIntro: {
    zh: "根据已结案线索的赢单率，建议各评分选项的分值（每项最高分不变）。不会自动应用。",
    en: "Points suggested for each scoring option from the win rates of closed leads (each factor keeps its top points). Never applied by itself.",
  },
  scoringTooFew: {
    zh: "已结案线索 {closed} 条，少于 {min} 条，暂不建议调整分值。",
    en: "{closed} closed leads, fewer than {min}: no suggested points yet.",
  },
  scoringClosed: { zh: "依据 {closed} 条已结案线索。", en: "Based on {closed} closed leads." },
  factor: { zh: "评分项", en: "Factor" },
  option: { zh: "选项", en: "Option" },
  winRate: { zh: "赢单率", en: "Win rate" },
  currentPoints: { zh: "当前分值", en: "Current" },
  suggestedPoints: { zh: "建议分值", en: "Suggested" },
  suggestionPreview: {
    zh: "应用建议分值后，{leads} 条线索中有 {count} 条会改变等级。",
    en: "With the suggested points, {count} of {leads} leads would change grade.",
  },
  applySuggested: { zh: "应用建议分值", en: "Apply suggested points" },
  applySuggestedDirty: {
    zh: "请先写入或放弃上面的修改，再应用建议分值。",
    en: "Apply or discard your edits above before applying the suggested points.",
  },
  suggestedApplied: {
    zh: "建议分值已写入配置表。{count} 条线索的等级已改变。",
    en: "The suggested points are written to Settings. {count} lead(s) changed grade.",
  },
} as const satisfies Record<string, L10n>;
