/**
 * The smallest `Office` global the task pane uses: onReady with a host, the
 * display language and the theme. Installed before the pane boots.
 */
export interface FakeOfficeOptions {
  host: string;
  displayLanguage: string;
  bodyBackgroundColor?: string;
  /**
   * When Office.onReady resolves: at once (default), after this many milliseconds, or never
   * (what office.js does when a file it loads is blocked: the promise neither resolves nor rejects,
   * https://github.com/OfficeDev/office-js/issues/6148).
   */
  readyAfterMs?: number | "never";
}

export function installFakeOffice(options: FakeOfficeOptions): void {
  const info = { host: options.host, platform: "OfficeOnline" };
  const fake = {
    HostType: { Excel: "Excel", Word: "Word", PowerPoint: "PowerPoint", Outlook: "Outlook" },
    PlatformType: { OfficeOnline: "OfficeOnline", PC: "PC", Mac: "Mac" },
    onReady(callback?: (i: typeof info) => void) {
      const after = options.readyAfterMs ?? 0;
      const ready = new Promise<typeof info>((resolve) => {
        if (after !== "never") setTimeout(() => resolve(info), after);
      });
      return ready.then((i) => {
        callback?.(i);
        return i;
      });
    },
    context: {
      displayLanguage: options.displayLanguage,
      officeTheme: options.bodyBackgroundColor ? { bodyBackgroundColor: options.bodyBackgroundColor } : undefined,
    },
    actions: { associate: () => undefined },
  };
  (window as unknown as { Office: unknown }).Office = fake;
}
