/**
 * The pane's navigation in a 320-px task pane (issue 15 item 4), the "last
 * refreshed" line after reopening (item 5) and the period picker (issue 14
 * item 1), in headless Chromium on the fake host (see taskpane.test.ts).
 * Screenshots of the navigation in both languages and in dark theme go to
 * test-artifacts/screenshots/.
 */
import { join } from "path";
import type { Page } from "playwright-core";
import type { MemoryState } from "../fakes/office-host/memoryService";
import { screenshotDir, seriousViolations, startBrowser, type Browser } from "./harness";
import { GROUP_IDS, showView } from "./navigate";

jest.setTimeout(180_000);

let browser: Browser;

beforeAll(async () => {
  browser = await startBrowser();
}, 600_000);

afterAll(async () => {
  await browser?.close();
});

type Lang = "zh-CN" | "en-US";

/** The narrowest task pane Excel shows (320 px): the width the navigation must fit. */
const PANE_WIDTH = 320;

async function open(
  options: { lang?: Lang; view?: string; theme?: "dark"; backend?: "excel"; preinstall?: Lang; width?: number } = {},
): Promise<Page> {
  const page = await browser.newPage();
  await page.setViewportSize({ width: options.width ?? PANE_WIDTH, height: 800 });
  await page.addInitScript(() => window.localStorage.clear());
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  (page as unknown as { pageErrors: string[] }).pageErrors = errors;
  const params = new URLSearchParams({ lang: options.lang ?? "en-US", scenario: "seeded" });
  if (options.view) params.set("view", options.view);
  if (options.theme) params.set("theme", options.theme);
  if (options.backend) params.set("backend", options.backend);
  if (options.preinstall) params.set("preinstall", options.preinstall);
  params.set("delay", "20");
  await page.goto(`${browser.origin}/testhost.html?${params.toString()}`);
  await page.locator("nav [role=tab]").first().waitFor();
  return page;
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
}

/** Closes the pane and opens it again on the same workbook. */
async function reopen(page: Page): Promise<void> {
  await page.evaluate(() => (window as unknown as { __leadflowReopen: () => void }).__leadflowReopen());
  await page.locator("#group-work").waitFor();
}

function pageErrors(page: Page): string[] {
  return (page as unknown as { pageErrors: string[] }).pageErrors;
}

/** Boxes of the visible tabs (and the "more" button) of each tab list in the navigation. */
async function rowBoxes(page: Page): Promise<{ list: string; boxes: { id: string; top: number; right: number }[] }[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll("nav [role=tablist]")].map((list) => ({
      list: list.getAttribute("aria-label") ?? "",
      boxes: [...list.querySelectorAll("[role=tab], #nav-more")]
        .map((el) => ({ el, r: el.getBoundingClientRect() }))
        .filter(({ r }) => r.width > 0 && r.height > 0)
        .map(({ el, r }) => ({ id: el.id, top: Math.round(r.top), right: r.right })),
    })),
  );
}

describe("navigation that fits a 320-px pane", () => {
  for (const lang of ["zh-CN", "en-US"] as const) {
    test(`no tab row wraps, in every group (${lang})`, async () => {
      const page = await open({ lang });
      const width = await page.evaluate(() => document.documentElement.clientWidth);
      expect(width).toBeLessThanOrEqual(PANE_WIDTH);
      const checkRows = async () => {
        const rows = await rowBoxes(page);
        for (const { list, boxes } of rows) {
          expect(boxes.length).toBeGreaterThan(0);
          // One line: every visible tab has the same top; nothing sticks out past the pane's edge.
          expect({ list, tops: [...new Set(boxes.map((b) => b.top))] }).toEqual({ list, tops: [boxes[0].top] });
          for (const b of boxes)
            expect({ id: b.id, inside: b.right <= width + 0.5 }).toEqual({ id: b.id, inside: true });
        }
        // Two rows: the groups, and the chosen group's views.
        expect(rows).toHaveLength(2);
      };
      await checkRows();
      for (const group of GROUP_IDS) {
        await page.locator(`#group-${group}`).click();
        await checkRows();
      }
      // Nothing scrolls sideways.
      await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(width);
      expect(pageErrors(page)).toEqual([]);
      await page.close();
    });
  }

  test("in a pane too narrow for a group's views, the rest go into a 'more' menu that opens them", async () => {
    const page = await open({ lang: "zh-CN", width: 200 });
    await page.locator("#group-work").click();
    const more = page.locator("#nav-more");
    await more.waitFor();
    const rows = await rowBoxes(page);
    for (const { boxes } of rows) expect(new Set(boxes.map((b) => b.top)).size).toBe(1);
    await more.click();
    const items = page.getByRole("menuitem");
    await items.first().waitFor();
    const hidden = await items.allInnerTexts();
    expect(hidden.length).toBeGreaterThan(0);
    // The open menu covers nothing but its own box: the pane stays visible around it. Fluent copies the
    // FluentProvider's className onto the portal that holds the menu, so layout styles there (a full-height
    // background) would blank the pane: https://github.com/microsoft/fluentui/issues/30669
    const covered = await page.evaluate(() =>
      ["#group-work", "#group-review", "h1"].filter((sel) => {
        const el = document.querySelector(sel)!;
        const r = el.getBoundingClientRect();
        return !el.contains(document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2));
      }),
    );
    expect(covered).toEqual([]);
    // The open menu floats over the pane: the visible part, not the whole page, once it has faded in.
    await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished)));
    await page.screenshot({ path: join(screenshotDir, "navigation-more-menu-zh-CN.png") });
    await items.first().click();
    // The view picked from the menu is selected and shown in the row (the selected view never overflows).
    await expect(page.getByRole("tab", { name: hidden[0], selected: true }).isVisible()).resolves.toBe(true);
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  });
});

/** Presses `key` until the focused element satisfies `test` (evaluated in the page); fails after `max` presses. */
async function pressUntil(page: Page, key: string, test: string, max = 40): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate(test)) return;
    await page.keyboard.press(key);
  }
  if (!(await page.evaluate(test))) {
    const active = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 200));
    throw new Error(`after ${max} × ${key}, focus is on ${active}`);
  }
}

const IN_GROUPS = `document.activeElement?.closest("nav [role=tablist]:first-of-type") !== null && document.activeElement?.getAttribute("role") === "tab" && document.activeElement.id.startsWith("group-")`;
const IN_VIEWS = `document.activeElement?.getAttribute("role") === "tab" && document.activeElement.id.startsWith("tab-")`;
const ON_MORE = `document.activeElement?.id === "nav-more"`;
const focusedIs = (id: string) => `document.activeElement?.id === ${JSON.stringify(id)}`;

describe("every view is reachable with the keyboard alone", () => {
  for (const width of [PANE_WIDTH, 200]) {
    test(`Tab, the arrow keys and Enter reach every view of every group (${width} px)`, async () => {
      const page = await open({ lang: "en-US", width });
      const reached: string[] = [];
      const groups = await page.locator("nav [id^=group-]").evaluateAll((els) => els.map((e) => e.id));
      expect(groups).toEqual(GROUP_IDS.map((g) => `group-${g}`));
      for (const group of groups) {
        // Into the group tabs (from wherever focus is), along them with the arrows, Enter.
        await pressUntil(page, "Shift+Tab", IN_GROUPS);
        await pressUntil(page, "ArrowRight", focusedIs(group), 6);
        await page.keyboard.press("Enter");
        await page.locator(`#${group}[aria-selected="true"]`).waitFor();
        // Every view of the group: the ones in the row, and the ones in the "more" menu.
        const views = await page.locator("nav [role=tablist] [id^=tab-]").evaluateAll((els) => els.map((e) => e.id));
        expect(views.length).toBeGreaterThan(0);
        for (const tab of views) {
          const inRow = await page.locator(`#${tab}`).isVisible();
          await pressUntil(page, "Shift+Tab", IN_GROUPS);
          if (inRow) {
            await pressUntil(page, "Tab", IN_VIEWS);
            await pressUntil(page, "ArrowRight", focusedIs(tab), views.length + 2);
            await page.keyboard.press("Enter");
          } else {
            // The "more" button ends the row of view tabs: the arrows reach it like a tab.
            await pressUntil(page, "Tab", IN_VIEWS);
            await pressUntil(page, "ArrowRight", ON_MORE, views.length + 2);
            await page.keyboard.press("Enter");
            const item = `more-${tab.slice("tab-".length)}`;
            await page.locator(`#${item}`).waitFor();
            await pressUntil(page, "ArrowDown", focusedIs(item), views.length + 2);
            await page.keyboard.press("Enter");
          }
          await page.locator(`#${tab}[aria-selected="true"]`).waitFor();
          // The view shown is the one chosen.
          await page.locator(`main[aria-labelledby="${tab}"]`).waitFor();
          reached.push(tab);
        }
      }
      // No mouse was used: every view of the pane was reached, each once.
      expect(new Set(reached).size).toBe(reached.length);
      expect(reached).toEqual(expect.arrayContaining(["tab-setup", "tab-newLead", "tab-check", "tab-refresh"]));
      expect(pageErrors(page)).toEqual([]);
      await page.close();
    });
  }
});

/** Waits until `read()` equals `expected` (the pane saves asynchronously); fails with the last value. */
async function eventually<T>(read: () => Promise<T>, expected: T, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  let last = await read();
  while (Date.now() < until && JSON.stringify(last) !== JSON.stringify(expected)) {
    await new Promise((r) => setTimeout(r, 50));
    last = await read();
  }
  expect(last).toEqual(expected);
}

/** A setting as saved in the fake workbook's add-in settings (what a reopened workbook loads). */
function savedSetting(page: Page, name: string): Promise<unknown> {
  return page.evaluate(
    (n) =>
      (
        window as unknown as { Office: { context: { document: { settings: { saved: Map<string, unknown> } } } } }
      ).Office.context.document.settings.saved.get(n) ?? null,
    name,
  );
}

describe("each workbook remembers its last view", () => {
  test("in-memory workbook: reopened, the pane shows the view it showed last; a new workbook opens on Setup", async () => {
    const page = await open({ lang: "en-US" });
    await expect(page.locator("#tab-setup[aria-selected=true]").count()).resolves.toBe(1);
    await showView(page, "refresh");
    await reopen(page);
    await page.locator("#tab-refresh[aria-selected=true]").waitFor();
    await expect(page.locator("#group-review[aria-selected=true]").count()).resolves.toBe(1);
    await page.close();

    const other = await open({ lang: "en-US" });
    await expect(other.locator("#tab-setup[aria-selected=true]").count()).resolves.toBe(1);
    await other.close();
  });

  test("Office: the view is kept in the workbook's add-in settings (saved with saveAsync)", async () => {
    const page = await open({ lang: "en-US", backend: "excel", preinstall: "en-US" });
    await showView(page, "due");
    // What the workbook holds after the save (Office.Settings: only saved settings come back on reopen).
    await eventually(() => savedSetting(page, "leadflow.lastView"), "due");
    await reopen(page);
    await page.locator("#tab-due[aria-selected=true]").waitFor({ timeout: 30_000 });
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  });
});

describe("last refreshed is read from the workbook", () => {
  test("Office: refresh for a typed month, reopen the pane: it says when and for which period", async () => {
    const page = await open({ lang: "en-US", backend: "excel", preinstall: "en-US" });
    await showView(page, "refresh");
    await page.getByText("Not refreshed yet.").waitFor({ timeout: 30_000 });
    await page.getByLabel("Period", { exact: true }).selectOption("typed");
    await page.getByLabel("Period to review").fill("2024-06");
    await page.getByText("Reviews: 2024-06").waitFor();
    await page.getByRole("button", { name: "Refresh", exact: true }).click();
    await page.getByText("The review is refreshed (2024-06).").waitFor({ timeout: 60_000 });
    // The workbook holds the record (custom document properties written by the refresh plan).
    const props = await page.evaluate(async () => {
      const x = (
        window as unknown as {
          __leadflowExcel: { port: { readState(): Promise<{ properties: Record<string, string> }> } };
        }
      ).__leadflowExcel;
      return (await x.port.readState()).properties;
    });
    expect(props["leadflow.refreshedPeriod"]).toBe("2024-06");
    expect(Number(props["leadflow.refreshedAt"])).toBeGreaterThan(40000);

    await reopen(page);
    // Reopened on Refresh (the remembered view): the line comes from the workbook, not from the closed pane.
    await page.locator("#tab-refresh[aria-selected=true]").waitFor({ timeout: 30_000 });
    await page.getByText(/^Last refreshed: \d{4}-\d{2}-\d{2} \d{2}:\d{2}, for 2024-06$/).waitFor({ timeout: 30_000 });
    await shot(page, "refresh-last-refreshed-en-US");
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  });
});

describe("the period picker", () => {
  test("offers this week / month / quarter / year / all and a typed period, checked as it is typed (en-US)", async () => {
    const page = await open({ lang: "en-US", view: "refresh" });
    const options = await page.getByLabel("Period", { exact: true }).locator("option").allInnerTexts();
    expect(options).toEqual([
      expect.stringMatching(/^This week \(\d{4}-W\d{2}\)$/),
      expect.stringMatching(/^This month \(\d{4}-\d{2}\)$/),
      expect.stringMatching(/^This quarter \(\d{4}-Q[1-4]\)$/),
      expect.stringMatching(/^This year \(\d{4}\)$/),
      "All time",
      "Another period…",
    ]);
    await page.getByLabel("Period", { exact: true }).selectOption("typed");
    const input = page.getByLabel("Period to review");
    await input.fill("2024-W60");
    await page.getByText('week of 2024 must be 1–52: "2024-W60"').waitFor();
    await expect(page.getByRole("button", { name: "Refresh", exact: true }).isDisabled()).resolves.toBe(true);
    await expect(input.getAttribute("aria-invalid")).resolves.toBe("true");
    await input.fill("2024-W23");
    await page.getByText("Reviews: 2024 week 23 (06-03 to 06-09)").waitFor();
    await shot(page, "refresh-period-picker-en-US");
    await page.getByRole("button", { name: "Refresh", exact: true }).click();
    await page.getByText("The review is refreshed (2024-W23).").waitFor({ timeout: 20_000 });
    await page.getByText(/^Last refreshed: .*, for 2024-W23$/).waitFor();
    const state = await page.evaluate(
      () => (window as unknown as { __leadflowHost: { state: MemoryState } }).__leadflowHost.state,
    );
    expect(state.lastRefreshedPeriod).toEqual({ kind: "week", year: 2024, week: 23 });
    await expect(seriousViolations(page)).resolves.toEqual([]);
    await page.close();
  });

  test("the typed period's error is in Chinese in a Chinese pane", async () => {
    const page = await open({ lang: "zh-CN", view: "refresh" });
    await page.getByLabel("统计周期", { exact: true }).selectOption("typed");
    await page.getByLabel("周期", { exact: true }).fill("2024-13");
    await page.getByText("月份 13 超出范围（1–12）").waitFor();
    await page.getByLabel("周期", { exact: true }).fill("2024年第23周");
    await page.getByText("将复盘：2024年第23周（06-03 至 06-09）").waitFor();
    await shot(page, "refresh-period-picker-zh-CN");
    await expect(seriousViolations(page)).resolves.toEqual([]);
    await page.close();
  });
});

describe("screenshots and accessibility of the navigation", () => {
  for (const lang of ["zh-CN", "en-US"] as const) {
    for (const theme of [undefined, "dark"] as const) {
      test(`${lang}${theme ? ", dark" : ""}: each group, screenshot, no serious or critical axe violations`, async () => {
        const page = await open({ lang, theme });
        if (theme === "dark") {
          const bg = await page.evaluate(
            () => getComputedStyle(document.querySelector(".fui-FluentProvider")!).backgroundColor,
          );
          const [r, g, b] = (bg.match(/\d+/g) ?? []).map(Number);
          expect(r + g + b).toBeLessThan(3 * 80);
        }
        for (const group of GROUP_IDS) {
          await page.locator(`#group-${group}`).click();
          await page.locator(`#group-${group}[aria-selected=true]`).waitFor();
          await shot(page, `navigation-${group}${theme ? "-dark" : ""}-${lang}`);
          await expect(seriousViolations(page)).resolves.toEqual([]);
        }
        // The UI chrome of the navigation is in one language only.
        const nav = await page.locator("nav").innerText();
        if (lang === "zh-CN") expect(nav).not.toMatch(/Work|Review|Manage|Setup|Refresh/);
        else expect(nav).not.toMatch(/[\u4e00-\u9fff]/);
        expect(pageErrors(page)).toEqual([]);
        await page.close();
      });
    }
  }
});

describe("privacy", () => {
  test("no page of these tests made a request outside 127.0.0.1", () => {
    expect(browser.requests.length).toBeGreaterThan(10);
    expect(browser.requests.filter((url) => !url.startsWith(browser.origin))).toEqual([]);
  });
});
