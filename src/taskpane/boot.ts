/* global Office */
import type { ViewId } from "./App";
import { mountApp, mountOutside } from "./mount";
import type { LeadFlowService } from "./service";

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
 * Excel, a bilingual "open me in Excel" message anywhere else.
 */
export function boot(createService: () => LeadFlowService, initialView?: ViewId): void {
  // office.js comes from the CDN script tag of taskpane.html. In a plain browser without
  // network it is missing; with network, onReady reports no host.
  if (typeof Office === "undefined") {
    mountOutside(null);
    return;
  }
  void Office.onReady((info) => {
    if (info.host === Office.HostType.Excel) {
      const platform = info.platform ? ` (${String(info.platform)})` : "";
      mountApp(createService(), {
        hostLabel: `Excel${platform}`,
        displayLanguage: Office.context.displayLanguage,
        officeTheme: officeTheme(),
        initialView,
      });
    } else {
      mountOutside(info.host ? String(info.host) : null);
    }
  });
}
