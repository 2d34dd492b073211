import { install } from "../../src/operations/install";
import { refresh } from "../../src/operations/refresh";
import { tableDefs } from "../../src/domain/fields/definitions";
import type { Change } from "../../src/domain/plan/changes";
import { WorkbookError } from "../../src/workbook/port";
import { record } from "../support/xlsxXml";
import type { FakeExcelHost, FakeFaults } from "../fakes/excel";
import { failure, officeOnFake } from "../support/officeFake";

/**
 * (e) Injected Office faults: each gives a WorkbookError with the right code,
 * no input cell changes, and events are back on afterwards.
 */
const NOW = new Date(2024, 5, 3, 10, 0, 0);
const INPUT_TABLES = ["Leads", "FollowUps", "Conversion", "ChannelCosts"];

type Op = "install" | "refresh";

async function workbook(limits: { requestLimitBytes?: number } = {}): Promise<ReturnType<typeof officeOnFake>> {
  const env = officeOnFake(limits.requestLimitBytes ? { requestLimitBytes: limits.requestLimitBytes } : {});
  // Installed with room to spare, then the limit (if any) applies to the operation under test.
  const saved = env.host.limits.requestBytes;
  env.host.limits.requestBytes = 5 * 1024 * 1024;
  await install(env.wb, { locale: "zh-CN", now: NOW, sample: { count: 60, seed: 3 } });
  env.host.limits.requestBytes = saved;
  // Cells Refresh owns, blanked, so that a Refresh has input-table cells to fill (last follow-up, Conversion's copies).
  for (const [table, headers] of [
    ["Leads", ["最近跟进"]],
    ["Conversion", ["线索来源", "所属行业"]],
  ] as const) {
    const t = env.host.state.table(table)!;
    const sheet = env.host.state.sheetById(t.sheetId);
    const names = env.host.state.tableHeaders(table);
    for (const h of headers) {
      const c = t.rect.c0 + names.indexOf(h);
      if (c < t.rect.c0) throw new Error(`no column ${h}`);
      for (let r = t.rect.r0 + 1; r <= t.rect.r1; r++) {
        const cell = sheet.cell(r, c);
        if (cell) cell.value = "";
      }
    }
  }
  env.host.resetStats();
  return env;
}

/** Headers of the input columns (typed by people, or auto-filled once) of each input table, in both locales. */
const INPUT_HEADERS = (() => {
  const defs = tableDefs(5);
  const out = new Map<string, Set<string>>();
  for (const name of INPUT_TABLES) {
    const def = defs[name as keyof typeof defs];
    out.set(
      name,
      new Set(
        def.fields.filter((f) => f.kind === "input" || f.kind === "auto").flatMap((f) => [f.header.zh, f.header.en]),
      ),
    );
  }
  return out;
})();

/** Every input cell (value and formula) of the input tables, keyed by position. */
function inputCells(host: FakeExcelHost): Map<string, string> {
  const out = new Map<string, string>();
  for (const t of host.state.tables) {
    const inputs = INPUT_HEADERS.get(t.name);
    if (!inputs) continue;
    const sheet = host.state.sheetById(t.sheetId);
    const headers = host.state.tableHeaders(t.name);
    for (let c = t.rect.c0; c <= t.rect.c1; c++) {
      if (!inputs.has(headers[c - t.rect.c0]!)) continue;
      for (let r = t.rect.r0 + 1; r <= t.rect.r1; r++) {
        const cell = sheet.cell(r, c);
        out.set(`${sheet.name}!${r},${c}`, JSON.stringify([cell?.value ?? "", cell?.formula ?? null]));
      }
    }
  }
  return out;
}

function changedCells(before: Map<string, string>, after: Map<string, string>): string[] {
  const keys = new Set([...before.keys(), ...after.keys()]);
  return [...keys]
    .filter((k) => before.get(k) !== after.get(k))
    .map((k) => `${k}: ${before.get(k)} -> ${after.get(k)}`);
}

function run(op: Op, _host: FakeExcelHost, wb: ReturnType<typeof officeOnFake>["wb"]): Promise<unknown> {
  return op === "install" ? install(wb, { now: NOW }) : refresh(wb, { period: { kind: "all" }, now: NOW });
}

interface Aim {
  /** Fake sync numbers of the operation's apply: its first (preflight) and its last request. */
  applyFirst: number;
  applyLast: number;
  /** A sheet and an input table the apply writes. */
  sheet: string;
  table: string;
}

/** A clean run, watched: where the apply's requests fall and what it writes, to aim the faults at. */
async function aim(op: Op): Promise<Aim> {
  const { host, wb } = await workbook();
  const found: Partial<Aim> = {};
  const apply = wb.apply.bind(wb);
  wb.apply = async (changes, progress) => {
    if (found.applyFirst === undefined) found.applyFirst = host.stats.syncs + 1;
    for (const c of changes) {
      if (!found.table && "table" in c && INPUT_TABLES.includes(c.table) && c.op !== "createTable") {
        found.table = c.table;
        found.sheet = host.state.sheetById(host.state.table(c.table)!.sheetId).name;
      }
    }
    // The review charts and the PivotTable are made after the writes, in sessions of their own where
    // a fault is a warning (chartFailures.test.ts, pivot.test.ts): aim at the writes, whose requests
    // are the same either way.
    const after = (c: Change) => c.op === "reviewCharts" || c.op === "pivotTable";
    const charts = changes.filter(after);
    const outcome = await apply(
      changes.filter((c) => !after(c)),
      progress,
    );
    found.applyLast = host.stats.syncs;
    return charts.length ? apply(charts) : outcome;
  };
  await run(op, host, wb);
  if (!found.table || found.applyFirst === undefined || found.applyLast === undefined)
    throw new Error(`${op} wrote no input table`);
  return found as Aim;
}

describe.each<Op>(["install", "refresh"])("faults during %s", (op) => {
  let at: Aim;
  beforeAll(async () => {
    at = await aim(op);
  });

  test("a clean run changes no input cell and leaves events on (control)", async () => {
    const { host, wb } = await workbook();
    const before = inputCells(host);
    await run(op, host, wb);
    expect(before.size).toBeGreaterThan(500);
    expect(changedCells(before, inputCells(host))).toEqual([]);
    expect(host.state.eventsEnabled).toBe(true);
  });

  const cases: {
    name: string;
    code: WorkbookError["code"];
    faults: (a: Aim) => FakeFaults;
    setup?: (h: FakeExcelHost, a: Aim) => void;
    limit?: number;
  }[] = [
    {
      name: "a sync rejected midway (the last write request)",
      code: "sync-failed",
      faults: (a) => ({ rejectSync: { at: a.applyLast } }),
    },
    { name: "a sync rejected at the start", code: "sync-failed", faults: () => ({ rejectSync: { at: 1 } }) },
    { name: "the request payload too large for the host", code: "too-large", faults: () => ({}), limit: 2_000 },
    {
      name: "a sheet protected before the run",
      code: "protected",
      faults: () => ({}),
      setup: (h, a) => (h.state.sheet(a.sheet)!.protection = { on: true }),
    },
    {
      name: "a sheet protected by the user while the writes are in flight",
      code: "protected",
      faults: (a) => ({ protectSheetAtSync: { at: a.applyLast, sheet: a.sheet } }),
    },
    {
      name: "a table renamed between read and write",
      code: "table-missing",
      faults: (a) => ({ renameTableAtSync: { at: a.applyFirst, from: a.table, to: "Renamed" } }),
    },
    {
      name: "a table renamed while the writes are in flight",
      code: "table-missing",
      faults: (a) => ({ renameTableAtSync: { at: a.applyLast, from: a.table, to: "Renamed" } }),
    },
    { name: "the workbook closed", code: "closed", faults: (a) => ({ closeAtSync: a.applyLast }) },
  ];

  test.each(cases)("$name -> $code", async ({ name, code, faults, setup, limit }) => {
    const { host, wb } = await workbook(limit ? { requestLimitBytes: limit } : {});
    setup?.(host, at);
    host.faults = faults(at);
    const before = inputCells(host);
    const err = await failure(run(op, host, wb));
    const t0 = host.state.table("Renamed");
    if (t0) t0.name = at.table; // a renamed table keeps its cells: compare by position
    const changed = changedCells(before, inputCells(host));
    // For `npm run reliability` (a no-op otherwise), before the assertions so a failure counts as not survived.
    record({
      kind: "fault",
      name: `Office adapter, ${op}: ${name}`,
      tried: 1,
      handled: err instanceof WorkbookError && err.code === code && changed.length === 0 ? 1 : 0,
    });
    record({
      kind: "input-cells",
      name: `Office adapter, ${op}: ${name}`,
      tried: before.size,
      handled: changed.length,
    });
    expect(err).toBeInstanceOf(WorkbookError);
    expect((err as WorkbookError).code).toBe(code);
    // Both languages in the message.
    expect((err as WorkbookError).message).toMatch(/[\u4e00-\u9fff]/);
    expect((err as WorkbookError).message).toMatch(/[A-Za-z]{4,}/);
    expect(changed).toEqual([]);
    if (!host.state.closed) expect(host.state.eventsEnabled).toBe(true);
  });
});
