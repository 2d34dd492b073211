/**
 * Settings edited from the pane: the checks (bilingual, by path), the preview
 * (leads changing grade, options in use), and the apply on a real .xlsx file
 * (package engine: edit, apply, save, reopen, read back; nothing outside the
 * Settings sheet changes) and on the Office adapter over the fake Excel object
 * model. The scoring review's suggested points are offered, never applied by
 * themselves, and only from MIN_CLOSED closed leads.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { MIN_CLOSED } from "../../src/domain/engine/scoring";
import { LIST_KEYS } from "../../src/domain/fields/lists";
import { planSettingsWrite } from "../../src/domain/plan/settingsWrite";
import { defaultSettings } from "../../src/domain/settings/defaults";
import { normalizeSettings, settingsProblems } from "../../src/domain/settings/edit";
import type { Settings } from "../../src/domain/settings/schema";
import { loadContext } from "../../src/operations/context";
import { install } from "../../src/operations/install";
import { applySettingsEdit, previewSettingsEdit, readSettingsForEdit } from "../../src/operations/settingsWrite";
import type { WorkbookPort } from "../../src/workbook/port";
import { openWorkbook, saveOpened } from "../../src/workbook/xlsx/package/open";
import { FastXlsxPort } from "../../src/workbook/xlsx/package/fastPort";
import { XlsxPackage } from "../../src/workbook/xlsx/package/package";
import { FIXED_NOW, workbookWith } from "../check/realBook";
import { cleanBook } from "../support/cleanBook";
import { officeOnFake } from "../support/officeFake";
import { uninstallFakeExcel } from "../fakes/excel";
import { createOfficeService } from "../../src/service/officeService";
import { SelectableOfficeWorkbook } from "../../src/workbook/office/selection";
import { protect } from "../../src/operations/protect";
import { parts, tempDir } from "../support/xlsxFiles";
import { writtenCells } from "../support/xlsxInspect";

const clone = (s: Settings): Settings => structuredClone(s);

/** The four leads of the clean book score 82 (A). Lead 2 holds grade A by override; lead 3 has the top budget (92). */
function gradedBook() {
  const book = cleanBook();
  book.Leads[1].gradeOverride = "A";
  book.Leads[2].budget = "50万以上";
  return book;
}

/**
 * An edit of every kind the view makes: grade A from 85 (leads 1 and 4, at 82, become B; lead 2 keeps its
 * override; lead 3 at 92 stays A: 2 leads change grade), a budget option's points, an added industry, a dropped
 * source nobody uses, a cadence, a channel band's rate and the third band removed.
 */
function edit(s: Settings): Settings {
  const e = clone(s);
  e.gradeThresholds.a = 85;
  e.lists.budget[3].points = 2;
  e.lists.industry.push({ value: "物流" });
  e.lists.source = e.lists.source.filter((o) => o.value !== "短视频平台推广");
  e.cadenceDays.B = 4;
  e.channelBands[0].minRate = 0.2;
  e.channelBands = e.channelBands.slice(0, 2);
  e.lists.stage[1].limitDays = 14;
  return e;
}

async function fileWithUserSheet(): Promise<Uint8Array> {
  const { wb } = await workbookWith(gradedBook());
  // The user's own sheet: LeadFlow must never touch it.
  await wb.apply([
    { op: "ensureSheet", sheet: "我的笔记" },
    {
      op: "writeCells",
      sheet: "我的笔记",
      topLeft: "A1",
      cells: [
        ["客户", "备注"],
        ["甲公司", 42],
      ],
    },
  ]);
  return wb.toBytes();
}

describe("checking an edit", () => {
  test.each(["zh-CN", "en-US"] as const)("the defaults (%s) have no problem", (locale) => {
    expect(settingsProblems(defaultSettings(locale))).toEqual([]);
  });

  test("each broken value is named by its path, in both languages", () => {
    const s = clone(defaultSettings("zh-CN"));
    s.lists.industry[1].value = " ";
    s.lists.industry[2].value = s.lists.industry[0].value;
    s.lists.budget[0].points = Number.NaN;
    s.lists.stage[0].limitDays = 2.5;
    s.lists.status = s.lists.status.map((o) => (o.role === "won" ? { value: o.value } : o));
    s.lists.intent = [];
    s.gradeThresholds = { a: 60, b: 70 };
    s.cadenceDays.C = -1;
    s.dormantDays = 0;
    s.noReplyLimit = 1.5;
    s.channelBands.push({ grade: s.channelBands[0].grade, minRate: -0.1, minRoi: Number.NaN });
    s.fallbackGrade = "";
    const problems = settingsProblems(s);
    expect(problems.map((p) => p.path)).toEqual([
      "lists.industry.1.value",
      "lists.industry.2.value",
      "lists.budget.0.points",
      "lists.status",
      "lists.stage.0.limitDays",
      "lists.intent",
      "gradeThresholds.b",
      "cadenceDays.C",
      "dormantDays",
      "noReplyLimit",
      "channelBands",
      "channelBands.3.grade",
      "channelBands.3.minRate",
      "channelBands.3.minRoi",
      "fallbackGrade",
    ]);
    for (const p of problems) {
      expect(p.message.zh).toMatch(/[\u4e00-\u9fff]/);
      // English apart from a quoted option the user typed.
      expect(p.message.en.replace(/"[^"]*"/g, "")).toMatch(/^[\x20-\x7e]+$/);
    }
  });

  test("an unchanged Settings plans no write at all", async () => {
    const port = new FastXlsxPort(await fileWithUserSheet());
    const ctx = await loadContext(port);
    const plan = planSettingsWrite({
      state: ctx.state,
      tables: ctx.settingsTables,
      settings: ctx.settings,
      locale: ctx.locale,
    });
    expect(plan).toEqual({ changes: [], cellsWritten: 0, created: [], notWritten: [] });
  });
});

describe("on a real .xlsx file (package engine)", () => {
  test("edit, preview, apply, save, reopen: the Settings read back as edited; nothing else changed", async () => {
    const { dir, cleanup } = tempDir();
    try {
      const path = join(dir, "book.xlsx");
      const before = await fileWithUserSheet();
      writeFileSync(path, before);

      const opened = await openWorkbook(path);
      const read = await readSettingsForEdit(opened.port, { now: FIXED_NOW });
      expect(read.warnings).toEqual([]);
      expect(read.leads).toBe(4);
      const edited = edit(read.settings);

      const preview = await previewSettingsEdit(opened.port, edited);
      expect(preview).toMatchObject({
        ok: true,
        applied: false,
        preview: { leads: 4, gradeChanges: 2, optionsInUse: [], stageCountChanged: false },
      });
      const applied = await applySettingsEdit(opened.port, edited);
      expect(applied).toMatchObject({ ok: true, applied: true, preview: { gradeChanges: 2 } });
      await saveOpened(path, opened);

      const again = await openWorkbook(path);
      const back = await readSettingsForEdit(again.port, { now: FIXED_NOW });
      expect(back.warnings).toEqual([]);
      expect(back.settings).toEqual(normalizeSettings(edited));

      // Only cells of the Settings sheet were written; the user's sheet and the input sheets keep their bytes.
      const after = again.bytes;
      const sheets = new Set([...writtenCells(before, after)].map((ref) => ref.split("!")[0]));
      expect([...sheets]).toEqual(["配置"]);
      const was = parts(before);
      const now = parts(after);
      const settingsPart = new XlsxPackage(after).sheets().find((x) => x.name === "配置")?.path;
      expect(settingsPart).toMatch(/^xl\/worksheets\//);
      const changedParts = Object.keys(now).filter((k) => now[k] !== was[k]);
      for (const k of changedParts)
        expect({ part: k, allowed: k === settingsPart || /^xl\/(tables\/|sharedStrings)/.test(k) }).toEqual({
          part: k,
          allowed: true,
        });
      const tableParts = changedParts.filter((k) => k.startsWith("xl/tables/"));
      for (const k of tableParts) expect(now[k]).toMatch(/name="(List_|LF_Params)/);
    } finally {
      cleanup();
    }
  });

  test("a second apply of the same edit writes nothing", async () => {
    const port = new FastXlsxPort(await fileWithUserSheet());
    const edited = edit((await readSettingsForEdit(port)).settings);
    await applySettingsEdit(port, edited);
    const apply = jest.spyOn(port, "apply");
    const second = await applySettingsEdit(port, edited);
    expect(second).toMatchObject({ ok: true, applied: false, preview: { gradeChanges: 0, cellsToWrite: 0 } });
    expect(apply).not.toHaveBeenCalled();
  });

  test("an invalid edit writes nothing and says what is wrong", async () => {
    const port = new FastXlsxPort(await fileWithUserSheet());
    const edited = edit((await readSettingsForEdit(port)).settings);
    edited.gradeThresholds.b = 90;
    edited.lists.budget[0].points = Number.NaN;
    const apply = jest.spyOn(port, "apply");
    const r = await applySettingsEdit(port, edited);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.map((p) => p.path)).toEqual(["lists.budget.0.points", "gradeThresholds.b"]);
    expect(apply).not.toHaveBeenCalled();
  });

  test("a broken parameter the edit leaves alone keeps what the admin typed (and its warning)", async () => {
    const port = new FastXlsxPort(await fileWithUserSheet());
    const params = (await port.readTables(["LF_Params"])).get("LF_Params")!;
    const at = params.values.findIndex((r) => r[0] === "dormantDays");
    await port.apply([{ op: "writeTableColumn", table: "LF_Params", column: "值", rowIndexes: [at], cells: ["soon"] }]);
    const read = await readSettingsForEdit(port);
    expect(read.warnings.map((w) => w.en)).toEqual([
      "Parameter dormantDays has an invalid value; using the default 90",
    ]);
    const e = clone(read.settings);
    e.gradeThresholds.a = 85;
    expect(await applySettingsEdit(port, e)).toMatchObject({ ok: true, applied: true });
    const after = (await port.readTables(["LF_Params"])).get("LF_Params")!;
    expect(after.values[at][2]).toBe("soon");
    expect(after.values.find((r) => r[0] === "gradeA")![2]).toBe(85);
  });

  test("an option typed like a formula is written as text (docs/ARCHITECTURE.md §4)", async () => {
    const port = new FastXlsxPort(await fileWithUserSheet());
    const e = clone((await readSettingsForEdit(port)).settings);
    e.lists.needType.push({ value: '=HYPERLINK("http://x")' }, { value: "+1-2" });
    await applySettingsEdit(port, e);
    const t = (await port.readTables(["List_NeedType"], { formulas: true })).get("List_NeedType")!;
    expect(t.values.slice(-2).map((r) => r[0])).toEqual(['=HYPERLINK("http://x")', "+1-2"]);
    expect((t.formulas ?? []).flat().filter((f) => f)).toEqual([]);
  });

  test("dropping an option leads still hold is reported with the number of leads", async () => {
    const port = new FastXlsxPort(await fileWithUserSheet());
    const s = (await readSettingsForEdit(port)).settings;
    const e = clone(s);
    // The clean book's four leads are all in 制造业 except one each in IT, 医疗 and 教育; 教育 is renamed.
    e.lists.industry = e.lists.industry.map((o) => (o.value === "教育" ? { value: "教育培训" } : o));
    const r = await previewSettingsEdit(port, e);
    expect(r).toMatchObject({ ok: true, preview: { optionsInUse: [{ list: "industry", option: "教育", leads: 1 }] } });
  });

  test("a longer list appends rows, a shorter one blanks the rows left over; both read back", async () => {
    const port = new FastXlsxPort(await fileWithUserSheet());
    const s = (await readSettingsForEdit(port)).settings;
    const longer = clone(s);
    longer.lists.lossReason.push({ value: "价格" }, { value: "交付周期" });
    expect(await applySettingsEdit(port, longer)).toMatchObject({ ok: true, applied: true });
    expect((await readSettingsForEdit(port)).settings.lists.lossReason).toEqual(longer.lists.lossReason);
    const shorter = clone(longer);
    shorter.lists.lossReason = shorter.lists.lossReason.slice(2, 4);
    expect(await applySettingsEdit(port, shorter)).toMatchObject({ ok: true, applied: true });
    const back = await readSettingsForEdit(port);
    expect(back.warnings).toEqual([]);
    expect(back.settings.lists.lossReason).toEqual(shorter.lists.lossReason);
    for (const k of LIST_KEYS) if (k !== "lossReason") expect(back.settings.lists[k]).toEqual(s.lists[k]);
  });
});

describe("on Office (adapter over the fake Excel object model)", () => {
  async function installed(): Promise<{ wb: WorkbookPort; leadsBody: () => unknown }> {
    const { host, wb } = officeOnFake();
    await install(wb, { locale: "en-US", now: FIXED_NOW, sample: { count: 40, seed: 3 } });
    return { wb, leadsBody: () => JSON.stringify(host.state.tableBody("Leads")) };
  }

  test("edit, preview, apply, read back; Leads untouched", async () => {
    const { wb, leadsBody } = await installed();
    const read = await readSettingsForEdit(wb, { now: FIXED_NOW });
    const e = clone(read.settings);
    e.gradeThresholds = { a: 70, b: 50 };
    e.lists.urgency[0].points = 30;
    e.lists.lossReason.push({ value: "Price" });
    e.channelBands[2].minRoi = 0.5;
    e.dormantDays = 60;
    const leads = leadsBody();
    const preview = await previewSettingsEdit(wb, e);
    expect(preview.ok).toBe(true);
    if (!preview.ok) return;
    expect(preview.preview.leads).toBe(read.leads);
    expect(preview.preview.gradeChanges).toBeGreaterThan(0);
    const applied = await applySettingsEdit(wb, e);
    expect(applied).toMatchObject({ ok: true, applied: true, preview: { gradeChanges: preview.preview.gradeChanges } });
    const back = await readSettingsForEdit(wb, { now: FIXED_NOW });
    expect(back.warnings).toEqual([]);
    expect(back.settings).toEqual(normalizeSettings(e));
    expect(leadsBody()).toBe(leads);
  });
});

describe("the pane's service (officeService) on Office", () => {
  afterEach(() => uninstallFakeExcel());

  test("applySettings writes through LeadFlow's sheet protection and leaves it on; an invalid edit writes nothing", async () => {
    const { host } = officeOnFake();
    const wb = new SelectableOfficeWorkbook({ run: host.run, requirements: host.requirements });
    const service = createOfficeService(() => wb);
    await service.install({ locale: "zh-CN" });
    await protect(wb);
    const protectedNow = async () => (await wb.readState()).sheets.filter((s) => s.protected).map((s) => s.name);
    const before = await protectedNow();
    expect(before).toContain("配置");

    const snap = await service.readSettings();
    expect(snap.scoring.enough).toBe(false);
    const e = clone(snap.settings);
    e.cadenceDays.A = 2;
    e.lists.method.push({ value: "短信" });
    const bad = clone(e);
    bad.cadenceDays.A = -2;
    const apply = jest.spyOn(wb, "apply");
    expect(await service.applySettings(bad)).toMatchObject({ ok: false, problems: [{ path: "cadenceDays.A" }] });
    expect(apply).not.toHaveBeenCalled();

    // The fake refuses writes to locked cells of a protected sheet, as Excel does: without the lift this throws.
    await expect(
      wb.apply([{ op: "writeTableColumn", table: "LF_Params", column: "值", rowIndexes: [2], cells: [2] }]),
    ).rejects.toThrow();
    apply.mockClear();
    expect(await service.applySettings(e)).toMatchObject({ ok: true, applied: true });
    const back = await service.readSettings();
    expect(back.settings.cadenceDays.A).toBe(2);
    expect(back.settings.lists.method.map((o) => o.value)).toContain("短信");
    expect((await service.readLists()).lists.method).toContain("短信");
    expect((await protectedNow()).sort()).toEqual([...before].sort());
  });
});

describe("scoring review suggestions", () => {
  test("below MIN_CLOSED closed leads there are none, and the note says so", async () => {
    const port = new FastXlsxPort(await fileWithUserSheet());
    const r = await readSettingsForEdit(port, { now: FIXED_NOW });
    // The clean book has one won and one lost lead.
    expect(r.scoring).toMatchObject({ enough: false, closed: 2, minClosed: MIN_CLOSED, suggested: null });
    expect(r.scoring.note).toContain(String(MIN_CLOSED));
    expect(r.scoring.rows.every((row) => row.suggestedPoints === null)).toBe(true);
  });

  test("a higher grade winning less often than a lower one is passed on (hand-computed)", async () => {
    // Lead 1 (won) drops to 10 + 5 + 5 + 8 = 28 points, grade C; lead 3 (lost) keeps 82, grade A.
    const book = cleanBook();
    Object.assign(book.Leads[0], {
      budget: "20万以下",
      urgency: "3个月以上",
      decisionAccess: "仅对接执行者",
      companySize: "年营收1亿以下",
    });
    const { wb } = await workbookWith(book);
    const r = await readSettingsForEdit(new FastXlsxPort(await wb.toBytes()), { now: FIXED_NOW });
    expect(r.scoring.warnings).toEqual([{ higher: "A", lower: "C", higherRate: 0, lowerRate: 1 }]);
  });

  test("with enough closed leads: suggested next to current points, the grade-change preview, and apply on request", async () => {
    const { wb } = officeOnFake();
    await install(wb, { locale: "zh-CN", now: FIXED_NOW, sample: { count: 150, seed: 11 } });
    const apply = jest.spyOn(wb, "apply");
    const r = await readSettingsForEdit(wb, { now: FIXED_NOW });
    expect(apply).not.toHaveBeenCalled(); // reading never applies anything
    expect(r.scoring.closed).toBeGreaterThanOrEqual(MIN_CLOSED);
    expect(r.scoring.enough).toBe(true);
    const ctx = await loadContext(wb);
    expect(r.scoring.rows.map((x) => x.currentPoints)).toEqual(
      r.scoring.rows.map((x) => ctx.settings.lists[x.factor].find((o) => o.value === x.option)!.points),
    );
    expect(r.scoring.rows.some((x) => x.suggestedPoints !== x.currentPoints)).toBe(true);
    const suggested = r.scoring.suggested!;
    for (const x of r.scoring.rows)
      expect(suggested.lists[x.factor].find((o) => o.value === x.option)!.points).toBe(x.suggestedPoints);
    // The preview of the suggestion is the preview of applying it.
    const preview = await previewSettingsEdit(wb, suggested);
    expect(preview).toMatchObject({ ok: true, preview: { gradeChanges: r.scoring.gradeChanges } });
    await applySettingsEdit(wb, suggested);
    const back = await readSettingsForEdit(wb, { now: FIXED_NOW });
    expect(back.settings).toEqual(suggested);
  });
});
