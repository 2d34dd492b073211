import { spawnSync } from "child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join, resolve } from "path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { serveDirectory } from "./staticServer";

export const root = resolve(__dirname, "..", "..");
export const screenshotDir = join(root, "test-artifacts", "screenshots");
/** The production webpack build plus the test host page (`--env testhost`), kept out of dist/. */
export const webDir = join(root, "test-artifacts", "web");

const CHROMIUM = process.env.LEADFLOW_CHROMIUM ?? "/usr/bin/chromium";
const CHROMIUM_FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

export function buildWeb(): void {
  const run = spawnSync(
    process.execPath,
    [
      join(root, "node_modules", "webpack", "bin", "webpack.js"),
      "--mode",
      "production",
      "--env",
      "testhost",
      "--env",
      `outputPath=${webDir}`,
    ],
    { cwd: root, encoding: "utf8" },
  );
  if (run.status !== 0) throw new Error(`webpack build failed:\n${run.stdout}\n${run.stderr}`.slice(-4000));
}

export interface Browser {
  origin: string;
  context: BrowserContext;
  /** Every URL the pages requested, for the "nothing leaves 127.0.0.1" assertion. */
  requests: string[];
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

/** Builds the add-in, serves it on 127.0.0.1 and starts headless Chromium with a new empty profile. */
export async function startBrowser(): Promise<Browser> {
  buildWeb();
  mkdirSync(screenshotDir, { recursive: true });
  const server = await serveDirectory(webDir);
  const profile = mkdtempSync(join(tmpdir(), "leadflow-chromium-"));
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (apt-get install chromium)`);
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: 360, height: 900 },
    deviceScaleFactor: 1,
  });
  const requests: string[] = [];
  context.on("request", (request) => requests.push(request.url()));
  return {
    origin: server.origin,
    context,
    requests,
    newPage: () => context.newPage(),
    close: async () => {
      await context.close();
      await server.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Runs axe-core in the page (injected from node_modules, no network) and returns serious and
 * critical violations. Fluent's keyboard manager (tabster) adds invisible `<i data-tabster-dummy>`
 * focus sentinels that hand focus straight on to the real control; axe reports them as
 * aria-hidden-focus, so they are left out of the scan (and only they).
 */
export async function seriousViolations(page: Page): Promise<{ id: string; impact: string; nodes: string[] }[]> {
  await page.addScriptTag({ path: join(root, "node_modules", "axe-core", "axe.min.js") });
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            ctx: object,
            opts: object,
          ) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }>;
        };
      }
    ).axe;
    const result = await axe.run({ exclude: [["[data-tabster-dummy]"]] }, { resultTypes: ["violations"] });
    return result.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(" ")) }));
  });
}
