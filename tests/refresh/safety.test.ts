/**
 * Refresh's promises about the user's data (docs/ARCHITECTURE.md §4): it writes
 * only cells it owns, never an input cell; refreshing twice gives the same
 * workbook; the manager's targets and notes survive; bad rows are reported,
 * never fixed, and never stop the refresh.
 */
import { tableDefs, isInputField } from "../../src/domain/fields/definitions";
import type { Change } from "../../src/domain/plan/changes";
import type { CellValue } from "../../src/domain/types";
import { refresh, type RefreshOptions } from "../../src/operations/refresh";
import type { WorkbookPort } from "../../src/workbook/port";
import { FastXlsxPort } from "../../src/workbook/xlsx/package/fastPort";
import { C, ROWS } from "./cases";
import { buildWorkbook, d, openBytes, rowsByHeader } from "../support/refreshBooks";
import { writtenCells } from "../support/xlsxInspect";

const NOW = new Date(2024, 5, 1, 18, 0, 0);
const OPTS: RefreshOptions = { period: { kind: "all" }, asOf: d(2024, 6, 1), now: NOW, updateCachedResults: true };
const INPUT = ["Leads", "FollowUps", "Conversion", "ChannelCosts"] as const;

type Path = "generic" | "fast";
async function refreshBytes(bytes: Uint8Array, path: Path, opts: RefreshOptions = OPTS) {
  if (path === "generic") {
    const wb = await openBytes(bytes);
    const r = await refresh(wb, opts);
    return { bytes: await wb.toBytes(), ...r, written: null as Set<string> | null };
  }
  const port = new FastXlsxPort(bytes);
  const r = await refresh(port, opts);
  const saved = port.save();
  return { bytes: saved, ...r, written: writtenCells(bytes, saved) };
}

async function allSheets(bytes: Uint8Array): Promise<Record<string, CellValue[][]>> {
  const wb = await openBytes(bytes);
  const out: Record<string, CellValue[][]> = {};
  for (const s of (await wb.readState()).sheets) out[s.name] = await wb.readRange(s.name, "A1:AZ300");
  return out;
}

/** Every input-field cell of the input tables, keyed "Table!row!header". */
async function inputCells(port: WorkbookPort): Promise<Map<string, CellValue>> {
  const defs = tableDefs(5);
  const t = await port.readTables([...INPUT]);
  const out = new Map<string, CellValue>();
  for (const name of INPUT) {
    const data = t.get(name)!;
    const inputHeaders = new Set(defs[name].fields.filter(isInputField).flatMap((f) => [f.header.zh, f.header.en]));
    data.values.forEach((row, i) =>
      data.table.headers.forEach((h, j) => {
        // Stage dates are input but Refresh fills blank ones: only a typed one must never change.
        if (!inputHeaders.has(h)) return;
        if (/阶段\d+进入时间/.test(h) && (row[j] === null || row[j] === "")) return;
        out.set(`${name}!${data.firstRow + i}!${h}`, row[j]);
      }),
    );
  }
  return out;
}

describe.each<Path>(["generic", "fast"])("%s path", (path) => {
  test("refreshing twice gives the same workbook, and the second refresh writes no owned cell", async () => {
    const first = await refreshBytes(await buildWorkbook(ROWS), path);
    const second = await refreshBytes(first.bytes, path);
    expect(second.report).toMatchObject({
      ownedCellsWritten: 0,
      stageDatesFilled: 0,
      conversionRowsAdded: 0,
      formulasRestored: 0,
      cachedResultsUpdated: 0,
    });
    expect(first.report.ownedCellsWritten).toBeGreaterThan(0);
    expect(await allSheets(second.bytes)).toEqual(await allSheets(first.bytes));
  });

  test("targets and notes typed into ReviewSales survive, also for other periods, and are recomputed", async () => {
    const q2 = await refreshBytes(await buildWorkbook(ROWS), path, {
      ...OPTS,
      period: { kind: "quarter", year: 2024, quarter: 2 },
    });
    // The manager types a target and notes on the team's row and a target on an owner's row.
    // Typed through the package engine, which keeps every part (the fast path's file has a PivotTable).
    const wb = new FastXlsxPort(q2.bytes);
    const sales = (await wb.readTables(["ReviewSales"])).get("ReviewSales")!;
    const rows = rowsByHeader(sales.table.headers, sales.values);
    const team = rows.findIndex((r) => r["维度"] === "团队" && r["指标"] === "新签客户数");
    const owner = rows.findIndex((r) => r["维度"] === "王芳" && r["指标"] === "销售额");
    await wb.apply([
      {
        op: "writeTableColumn",
        table: "ReviewSales",
        column: "目标",
        rowIndexes: [team, owner],
        cells: [2, 5_000_000],
      },
      { op: "writeTableColumn", table: "ReviewSales", column: "成功经验", rowIndexes: [team], cells: ["展会转化好"] },
      {
        op: "writeTableColumn",
        table: "ReviewSales",
        column: "优化措施",
        rowIndexes: [team],
        cells: ["=加强官网跟进"],
      },
    ]);
    const typed = wb.save();
    // A refresh for all time keeps the 2024-Q2 rows (they hold typed values) next to the new period's rows.
    const all = await refreshBytes(typed, path);
    const again = await refreshBytes(all.bytes, path, { ...OPTS, period: { kind: "quarter", year: 2024, quarter: 2 } });
    for (const bytes of [all.bytes, again.bytes]) {
      const t = (await (await openBytes(bytes)).readTables(["ReviewSales"])).get("ReviewSales")!;
      const got = rowsByHeader(t.table.headers, t.values);
      const q2team = got.find((r) => r["周期"] === "2024-Q2" && r["维度"] === "团队" && r["指标"] === "新签客户数")!;
      expect(q2team).toMatchObject({
        目标: 2,
        实际: 1,
        达成率: 0.5,
        成功经验: "展会转化好",
        优化措施: "=加强官网跟进",
      });
      const q2owner = got.find((r) => r["周期"] === "2024-Q2" && r["维度"] === "王芳" && r["指标"] === "销售额")!;
      expect(q2owner).toMatchObject({ 目标: 5_000_000, 实际: 450000, 达成率: 0.09 });
    }
    const periods = async (bytes: Uint8Array) => {
      const t = (await (await openBytes(bytes)).readTables(["ReviewSales"])).get("ReviewSales")!;
      return [...new Set(rowsByHeader(t.table.headers, t.values).map((r) => r["周期"]))];
    };
    expect(await periods(all.bytes)).toEqual(["全部", "2024-Q2"]);
    expect(await periods(again.bytes)).toEqual(["2024-Q2"]);
  });

  test("bad rows: the refresh completes, reports them, and changes no input cell", async () => {
    const bad = {
      ...ROWS,
      Leads: [
        ...ROWS.Leads!,
        {
          leadId: "L-6",
          customer: "坏",
          contact: "",
          phone: "12",
          industry: "外星",
          ...C,
          source: "展会推荐",
          status: "跟进中",
          stage: "不存在的阶段",
          owner: "王芳",
          createdAt: "2024年13月45日",
        },
        {
          leadId: "L-1",
          customer: "重复编号有限公司",
          contact: "张",
          phone: "13800000009",
          industry: "IT",
          ...C,
          source: "官网注册",
          status: "跟进中",
          stage: "初步接洽",
          owner: "王芳",
          createdAt: d(2024, 5, 6),
        },
      ],
      FollowUps: [
        ...ROWS.FollowUps!,
        {
          leadId: "L-404",
          at: "昨天",
          method: "飞鸽",
          counterpart: "x",
          summary: "s",
          intent: "中",
          stage: "初步接洽",
          nextStep: "n",
          dueDate: d(2024, 5, 1),
          by: "王芳",
        },
      ],
      Conversion: [...ROWS.Conversion!, { leadId: "L-4", result: "成功", amount: "45万x", closedAt: "not a date" }],
      ChannelCosts: [...ROWS.ChannelCosts!, { channel: "展会推荐", period: "2024-Q5", cost: "-1" }],
    };
    const source = await buildWorkbook(bad);
    const before = await inputCells(await openBytes(source));
    const r = await refreshBytes(source, path);
    expect(r.report.problems).toBeGreaterThan(0);
    expect(r.report.badRows).toBeGreaterThanOrEqual(5);
    const after = await inputCells(await openBytes(r.bytes));
    for (const [key, value] of before) expect([key, after.get(key)]).toEqual([key, value]);

    // The changes themselves: table columns written are owned or calculated ones; rows are appended to Conversion only.
    const defs = tableDefs(5);
    for (const c of r.changes as Change[]) {
      if (c.op === "writeTableColumn") {
        const def = defs[c.table as (typeof INPUT)[number]];
        const field = def.fields.find((f) => f.header.zh === c.column || f.header.en === c.column)!;
        if (isInputField(field)) {
          expect(field.key).toMatch(/^stage\d+At$/);
          expect(c.cells.every((x) => typeof x === "number")).toBe(true);
        } else expect(["refresh", "calc"]).toContain(field.kind);
      }
      if (c.op === "appendRows") expect(c.table).toBe("Conversion");
      expect(
        [
          "clearRange",
          "writeCells",
          "replaceTable",
          "setNumberFormat",
          "setFont",
          "setColumnWidths",
          "ensureSheet",
        ].includes(c.op)
          ? (c as { sheet: string }).sheet
          : "input",
      ).not.toMatch(/线索信息|跟进记录|转化分析|渠道投入/);
    }
  });
});

test("fast path: the cells actually written exclude every input cell", async () => {
  const source = await buildWorkbook(ROWS);
  const port = new FastXlsxPort(source);
  await refresh(port, OPTS);
  const saved = port.save();
  const wb = await openBytes(source);
  const t = await wb.readTables(["Leads", "FollowUps", "Conversion", "ChannelCosts"]);
  const defs = tableDefs(5);
  const inputAddress = new Set<string>();
  for (const name of INPUT) {
    const data = t.get(name)!;
    const left = 1;
    data.values.forEach((row, i) =>
      data.table.headers.forEach((h, j) => {
        const f = defs[name].fields.find((x) => x.header.zh === h)!;
        if (!isInputField(f)) return;
        if (/^stage\d+At$/.test(f.key) && (row[j] === null || row[j] === "")) return; // blank stage dates are Refresh's to fill
        let col = "";
        for (let n = left + j; n > 0; n = Math.floor((n - 1) / 26))
          col = String.fromCharCode(65 + ((n - 1) % 26)) + col;
        inputAddress.add(`${data.table.sheet}!${col}${data.firstRow + i}`);
      }),
    );
  }
  expect(inputAddress.size).toBeGreaterThan(100);
  const written = [...writtenCells(source, saved)];
  expect(written.filter((a) => a.startsWith("线索信息!")).length).toBeGreaterThan(0);
  expect(written.filter((a) => inputAddress.has(a))).toEqual([]);
  expect(written.some((a) => a.startsWith("跟进记录!") || a.startsWith("渠道投入!"))).toBe(false);
});

test("progress: steps in order, fractions never go back, rows read and changes written are counted", async () => {
  const events: { step: string; fraction: number; rows?: number; total?: number }[] = [];
  const port = new FastXlsxPort(await buildWorkbook(ROWS));
  await refresh(port, { ...OPTS, onProgress: (p) => events.push(p) });
  const steps = events.map((e) => e.step).filter((s, i, a) => a[i - 1] !== s);
  expect(steps).toEqual(["read", "compute", "plan", "write", "done"]);
  for (let i = 1; i < events.length; i++) expect(events[i].fraction).toBeGreaterThanOrEqual(events[i - 1].fraction);
  // 4 leads + 4 follow-ups + 2 conversion rows + 2 channel costs.
  expect(events.find((e) => e.step === "read" && e.rows !== undefined)?.rows).toBe(12);
  const writes = events.filter((e) => e.step === "write" && e.total !== undefined);
  expect(writes[writes.length - 1].rows).toBe(writes[writes.length - 1].total);
  expect(events[events.length - 1]).toMatchObject({ step: "done", fraction: 1 });
});
