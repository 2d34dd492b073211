import { spawn } from "child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from "fs";
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

/** Newest modification time of the files a web build depends on. */
function newestSource(): number {
  let newest = 0;
  const walk = (path: string) => {
    const st = statSync(path);
    if (st.isDirectory()) {
      for (const name of readdirSync(path)) walk(join(path, name));
    } else newest = Math.max(newest, st.mtimeMs);
  };
  for (const p of [
    "src",
    "assets",
    "tests/fakes",
    "webpack.config.js",
    "manifest.xml",
    "package.json",
    "tsconfig.json",
  ]) {
    if (existsSync(join(root, p))) walk(join(root, p));
  }
  return newest;
}

/**
 * The production webpack build with the test host page. Skipped when the last one is newer
 * than every source file (a second run in a row); a fresh checkout always builds.
 */
export async function buildWeb(): Promise<void> {
  const stamp = join(webDir, "testhost.html");
  if (existsSync(stamp) && statSync(stamp).mtimeMs > newestSource()) return;
  const args = [
    join(root, "node_modules", "webpack", "bin", "webpack.js"),
    "--mode",
    "production",
    "--env",
    "testhost",
    // The manifest keeps https://localhost:3000 (a local build, explicitly).
    "--env",
    "local",
    "--env",
    `outputPath=${webDir}`,
  ];
  await new Promise<void>((done, fail) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("error", fail);
    child.on("close", (code) =>
      code === 0 ? done() : fail(new Error(`webpack build failed:\n${output}`.slice(-4000))),
    );
  });
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
  await buildWeb();
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
