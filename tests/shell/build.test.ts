import { spawn, spawnSync } from "child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join, resolve } from "path";
import { gzipSync } from "zlib";
import { parse as acornParse } from "acorn";
import webpack from "webpack";

/**
 * The production webpack build (what `ADDIN_URL=https://… npm run build` runs), into a scratch
 * directory so dist/ is left alone.
 */
const root = resolve(__dirname, "..", "..");
const out = mkdtempSync(join(tmpdir(), "leadflow-build-"));
const ADDIN_URL = "https://leadflow.example.com/addin";
const WEBPACK = join(root, "node_modules", "webpack", "bin", "webpack.js");
let stdout = "";
let status: number | null = null;

/** Runs webpack in a child process; returns its exit status and output. */
async function runWebpack(args: string[], env: NodeJS.ProcessEnv): Promise<{ status: number | null; output: string }> {
  const child = spawn(process.execPath, [WEBPACK, ...args], {
    cwd: root,
    env: { ...process.env, NODE_OPTIONS: "", ADDIN_URL: "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const code = await new Promise<number | null>((done) => child.on("close", done));
  return { status: code, output };
}

beforeAll(async () => {
  const run = await runWebpack(["--mode", "production", "--env", `outputPath=${out}`], { ADDIN_URL });
  stdout = run.output;
  status = run.status;
}, 600_000);

afterAll(() => rmSync(out, { recursive: true, force: true }));

describe("production build", () => {
  test("succeeds and writes the task pane, the commands page and the dialog", () => {
    expect({ status, tail: status === 0 ? "" : stdout.slice(-2000) }).toEqual({ status: 0, tail: "" });
    for (const file of [
      "taskpane.html",
      "taskpane.js",
      "commands.html",
      "commands.js",
      "dialog.html",
      "manifest.xml",
    ]) {
      expect(existsSync(join(out, file))).toBe(true);
    }
    for (const size of [16, 32, 64, 80]) expect(existsSync(join(out, "assets", `icon-${size}.png`))).toBe(true);
  });

  test("the pages load office.js from the CDN and their own bundle", () => {
    const taskpane = readFileSync(join(out, "taskpane.html"), "utf8");
    expect(taskpane).toContain("https://appsforoffice.microsoft.com/lib/1/hosted/office.js");
    // The task pane's bundle is loaded by its first script, engine-check.js (next test).
    expect(taskpane).toMatch(/src=["']?engine-check\.js/);
    expect(readFileSync(join(out, "engine-check.js"), "utf8")).toContain('"taskpane.js"');
    const commands = readFileSync(join(out, "commands.html"), "utf8");
    expect(commands).toContain("https://appsforoffice.microsoft.com/lib/1/hosted/office.js");
    expect(commands).toMatch(/src=["']?commands\.js/);
    expect(commands).not.toContain("taskpane.js");
  });

  test("the task pane's first script parses as ES5 (old Office web views); the bundle is only loaded by it", () => {
    // Excel 2019 on Windows may host the pane in Internet Explorer 11 or EdgeHTML
    // (https://learn.microsoft.com/office/dev/add-ins/concepts/browsers-used-by-office-web-add-ins): the first
    // script must run there to say so. acorn is webpack's own parser.
    const html = readFileSync(join(out, "taskpane.html"), "utf8");
    const scripts = [...html.matchAll(/<script\b[^>]*\bsrc=["']?([^"' >]+)/g)].map((m) => m[1]);
    expect(scripts).toEqual(["https://appsforoffice.microsoft.com/lib/1/hosted/office.js", "engine-check.js"]);
    const first = readFileSync(join(out, "engine-check.js"), "utf8");
    expect(() => acornParse(first, { ecmaVersion: 5, sourceType: "script" })).not.toThrow();
    // The check can fail: the modern bundle is not ES5.
    const bundle = readFileSync(join(out, "taskpane.js"), "utf8");
    expect(() => acornParse(bundle, { ecmaVersion: 5, sourceType: "script" })).toThrow();
  });

  test("the task pane bundle contains no exceljs and no Node-only code", () => {
    const js = readFileSync(join(out, "taskpane.js"), "utf8");
    expect(js.toLowerCase()).not.toContain("exceljs");
    expect(js).not.toMatch(/require\(["'](fs|path|zlib|child_process)["']\)/);
    // The command bundle does not carry the pane's React UI either.
    const commands = readFileSync(join(out, "commands.js"), "utf8");
    expect(commands.toLowerCase()).not.toContain("exceljs");
  });

  test("reports the gzipped task pane size, within the 350 KB budget", () => {
    expect(stdout).toMatch(/\[bundle size\] task pane JS: [\d.]+ KB gzipped/);
    const report = JSON.parse(readFileSync(join(out, "bundle-size.json"), "utf8")) as {
      totalGzipBytes: number;
      files: Record<string, { gzipBytes: number }>;
    };
    // Recompute independently of the plugin.
    const gz = gzipSync(readFileSync(join(out, "taskpane.js")), { level: 9 }).length;
    expect(report.files["taskpane.js"].gzipBytes).toBe(gz);
    expect(report.totalGzipBytes).toBeLessThanOrEqual(350 * 1024);
  });

  test("the production build output never mentions the dev certificate", () => {
    expect(stdout).not.toMatch(/office-addin-dev-certs|certificate/i);
  });

  test("the built manifest points at ADDIN_URL everywhere, never at localhost, and still validates", () => {
    const manifest = readFileSync(join(out, "manifest.xml"), "utf8");
    expect(manifest).not.toMatch(/localhost/);
    const urls = [...manifest.matchAll(/"(https?:\/\/[^"]+)"/g)]
      .map((m) => m[1])
      .filter((u) => !u.startsWith("http://schemas.microsoft.com/") && !u.startsWith("http://www.w3.org/"));
    expect(urls.length).toBeGreaterThan(5);
    for (const url of urls) expect(url.startsWith(`${ADDIN_URL}/`)).toBe(true);
    expect(urls).toContain(`${ADDIN_URL}/taskpane.html`);
    const schemaDir = join(__dirname, "manifest-schema");
    const check = spawnSync(
      "xmllint",
      ["--noout", "--nonet", "--schema", join(schemaDir, "OfficeAppManifestV1_1.xsd"), join(out, "manifest.xml")],
      { cwd: schemaDir, encoding: "utf8" },
    );
    expect({ status: check.status, stderr: check.stderr }).toEqual({
      status: 0,
      stderr: expect.stringContaining("validates"),
    });
  });
});

describe("the production address is a build setting (ADDIN_URL)", () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const factory = () => require(join(root, "webpack.config.js"));
  const saved = process.env.ADDIN_URL;
  beforeEach(() => delete process.env.ADDIN_URL);
  afterAll(() => {
    if (saved === undefined) delete process.env.ADDIN_URL;
    else process.env.ADDIN_URL = saved;
  });

  test("a production build without ADDIN_URL fails before building, and says how to set it", async () => {
    const run = await runWebpack(["--mode", "production", "--env", `outputPath=${join(out, "unset")}`], {});
    expect(run.status).not.toBe(0);
    expect(run.output).toMatch(/ADDIN_URL is not set/);
    expect(run.output).toMatch(/ADDIN_URL=https:\/\/your-host\/path\/ npm run build/);
    expect(existsSync(join(out, "unset", "manifest.xml"))).toBe(false);
  }, 120_000);

  test("localhost, a plain http address or a non-URL is refused in a production build", async () => {
    for (const bad of ["https://localhost:3000/", "https://127.0.0.1/", "http://leadflow.example.com/", "leadflow"]) {
      process.env.ADDIN_URL = bad;
      await expect(factory()({}, { mode: "production" })).rejects.toThrow(/ADDIN_URL/);
    }
  });

  test("an https address is used as the base of every manifest URL (a trailing slash is added)", () => {
    const { productionUrl } = factory();
    expect(productionUrl({}, { ADDIN_URL: "https://contoso.example/leadflow" })).toBe(
      "https://contoso.example/leadflow/",
    );
    expect(productionUrl({}, { ADDIN_URL: " https://contoso.example/ " })).toBe("https://contoso.example/");
  });

  test("a local build opts into localhost explicitly (--env local); development builds are not checked", async () => {
    const { productionUrl } = factory();
    expect(productionUrl({ local: true }, {})).toBe("https://localhost:3000/");
    expect(productionUrl({ local: true }, { ADDIN_URL: "https://localhost:3000" })).toBe("https://localhost:3000/");
    await expect(factory()({}, { mode: "development" })).resolves.toBeDefined();
  });

  test("npm test's build is the explicit local one, and `npm run build` is the checked one", () => {
    const scripts = (
      JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { scripts: Record<string, string> }
    ).scripts;
    expect(scripts.pretest).toBe("npm run build:local");
    expect(scripts["build:local"]).toMatch(/webpack --mode production --env local/);
    expect(scripts.build).not.toMatch(/--env local/);
  });
});

describe("office-addin-dev-certs is used by the dev server only", () => {
  afterEach(() => {
    jest.resetModules();
    jest.dontMock("office-addin-dev-certs");
  });

  function loadConfigWithFakeCerts(available: boolean) {
    const getHttpsServerOptions = jest.fn(async () => ({ ca: "CA", key: "KEY", cert: "CERT" }));
    jest.doMock(
      "office-addin-dev-certs",
      () => {
        if (!available) throw new Error("Cannot find module 'office-addin-dev-certs'");
        return { getHttpsServerOptions };
      },
      { virtual: true },
    );
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const factory = require(join(root, "webpack.config.js"));
    return { factory, getHttpsServerOptions };
  }

  test("a production build does not load it", async () => {
    const { factory, getHttpsServerOptions } = loadConfigWithFakeCerts(true);
    const config = await factory({ local: true }, { mode: "production" });
    expect(getHttpsServerOptions).not.toHaveBeenCalled();
    expect(config.devServer.server).toBeUndefined();
  });

  test("the dev server uses its certificate over https", async () => {
    const { factory, getHttpsServerOptions } = loadConfigWithFakeCerts(true);
    const config = await factory({ WEBPACK_SERVE: true }, { mode: "development" });
    expect(getHttpsServerOptions).toHaveBeenCalledTimes(1);
    expect(config.devServer.server).toEqual({ type: "https", options: { ca: "CA", key: "KEY", cert: "CERT" } });
  });

  test("the dev server still starts (plain http) when the optional package is missing", async () => {
    const warn = jest.spyOn(console, "warn").mockImplementation(() => undefined);
    const { factory } = loadConfigWithFakeCerts(false);
    const config = await factory({ WEBPACK_SERVE: true }, { mode: "development" });
    expect(config.devServer.server).toEqual({ type: "http" });
    expect(warn).toHaveBeenCalled();
    warn.mockRestore();
  });
});

describe("Node-only module guard", () => {
  test("a browser entry that imports exceljs fails the build with a clear message", async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const configFactory = require(join(root, "webpack.config.js"));
    const probeOut = mkdtempSync(join(tmpdir(), "leadflow-probe-"));
    try {
      const config = await configFactory({ outputPath: probeOut, local: true }, { mode: "production" });
      config.entry = { probe: join(__dirname, "fixtures", "importsExceljs.ts") };
      config.plugins = [new configFactory.ForbidNodeOnlyModulesPlugin()];
      config.optimization = { minimize: false };
      const stats = await new Promise<webpack.Stats>((done, fail) =>
        webpack(config, (err, result) => (err || !result ? fail(err) : done(result))),
      );
      const errors = stats.toJson({ all: false, errors: true }).errors ?? [];
      expect(errors.map((e) => e.message).join("\n")).toMatch(/Node-only module in a browser bundle: .*exceljs/);
    } finally {
      rmSync(probeOut, { recursive: true, force: true });
    }
  }, 300_000);
});
