/**
 * Browser-test host page (built only with `webpack --env testhost`): a fake
 * Office host behind the real task pane code, with one of two workbooks:
 *  - backend=memory (default): an in-memory LeadFlowService with planted data;
 *  - backend=excel: the real officeService (operations + Office.js adapter) on
 *    the fake Excel object model.
 * Query: ?lang=zh-CN|en-US &scenario=fresh|seeded &view=<ViewId> &theme=dark &host=Excel|Word &delay=<ms> &backend=memory|excel
 *        &ready=<ms>|never (when Office.onReady resolves) &readyTimeout=<ms> (when the pane says Office has not started)
 * `window.__leadflowReopen()` closes the pane and opens it again on the same workbook (a new service,
 * the document settings as saved, no view asked for).
 */
import type { ViewId } from "../../../src/taskpane/App";
import { boot } from "../../../src/taskpane/boot";
import type { Locale } from "../../../src/domain/types";
import { installFakeOffice } from "./fakeOffice";
import { MemoryWorkbookService, serialOf } from "./memoryService";
import { buildScenario, type ScenarioName } from "./scenarios";
import { createExcelBackend } from "./excelBackend";
import type { LeadFlowService } from "../../../src/service/service";

const params = new URLSearchParams(window.location.search);
const lang = params.get("lang") ?? "zh-CN";
const workbookLocale: Locale = (params.get("wb") as Locale | null) ?? (lang.startsWith("zh") ? "zh-CN" : "en-US");
const state = buildScenario(
  (params.get("scenario") as ScenarioName | null) ?? "fresh",
  workbookLocale,
  serialOf(new Date()),
);
if (params.get("delay")) state.stepDelayMs = Number(params.get("delay"));
let service: LeadFlowService;
if (params.get("backend") === "excel") {
  const backend = createExcelBackend();
  service = backend.service;
  (window as unknown as { __leadflowExcel: unknown }).__leadflowExcel = backend;
} else {
  service = new MemoryWorkbookService(state);
}

// What the tests read back: every write and selection the pane caused.
(window as unknown as { __leadflowHost: unknown }).__leadflowHost = { state, service };

const ready = params.get("ready");
const office = installFakeOffice({
  host: params.get("host") ?? "Excel",
  displayLanguage: lang,
  bodyBackgroundColor: params.get("theme") === "dark" ? "#1f1f1f" : "#ffffff",
  readyAfterMs: ready === "never" ? "never" : ready ? Number(ready) : undefined,
});
const readyTimeout = params.get("readyTimeout");
const start = () =>
  boot(() => service, (params.get("view") as ViewId | null) ?? undefined, {
    readyTimeoutMs: readyTimeout ? Number(readyTimeout) : undefined,
  });
// &preinstall=zh-CN|en-US (backend=excel): the workbook already has LeadFlow when the pane opens (&sample=<n> leads).
const preinstall = params.get("preinstall") as Locale | null;
const excel = (window as unknown as { __leadflowExcel?: ReturnType<typeof createExcelBackend> }).__leadflowExcel;
if (preinstall && excel) void excel.install(preinstall, Number(params.get("sample") ?? 0)).then(start);
else start();

(window as unknown as { __leadflowReopen: () => void }).__leadflowReopen = () => {
  office.settings.reopen();
  service = excel ? excel.newService() : new MemoryWorkbookService(state);
  (window as unknown as { __leadflowHost: { service: LeadFlowService } }).__leadflowHost.service = service;
  boot(() => service, undefined, { readyTimeoutMs: readyTimeout ? Number(readyTimeout) : undefined });
};
