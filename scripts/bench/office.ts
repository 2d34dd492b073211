/**
 * The Office path at 50,000 leads (issue 12 item 6): every operation LeadFlow runs
 * inside Excel, through the Office adapter on the strict fake Excel (tests/fakes/excel),
 * with its round trips and its largest request and response. Bundled and run by
 * scripts/bench-office.mjs (`npm run bench:office [-- <leads>]`); prints one JSON line per
 * operation, then a table. Figures, not assertions: the fake enforces Excel on the web's
 * 5 MB request/response limits itself, so a run that finishes stayed within them.
 */
import { performance } from "node:perf_hooks";
import { check } from "../../src/operations/check";
import { importRows } from "../../src/operations/import";
import { install } from "../../src/operations/install";
import { addLead } from "../../src/operations/quickEntry";
import { refresh } from "../../src/operations/refresh";
import { OfficeWorkbook } from "../../src/workbook/office/officeWorkbook";
import { installFakeExcel } from "../../tests/fakes/excel";

const NOW = new Date(2025, 5, 30, 18, 0, 0);
const LIMIT = 4 * 1024 * 1024;

interface Row {
  operation: string;
  syncs: number;
  chunkSyncs: number;
  largestRequestBytes: number;
  largestResponseBytes: number;
  largestReadCells: number;
  secondsOnFake: number;
}

async function main(): Promise<void> {
  const leads = Number(process.argv[2] ?? 50_000);
  const host = installFakeExcel({ excelApi: "1.9" });
  host.state.addSheet("Sheet1");
  const wb = new OfficeWorkbook({ run: host.run, requirements: host.requirements });
  // Chunk syncs of every port call of one operation, as the adapter reports them.
  let chunk = 0;
  for (const m of ["readState", "readTables", "readRange", "apply"] as const) {
    const fn = (wb[m] as (...a: unknown[]) => Promise<unknown>).bind(wb);
    (wb as unknown as Record<string, unknown>)[m] = async (...args: unknown[]) => {
      try {
        return await fn(...args);
      } finally {
        chunk += wb.lastStats?.chunkSyncs ?? 0;
      }
    };
  }
  const t0 = performance.now();
  await install(wb, { locale: "en-US", now: NOW, sample: { count: leads, seed: 7 } });
  const rows = (name: string) => host.state.tableBody(name).length;
  process.stderr.write(
    `built on the fake: ${rows("Leads")} leads, ${rows("FollowUps")} follow-ups in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`,
  );
  const team = host.state.tableBody("Leads")[0]!;
  void team;

  const out: Row[] = [];
  const measure = async (operation: string, body: () => Promise<unknown>): Promise<void> => {
    host.resetStats();
    chunk = 0;
    const start = performance.now();
    await body();
    const st = host.stats;
    const row: Row = {
      operation,
      syncs: st.syncs,
      chunkSyncs: chunk,
      largestRequestBytes: st.maxRequestBytes,
      largestResponseBytes: st.maxResponseBytes,
      largestReadCells: st.maxReadCells,
      secondsOnFake: Number(((performance.now() - start) / 1000).toFixed(2)),
    };
    out.push(row);
    process.stdout.write(JSON.stringify({ step: "office-path", leads, ...row }) + "\n");
  };

  const headers = host.state.tableHeaders("Leads");
  const body = host.state.tableBody("Leads");
  const sampleRow = body[0]!.map((c) => c.value);
  const col = (h: string) => headers.indexOf(h);
  const importHeaders = ["Customer", "Contact", "Phone", "Industry", "Source", "Owner"].filter((h) => col(h) >= 0);
  const importSource = {
    headers: importHeaders,
    rows: Array.from({ length: 10 }, (_, i) => ({
      line: i + 2,
      values: importHeaders.map((h) =>
        h === "Customer"
          ? `Bench Import Co ${i}`
          : h === "Phone"
            ? `1390000${String(1000 + i)}`
            : (sampleRow[col(h)] ?? ""),
      ),
    })),
  };
  const v = (h: string) => String(sampleRow[col(h)] ?? "");
  const form = {
    customer: "Bench Entry Ltd.",
    contact: "Nancy",
    phone: "13912345678",
    industry: v("Industry"),
    companySize: v("Company size"),
    needType: v("Need type"),
    needDesc: "scanners",
    budget: v("Budget"),
    urgency: v("Urgency"),
    decisionAccess: v("Decision access"),
    source: v("Source"),
    status: v("Status"),
    stage: v("Stage"),
    owner: v("Owner"),
  };

  await measure("install (upgrade)", () => install(wb, { now: NOW }));
  await measure("import 10 rows", () => importRows(wb, importSource, { into: "Leads", now: NOW }));
  await measure("check", () => check(wb));
  await measure("quick entry (new lead)", async () => {
    const r = await addLead(wb, form, { acceptWarnings: true });
    if (!r.ok) process.stderr.write(`quick entry refused: ${JSON.stringify(r.messages).slice(0, 300)}\n`);
  });
  await measure("refresh", () => refresh(wb, { period: { kind: "all" }, now: NOW }));

  const mb = (b: number) => (b / 1024 / 1024).toFixed(2);
  const lines = [
    `Office path on the strict fake: ${rows("Leads")} leads, ${rows("FollowUps")} follow-ups (limit per request/response: 4 MB of our budget, 5 MB Excel on the web)`,
    "| operation | syncs | of which payload chunks | largest request MB | largest response MB | largest read cells | s on fake | < 4 MB |",
    "|---|---|---|---|---|---|---|---|",
    ...out.map(
      (r) =>
        `| ${r.operation} | ${r.syncs} | ${r.chunkSyncs} | ${mb(r.largestRequestBytes)} | ${mb(r.largestResponseBytes)} | ${r.largestReadCells} | ${r.secondsOnFake} | ${r.largestRequestBytes < LIMIT && r.largestResponseBytes < LIMIT ? "yes" : "NO"} |`,
    ),
  ];
  process.stdout.write(lines.join("\n") + "\n");
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
