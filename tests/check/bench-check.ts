/**
 * Measure Check (not a test: run it with `npx esbuild tests/check/bench-check.ts --bundle --platform=node --outfile=/tmp/bench-check.cjs && node /tmp/bench-check.cjs`).
 *  1. the pure validators on 50,000 leads + 200,000 follow-ups + 50,000 conversion rows;
 *  2. `check` through the xlsx adapter on a 5,000-lead sample workbook made by install.
 */
import { checkBook } from "../../src/domain/validate";
import { defaultSettings } from "../../src/domain/settings/defaults";
import { todaySerial } from "../../src/domain/parse/dates";
import { XlsxWorkbook } from "../support/exceljs";
import { install } from "../../src/operations/install";
import { check } from "../../src/operations/check";
import { cleanBook, toTable, DEFS, type Rec } from "../support/cleanBook";

function ms(t0: bigint): string {
  return (Number(process.hrtime.bigint() - t0) / 1e6).toFixed(0) + " ms";
}

async function main() {
  const base = cleanBook();
  const leads: Rec[] = [];
  const fus: Rec[] = [];
  const conv: Rec[] = [];
  for (let i = 0; i < 50_000; i++) {
    const id = `线索-20240501-${String(i + 1).padStart(5, "0")}`;
    leads.push({
      ...base.Leads[1],
      leadId: id,
      customer: `客户${i}有限公司`,
      phone: `139${String(i).padStart(8, "0")}`,
      status: "跟进中",
    });
    for (let k = 0; k < 4; k++) fus.push({ ...base.FollowUps[0], leadId: id });
    conv.push({ ...base.Conversion[1], leadId: id });
  }
  // A few problems so the report path runs too.
  leads[100].industry = "汽车";
  fus[999].method = "短信";
  const tables = {
    Leads: toTable(DEFS.Leads, leads),
    FollowUps: toTable(DEFS.FollowUps, fus),
    Conversion: toTable(DEFS.Conversion, conv),
    ChannelCosts: toTable(DEFS.ChannelCosts, base.ChannelCosts),
  };
  const settings = defaultSettings("zh-CN");
  checkBook({ tables, settings, locale: "zh-CN", today: todaySerial(new Date()) }); // warm-up
  let t0 = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  const problems = checkBook({ tables, settings, locale: "zh-CN", today: todaySerial(new Date()) });
  const cpu = process.cpuUsage(cpu0);
  // CPU time too: on a shared, busy machine wall time says more about the neighbours than about Check.
  const cpuMs = ((cpu.user + cpu.system) / 1000).toFixed(0);
  console.log(
    `pure check, 50,000 leads + 200,000 follow-ups + 50,000 conversion rows: ${ms(t0)} wall, ${cpuMs} ms CPU (${problems.length} problems)`,
  );
  if (process.argv.includes("--pure")) return;

  t0 = process.hrtime.bigint();
  const wb = XlsxWorkbook.create("bench.xlsx");
  await install(wb, { locale: "zh-CN", sample: { count: 5000, seed: 7 } });
  const bytes = await wb.toBytes();
  const out = process.argv.find((a) => a.endsWith(".xlsx"));
  if (out) (await import("node:fs")).writeFileSync(out, bytes); // to time `leadflow check` on it
  console.log(`built a 5,000-lead sample workbook (${(bytes.length / 1e6).toFixed(1)} MB) in ${ms(t0)}`);
  t0 = process.hrtime.bigint();
  const opened = await XlsxWorkbook.fromBytes(bytes);
  const tOpen = ms(t0);
  t0 = process.hrtime.bigint();
  const r = await check(opened);
  console.log(
    `open: ${tOpen}; check through the xlsx adapter: ${ms(t0)}; rows read ${JSON.stringify(r.summary.rowsRead)}; problems ${r.problems.length}`,
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
