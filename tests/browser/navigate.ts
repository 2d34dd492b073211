import type { Page } from "playwright-core";

/**
 * Navigation in the pane for the browser tests: the views sit in groups (a row of group tabs,
 * a row with the chosen group's views, the views that do not fit in a "more" menu). The group
 * of each view is read from the pane's own navigation: a group's view tabs are in the page
 * once the group is chosen.
 */
export const GROUP_IDS = ["work", "review", "setup"] as const;

/** Shows a view with the mouse: its group tab, then its tab (or the "more" menu entry). */
export async function showView(page: Page, view: string): Promise<void> {
  for (const group of GROUP_IDS) {
    if ((await page.locator(`#group-${group}`).count()) === 0) continue;
    if ((await page.locator(`#tab-${view}`).count()) === 0) {
      await page.locator(`#group-${group}`).click();
      if ((await page.locator(`#tab-${view}`).count()) === 0) continue;
    }
    if (await page.locator(`#tab-${view}`).isVisible()) await page.locator(`#tab-${view}`).click();
    else {
      await page.locator("#nav-more").click();
      await page.locator(`#more-${view}`).click();
    }
    await page.locator(`#tab-${view}[aria-selected="true"]`).waitFor();
    return;
  }
  throw new Error(`no view ${view} in the navigation`);
}

/** The pane has started: its navigation is there. */
export async function paneReady(page: Page, timeout?: number): Promise<void> {
  await page.locator("#group-work").waitFor(timeout !== undefined ? { timeout } : undefined);
}
