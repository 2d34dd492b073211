import { createRoot } from "react-dom/client";
import type { Locale } from "../domain/types";
import { localeFromLanguage } from "../i18n/strings";
import { App, type ViewId } from "./App";
import { OutsideExcel } from "./OutsideExcel";
import type { LeadFlowService } from "./service";
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

function container(): HTMLElement {
  const el = document.getElementById("container");
  if (!el) throw new Error("The task pane page has no #container element.");
  return el;
}

/** Renders the task pane with an injected workbook service (real in Excel, in-memory in tests). */
export function mountApp(service: LeadFlowService, host: HostInfo): void {
  createRoot(container()).render(
    <App
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
  createRoot(container()).render(<OutsideExcel host={host} />);
}
