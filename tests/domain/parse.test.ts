import { parseAmount } from "../../src/domain/parse/amounts";
import {
  formatDate,
  formatDateTime,
  parseDate,
  serialFromYmd,
  todaySerial,
  ymdFromSerial,
} from "../../src/domain/parse/dates";
import { costShare, inPeriod, parseCostPeriod, parsePeriodFilter, periodLabel } from "../../src/domain/parse/periods";
import { parsePhone } from "../../src/domain/parse/phones";
import { isBlankCell, normaliseCustomerKey, normaliseText } from "../../src/domain/parse/text";
import fc from "fast-check";

const value = <T>(r: { ok: true; value: T } | { ok: false }): T => {
  if (!r.ok) throw new Error("expected ok: " + JSON.stringify(r));
  return r.value;
};
const reason = (r: { ok: boolean; reason?: string; message?: { zh: string; en: string } }): string => {
  if (r.ok) throw new Error("expected a failure");
  expect(r.message!.zh.length).toBeGreaterThan(0);
  expect(r.message!.en.length).toBeGreaterThan(0);
  return r.reason!;
};

describe("serials", () => {
  test("known anchors (Excel's serials)", () => {
    // 2024-05-01 is 45413 in Excel; 1900-03-01 is 61; 1970-01-01 is 25569.
    expect(serialFromYmd(2024, 5, 1)).toBe(45413);
    expect(serialFromYmd(1900, 3, 1)).toBe(61);
    expect(serialFromYmd(1970, 1, 1)).toBe(25569);
    expect(serialFromYmd(2024, 5, 1, 14, 30)).toBeCloseTo(45413 + 14.5 / 24, 10);
  });
  test("ymdFromSerial inverts serialFromYmd and ignores the time", () => {
    expect(ymdFromSerial(45413.75)).toEqual({ year: 2024, month: 5, day: 1 });
    fc.assert(
      fc.property(
        fc.integer({ min: 1901, max: 9998 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 28 }),
        (y, m, d) => {
          expect(ymdFromSerial(serialFromYmd(y, m, d))).toEqual({ year: y, month: m, day: d });
        },
      ),
    );
  });
  test("todaySerial uses the local calendar date of now", () => {
    expect(todaySerial(new Date(2024, 4, 1, 23, 59))).toBe(45413);
    expect(todaySerial(new Date(2024, 4, 1, 0, 1))).toBe(45413);
  });
  test("formatDate / formatDateTime", () => {
    expect(formatDate(45413)).toBe("2024-05-01");
    expect(formatDate(45413.99)).toBe("2024-05-01");
    expect(formatDateTime(45413 + 14.5 / 24)).toBe("2024-05-01 14:30");
    expect(formatDateTime(45413 + 0.99999999)).toBe("2024-05-02 00:00");
  });
});

describe("parseDate", () => {
  const may1 = 45413;
  test.each([
    ["2024-05-01"],
    ["2024/5/1"],
    ["2024.05.01"],
    ["2024年5月1日"],
    ["2024年05月01号"],
    ["  2024-5-1 "],
    ["２０２４－０５－０１"],
    ["20240501"],
    ["45413"],
  ])("%s → 2024-05-01", (text) => {
    expect(value(parseDate(text))).toBe(may1);
  });
  test("with a time", () => {
    const at = may1 + (14 * 60 + 30) / 1440;
    expect(value(parseDate("2024-05-01 14:30"))).toBeCloseTo(at, 9);
    expect(value(parseDate("2024/5/1 14:30:00"))).toBeCloseTo(at, 9);
    expect(value(parseDate("2024-05-01T14:30:00"))).toBeCloseTo(at, 9);
    expect(value(parseDate("2024年5月1日 14时30分"))).toBeCloseTo(at, 9);
    expect(value(parseDate("2024年5月1日14:30"))).toBeCloseTo(at, 9);
  });
  test("numbers are serials; JS Dates use their local fields", () => {
    expect(value(parseDate(45413.5))).toBe(45413.5);
    expect(value(parseDate(new Date(2024, 4, 1, 14, 30)))).toBeCloseTo(may1 + 14.5 / 24, 9);
  });
  test("blank is null", () => {
    expect(value(parseDate(null))).toBeNull();
    expect(value(parseDate(""))).toBeNull();
    expect(value(parseDate("   "))).toBeNull();
  });
  test("precise reasons", () => {
    expect(reason(parseDate("2024-13-01"))).toBe("month 13 out of range");
    expect(reason(parseDate("2024-04-31"))).toMatch(/day 31 out of range for 2024-04/);
    expect(reason(parseDate("2023-02-29"))).toMatch(/day 29/);
    expect(value(parseDate("2024-02-29"))).toBe(serialFromYmd(2024, 2, 29));
    expect(reason(parseDate("2024-05-01 25:00"))).toMatch(/hour 25/);
    expect(reason(parseDate("2024-05-01 10:61"))).toMatch(/minute 61/);
    expect(reason(parseDate("05/01/2024"))).toMatch(/year first/);
    expect(reason(parseDate("soon"))).toMatch(/unrecognised date "soon"/);
    expect(reason(parseDate(-3))).toMatch(/negative/);
    expect(reason(parseDate(true))).toMatch(/TRUE\/FALSE/);
    expect(reason(parseDate(new Date(NaN)))).toMatch(/invalid/);
    expect(reason(parseDate("2024-05"))).toMatch(/day missing/);
  });
  test("a month alone only where allowed", () => {
    expect(value(parseDate("2024-06", { allowMonth: true }))).toBe(serialFromYmd(2024, 6, 1));
    expect(value(parseDate("2024年6月", { allowMonth: true }))).toBe(serialFromYmd(2024, 6, 1));
  });
  test("round trip through formatDate for any date", () => {
    fc.assert(
      fc.property(fc.integer({ min: 61, max: 2958465 }), (serial) => {
        expect(value(parseDate(formatDate(serial)))).toBe(serial);
      }),
    );
  });
});

describe("parseAmount", () => {
  test.each([
    ["450000", 450000],
    ["450,000", 450000],
    ["45万", 450000],
    ["4.5万", 45000],
    ["1.2亿", 120000000],
    ["¥450000", 450000],
    ["￥450,000.50", 450000.5],
    ["4.5e5", 450000],
    ["450000元", 450000],
    ["45万元", 450000],
    ["４５０，０００", 450000],
    ["RMB 1,234,567.89", 1234567.89],
    ["0", 0],
  ])("%s → %d", (text, expected) => {
    expect(value(parseAmount(text))).toBe(expected);
  });
  test("numbers as they are, blank null", () => {
    expect(value(parseAmount(450000.25))).toBe(450000.25);
    expect(value(parseAmount(null))).toBeNull();
    expect(value(parseAmount(" "))).toBeNull();
  });
  test("precise reasons", () => {
    expect(reason(parseAmount(-5))).toMatch(/negative/);
    expect(reason(parseAmount("-450000"))).toMatch(/negative/);
    expect(reason(parseAmount("45,00,000"))).toMatch(/thousands separator/);
    expect(reason(parseAmount("about 5"))).toMatch(/unrecognised amount/);
    expect(reason(parseAmount(Infinity))).toMatch(/finite/);
    expect(reason(parseAmount(new Date()))).toMatch(/date/);
  });
  test("any non-negative number written with grouping reads back", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e12 }), (n) => {
        expect(value(parseAmount(n.toLocaleString("en-US")))).toBe(n);
        expect(value(parseAmount("¥" + n))).toBe(n);
      }),
    );
  });
});

describe("parsePhone", () => {
  test.each([
    ["13812345678", "mobile", "13812345678"],
    ["138 1234 5678", "mobile", "13812345678"],
    ["138-1234-5678", "mobile", "13812345678"],
    ["+86 138 1234 5678", "mobile", "13812345678"],
    ["008613812345678", "mobile", "13812345678"],
    ["１３８１２３４５６７８", "mobile", "13812345678"],
    ["010-12345678", "landline", "010-12345678"],
    ["(010) 1234-5678", "landline", "010-12345678"],
    ["01012345678", "landline", "010-12345678"],
    ["0755-1234567", "landline", "0755-1234567"],
    ["0755-12345678转123", "landline", "0755-12345678-123"],
    ["010-12345678-8001", "landline", "010-12345678-8001"],
    ["021 12345678 ext. 12", "landline", "021-12345678-12"],
    ["+86 10 12345678", "landline", "010-12345678"],
    ["+44 20 7123 4567", "international", "+442071234567"],
    ["+1 (415) 555-0100", "international", "+14155550100"],
  ])("%s → %s %s", (typed, kind, normalized) => {
    const p = value(parsePhone(typed))!;
    expect(p.kind).toBe(kind);
    expect(p.normalized).toBe(normalized);
  });
  test("a phone stored as a number", () => {
    expect(value(parsePhone(13812345678))!.kind).toBe("mobile");
  });
  test("blank is null", () => {
    expect(value(parsePhone(""))).toBeNull();
    expect(value(parsePhone(null))).toBeNull();
  });
  test("precise reasons", () => {
    expect(reason(parsePhone("1381234567"))).toMatch(/mobile numbers have 11 digits, this has 10/);
    expect(reason(parsePhone("12812345678"))).toMatch(/start with 13–19/);
    expect(reason(parsePhone("12345678"))).toMatch(/area code/);
    expect(reason(parsePhone("010-123456"))).toMatch(/7–8 digits, has 6/);
    expect(reason(parsePhone("+12345"))).toMatch(/7–15 digits/);
    expect(reason(parsePhone("138abc45678"))).toMatch(/characters/);
    expect(reason(parsePhone("13812345678转12"))).toMatch(/no extension/);
  });
});

describe("text", () => {
  test("normaliseText trims and makes full-width spaces plain", () => {
    expect(normaliseText("\u3000 张伟\u3000")).toBe("张伟");
    expect(normaliseText("a\u3000b")).toBe("a b");
    expect(normaliseText(null)).toBe("");
    expect(normaliseText(12)).toBe("12");
    expect(normaliseText(new Date(2024, 4, 1))).toBe("2024-05-01");
  });
  test("isBlankCell: empty or spaces only (full-width and no-break too), exactly where normaliseText gives nothing", () => {
    for (const v of [null, undefined, "", "  ", "\u3000", "\u00a0\t\n"]) expect(isBlankCell(v)).toBe(true);
    for (const v of ["0", 0, false, " a ", "\u3000张"]) expect(isBlankCell(v)).toBe(false);
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(" ", "\u3000", "\u00a0", "\t", "a", "张") }), (s) => {
        expect(isBlankCell(s)).toBe(normaliseText(s) === "");
      }),
    );
  });
  test("customer keys match the same customer typed differently", () => {
    const k = normaliseCustomerKey("上海华东精密机械有限公司");
    expect(k).toBe("上海华东精密机械");
    expect(normaliseCustomerKey(" 上海华东精密机械股份有限公司 ")).toBe(k);
    expect(normaliseCustomerKey("上海 华东·精密机械")).toBe(k);
    expect(normaliseCustomerKey("Acme Co., Ltd.")).toBe("acme");
    expect(normaliseCustomerKey("ACME LIMITED")).toBe("acme");
    expect(normaliseCustomerKey("Ａｃｍｅ Inc.")).toBe("acme");
  });
  test("customer keys keep what tells customers apart", () => {
    expect(normaliseCustomerKey("华东集团")).not.toBe(normaliseCustomerKey("华东有限公司"));
    expect(normaliseCustomerKey("Disco")).toBe("disco");
    expect(normaliseCustomerKey("有限公司")).toBe("有限公司");
  });
});

describe("periods", () => {
  test("filters", () => {
    expect(value(parsePeriodFilter("all"))).toEqual({ kind: "all" });
    expect(value(parsePeriodFilter("全部"))).toEqual({ kind: "all" });
    expect(value(parsePeriodFilter("2024"))).toEqual({ kind: "year", year: 2024 });
    expect(value(parsePeriodFilter("2024-Q2"))).toEqual({ kind: "quarter", year: 2024, quarter: 2 });
    expect(value(parsePeriodFilter("2024年第二季度"))).toEqual({ kind: "quarter", year: 2024, quarter: 2 });
    expect(value(parsePeriodFilter("2024-05"))).toEqual({ kind: "month", year: 2024, month: 5 });
    expect(value(parsePeriodFilter("2024年5月"))).toEqual({ kind: "month", year: 2024, month: 5 });
    expect(reason(parsePeriodFilter("2024-13"))).toMatch(/month 13/);
    expect(reason(parsePeriodFilter("2024-Q5"))).toMatch(/Q1–Q4/);
    expect(reason(parsePeriodFilter("last week"))).toMatch(/unrecognised period/);
  });
  test("cost periods are months or quarters only", () => {
    expect(value(parseCostPeriod("2024-Q2"))).toEqual({ kind: "quarter", year: 2024, quarter: 2 });
    expect(reason(parseCostPeriod("2024"))).toMatch(/unrecognised/);
    expect(reason(parseCostPeriod(""))).toMatch(/blank/);
  });
  test("inPeriod: boundaries, time of day, all time", () => {
    const q2 = value(parsePeriodFilter("2024-Q2"));
    expect(inPeriod(serialFromYmd(2024, 4, 1), q2)).toBe(true);
    expect(inPeriod(serialFromYmd(2024, 6, 30, 23, 59), q2)).toBe(true);
    expect(inPeriod(serialFromYmd(2024, 7, 1), q2)).toBe(false);
    expect(inPeriod(serialFromYmd(2024, 3, 31, 23, 59), q2)).toBe(false);
    expect(inPeriod(null, q2)).toBe(false);
    expect(inPeriod(null, { kind: "all" })).toBe(true);
    expect(inPeriod(serialFromYmd(2024, 12, 31), { kind: "year", year: 2024 })).toBe(true);
    expect(inPeriod(serialFromYmd(2024, 12, 31), { kind: "month", year: 2024, month: 12 })).toBe(true);
  });
  test("cost shares: full when inside, a third of a quarter per month, else none", () => {
    const q2 = value(parseCostPeriod("2024-Q2"));
    const may = value(parseCostPeriod("2024-05"));
    expect(costShare(q2, { kind: "month", year: 2024, month: 5 })).toBeCloseTo(1 / 3, 12);
    expect(costShare(q2, { kind: "month", year: 2024, month: 7 })).toBe(0);
    expect(costShare(q2, { kind: "quarter", year: 2024, quarter: 2 })).toBe(1);
    expect(costShare(q2, { kind: "year", year: 2024 })).toBe(1);
    expect(costShare(q2, { kind: "year", year: 2023 })).toBe(0);
    expect(costShare(may, { kind: "quarter", year: 2024, quarter: 2 })).toBe(1);
    expect(costShare(may, { kind: "quarter", year: 2024, quarter: 3 })).toBe(0);
    expect(costShare(may, { kind: "month", year: 2024, month: 5 })).toBe(1);
    expect(costShare(may, { kind: "all" })).toBe(1);
  });
  test("labels", () => {
    expect(periodLabel({ kind: "month", year: 2024, month: 5 })).toBe("2024-05");
    expect(periodLabel({ kind: "quarter", year: 2024, quarter: 2 })).toBe("2024-Q2");
    expect(periodLabel({ kind: "all" }, undefined, "en-US")).toBe("All");
  });
});

describe("parsePhone on numbers no one typed", () => {
  test.each([Number.NaN, Number.POSITIVE_INFINITY])("%p is rejected without printing it", (v) => {
    const r = parsePhone(v);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.message.zh).not.toMatch(/NaN|Infinity/);
      expect(r.message.en).not.toMatch(/NaN|Infinity/);
    }
  });
});
