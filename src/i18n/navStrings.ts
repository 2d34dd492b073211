import type { L10n } from "../domain/types";

/**
 * UI strings of the pane's navigation and of the Refresh view's period picker
 * and last-refresh line, in both locales (spread into STRINGS).
 */
export const NAV_STRINGS = {
  viewGroups: { zh: "功能分组", en: "View groups" },
  groupWork: { zh: "日常", en: "Work" },
  groupReview: { zh: "复盘", en: "Review" },
  groupSetup: { zh: "管理", en: "Manage" },
  groupViews: { zh: "{group}中的功能", en: "{group} views" },
  moreViews: { zh: "更多", en: "More" },
  moreViewsLabel: { zh: "更多功能（{count} 项）", en: "More views ({count})" },

  periodThisWeek: { zh: "本周", en: "This week" },
  periodThisMonth: { zh: "本月", en: "This month" },
  periodThisQuarter: { zh: "本季度", en: "This quarter" },
  periodThisYear: { zh: "本年", en: "This year" },
  periodTyped: { zh: "其他周期…", en: "Another period…" },
  periodTypedLabel: { zh: "周期", en: "Period to review" },
  periodTypedHint: {
    zh: "例如 2024-W23（周）、2024-06、2024-Q2 或 2024",
    en: "For example 2024-W23 (a week), 2024-06, 2024-Q2 or 2024",
  },
  periodChosen: { zh: "将复盘：{period}", en: "Reviews: {period}" },
  lastRefreshedFor: { zh: "上次刷新：{when}，周期 {period}", en: "Last refreshed: {when}, for {period}" },
} as const satisfies Record<string, L10n>;
