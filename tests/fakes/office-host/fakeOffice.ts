/**
 * The smallest `Office` global the task pane uses: onReady with a host, the
 * display language and the theme. Installed before the pane boots.
 */
export interface FakeOfficeOptions {
  host: string;
  displayLanguage: string;
  bodyBackgroundColor?: string;
}

export function installFakeOffice(options: FakeOfficeOptions): void {
  const info = { host: options.host, platform: "OfficeOnline" };
  const fake = {
    HostType: { Excel: "Excel", Word: "Word", PowerPoint: "PowerPoint", Outlook: "Outlook" },
    PlatformType: { OfficeOnline: "OfficeOnline", PC: "PC", Mac: "Mac" },
    onReady(callback?: (i: typeof info) => void) {
      return Promise.resolve(info).then((i) => {
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
