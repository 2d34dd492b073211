/* global Office */
import type { ViewId } from "./App";
import { mountApp, mountNotReady, mountOutside } from "./mount";
import type { LeadFlowService } from "../service/service";

/**
 * How long the pane waits for `Office.onReady` before it says that Office has not started.
 * office.js never resolves (nor rejects) `onReady` when one of the files it loads is blocked
 * (https://learn.microsoft.com/office/dev/add-ins/develop/initialize-add-in, note added by
 * OfficeDev/office-js-docs-pr#5418 after OfficeDev/office-js#6148 and #6040): without a timer the
 * pane would stay blank.
 */
export const READY_TIMEOUT_MS = 8000;

export interface BootOptions {
  /** Milliseconds before the "Office has not started" message (tests pass a short one). */
  readyTimeoutMs?: number;
}

/** Office's theme, where the host exposes it (not every Excel version does). */
function officeTheme(): { bodyBackgroundColor?: string } | undefined {
  try {
    return Office.context.officeTheme ?? undefined;
  } catch {
    return undefined;
  }
}

/**
 * Starts the task pane once Office is ready (the `yo office` pattern): the app in
 * Excel, a bilingual "open me in Excel" message anywhere else, and a bilingual
 * "Office has not started" message while Office is late (replaced when it arrives).
 */
export function boot(createService: () => LeadFlowService, initialView?: ViewId, options: BootOptions = {}): void {
  // office.js comes from the CDN script tag of taskpane.html. In a plain browser without
  // network it is missing; with network, onReady reports no host.
  if (typeof Office === "undefined") {
    mountOutside(null);
    return;
  }
  let ready = false;
  const timer = setTimeout(() => {
    if (!ready) mountNotReady();
  }, options.readyTimeoutMs ?? READY_TIMEOUT_MS);
  void Office.onReady((info) => {
    ready = true;
    clearTimeout(timer);
    if (info.host === Office.HostType.Excel) {
      const platform = info.platform ? ` (${String(info.platform)})` : "";
      const service = createService();
      mountApp(service, {
        hostLabel: `Excel${platform}`,
        displayLanguage: Office.context.displayLanguage,
        officeTheme: officeTheme(),
        initialView,
      });
      // Rows typed into Leads get their lead ID and created date while the pane is open (once the
      // Leads table exists; Setup switches it on after installing).
      void service.startLeadIdAutoFill?.();
    } else {
      mountOutside(info.host ? String(info.host) : null);
    }
  });
}
