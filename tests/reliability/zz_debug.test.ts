import ExcelJS from "exceljs";
import { SHEET_NAMES } from "../../src/domain/fields/definitions";
import { refresh } from "../../src/operations/refresh";
import { check } from "../../src/operations/check";
import { XlsxWorkbook } from "../../src/workbook/xlsx";
import { FastXlsxPort } from "../../src/workbook/xlsx/fastRefresh/fastPort";
import { buildBook, ymd } from "./support";
import { writeFileSync } from "node:fs";
test("dbg", async () => {
  const wbx = new ExcelJS.Workbook();
  await wbx.xlsx.load(Buffer.from(await buildBook({})) as unknown as ArrayBuffer);
  wbx.removeWorksheet(wbx.getWorksheet(SHEET_NAMES.settings.zh)!.id);
  const bytes = new Uint8Array(await wbx.xlsx.writeBuffer());
  writeFileSync("/tmp/nosettings.xlsx", bytes);
  process.stderr.write("built\n");
  const JOB = { period: { kind: "all" as const }, asOf: ymd(2024,6,1), now: new Date(2024,5,1) };
  let t = Date.now();
  try { const wb = await XlsxWorkbook.fromBytes(bytes); process.stderr.write("opened\n"); const r = await refresh(wb, JOB); process.stderr.write(`generic ok ${Date.now()-t} ${r.report.settingsMissing}\n`); } catch (e) { process.stderr.write(`generic err ${e}\n`); }
  t = Date.now();
  try { const p = new FastXlsxPort(bytes); await refresh(p, JOB); process.stderr.write(`fast ok ${Date.now()-t}\n`); } catch (e) { process.stderr.write(`fast err ${e}\n`); }
  t = Date.now();
  try { const wb = await XlsxWorkbook.fromBytes(bytes); await check(wb); process.stderr.write(`check ok ${Date.now()-t}\n`); } catch (e) { process.stderr.write(`check err ${e}\n`); }
}, 300000);
