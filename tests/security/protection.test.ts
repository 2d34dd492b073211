/**
 * Sheet protection (issue 7, item 2): the pure plan, the file it produces
 * (read back at the XML level), Refresh on a protected workbook through both
 * file paths, the port wrapper that lifts LeadFlow's protection around
 * writes, and the manager's "hide contacts" switch.
 */
import { tableDefs, SHEET_NAMES, isInputField } from "../../src/domain/fields/definitions";
import {
  planLift,
  planProtect,
  planUnprotect,
  PROPERTY_PROTECTION,
  unlockedRanges,
} from "../../src/domain/plan/protection";
import type { Change } from "../../src/domain/plan/changes";
import { defaultSettings } from "../../src/domain/settings/defaults";
import { protect, unprotect, withProtectionLifted } from "../../src/operations/protect";
import { refresh } from "../../src/operations/refresh";
import { WorkbookError, type WorkbookPort } from "../../src/workbook/port";
import { XlsxWorkbook } from "../support/exceljs";
import { FastXlsxPort } from "../../src/workbook/xlsx/package/fastPort";
import type { RowsByTable } from "../../src/domain/plan/install";
import {
  allCells,
  buildBook,
  colNumber,
  columnStyles,
  lockedByStyle,
  sheetParts,
  splitRef,
  unzipText,
  ymd,
} from "../support/xlsxXml";

const C = { budget: "未明确", urgency: "3个月以上", decisionAccess: "仅对接执行者", companySize: "年营收1亿以下" };
const PHONES = ["13812345678", "13987654321"];
const ROWS: RowsByTable = {
  Leads: [
    {
      leadId: "L-1",
      customer: "上海一号有限公司",
      contact: "张",
      phone: PHONES[0],
      industry: "制造业",
      needType: "产品采购",
      needDesc: "d",
      ...C,
      source: "官网注册",
      status: "跟进中",
      stage: "需求挖掘",
      owner: "王芳",
      createdAt: ymd(2024, 4, 3),
    },
    {
      leadId: "L-2",
      customer: "上海二号有限公司",
      contact: "李",
      phone: PHONES[1],
      industry: "IT",
      needType: "产品采购",
      needDesc: "d",
      ...C,
      source: "展会推荐",
      status: "跟进中",
      stage: "初步接洽",
      owner: "李强",
      createdAt: ymd(2024, 4, 2),
    },
  ],
  FollowUps: [
    {
      leadId: "L-1",
      at: ymd(2024, 4, 8, 10),
      method: "电话",
      counterpart: "张",
      summary: "s",
      intent: "中",
      feedback: "无",
      stage: "需求挖掘",
      nextStep: "约见",
      dueDate: ymd(2024, 4, 12),
      by: "王芳",
    },
  ],
};
const AS_OF = ymd(2024, 6, 1);
const NOW = new Date(2024, 5, 1, 12);
const LEADS = SHEET_NAMES.leads.zh;
const SETTINGS = SHEET_NAMES.settings.zh;

async function protectedBook(password?: string): Promise<Uint8Array> {
  const wb = await XlsxWorkbook.fromBytes(await buildBook(ROWS), { label: "t.xlsx" });
  await protect(wb, password ? { password } : {});
  return wb.toBytes();
}

/** Is the cell at (sheet, ref) locked, per its own style or its column's style? */
function lockedAt(bytes: Uint8Array, sheet: string, ref: string): boolean {
  const files = unzipText(bytes);
  const part = sheetParts(files).get(sheet)!;
  const locked = lockedByStyle(files);
  const cell = allCells(bytes)
    .get(sheet)!
    .find((c) => c.ref === ref);
  if (cell) return locked[cell.style] ?? true;
  const col = columnStyles(files[part]).get(splitRef(ref).col);
  return col === undefined ? true : (locked[col] ?? true);
}

function headerColumns(bytes: Uint8Array, sheet: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of allCells(bytes).get(sheet)!)
    if (/^[A-Z]+1$/.test(c.ref) && c.value) out.set(c.value, c.ref.replace(/1$/, ""));
  return out;
}

function sheetProtection(bytes: Uint8Array, sheet: string): string | undefined {
  const files = unzipText(bytes);
  return /<sheetProtection\b[^>]*\/?>/.exec(files[sheetParts(files).get(sheet)!])?.[0];
}

describe("protection plan (pure)", () => {
  const defs = tableDefs(5);
  const headers = defs.Leads.fields.map((f) => f.header.zh);
  const table = { address: `A1:${"A"}3`, headers: [...headers, "我的备注"] };

  test("unlocks exactly the columns people type in (and the user's own extra column), whole columns below the header", () => {
    const ranges = unlockedRanges(defs.Leads, table);
    const covered = new Set<number>();
    for (const r of ranges) {
      const m = /^([A-Z]+)2:([A-Z]+)1048576$/.exec(r);
      expect(m).not.toBeNull();
      for (let c = colNumber(m![1]); c <= colNumber(m![2]); c++) covered.add(c);
    }
    table.headers.forEach((h, i) => {
      const field = defs.Leads.fields.find((f) => f.header.zh === h);
      const typeable = field === undefined || isInputField(field);
      expect([h, covered.has(i + 1)]).toEqual([h, typeable]);
    });
    // The score columns exist and are locked, so the check above is not vacuous.
    expect(defs.Leads.fields.some((f) => f.kind === "calc")).toBe(true);
  });

  test("protects the input sheets and Settings, with insert rows, sort and filter allowed; the password is passed, never stored", () => {
    const state = {
      sheets: [LEADS, SETTINGS, "渠道效果"].map((name) => ({ name, visible: true, protected: false })),
      tables: [{ name: "Leads", sheet: LEADS, address: "A1:AE3", headers, rowCount: 2 }],
      properties: {},
    };
    const plan = planProtect({ state, locale: "zh-CN", stageCount: 5, password: "s3cret" });
    const protects = plan.changes.filter((c): c is Extract<Change, { op: "protectSheet" }> => c.op === "protectSheet");
    expect(protects.map((c) => c.sheet)).toEqual([LEADS, SETTINGS]);
    expect(protects.find((c) => c.sheet === SETTINGS)!.unlockedAddresses).toEqual([]);
    for (const p of protects)
      expect(p.options).toMatchObject({
        password: "s3cret",
        allowInsertRows: true,
        allowSort: true,
        allowAutoFilter: true,
      });
    const prop = plan.changes.find((c) => c.op === "setProperty");
    expect(prop).toEqual({ op: "setProperty", key: PROPERTY_PROTECTION, value: "on-password" });
    expect(JSON.stringify(plan.changes.filter((c) => c.op === "setProperty"))).not.toContain("s3cret");
  });

  test("re-protecting unprotects first; unprotect lists only protected sheets", () => {
    const state = {
      sheets: [
        { name: LEADS, visible: true, protected: true },
        { name: SETTINGS, visible: true, protected: false },
      ],
      tables: [{ name: "Leads", sheet: LEADS, address: "A1:AE3", headers, rowCount: 2 }],
      properties: { [PROPERTY_PROTECTION]: "on" },
    };
    expect(
      planProtect({ state, locale: "zh-CN", stageCount: 5 }).changes.map(
        (c) => `${c.op}:${"sheet" in c ? c.sheet : ""}`,
      ),
    ).toEqual([`unprotectSheet:${LEADS}`, `protectSheet:${LEADS}`, `protectSheet:${SETTINGS}`, "setProperty:"]);
    expect(planUnprotect({ state, locale: "zh-CN", stageCount: 5 }).sheets).toEqual([LEADS]);
  });

  test("lift: only protected sheets touched by the changes; a sheet protected by someone else is reported, not lifted", () => {
    const base = {
      sheets: [
        { name: LEADS, visible: true, protected: true },
        { name: SETTINGS, visible: true, protected: true },
        { name: "渠道效果", visible: true, protected: false },
      ],
      tables: [{ name: "Leads", sheet: LEADS, address: "A1:AE3", headers, rowCount: 2 }],
    };
    const changes: Change[] = [
      { op: "writeTableColumn", table: "Leads", column: "最近跟进", rowIndexes: [0], cells: [1] },
      { op: "writeCells", sheet: "渠道效果", topLeft: "A1", cells: [["x"]] },
    ];
    const ours = planLift(
      { state: { ...base, properties: { [PROPERTY_PROTECTION]: "on" } }, locale: "zh-CN", stageCount: 5 },
      changes,
    );
    expect(ours.lifted).toEqual([LEADS]);
    expect(ours.before).toEqual([{ op: "unprotectSheet", sheet: LEADS }]);
    expect(ours.after.map((c) => c.op)).toEqual(["protectSheet"]);
    const theirs = planLift({ state: { ...base, properties: {} }, locale: "zh-CN", stageCount: 5 }, changes);
    expect(theirs.lifted).toEqual([]);
    expect(theirs.foreign).toEqual([LEADS]);
  });
});

describe("protection in a real file (xlsx adapter)", () => {
  test("Leads and Settings are protected; input cells unlocked, calculated cells and headers locked", async () => {
    const bytes = await protectedBook();
    const leadsProt = sheetProtection(bytes, LEADS);
    expect(leadsProt).toMatch(/sheet="1"/);
    // In OOXML insertRows="0" means "inserting rows is NOT locked".
    expect(leadsProt).toMatch(/insertRows="0"/);
    expect(leadsProt).toMatch(/sort="0"/);
    expect(leadsProt).toMatch(/autoFilter="0"/);
    expect(sheetProtection(bytes, SETTINGS)).toMatch(/sheet="1"/);
    expect(sheetProtection(bytes, SHEET_NAMES.guide.zh)).toBeUndefined();

    const cols = headerColumns(bytes, LEADS);
    const col = (zh: string) => cols.get(zh)!;
    expect(lockedAt(bytes, LEADS, `${col("客户名称")}2`)).toBe(false);
    expect(lockedAt(bytes, LEADS, `${col("联系方式")}3`)).toBe(false);
    // A row typed below the table later: still unlocked (column style).
    expect(lockedAt(bytes, LEADS, `${col("客户名称")}500`)).toBe(false);
    expect(lockedAt(bytes, LEADS, `${col("评分")}2`)).toBe(true);
    expect(lockedAt(bytes, LEADS, `${col("等级")}3`)).toBe(true);
    expect(lockedAt(bytes, LEADS, `${col("最近跟进")}2`)).toBe(true);
    expect(lockedAt(bytes, LEADS, `${col("客户名称")}1`)).toBe(true);
    const reread = await XlsxWorkbook.fromBytes(bytes);
    const state = await reread.readState();
    expect(
      state.sheets
        .filter((s) => s.protected)
        .map((s) => s.name)
        .sort(),
    ).toEqual(
      [LEADS, SETTINGS, SHEET_NAMES.channelCosts.zh, SHEET_NAMES.conversion.zh, SHEET_NAMES.followUps.zh].sort(),
    );
    expect(state.properties[PROPERTY_PROTECTION]).toBe("on");
  });

  test("a password is hashed into the file, never written in clear", async () => {
    const bytes = await protectedBook("Pa55-word");
    const prot = sheetProtection(bytes, LEADS)!;
    expect(prot).toMatch(/hashValue="[^"]+"/);
    for (const [, text] of Object.entries(unzipText(bytes))) expect(text.includes("Pa55-word")).toBe(false);
    const state = await (await XlsxWorkbook.fromBytes(bytes)).readState();
    expect(state.properties[PROPERTY_PROTECTION]).toBe("on-password");
  });

  test("unprotect removes it again", async () => {
    const wb = await XlsxWorkbook.fromBytes(await protectedBook());
    const r = await unprotect(wb);
    expect(r.sheets.length).toBeGreaterThanOrEqual(2);
    const bytes = await wb.toBytes();
    expect(sheetProtection(bytes, LEADS)).toBeUndefined();
    expect(sheetProtection(bytes, SETTINGS)).toBeUndefined();
  });

  test.each(["generic", "fast"] as const)(
    "Refresh (%s path) works on a protected workbook and leaves it protected",
    async (path) => {
      const before = await protectedBook();
      let after: Uint8Array;
      if (path === "generic") {
        const wb = await XlsxWorkbook.fromBytes(before);
        await refresh(wb, { period: { kind: "all" }, asOf: AS_OF, now: NOW });
        after = await wb.toBytes();
      } else {
        const port = new FastXlsxPort(before);
        await refresh(port, { period: { kind: "all" }, asOf: AS_OF, now: NOW });
        after = port.save();
      }
      expect(sheetProtection(after, LEADS)).toMatch(/sheet="1"/);
      expect(sheetProtection(after, SETTINGS)).toMatch(/sheet="1"/);
      // The owned column was written: L-1's last follow-up is the follow-up's date.
      const cols = headerColumns(after, LEADS);
      const last = allCells(after)
        .get(LEADS)!
        .find((c) => c.ref === `${cols.get("最近跟进")}2`);
      expect(Number(last?.value)).toBeCloseTo(ymd(2024, 4, 8, 10), 6);
      expect(lockedAt(after, LEADS, `${cols.get("客户名称")}2`)).toBe(false);
      expect(lockedAt(after, LEADS, `${cols.get("评分")}2`)).toBe(true);
    },
  );
});

/**
 * A port that enforces protection the way Excel does (a write to a locked
 * cell of a protected sheet is refused): the file adapter underneath does
 * not enforce it, so this stands in for Excel to test the wrapper's logic.
 */
function strictPort(inner: XlsxWorkbook): WorkbookPort & { log: string[] } {
  const log: string[] = [];
  const isProtected = new Map<string, boolean>();
  return {
    log,
    readState: async () => {
      const s = await inner.readState();
      for (const sh of s.sheets) if (!isProtected.has(sh.name)) isProtected.set(sh.name, sh.protected);
      return { ...s, sheets: s.sheets.map((sh) => ({ ...sh, protected: isProtected.get(sh.name) ?? sh.protected })) };
    },
    readTables: (n, o) => inner.readTables(n, o),
    readRange: (s, a) => inner.readRange(s, a),
    async apply(changes) {
      const state = await inner.readState();
      for (const c of changes) {
        if (c.op === "unprotectSheet") isProtected.set(c.sheet, false);
        else if (c.op === "protectSheet") isProtected.set(c.sheet, true);
        else {
          const sheet =
            "sheet" in c ? c.sheet : "table" in c ? state.tables.find((t) => t.name === c.table)?.sheet : undefined;
          if (sheet && isProtected.get(sheet) && c.op !== "setProperty")
            throw new WorkbookError("protected", `write to protected ${sheet}`);
        }
        log.push(`${c.op}:${"sheet" in c ? c.sheet : "table" in c ? c.table : ""}`);
      }
      await inner.apply(changes);
    },
  };
}

describe("writing through LeadFlow's protection (port wrapper)", () => {
  test("without the wrapper a strict host refuses Refresh's writes; with it Refresh completes and the sheets end protected", async () => {
    const bytes = await protectedBook();
    const bare = strictPort(await XlsxWorkbook.fromBytes(bytes));
    await expect(refresh(bare, { period: { kind: "all" }, asOf: AS_OF, now: NOW })).rejects.toThrow(WorkbookError);

    const inner = await XlsxWorkbook.fromBytes(bytes);
    const strict = strictPort(inner);
    await refresh(withProtectionLifted(strict), { period: { kind: "all" }, asOf: AS_OF, now: NOW });
    const state = await strict.readState();
    expect(state.sheets.find((s) => s.name === LEADS)?.protected).toBe(true);
    expect(strict.log.indexOf(`unprotectSheet:${LEADS}`)).toBeLessThan(strict.log.indexOf(`writeTableColumn:Leads`));
    expect(strict.log.lastIndexOf(`protectSheet:${LEADS}`)).toBeGreaterThan(
      strict.log.lastIndexOf(`writeTableColumn:Leads`),
    );
  });

  test("a failing write still leaves the sheet protected again", async () => {
    const inner = await XlsxWorkbook.fromBytes(await protectedBook());
    const strict = strictPort(inner);
    const failing: WorkbookPort = {
      ...strict,
      async apply(changes) {
        if (changes.some((c) => c.op === "writeTableColumn"))
          throw new WorkbookError("sync-failed", "simulated failure");
        return strict.apply(changes);
      },
    };
    const lifted = withProtectionLifted(failing);
    await expect(
      lifted.apply([{ op: "writeTableColumn", table: "Leads", column: "最近跟进", rowIndexes: [0], cells: [1] }]),
    ).rejects.toThrow("simulated failure");
    expect((await strict.readState()).sheets.find((s) => s.name === LEADS)?.protected).toBe(true);
  });

  test("a password protection without the password gives a clear bilingual refusal before any write", async () => {
    const inner = await XlsxWorkbook.fromBytes(await protectedBook("pw"));
    const strict = strictPort(inner);
    const err = await withProtectionLifted(strict)
      .apply([{ op: "writeTableColumn", table: "Leads", column: "最近跟进", rowIndexes: [0], cells: [1] }])
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkbookError);
    expect((err as WorkbookError).code).toBe("protected");
    expect((err as Error).message).toMatch(/password/);
    expect((err as Error).message).toMatch(/密码/);
    expect(strict.log).toEqual([]);
  });
});

describe("manager's hide-contacts switch", () => {
  test.each([false, true])("hideContacts=%s: phone numbers on review sheets only when off", async (hide) => {
    const settings = { ...defaultSettings("zh-CN"), hideContacts: hide };
    const wb = await XlsxWorkbook.fromBytes(await buildBook(ROWS, "zh-CN", settings));
    const result = await refresh(wb, { period: { kind: "all" }, asOf: AS_OF, now: NOW });
    expect(result.report.hideContacts).toBe(hide);
    const cells = allCells(await wb.toBytes());
    const inputSheets = new Set<string>([
      LEADS,
      SHEET_NAMES.followUps.zh,
      SHEET_NAMES.conversion.zh,
      SHEET_NAMES.channelCosts.zh,
      SETTINGS,
      SHEET_NAMES.guide.zh,
    ]);
    const reviewPhones: string[] = [];
    const dueSheet = cells.get(SHEET_NAMES.reviewDue.zh);
    expect(dueSheet).toBeDefined();
    for (const [sheet, list] of cells) {
      if (inputSheets.has(sheet)) continue;
      for (const c of list)
        if (c.value && PHONES.some((p) => c.value!.includes(p))) reviewPhones.push(`${sheet}!${c.ref}`);
    }
    // Both leads are overdue as of 2024-06-01, so the due list carries them (and their phones when shown).
    const customers = dueSheet!.filter((c) => c.value === "上海一号有限公司" || c.value === "上海二号有限公司");
    expect(customers.length).toBe(2);
    if (hide) expect(reviewPhones).toEqual([]);
    else expect(reviewPhones.length).toBeGreaterThanOrEqual(2);
  });
});

describe("install's optional protect step", () => {
  test("install({ protect: true }) leaves the input sheets and Settings protected; without it nothing is protected", async () => {
    const { install } = await import("../../src/operations/install");
    const plain = XlsxWorkbook.create("a.xlsx");
    await install(plain, { locale: "en-US", now: NOW });
    expect((await plain.readState()).sheets.filter((s) => s.protected)).toEqual([]);
    const guarded = XlsxWorkbook.create("b.xlsx");
    const result = await install(guarded, { locale: "en-US", now: NOW, protect: true });
    const prot = (await guarded.readState()).sheets.filter((s) => s.protected).map((s) => s.name);
    expect(prot).toEqual(expect.arrayContaining([SHEET_NAMES.leads.en, SHEET_NAMES.settings.en]));
    expect(result.protectedSheets?.sort()).toEqual(prot.sort());
  });
});
