import { runRefreshCommand, type CommandNote, type RefreshCommandDeps } from "../../src/commands/refreshCommand";
import { NotAvailableError, type RefreshSummary } from "../../src/service/service";
import { WorkbookError } from "../../src/workbook/port";

/** A strict fake of the ribbon event: completing twice is a bug Excel would not forgive. */
function fakeEvent() {
  const event = {
    calls: 0,
    completed() {
      event.calls++;
      if (event.calls > 1) throw new Error("event.completed() called twice");
    },
  };
  return event;
}

function fakeDeps(refresh: RefreshCommandDeps["refresh"], locale: "zh-CN" | "en-US" = "en-US") {
  const notes: CommandNote[] = [];
  const deps: RefreshCommandDeps = {
    locale,
    refresh,
    notify: async (note) => {
      notes.push(note);
    },
  };
  return { deps, notes };
}

const summary: RefreshSummary = {
  period: { kind: "quarter", year: 2024, quarter: 2 },
  refreshedAt: 45474.5,
  items: [
    { label: { zh: "渠道效果", en: "Channel review" }, count: 7 },
    { label: { zh: "阶段漏斗", en: "Funnel" }, count: 5 },
  ],
};

describe("runRefreshCommand (Refresh review ribbon button)", () => {
  test("success: shows what was rebuilt, then completes once", async () => {
    const event = fakeEvent();
    const { deps, notes } = fakeDeps(async () => summary);
    await runRefreshCommand(deps, event);
    expect(event.calls).toBe(1);
    expect(notes).toHaveLength(1);
    expect(notes[0].kind).toBe("success");
    expect(notes[0].body).toContain("2024-Q2");
    expect(notes[0].body).toContain("Channel review 7");
    expect(notes[0].body).toContain("Funnel 5");
  });

  test("success in Chinese uses the Chinese labels", async () => {
    const event = fakeEvent();
    const { deps, notes } = fakeDeps(async () => summary, "zh-CN");
    await runRefreshCommand(deps, event);
    expect(notes[0].body).toContain("渠道效果 7");
    expect(notes[0].title).toBe("刷新复盘");
    expect(event.calls).toBe(1);
  });

  test("an Office error is explained in plain words; the raw text is only a detail", async () => {
    const event = fakeEvent();
    const raw = Object.assign(new Error("RichApi.Error: The operation cannot be performed in cell edit mode."), {
      code: "InvalidOperationInCellEditMode",
    });
    const { deps, notes } = fakeDeps(() => Promise.reject(raw));
    await runRefreshCommand(deps, event);
    expect(event.calls).toBe(1);
    expect(notes[0].kind).toBe("error");
    expect(notes[0].body).not.toContain("RichApi");
    expect(notes[0].body).toMatch(/Press Enter or Esc/);
    expect(notes[0].detail).toContain("InvalidOperationInCellEditMode");
  });

  test("an unknown error still gets a plain sentence, not only the stack", async () => {
    const event = fakeEvent();
    const { deps, notes } = fakeDeps(() =>
      Promise.reject(new TypeError("Cannot read properties of undefined (reading 'x')")),
    );
    await runRefreshCommand(deps, event);
    expect(notes[0].body).toMatch(/did not finish/);
    expect(notes[0].body).not.toContain("Cannot read properties");
    expect(event.calls).toBe(1);
  });

  test("a workbook without LeadFlow says how to install it", async () => {
    for (const error of [new WorkbookError("table-missing", "no Leads table"), new NotAvailableError("refresh")]) {
      const event = fakeEvent();
      const { deps, notes } = fakeDeps(() => Promise.reject(error), "zh-CN");
      await runRefreshCommand(deps, event);
      expect(notes[0].body).toContain("安装");
      expect(event.calls).toBe(1);
    }
  });

  test("completes exactly once even when the notification itself fails", async () => {
    const event = fakeEvent();
    const deps: RefreshCommandDeps = {
      locale: "en-US",
      refresh: async () => summary,
      notify: () => Promise.reject(new Error("dialog blocked")),
    };
    await expect(runRefreshCommand(deps, event)).resolves.toBeUndefined();
    expect(event.calls).toBe(1);
  });

  test("completes exactly once when refresh throws synchronously", async () => {
    const event = fakeEvent();
    const { deps, notes } = fakeDeps(() => {
      throw new Error("boom");
    });
    await runRefreshCommand(deps, event);
    expect(event.calls).toBe(1);
    expect(notes[0].kind).toBe("error");
  });
});
