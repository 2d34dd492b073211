import { serialFromYmd } from "../../src/domain/parse/dates";
import { install } from "../../src/operations/install";
import { planLeadIdFill, registerLeadIdAutoFill } from "../../src/workbook/office/leadIdAutoFill";
import { officeOnFake } from "../support/officeFake";

const NOW = serialFromYmd(2024, 6, 3, 9, 30);
const HEADERS = ["线索编号", "客户名称", "联系人", "录入时间", "评分"];

describe("lead ID and created date for new rows", () => {
  test("planLeadIdFill: only started rows, only blank cells, next number of the day", () => {
    const fills = planLeadIdFill({
      headers: HEADERS,
      rows: [
        [null, "上海华东精密机械有限公司", "张伟", null, 0], // new: ID + created
        ["线索-20240603-777", "宁波润禾物流", null, null, 0], // typed ID kept; created filled
        [null, null, null, null, 55], // only a formula result: not started
        [null, "武汉金源投资", null, serialFromYmd(2024, 5, 1, 8), null], // created typed: ID of that day
      ],
      existingIds: ["线索-20240603-001", "线索-20240603-003", "L-20240501-009"],
      now: NOW,
      locale: "zh-CN",
    });
    expect(fills).toEqual([
      { row: 0, createdAt: NOW, leadId: "线索-20240603-004" },
      { row: 1, createdAt: NOW },
      { row: 3, leadId: "线索-20240501-010" },
    ]);
  });

  test("an injected assigner is used", () => {
    const fills = planLeadIdFill({
      headers: HEADERS,
      rows: [[null, "X", null, 1, null]],
      existingIds: [],
      now: NOW,
      locale: "en-US",
      assign: () => ["CUSTOM-1"],
    });
    expect(fills).toEqual([{ row: 0, leadId: "CUSTOM-1" }]);
  });

  test("the Leads onChanged handler fills a typed row, never overwrites, and is not triggered by the add-in's own writes", async () => {
    const { host, wb } = officeOnFake();
    await install(wb, { locale: "zh-CN", now: new Date(2024, 5, 3, 9, 0), sample: { count: 3, seed: 1 } });
    const filled: number[] = [];
    const auto = await registerLeadIdAutoFill({
      run: host.run,
      locale: "zh-CN",
      now: () => NOW,
      onFilled: (n) => filled.push(n),
      onError: (e) => {
        throw e;
      },
    });
    expect(auto).toBeDefined();
    const headers = host.state.tableHeaders("Leads");
    const col = (h: string) => headers.indexOf(h);
    const blankRow = () => headers.map(() => "" as string | number);

    // A seller types a new row (user edit: events on).
    const typed = blankRow();
    typed[col("客户名称")] = "杭州新锐科技有限公司";
    typed[col("联系人")] = "周敏";
    await host.run(async (ctx) => {
      ctx.workbook.tables.getItem("Leads").rows.add(undefined, [typed]);
      await ctx.sync();
    });
    await host.settleEvents();
    const body = host.state.tableBody("Leads");
    const last = body[body.length - 1]!;
    expect(last[col("客户名称")]!.value).toBe("杭州新锐科技有限公司");
    expect(last[col("线索编号")]!.value).toMatch(/^线索-20240603-\d{3}$/);
    expect(last[col("录入时间")]!.value).toBe(NOW);
    const ids = body.map((r) => r[col("线索编号")]!.value).filter((v) => v !== "");
    expect(new Set(ids).size).toBe(ids.length);
    expect(filled).toEqual([1]);

    // A row with its ID typed keeps it.
    const own = blankRow();
    own[col("线索编号")] = "线索-20240603-900";
    own[col("客户名称")] = "自带编号公司";
    await host.run(async (ctx) => {
      ctx.workbook.tables.getItem("Leads").rows.add(undefined, [own]);
      await ctx.sync();
    });
    await host.settleEvents();
    const after = host.state.tableBody("Leads");
    expect(after[after.length - 1]![col("线索编号")]!.value).toBe("线索-20240603-900");
    expect(after[after.length - 1]![col("录入时间")]!.value).toBe(NOW);

    // The adapter's own writes (events off) do not call the handler.
    const calls = filled.length;
    await wb.apply([
      { op: "appendRows", table: "Leads", rows: [headers.map((h) => (h === "客户名称" ? "由导入写入" : null))] },
    ]);
    await host.settleEvents();
    expect(filled.length).toBe(calls);

    await auto!.remove();
    await host.run(async (ctx) => {
      ctx.workbook.tables.getItem("Leads").rows.add(undefined, [typed]);
      await ctx.sync();
    });
    await host.settleEvents();
    expect(filled.length).toBe(calls);
  });

  test("no Leads table: nothing registered", async () => {
    const { host } = officeOnFake();
    expect(await registerLeadIdAutoFill({ run: host.run, locale: "en-US" })).toBeUndefined();
  });
});
