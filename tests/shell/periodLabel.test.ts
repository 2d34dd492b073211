import { periodLabel as domainPeriodLabel, type Period } from "../../src/domain/parse/periods";
import { periodLabel } from "../../src/i18n/format";
import { t } from "../../src/i18n/strings";
import { LOCALES } from "../../src/domain/types";

/**
 * The pane and the ribbon label a period with the domain's one period label
 * (src/domain/parse/periods.ts), in their own words for all time: one home for
 * the label, so a period kind the domain adds (ISO weeks) is labelled the same
 * everywhere.
 */
const PERIODS: Period[] = [
  { kind: "year", year: 2024 },
  { kind: "quarter", year: 2024, quarter: 2 },
  { kind: "month", year: 2024, month: 5 },
  { kind: "month", year: 2024, month: 11 },
  { kind: "week", year: 2025, week: 1 },
  { kind: "week", year: 2024, week: 52 },
];

describe("period labels", () => {
  test.each(LOCALES.flatMap((locale) => PERIODS.map((p) => [locale, p] as const)))(
    "%s %j: the domain's label",
    (locale, p) => {
      expect(periodLabel(p, locale)).toBe(domainPeriodLabel(p, undefined, locale));
    },
  );

  test.each([...LOCALES])("%s: all time in the pane's words", (locale) => {
    expect(periodLabel({ kind: "all" }, locale)).toBe(t("periodAll", locale));
  });
});
