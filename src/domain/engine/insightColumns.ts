/**
 * Column definitions of the loss, trend, forecast, scoring and dashboard
 * tables, in the style of columns.ts (one list per table: row key, header in
 * both languages, kind → number format), so the review sheets and `--json`
 * can be generated from them. Each list is typed against its row type: a key
 * that is not a field of the row does not compile.
 */
import type { L10n } from "../types";
import type { ReviewColumn, ReviewColumnKind } from "./columns";
import type { KpiRow, FindingRow } from "./dashboard";
import type { ForecastMonthRow, ForecastOwnerRow, ForecastStageRow } from "./forecast";
import type { LossRow, LossStageRow } from "./losses";
import type { ScoringGradeRow, ScoringOptionRow, ScoringWarningRow } from "./scoring";
import type { TrendRow } from "./trend";

function columnsOf<R>() {
  return <K extends keyof R & string>(key: K, zh: string, en: string, kind: ReviewColumnKind): ReviewColumn<K> => ({
    key,
    header: { zh, en } satisfies L10n,
    kind,
  });
}

const loss = columnsOf<LossRow>();
export const LOSS_COLUMNS = [
  loss("stage", "阶段序号", "Stage #", "integer"),
  loss("stageName", "阶段", "Stage", "text"),
  loss("reason", "流失原因", "Loss reason", "text"),
  loss("count", "流失数", "Lost", "integer"),
  loss("share", "占该阶段流失比例", "Share of the stage's losses", "rate"),
  loss("stageLossRate", "阶段流失率", "Stage loss rate", "rate"),
] as const;

const lossStage = columnsOf<LossStageRow>();
export const LOSS_STAGE_COLUMNS = [
  lossStage("stage", "阶段序号", "Stage #", "integer"),
  lossStage("stageName", "阶段", "Stage", "text"),
  lossStage("entered", "进入数", "Reached", "integer"),
  lossStage("lost", "流失数", "Lost", "integer"),
  lossStage("lossRate", "流失率", "Loss rate", "rate"),
  lossStage("mainReason", "主要流失原因", "Main reason", "text"),
  lossStage("mainReasonShare", "主要原因占比", "Main reason share", "rate"),
] as const;

const trend = columnsOf<TrendRow>();
export const TREND_COLUMNS = [
  trend("period", "周期", "Period", "text"),
  trend("newLeads", "新增线索", "New leads", "integer"),
  trend("valid", "有效线索", "Valid leads", "integer"),
  trend("won", "成交数", "Won", "integer"),
  trend("conversionRate", "转化率", "Conversion rate", "rate"),
  trend("wonAmount", "成交金额", "Won amount", "amount"),
  trend("avgCycleDays", "平均转化周期(天)", "Average cycle days", "amount"),
] as const;

const fMonth = columnsOf<ForecastMonthRow>();
export const FORECAST_MONTH_COLUMNS = [
  fMonth("label", "预计成交月份", "Expected close month", "text"),
  fMonth("openLeads", "在跟线索", "Open leads", "integer"),
  fMonth("pipeline", "管道金额", "Pipeline", "amount"),
  fMonth("weighted", "加权金额", "Weighted", "amount"),
  fMonth("unpriced", "无金额线索", "Leads without an amount", "integer"),
] as const;

const fOwner = columnsOf<ForecastOwnerRow>();
export const FORECAST_OWNER_COLUMNS = [
  fOwner("label", "责任人", "Owner", "text"),
  fOwner("openLeads", "在跟线索", "Open leads", "integer"),
  fOwner("pipeline", "管道金额", "Pipeline", "amount"),
  fOwner("weighted", "加权金额", "Weighted", "amount"),
  fOwner("unpriced", "无金额线索", "Leads without an amount", "integer"),
] as const;

const fStage = columnsOf<ForecastStageRow>();
export const FORECAST_STAGE_COLUMNS = [
  fStage("stage", "阶段序号", "Stage #", "integer"),
  fStage("stageName", "阶段", "Stage", "text"),
  fStage("closedReached", "到达该阶段的已结案线索", "Closed leads that reached it", "integer"),
  fStage("historicalRate", "历史赢单率", "Historical win rate", "rate"),
  fStage("settingsProbability", "设置概率", "Settings probability", "rate"),
  fStage("probability", "采用概率", "Probability used", "rate"),
  fStage("sourceLabel", "概率来源", "Source", "text"),
  fStage("openLeads", "在跟线索", "Open leads", "integer"),
] as const;

const sGrade = columnsOf<ScoringGradeRow>();
export const SCORING_GRADE_COLUMNS = [
  sGrade("grade", "等级", "Grade", "text"),
  sGrade("leads", "线索数", "Leads", "integer"),
  sGrade("closed", "已结案", "Closed", "integer"),
  sGrade("won", "成交数", "Won", "integer"),
  sGrade("winRate", "赢单率", "Win rate", "rate"),
  sGrade("avgCycleDays", "平均转化周期(天)", "Average cycle days", "amount"),
] as const;

const sOption = columnsOf<ScoringOptionRow>();
export const SCORING_OPTION_COLUMNS = [
  sOption("factorLabel", "评分维度", "Factor", "text"),
  sOption("option", "选项", "Option", "text"),
  sOption("leads", "线索数", "Leads", "integer"),
  sOption("closed", "已结案", "Closed", "integer"),
  sOption("won", "成交数", "Won", "integer"),
  sOption("winRate", "赢单率", "Win rate", "rate"),
  sOption("avgCycleDays", "平均转化周期(天)", "Average cycle days", "amount"),
  sOption("lift", "提升倍数", "Lift", "amount"),
  sOption("currentPoints", "当前分值", "Current points", "integer"),
  sOption("suggestedPoints", "建议分值", "Suggested points", "integer"),
] as const;

const sWarn = columnsOf<ScoringWarningRow>();
export const SCORING_WARNING_COLUMNS = [sWarn("text", "提示", "Warning", "text")] as const;

const kpi = columnsOf<KpiRow>();
export const KPI_COLUMNS = [kpi("label", "指标", "Measure", "text"), kpi("value", "数值", "Value", "amount")] as const;

const finding = columnsOf<FindingRow>();
export const FINDING_COLUMNS = [finding("text", "发现", "Finding", "text")] as const;

/** Every new table and its columns. */
export const INSIGHT_BLOCKS = {
  losses: LOSS_COLUMNS,
  lossStages: LOSS_STAGE_COLUMNS,
  trend: TREND_COLUMNS,
  forecastByMonth: FORECAST_MONTH_COLUMNS,
  forecastByOwner: FORECAST_OWNER_COLUMNS,
  forecastStages: FORECAST_STAGE_COLUMNS,
  scoringGrades: SCORING_GRADE_COLUMNS,
  scoringOptions: SCORING_OPTION_COLUMNS,
  scoringWarnings: SCORING_WARNING_COLUMNS,
  kpis: KPI_COLUMNS,
  findings: FINDING_COLUMNS,
} as const;
export type InsightBlock = keyof typeof INSIGHT_BLOCKS;
