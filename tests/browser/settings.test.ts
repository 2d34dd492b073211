/**
 * The Settings view in headless Chromium, on the real operations (officeService
 * over the Office adapter and the fake Excel object model) unless said
 * otherwise: edit, an invalid value's message, the preview count, apply and
 * read back from the workbook; the scoring review's suggested points with
 * their preview, applied only on request; axe; screenshots in both languages
 * and in the dark theme.
 */
import { join } from "path";
import type { Page } from "playwright-core";
import { screenshotDir, seriousViolations, startBrowser, type Browser } from "./harness";

jest.setTimeout(180_000);

let browser: Browser;

beforeAll(async () => {
  browser = await startBrowser();
}, 600_000);

afterAll(async () => {
  await browser?.close();
});

type Lang = "zh-CN" | "en-US";
type Cell = string | number | boolean | null;

interface OpenOptions {
  lang: Lang;
  backend?: "memory" | "excel";
  scenario?: "fresh" | "seeded";
  theme?: "dark";
  /** backend=excel: the workbook has LeadFlow in this language, with this many sample leads. */
  preinstall?: Lang;
  sample?: number;
}

async function open(o: OpenOptions): Promise<Page> {
  const page = await browser.newPage();
  await page.addInitScript(() => window.localStorage.clear());
  const params = new URLSearchParams({ lang: o.lang, scenario: o.scenario ?? "seeded", view: "settings" });
  if (o.backend) params.set("backend", o.backend);
  if (o.theme) params.set("theme", o.theme);
  if (o.preinstall) params.set("preinstall", o.preinstall);
  if (o.sample) params.set("sample", String(o.sample));
  await page.goto(`${browser.origin}/testhost.html?${params.toString()}`);
  await page.locator("h1").first().waitFor();
  return page;
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
}

/** A Settings table of the workbook, as the adapter reads it. */
function settingsTable(page: Page, table: string): Promise<{ headers: string[]; values: Cell[][] }> {
  return page.evaluate(async (t) => {
    const excel = (
      window as unknown as {
        __leadflowExcel: {
          port: { readTables(n: string[]): Promise<Map<string, { table: { headers: string[] }; values: Cell[][] }>> };
        };
      }
    ).__leadflowExcel;
    const data = (await excel.port.readTables([t])).get(t);
    return { headers: data?.table.headers ?? [], values: data?.values ?? [] };
  }, table);
}

async function param(page: Page, key: string): Promise<Cell> {
  const { values } = await settingsTable(page, "LF_Params");
  return values.find((r) => r[0] === key)?.[2] ?? null;
}

const plant = (page: Page, values: Record<string, string>) =>
  page.evaluate(
    (v) =>
      (
        window as unknown as { __leadflowExcel: { plant(t: string, v: Record<string, string>): Promise<void> } }
      ).__leadflowExcel.plant("Leads", v),
    values,
  );

/** A lead scoring 20 + 25 + 25 + 12 = 82 with the default points (grade A from 80, B from 60). */
const LEAD = {
  customer: "Northwind Traders Ltd.",
  contact: "Nancy Davolio",
  phone: "13912345678",
  industry: "Retail",
  companySize: "Revenue 100M-500M",
  needType: "Product purchase",
  needDesc: "200 barcode scanners",
  budget: "200k-500k",
  urgency: "Within 1 month",
  decisionAccess: "Decision maker",
  source: "Trade show",
  status: "In progress",
  stage: "Initial contact",
  owner: "Tom Chen",
};

describe("editing Settings (real operations)", () => {
  test("an invalid value is explained and blocks apply; the preview counts leads changing grade; apply writes the Settings sheet", async () => {
    const page = await open({ lang: "en-US", backend: "excel", scenario: "fresh", preinstall: "en-US" });
    await page.getByLabel("Grade A from score").waitFor();
    // Scores 82 (A), 92 (A) and 10 + 15 + 15 + 8 = 48 (C).
    await plant(page, { ...LEAD });
    await plant(page, { ...LEAD, customer: "Contoso Ltd.", phone: "13912345679", budget: "500k or more" });
    await plant(page, {
      ...LEAD,
      customer: "Fabrikam Inc.",
      phone: "13912345670",
      budget: "Under 200k",
      urgency: "2-3 months",
      decisionAccess: "Influencer",
      companySize: "Revenue under 100M",
    });

    // Grade A from 85 and B from 45: the 82 goes A → B, the 48 goes C → B, the 92 stays A: 2 of 3 leads change.
    await page.getByLabel("Grade A from score").fill("85");
    await page.getByLabel("Grade B from score").fill("45");

    // An invalid value: its message at the field, the count, and no apply.
    await page.getByLabel("Dormant after (days)").fill("ninety");
    // At the field, and in the list of problems above Apply.
    await page.getByText("Dormant days must be a positive whole number").nth(1).waitFor();
    await expect(page.getByText("Dormant days must be a positive whole number").count()).resolves.toBe(2);
    await page.getByText("1 value(s) need fixing; nothing was written to the Settings sheet.").waitFor();
    await expect(page.getByRole("button", { name: "Apply to Settings" }).isDisabled()).resolves.toBe(true);
    await shot(page, "settings-invalid-en-US");
    await page.getByLabel("Dormant after (days)").fill("60");
    await expect(page.getByText("Dormant days must be a positive whole number").count()).resolves.toBe(0);

    await page.getByRole("button", { name: "Preview changes" }).click();
    await page.getByText("2 of 3 leads would change grade.").waitFor();
    // A preview writes nothing.
    expect(await param(page, "gradeA")).toBe(80);

    await page.getByRole("button", { name: "Apply to Settings" }).click();
    await page.getByText("The Settings are written. 2 lead(s) changed grade.").waitFor();
    expect(await param(page, "gradeA")).toBe(85);
    expect(await param(page, "gradeB")).toBe(45);
    expect(await param(page, "dormantDays")).toBe(60);
    await page.close();
  });

  test("a list edit: an added option with points is written to its list table", async () => {
    const page = await open({ lang: "zh-CN", backend: "excel", scenario: "fresh", preinstall: "zh-CN" });
    await page.getByLabel("要修改的列表").waitFor();
    await page.getByLabel("要修改的列表").selectOption("budget");
    await page.getByRole("button", { name: "添加选项" }).click();
    // A blank option is an error until it is named.
    await page.getByText("选项不能为空").first().waitFor();
    await page.getByRole("textbox", { name: "选项 5", exact: true }).fill("100万以上");
    await page.getByRole("group", { name: "预算范围（计分）" }).getByLabel("“100万以上”的分值").fill("35");
    await page.getByRole("button", { name: "写入配置表" }).click();
    await page.getByText(/配置已写入/).waitFor();
    const { headers, values } = await settingsTable(page, "List_Budget");
    expect(headers.slice(0, 2)).toEqual(["选项", "分值"]);
    expect(values.map((r) => [r[0], r[1]])).toEqual([
      ["50万以上", 30],
      ["20-50万", 20],
      ["20万以下", 10],
      ["未明确", 0],
      ["100万以上", 35],
    ]);
    await page.close();
  });
});

describe("scoring review in the pane", () => {
  test("with enough closed leads: suggested points next to the current ones, the preview, applied only on request", async () => {
    const page = await open({ lang: "zh-CN", backend: "excel", scenario: "fresh", preinstall: "zh-CN", sample: 150 });
    const table = page.getByTestId("scoring-suggestions");
    await table.waitFor({ timeout: 30_000 });
    const before = await settingsTable(page, "List_Budget");
    const snapshot = await page.evaluate(() =>
      (
        window as unknown as {
          __leadflowHost: {
            service: {
              readSettings(): Promise<{
                leads: number;
                scoring: {
                  closed: number;
                  gradeChanges: number | null;
                  warnings: unknown[];
                  rows: { factor: string; option: string; currentPoints: number; suggestedPoints: number | null }[];
                };
              }>;
            };
          };
        }
      ).__leadflowHost.service.readSettings(),
    );
    expect(snapshot.scoring.closed).toBeGreaterThanOrEqual(30);
    // Every option's current and suggested points are shown, as the engine gives them.
    const shown = await table
      .locator("tbody tr")
      .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent ?? "")));
    expect(shown.map((r) => [r[2], r[3]])).toEqual(
      snapshot.scoring.rows.map((r) => [String(r.currentPoints), String(r.suggestedPoints)]),
    );
    await page
      .getByText(`应用建议分值后，${snapshot.leads} 条线索中有 ${snapshot.scoring.gradeChanges} 条会改变等级。`)
      .waitFor();
    // A higher grade winning less often than a lower one is pointed out, one line each.
    await expect(page.getByTestId("scoring-warnings").locator("div").count()).resolves.toBe(
      snapshot.scoring.warnings.length,
    );
    await shot(page, "settings-scoring-zh-CN");
    // Showing the suggestion wrote nothing.
    expect(await settingsTable(page, "List_Budget")).toEqual(before);

    await page.getByRole("button", { name: "应用建议分值" }).click();
    await page.getByText(/建议分值已写入配置表/).waitFor();
    const after = await settingsTable(page, "List_Budget");
    const budget = snapshot.scoring.rows.filter((r) => r.factor === "budget");
    expect(after.values.map((r) => [r[0], r[1]])).toEqual(budget.map((r) => [r.option, r.suggestedPoints]));
    await page.close();
  });

  test("below 30 closed leads the view says so and offers nothing to apply", async () => {
    const page = await open({ lang: "en-US", backend: "memory" });
    await page.getByTestId("scoring-too-few").waitFor();
    await page.getByText("0 closed leads, fewer than 30: no suggested points yet.").waitFor();
    await expect(page.getByRole("button", { name: "Apply suggested points" }).count()).resolves.toBe(0);
    await page.close();
  });
});

describe("the Settings view in both languages and the dark theme", () => {
  const cases: [string, OpenOptions][] = [
    ["settings-zh-CN", { lang: "zh-CN", backend: "excel", scenario: "fresh", preinstall: "zh-CN", sample: 60 }],
    ["settings-en-US", { lang: "en-US", backend: "excel", scenario: "fresh", preinstall: "en-US", sample: 60 }],
    ["settings-dark-zh-CN", { lang: "zh-CN", backend: "memory", theme: "dark" }],
    [
      "settings-dark-en-US",
      { lang: "en-US", backend: "excel", scenario: "fresh", preinstall: "en-US", sample: 60, theme: "dark" },
    ],
  ];
  test.each(cases)("%s: renders, screenshot, no serious or critical axe violations", async (name, o) => {
    const page = await open(o);
    await page.getByRole("heading", { name: o.lang === "zh-CN" ? "评分复盘" : "Scoring review" }).waitFor();
    await page.getByRole("button", { name: o.lang === "zh-CN" ? "预览变化" : "Preview changes" }).waitFor();
    await shot(page, name);
    expect(await seriousViolations(page)).toEqual([]);
    // At the narrowest pane (320 px) nothing sticks out sideways: the page does not scroll horizontally.
    await page.setViewportSize({ width: 320, height: 900 });
    const widths = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
    }));
    expect(widths.scroll).toBeLessThanOrEqual(widths.client);
    await page.close();
  });
});

describe("privacy", () => {
  test("no page of the Settings view made a request outside 127.0.0.1", () => {
    expect(browser.requests.length).toBeGreaterThan(0);
    expect(browser.requests.filter((u) => !u.startsWith(browser.origin))).toEqual([]);
  });
});
