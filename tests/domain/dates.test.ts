import fc from "fast-check";
import {
  formatDateTime,
  isoToSerialUtc,
  localDateSerial,
  localDateTimeSerial,
  serialFromYmd,
  todaySerial,
  ymdFromSerial,
} from "../../src/domain/parse/dates";
import { serialDay } from "../../src/domain/plan/leadIds";
import { normaliseText } from "../../src/domain/parse/text";
import { formatSerial } from "../../src/i18n/format";

const instant = fc.date({
  min: new Date("1990-01-01T00:00:00Z"),
  max: new Date("2090-12-31T00:00:00Z"),
  noInvalidDate: true,
});

describe("one date-serial module: local and UTC variants say which they are", () => {
  test("1899-12-30 is day 0, 2024-05-01 is 45413", () => {
    expect(serialFromYmd(1899, 12, 30)).toBe(0);
    expect(serialFromYmd(2024, 5, 1)).toBe(45413);
    expect(ymdFromSerial(45413.99)).toEqual({ year: 2024, month: 5, day: 1 });
  });

  // (Jest gives each test file its own copy of process.env, so the zone cannot be switched here: the local
  // variants are pinned by Dates built from local fields, whatever zone the tests run in.)
  test("local variants read the Date's local calendar fields", () => {
    fc.assert(
      fc.property(instant, (d) => {
        const local = serialFromYmd(
          d.getFullYear(),
          d.getMonth() + 1,
          d.getDate(),
          d.getHours(),
          d.getMinutes(),
          d.getSeconds(),
        );
        expect(localDateTimeSerial(d)).toBe(local);
        expect(localDateSerial(d)).toBe(Math.floor(local));
        expect(todaySerial(d)).toBe(localDateSerial(d));
        // Text of a Date cell is its local calendar date.
        expect(normaliseText(d)).toBe(formatDateTime(Math.floor(local)).slice(0, 10));
      }),
      { numRuns: 200 },
    );
    const d = new Date(2024, 4, 1, 23, 30, 15); // 1 May 2024 23:30:15 local
    expect(localDateSerial(d)).toBe(45413);
    expect(localDateTimeSerial(d)).toBeCloseTo(45413 + (23 * 3600 + 30 * 60 + 15) / 86400, 12);
  });

  test("ISO text of a file is read as UTC wall clock, never shifted by the local zone", () => {
    expect(isoToSerialUtc("2024-05-01T10:30:00")).toBe(45413.4375);
    expect(isoToSerialUtc("2024-05-01T10:30:00Z")).toBe(45413.4375);
    expect(isoToSerialUtc("2024-05-01T18:30:00+08:00")).toBe(45413.4375);
    expect(isoToSerialUtc("2024-05-01")).toBe(45413);
    expect(isoToSerialUtc("not a date")).toBeNull();
    expect(serialDay(45413.9)).toBe("20240501");
  });

  test("the pane's date text rounds to the minute, as before: the old arithmetic agrees on any serial", () => {
    const pad = (n: number) => String(n).padStart(2, "0");
    const before = (serial: number, withTime: boolean) => {
      const ms = Math.round((serial * 86_400_000) / 60_000) * 60_000;
      const d = new Date(Date.UTC(1899, 11, 30) + ms);
      const day = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
      return withTime ? `${day} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}` : day;
    };
    fc.assert(
      fc.property(fc.double({ min: 61, max: 2_958_465, noNaN: true }), fc.boolean(), (serial, withTime) => {
        expect(formatSerial(serial, withTime)).toBe(before(serial, withTime));
      }),
      { numRuns: 2000 },
    );
    expect(formatSerial(45437 + 0.99999999, true)).toBe("2024-05-26 00:00");
    expect(formatSerial(45437 + 0.99999999)).toBe("2024-05-26");
  });
});
