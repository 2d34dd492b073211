import type { CellWrite, Change } from "../../src/domain/plan/changes";
import { FakeExcelHost, installFakeExcel, seedTable } from "../fakes/excel";
import { officeOnFake } from "../support/officeFake";

/** (c) Big writes and reads are chunked: no request over 4 MB, no read over 5 M cells or a 5 MB response. */
const FOUR_MB = 4 * 1024 * 1024;
// 50,000-row workbooks through the fake: minutes on a busy machine, not a timing assertion.
jest.setTimeout(300_000);
const SURNAMES = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴"];

function leadRow(i: number, width: number): CellWrite[] {
  const row: CellWrite[] = [
    `线索-2024${String((i % 12) + 1).padStart(2, "0")}01-${String(i % 1000).padStart(3, "0")}`,
    `${SURNAMES[i % 10]}氏精密机械制造有限公司第${i}分公司`,
    `${SURNAMES[(i * 7) % 10]}经理`,
    `138${String(10_000_000 + i).slice(-8)}`,
    "制造业",
    45_000 + (i % 400),
    "采购10台数控机床，要求6月前交付，需提供安装调试与两年维保服务",
  ];
  while (row.length < width) row.push(row.length % 3 === 0 ? i % 97 : `字段${row.length}-${i % 13}`);
  return row;
}

const WIDTH = 34;
const ROWS = 50_000;
const headers = Array.from({ length: WIDTH }, (_, j) => `列${j + 1}`);

describe("payload chunking", () => {
  test("appending 50,000 lead rows: every request within 4 MB, calculation suspended throughout", async () => {
    const { host, wb } = officeOnFake();
    const rows = Array.from({ length: ROWS }, (_, i) => leadRow(i, WIDTH));
    const plan: Change[] = [
      { op: "ensureSheet", sheet: "线索信息" },
      { op: "createTable", table: "Leads", sheet: "线索信息", topLeft: "A1", headers },
      { op: "appendRows", table: "Leads", rows },
    ];
    const totalPayload = JSON.stringify(rows).length;
    await wb.apply(plan);
    console.log(
      `office append 50,000 x ${WIDTH}: ${host.stats.syncs} syncs (${wb.lastStats!.chunkSyncs} payload chunks), largest request ${host.stats.maxRequestBytes} bytes (adapter estimate ${wb.lastStats!.largestRequestBytes})`,
    );
    expect(totalPayload).toBeGreaterThan(2 * FOUR_MB); // the write really needed chunking
    expect(host.stats.maxRequestBytes).toBeLessThanOrEqual(FOUR_MB);
    expect(wb.lastStats!.chunkSyncs).toBeGreaterThanOrEqual(2);
    expect(host.stats.writesWithoutCalcSuspended).toBe(0);
    expect(host.stats.writesWithEventsEnabled).toBe(0);
    const body = host.state.tableBody("Leads");
    expect(body).toHaveLength(ROWS);
    // Spot checks against the input rows: first, a chunk boundary region, last.
    for (const i of [0, 1, 12_345, 33_333, ROWS - 1]) expect(body[i]!.map((c) => c.value)).toEqual(rows[i]);
  });

  test("a 50,000-row review table and a 50,000-row cell block are chunked the same way", async () => {
    const { host, wb } = officeOnFake();
    const rows = Array.from({ length: ROWS }, (_, i) => leadRow(i, 12));
    await wb.apply([
      { op: "ensureSheet", sheet: "待跟进" },
      {
        op: "replaceTable",
        table: "ReviewDue",
        sheet: "待跟进",
        topLeft: "A6",
        headers: headers.slice(0, 12),
        rows,
        numberFormats: [null, null, null, null, null, "yyyy-mm-dd"],
      },
      { op: "writeCells", sheet: "待跟进", topLeft: "P6", cells: rows },
    ]);
    console.log(
      `office review table + block of 50,000 rows: ${host.stats.syncs} syncs, largest request ${host.stats.maxRequestBytes} bytes`,
    );
    expect(host.stats.maxRequestBytes).toBeLessThanOrEqual(FOUR_MB);
    expect(host.state.tableAddress("ReviewDue")).toBe(`A6:L${6 + ROWS}`);
    expect(host.state.cellAt("待跟进", `F${6 + ROWS}`).numberFormat).toBe("yyyy-mm-dd");
    expect(host.state.cellAt("待跟进", `Q${5 + ROWS}`).value).toBe(rows[ROWS - 1]![1]);
  });

  test("reading 50,000 x 34 cells: responses within 5 MB, reads within 5 M cells", async () => {
    const { host, wb } = officeOnFake();
    seedTable(host.state, {
      sheet: "线索信息",
      table: "Leads",
      headers,
      rows: Array.from({ length: ROWS }, (_, i) => leadRow(i, WIDTH) as (string | number)[]),
    });
    host.resetStats();
    const data = (await wb.readTables(["Leads"], { formulas: true })).get("Leads")!;
    console.log(
      `office read 50,000 x ${WIDTH} (values + formulas): ${host.stats.syncs} syncs, largest response ${host.stats.maxResponseBytes} bytes, most cells in one read ${host.stats.maxReadCells}`,
    );
    expect(data.values).toHaveLength(ROWS);
    expect(data.values[ROWS - 1]).toEqual(leadRow(ROWS - 1, WIDTH));
    expect(host.stats.maxResponseBytes).toBeLessThanOrEqual(FOUR_MB);
    expect(host.stats.maxReadCells).toBeLessThanOrEqual(5_000_000);
  });

  test("reading 200,000 x 12 follow-ups with realistic text: every response within 4 MB", async () => {
    const { host, wb } = officeOnFake();
    const FOLLOW_UPS = 200_000;
    const notes = [
      "电话沟通：客户确认预算已批，下周安排现场演示，需准备报价单与交付计划",
      "微信回复：对方采购经理出差，约定月底再联系；关注竞品报价",
      "Sent the revised quote with the two-year maintenance option; waiting for the CFO's sign-off",
      "拜访纪要：技术部门对安装调试周期有顾虑，承诺提供同类工厂的案例与验收报告",
    ];
    const followUpRow = (i: number): (string | number)[] => [
      `跟进-${String(i).padStart(6, "0")}`,
      `线索-2024${String((i % 12) + 1).padStart(2, "0")}01-${String(i % 1000).padStart(3, "0")}`,
      45_000 + (i % 700) + (i % 24) / 24,
      ["电话", "微信", "邮件", "拜访"][i % 4]!,
      `${SURNAMES[i % 10]}经理`,
      notes[i % notes.length]!,
      ["初步接触", "需求确认", "方案报价", "商务谈判", "赢单"][i % 5]!,
      45_007 + (i % 700),
      `${SURNAMES[(i * 3) % 10]}销售`,
      i % 3 === 0 ? "是" : "否",
      (i % 50) * 1000,
      `下一步：${notes[(i + 1) % notes.length]!.slice(0, 20 + (i % 17))}`,
    ];
    const rows = Array.from({ length: FOLLOW_UPS }, (_, i) => followUpRow(i));
    seedTable(host.state, {
      sheet: "跟进记录",
      table: "FollowUps",
      headers: Array.from({ length: 12 }, (_, j) => `跟进列${j + 1}`),
      rows,
    });
    host.resetStats();
    const data = (await wb.readTables(["FollowUps"], { formulas: true })).get("FollowUps")!;
    const total = host.stats.totalResponseBytes;
    console.log(
      `office read ${FOLLOW_UPS} x 12 follow-ups (values + formulas, ${total} response bytes in all): ${host.stats.syncs} syncs, largest response ${host.stats.maxResponseBytes} bytes, most cells in one read ${host.stats.maxReadCells}`,
    );
    expect(data.values).toHaveLength(FOLLOW_UPS);
    expect(data.values[FOLLOW_UPS - 1]).toEqual(rows[FOLLOW_UPS - 1]);
    expect(data.values[123_457]).toEqual(rows[123_457]);
    expect(host.stats.maxResponseBytes).toBeLessThanOrEqual(FOUR_MB);
    // The byte budget is used, not wasted on tiny chunks: responses average over 2 MB
    // (2 syncs for which tables exist and the probe chunk, then the chunks).
    expect(host.stats.syncs).toBeLessThanOrEqual(2 + Math.ceil(total / (2 * 1024 * 1024)));
  });

  test("the fake rejects what Excel on the web rejects", async () => {
    const host = installFakeExcel();
    host.state.addSheet("S");
    const big = Array.from({ length: 60_000 }, (_, i) => [`${"x".repeat(80)}${i}`]);
    await expect(
      host.run(async (ctx) => {
        ctx.workbook.worksheets.getItem("S").getRange(`A1:A${big.length}`).values = big;
        await ctx.sync();
      }),
    ).rejects.toMatchObject({ code: "RequestPayloadSizeLimitExceeded" });
    expect(host.state.cellAt("S", "A1").value).toBe(""); // rejected whole

    const small = new FakeExcelHost({ readCellLimit: 1000 });
    small.state.addSheet("S");
    await expect(
      small.run(async (ctx) => {
        ctx.workbook.worksheets.getItem("S").getRange("A1:J101").load("values");
        await ctx.sync();
      }),
    ).rejects.toMatchObject({ code: "RangeExceedsLimit" });

    await expect(
      host.run(async (ctx) => {
        const r = ctx.workbook.worksheets.getItem("S").getRange("A1").load("values");
        void r.address; // not loaded
      }),
    ).rejects.toMatchObject({ code: "PropertyNotLoaded" });
    await expect(
      host.run(async (ctx) => {
        const r = ctx.workbook.worksheets.getItem("S").getRange("A1").load("values");
        return r.values; // loaded but not synced yet
      }),
    ).rejects.toMatchObject({ code: "PropertyNotLoaded" });
  });
});

describe("a read refused as too large is retried in smaller pieces", () => {
  test("long texts: readTables and readRange shrink their chunks until Excel accepts them", async () => {
    const { host, wb } = officeOnFake({ responseLimitBytes: 400_000 });
    const long = (i: number, j: number) => `${"需求描述很长的文本".repeat(120)}-${i}-${j}`;
    const rows = Array.from({ length: 2_000 }, (_, i) => Array.from({ length: 5 }, (_, j) => long(i, j)));
    seedTable(host.state, { sheet: "S", table: "Long", headers: ["A", "B", "C", "D", "E"], rows });
    host.resetStats();
    const data = (await wb.readTables(["Long"])).get("Long")!;
    expect(data.values).toEqual(rows);
    const tableSyncs = host.stats.syncs;
    console.log(
      `long-text read of 2,000 x 5 (${JSON.stringify(rows).length} bytes) under a 400 KB response limit: ${tableSyncs} syncs`,
    );
    expect(tableSyncs).toBeGreaterThan(10);
    expect(await wb.readRange("S", "A2:E2001")).toEqual(rows);
  });
});
