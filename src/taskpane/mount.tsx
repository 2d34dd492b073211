import { createRoot, type Root } from "react-dom/client";
import type { Locale } from "../domain/types";
import { localeFromLanguage } from "../i18n/strings";
import { App, type ViewId } from "./App";
import { NotReady } from "./NotReady";
import { OutsideExcel } from "./OutsideExcel";
import type { LeadFlowService } from "../service/service";
import { themeForOffice } from "./theme";

const LOCALE_KEY = "leadflow.uiLocale";

/** The UI language: the user's manual choice if any, else Office's display language. */
export function initialLocale(displayLanguage: string | undefined): Locale {
  try {
    const saved = window.localStorage.getItem(LOCALE_KEY);
    if (saved === "zh-CN" || saved === "en-US") return saved;
  } catch {
    // Storage can be blocked in some hosts; fall back to Office's language.
  }
  return localeFromLanguage(displayLanguage);
}

export function rememberLocale(locale: Locale): void {
  try {
    window.localStorage.setItem(LOCALE_KEY, locale);
  } catch {
    // Not remembered; the pane still works.
  }
}

export interface HostInfo {
  hostLabel: string;
  displayLanguage?: string;
  officeTheme?: { bodyBackgroundColor?: string };
  initialView?: ViewId;
}

let root: Root | undefined;
/** Each mount of the app is a new pane (a reopened pane starts from the workbook, not from the last state). */
let mounts = 0;

/** One React root for the page: the "not ready yet" message is replaced in place by the app. */
function container(): Root {
  if (root) return root;
  const el = document.getElementById("container");
  if (!el) throw new Error("The task pane page has no #container element.");
  root = createRoot(el);
  return root;
}

/** Renders the task pane with an injected workbook service (real in Excel, in-memory in tests). */
export function mountApp(service: LeadFlowService, host: HostInfo): void {
  container().render(
    <App
      key={++mounts}
      service={service}
      hostLabel={host.hostLabel}
      initialLocale={initialLocale(host.displayLanguage)}
      theme={themeForOffice(host.officeTheme)}
      initialView={host.initialView}
      onLocaleChange={rememberLocale}
    />,
  );
}

/** Renders the "open me in Excel" message. */
export function mountOutside(host: string | null): void {
  container().render(<OutsideExcel host={host} />);
}

/** Renders the bilingual "Office has not started yet" message (the pane keeps waiting for Office). */
export function mountNotReady(): void {
  container().render(<NotReady />);
}
