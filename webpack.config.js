/* eslint-disable no-undef */
// Webpack build of the task pane and the ribbon commands (the `yo office` React TypeScript shape).
// `npm run build` is the production build: it must run on any machine, so it never touches
// office-addin-dev-certs (that one installs a CA and needs admin rights); only `dev-server` does.

const path = require("path");
const zlib = require("zlib");
const CopyWebpackPlugin = require("copy-webpack-plugin");
const HtmlWebpackPlugin = require("html-webpack-plugin");

const urlDev = "https://localhost:3000/";

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]", "0.0.0.0"]);

/**
 * Where the production manifest points: the HTTPS address the built files are served from, a build
 * setting (`ADDIN_URL=https://… npm run build`). manifest.xml in the repository keeps the dev server's
 * https://localhost:3000/, which a production build replaces. Without ADDIN_URL, or with a local
 * address, the production build fails unless it is explicitly a local build (`--env local`, what
 * `npm run build:local` and the tests use): a manifest that sends every user to their own localhost
 * would install and then show an empty pane.
 */
function productionUrl(env, processEnv) {
  const local = Boolean(env && env.local);
  const raw = String((processEnv && processEnv.ADDIN_URL) || "").trim();
  const fail = (why) => {
    throw new Error(
      `${why} Set the address the add-in is served from: ADDIN_URL=https://your-host/path/ npm run build ` +
        "(or build for this machine only with npm run build:local).",
    );
  };
  if (!raw) {
    if (local) return urlDev;
    fail("ADDIN_URL is not set: the production manifest would point at https://localhost:3000.");
  }
  let url;
  try {
    url = new URL(raw);
  } catch {
    fail(`ADDIN_URL is not a URL: "${raw}".`);
  }
  if (url.protocol !== "https:")
    fail(`ADDIN_URL must be an https:// address (Office loads add-ins over HTTPS only): "${raw}".`);
  if (url.search || url.hash) fail(`ADDIN_URL must not have a query or a fragment: "${raw}".`);
  if (LOCAL_HOSTS.has(url.hostname) && !local) fail(`ADDIN_URL points at this machine: "${raw}".`);
  return url.href.endsWith("/") ? url.href : `${url.href}/`;
}

/** Bundles that run in the browser must never pull in Node-only code (docs/ARCHITECTURE.md §1: exceljs stays out of the task pane). */
const FORBIDDEN_IN_BROWSER = [
  { pattern: /[\\/]node_modules[\\/]exceljs[\\/]/, why: "exceljs is a Node library the tests use to read workbooks" },
  { pattern: /[\\/]src[\\/]workbook[\\/]xlsx[\\/]/, why: "src/workbook/xlsx is Node only" },
  { pattern: /[\\/]src[\\/]cli[\\/]/, why: "src/cli is Node only" },
  { pattern: /[\\/]node_modules[\\/](iconv-lite|saxes)[\\/]/, why: "a file-adapter dependency" },
];

/** Fails the build when a browser bundle contains a Node-only module. */
class ForbidNodeOnlyModulesPlugin {
  apply(compiler) {
    compiler.hooks.afterCompile.tap("ForbidNodeOnlyModulesPlugin", (compilation) => {
      for (const module of compilation.modules) {
        const resource = module.resource || module.userRequest || "";
        for (const rule of FORBIDDEN_IN_BROWSER) {
          if (rule.pattern.test(resource)) {
            const { WebpackError } = compiler.webpack;
            compilation.errors.push(
              new WebpackError(
                `Node-only module in a browser bundle: ${path.relative(__dirname, resource)} (${rule.why})`,
              ),
            );
          }
        }
      }
    });
  }
}

/** Logs (and writes dist/bundle-size.json with) the gzipped size of every task pane script: target ≤ 350 KB. */
class GzipSizeReportPlugin {
  constructor(options) {
    this.match = options.match;
    this.budgetBytes = options.budgetBytes;
  }
  apply(compiler) {
    compiler.hooks.thisCompilation.tap("GzipSizeReportPlugin", (compilation) => {
      compilation.hooks.processAssets.tap(
        {
          name: "GzipSizeReportPlugin",
          stage: compiler.webpack.Compilation.PROCESS_ASSETS_STAGE_REPORT,
        },
        (assets) => {
          const files = Object.keys(assets).filter((name) => this.match.test(name));
          const report = { budgetBytes: this.budgetBytes, files: {}, totalGzipBytes: 0 };
          for (const name of files) {
            const source = assets[name].source();
            const raw = Buffer.isBuffer(source) ? source : Buffer.from(source);
            const gzip = zlib.gzipSync(raw, { level: 9 }).length;
            report.files[name] = { bytes: raw.length, gzipBytes: gzip };
            report.totalGzipBytes += gzip;
          }
          const kb = (n) => (n / 1024).toFixed(1);
          const line = `[bundle size] task pane JS: ${kb(report.totalGzipBytes)} KB gzipped (budget ${kb(this.budgetBytes)} KB) — ${files
            .map((f) => `${f} ${kb(report.files[f].gzipBytes)} KB`)
            .join(", ")}`;

          console.log(line);
          if (report.totalGzipBytes > this.budgetBytes) {
            compilation.warnings.push(new compiler.webpack.WebpackError(`${line}: over budget`));
          }
          compilation.emitAsset(
            "bundle-size.json",
            new compiler.webpack.sources.RawSource(JSON.stringify(report, null, 2)),
          );
        },
      );
    });
  }
}

/** HTTPS options of the dev server: only here, and only when office-addin-dev-certs is installed (optional dependency). */
async function getHttpsOptions() {
  let devCerts;
  try {
    devCerts = require("office-addin-dev-certs");
  } catch {
    console.warn(
      "office-addin-dev-certs is not installed: the dev server runs without the Office development certificate.",
    );
    return undefined;
  }
  const httpsOptions = await devCerts.getHttpsServerOptions();
  return { ca: httpsOptions.ca, key: httpsOptions.key, cert: httpsOptions.cert };
}

module.exports = async (env, options) => {
  const dev = options.mode === "development";
  const serving = Boolean(env && env.WEBPACK_SERVE);
  // `--env testhost` adds the browser-test host page (a fake Office host + an in-memory workbook);
  // it is never part of `npm run build`.
  const withTestHost = Boolean(env && env.testhost);
  const outputPath = (env && env.outputPath) || path.resolve(__dirname, "dist");
  // Checked before anything is built, so a production build without its address stops at once.
  const urlProd = dev ? urlDev : productionUrl(env, process.env);

  const entry = {
    taskpane: ["./src/taskpane/index.tsx"],
    commands: "./src/commands/commands.ts",
    dialog: "./src/commands/dialog.ts",
  };
  if (withTestHost) entry.testhost = "./tests/fakes/office-host/testhost.tsx";

  const page = (name, template, chunks) =>
    new HtmlWebpackPlugin({ filename: `${name}.html`, template, chunks, scriptLoading: "defer" });

  const config = {
    devtool: dev ? "source-map" : false,
    entry,
    output: {
      path: outputPath,
      filename: "[name].js",
      // Keep the CLI bundle (dist/cli) that `npm run build:cli` writes next to the web build.
      clean: { keep: /^cli[\\/]/ },
    },
    resolve: {
      extensions: [".ts", ".tsx", ".html", ".js"],
      // Node built-ins have no place in the task pane: fail instead of polyfilling.
      fallback: { fs: false, path: false, os: false, crypto: false, stream: false, zlib: false },
    },
    module: {
      rules: [
        {
          test: /\.tsx?$/,
          exclude: /node_modules/,
          use: {
            loader: "ts-loader",
            options: {
              transpileOnly: true,
              compilerOptions: { noEmit: false, sourceMap: dev },
            },
          },
        },
        {
          test: /\.(png|jpg|jpeg|gif|ico)$/,
          type: "asset/resource",
          generator: { filename: "assets/[name][ext][query]" },
        },
      ],
    },
    plugins: [
      // No bundle injected into the task pane page: its first script, engine-check.js (ES5, copied as it
      // is), checks the web engine and then loads taskpane.js itself.
      page("taskpane", "./src/taskpane/taskpane.html", []),
      page("commands", "./src/commands/commands.html", ["commands"]),
      page("dialog", "./src/commands/dialog.html", ["dialog"]),
      ...(withTestHost ? [page("testhost", "./tests/fakes/office-host/testhost.html", ["testhost"])] : []),
      new CopyWebpackPlugin({
        patterns: [
          { from: "assets/*.png", to: "assets/[name][ext][query]" },
          { from: "src/taskpane/engine-check.js", to: "engine-check.js" },
          {
            from: "manifest*.xml",
            to: "[name][ext]",
            transform(content) {
              return dev ? content : content.toString().split(urlDev).join(urlProd);
            },
          },
        ],
      }),
      new ForbidNodeOnlyModulesPlugin(),
      new GzipSizeReportPlugin({ match: /^taskpane.*\.js$/, budgetBytes: 350 * 1024 }),
    ],
    performance: { hints: false },
    devServer: {
      hot: true,
      headers: { "Access-Control-Allow-Origin": "*" },
      port: process.env.npm_package_config_dev_server_port || 3000,
    },
  };

  if (serving) {
    const https = await getHttpsOptions();
    config.devServer.server = https ? { type: "https", options: https } : { type: "http" };
  }
  return config;
};

// Exposed for the build tests.
module.exports.ForbidNodeOnlyModulesPlugin = ForbidNodeOnlyModulesPlugin;
module.exports.GzipSizeReportPlugin = GzipSizeReportPlugin;
module.exports.productionUrl = productionUrl;
