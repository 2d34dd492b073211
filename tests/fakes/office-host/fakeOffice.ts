/**
 * The smallest `Office` global the task pane uses: onReady with a host, the
 * display language, the theme, and the add-in's document settings. Installed
 * before the pane boots.
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

/**
 * Office.context.document.settings as documented
 * (https://learn.microsoft.com/javascript/api/office/office.settings): name/value pairs per add-in
 * and per document; `get` returns null for a setting that does not exist; `set` and `remove` change
 * only the in-memory copy, `saveAsync` writes it into the document and calls back with an
 * AsyncResult; the saved copy is what the add-in loads the next time the document opens.
 */
export class FakeDocumentSettings {
  private memory = new Map<string, unknown>();
  /** What is saved in the document. */
  readonly saved = new Map<string, unknown>();
  /** Set true to make saveAsync report a failure (a read-only document). */
  failSave = false;

  get(name: string): unknown {
    return this.memory.has(name) ? this.memory.get(name) : null;
  }

  set(name: string, value: unknown): void {
    this.memory.set(name, value);
  }

  remove(name: string): void {
    this.memory.delete(name);
  }

  saveAsync(
    optionsOrCallback?: unknown,
    callback?: (r: { status: string; error?: { message: string } }) => void,
  ): void {
    const cb = typeof optionsOrCallback === "function" ? optionsOrCallback : callback;
    const failed = this.failSave;
    if (!failed) {
      this.saved.clear();
      for (const [k, v] of this.memory) this.saved.set(k, v);
    }
    setTimeout(() =>
      (cb as ((r: { status: string; error?: { message: string } }) => void) | undefined)?.(
        failed ? { status: "failed", error: { message: "The document is read-only." } } : { status: "succeeded" },
      ),
    );
  }

  /** The document is closed and opened again: the add-in loads what was saved. */
  reopen(): void {
    this.memory = new Map(this.saved);
  }
}

export function installFakeOffice(options: FakeOfficeOptions): { settings: FakeDocumentSettings } {
  const info = { host: options.host, platform: "OfficeOnline" };
  const settings = new FakeDocumentSettings();
  const fake = {
    HostType: { Excel: "Excel", Word: "Word", PowerPoint: "PowerPoint", Outlook: "Outlook" },
    PlatformType: { OfficeOnline: "OfficeOnline", PC: "PC", Mac: "Mac" },
    AsyncResultStatus: { Succeeded: "succeeded", Failed: "failed" },
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
      document: { settings },
    },
    actions: { associate: () => undefined },
  };
  (window as unknown as { Office: unknown }).Office = fake;
  return { settings };
}
