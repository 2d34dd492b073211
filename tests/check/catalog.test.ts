import { checkBook, type Problem } from "../../src/domain/validate";
import { defaultSettings } from "../../src/domain/settings/defaults";
import { todaySerial } from "../../src/domain/parse/dates";
import { cleanBook, toTables, DEFS } from "../support/cleanBook";
import { CATALOG } from "./catalog";

const TODAY = todaySerial(new Date());

function run(book = cleanBook(), header?: [string, string, string]): Problem[] {
  const tables = toTables(book);
  if (header) {
    const [table, key, text] = header;
    const t = tables[table as keyof typeof tables]!;
    const i = DEFS[table as keyof typeof DEFS].fields.findIndex((f) => f.key === key);
    t.headers[i] = text;
  }
  return checkBook({ tables, settings: defaultSettings("zh-CN"), locale: "zh-CN", today: TODAY });
}

const brief = (ps: Problem[]) => ps.map((p) => `${p.table}!${p.row} ${p.field} ${p.code}`);

test("the clean book has no problems (so every finding below was planted)", () => {
  expect(brief(run())).toEqual([]);
});

test("the catalog has at least 40 bad inputs across all four tables", () => {
  const bad = CATALOG.filter((c) => c.expect.length > 0);
  expect(bad.length).toBeGreaterThanOrEqual(40);
  for (const t of ["Leads", "FollowUps", "Conversion", "ChannelCosts"])
    expect(bad.some((c) => c.expect.some((e) => e.table === t))).toBe(true);
});

describe.each(CATALOG.map((c) => [c.name, c] as const))("%s", (_name, c) => {
  test("reports exactly the planted problem at its cell", () => {
    const book = cleanBook();
    c.plant(book);
    const problems = run(book, c.header);
    const expected = c.expect.map((e) => `${e.table}!${e.index < 0 ? 1 : 2 + e.index} ${e.field} ${e.code}`);
    expect(brief(problems)).toEqual(expected);
    for (const p of problems) {
      expect(p.message.length).toBeGreaterThan(10);
      if (p.col >= 0) expect(DEFS[p.table as "Leads"].fields[p.col].key).toBe(p.field);
    }
  });
});

test("messages follow the workbook's locale and name the field's header", () => {
  const book = cleanBook();
  book.Leads[3].industry = "Cars";
  const tables = toTables(book, "en-US");
  const en = checkBook({ tables, settings: defaultSettings("zh-CN"), locale: "en-US", today: TODAY });
  expect(en).toHaveLength(1);
  expect(en[0].message).toContain("Industry");
  expect(en[0].message).toContain("Pick one from the list");
  const zh = run(book);
  expect(zh[0].message).toContain("所属行业");
  expect(zh[0].message).toContain("制造业");
});

test("a missing table is reported once, and follow-ups are not all 'unknown' when Leads is gone", () => {
  const tables = toTables(cleanBook());
  delete tables.Leads;
  const ps = checkBook({ tables, settings: defaultSettings("zh-CN"), locale: "zh-CN", today: TODAY });
  expect(brief(ps)).toEqual(["Leads!0  table-missing"]);
});

test("a settings-missing flag is reported", () => {
  const ps = checkBook({
    tables: toTables(cleanBook()),
    settings: defaultSettings("zh-CN"),
    locale: "zh-CN",
    today: TODAY,
    settingsMissing: true,
  });
  expect(ps.map((p) => p.code)).toEqual(["settings-missing"]);
});

test("a Settings list edited by the admin changes what is allowed", () => {
  const s = defaultSettings("zh-CN");
  s.lists.industry.push({ value: "汽车" });
  s.lists.team = [{ value: "王芳" }];
  const book = cleanBook();
  book.Leads[3].industry = "汽车";
  const ps = checkBook({ tables: toTables(book), settings: s, locale: "zh-CN", today: TODAY });
  // The team list now exists, so owners outside it (李强 on row 3, follow-up by 李强) are reported.
  expect(brief(ps)).toEqual(["Leads!3 owner not-in-list", "FollowUps!3 by not-in-list"]);
});

test("a date typed as text: the message says so, shows the date it looks like, and asks to retype it", () => {
  const book = cleanBook();
  book.Leads[3].createdAt = "2024/5/1";
  book.Leads[3].expectedClose = "2024年6月";
  book.FollowUps[1].at = "2024-05-06 10:00";
  const en = checkBook({
    tables: toTables(book, "en-US"),
    settings: defaultSettings("zh-CN"),
    locale: "en-US",
    today: TODAY,
  });
  expect(en.map((p) => `${p.field} ${p.code}`)).toEqual([
    "expectedClose bad-date",
    "createdAt bad-date",
    "at bad-date",
  ]);
  expect(en[1].message).toContain("typed as text (looks like 2024-05-01): retype it as a date so formulas can use it");
  expect(en[0].message).toContain("looks like 2024-06)");
  expect(en[2].message).toContain("looks like 2024-05-06 10:00");
  const zh = run(book);
  expect(zh[1].message).toContain("日期以文本形式输入（看起来是 2024-05-01），请重新输入为日期，公式才能使用它");
  // Text no parser can read is still reported as not a date, with the reason.
  book.Leads[3].createdAt = "昨天";
  const unreadable = run(book).find((p) => p.field === "createdAt")!;
  expect(unreadable.code).toBe("bad-date");
  expect(unreadable.message).not.toContain("看起来是");
  expect(unreadable.message).toContain("2024-05-01 的格式");
});

test("text over 32,767 characters: too-long with its length, the text itself is not repeated in full", () => {
  const book = cleanBook();
  book.FollowUps[0].summary = "x".repeat(40000);
  const ps = run(book);
  expect(ps.map((p) => `${p.table}!${p.row} ${p.field} ${p.code}`)).toEqual(["FollowUps!2 summary too-long"]);
  expect(ps[0].message).toContain("40000");
  expect(ps[0].message).toContain("32,767");
  expect(ps[0].value.length).toBeLessThan(100);
});
