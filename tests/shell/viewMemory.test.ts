/**
 * The pane remembers its last view per workbook in the add-in's document
 * settings (Office.Settings: per add-in and per document; `get` is null for a
 * setting that does not exist; `saveAsync` writes the in-memory copy into the
 * document — https://learn.microsoft.com/javascript/api/office/office.settings).
 * And the refresh record reads back tolerantly.
 */
import { createOfficeService, SETTING_LAST_VIEW } from "../../src/service/officeService";
import {
  PROPERTY_REFRESHED_AT,
  PROPERTY_REFRESHED_PERIOD,
  planRefreshRecord,
  readRefreshRecord,
} from "../../src/domain/plan/refreshRecord";
import type { DocumentSettingsStore } from "../../src/workbook/office/documentSettings";
import type { SelectableWorkbookPort } from "../../src/service/officeService";

/** A document's settings: what the add-in set, and what a save wrote into the document. */
function store(options: { failSave?: boolean } = {}) {
  const memory = new Map<string, unknown>();
  const saved = new Map<string, unknown>();
  const s: DocumentSettingsStore = {
    get: (name) => (memory.has(name) ? memory.get(name) : null),
    set: async (name, value) => {
      memory.set(name, value);
      if (options.failSave) throw new Error("The document is read-only.");
      saved.set(name, value);
    },
  };
  return { s, saved };
}

const noPort = () => {
  throw new Error("the view memory needs no workbook read");
};

describe("last view per workbook", () => {
  test("nothing remembered: null; remembered: the view, saved into the document", async () => {
    const { s, saved } = store();
    const service = createOfficeService(noPort as () => SelectableWorkbookPort, { documentSettings: () => s });
    await expect(service.lastView()).resolves.toBeNull();
    await service.rememberView("refresh");
    expect(saved.get(SETTING_LAST_VIEW)).toBe("refresh");
    await expect(service.lastView()).resolves.toBe("refresh");
  });

  test("a workbook that cannot save its settings: the pane goes on (no error), the view is not saved", async () => {
    const { s, saved } = store({ failSave: true });
    const service = createOfficeService(noPort as () => SelectableWorkbookPort, { documentSettings: () => s });
    await expect(service.rememberView("due")).resolves.toBeUndefined();
    expect(saved.size).toBe(0);
  });

  test("a host without document settings: no remembered view, no error", async () => {
    const service = createOfficeService(noPort as () => SelectableWorkbookPort, {
      documentSettings: () => {
        throw new Error("Office.context.document is undefined");
      },
    });
    await expect(service.lastView()).resolves.toBeNull();
    await expect(service.rememberView("setup")).resolves.toBeUndefined();
  });
});

describe("refresh record", () => {
  test("round trip of every kind of period", () => {
    for (const period of [
      { kind: "all" },
      { kind: "year", year: 2024 },
      { kind: "quarter", year: 2024, quarter: 2 },
      { kind: "month", year: 2024, month: 6 },
      { kind: "week", year: 2024, week: 23 },
    ] as const) {
      const props = Object.fromEntries(
        planRefreshRecord(45_500.5, period).map((c) => (c.op === "setProperty" ? [c.key, c.value] : ["", ""])),
      );
      expect(readRefreshRecord(props)).toEqual({ refreshedAt: 45_500.5, period });
    }
  });

  test("no time, or an unreadable one: no record; a time without a readable period: the time alone", () => {
    expect(readRefreshRecord({})).toBeNull();
    expect(readRefreshRecord({ [PROPERTY_REFRESHED_AT]: "yesterday" })).toBeNull();
    expect(readRefreshRecord({ [PROPERTY_REFRESHED_AT]: "45500.25" })).toEqual({ refreshedAt: 45500.25, period: null });
    expect(readRefreshRecord({ [PROPERTY_REFRESHED_AT]: "45500.25", [PROPERTY_REFRESHED_PERIOD]: "2024-13" })).toEqual({
      refreshedAt: 45500.25,
      period: null,
    });
  });
});
