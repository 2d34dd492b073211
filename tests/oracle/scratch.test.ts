import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { planInstall } from "../../src/domain/plan/install";
import { defaultSettings } from "../../src/domain/settings/defaults";
import { todaySerial } from "../../src/domain/parse/dates";
import { XlsxWorkbook } from "../../src/workbook/xlsx";
import { recalculate } from "../support/libreoffice";
import { compareFormulaCells, describeMismatches, loadFile, missingRules } from "./harness";

test("scratch", async () => {
  const wb = XlsxWorkbook.create();
  const state = await wb.readState();
  const now = todaySerial(new Date());
  const plan = planInstall({ state, settings: defaultSettings("zh-CN"), locale: "zh-CN", now, asOf: now,
    append: { Leads: [{ customer: "上海华东精密机械有限公司", contact: "张伟", phone: "13812345678", industry: "制造业", companySize: "年营收1-5亿", budget: "50万以上", urgency: "1个月内", decisionAccess: "已对接决策者", status: "跟进中", stage: "需求挖掘", owner: "王芳", createdAt: now - 10.5 }] } });
  await wb.apply(plan.changes);
  const p = "/tmp/xp/o/t.xlsx";
  writeFileSync(p, await wb.toBytes());
  const [out] = await recalculate([p], { outDir: "/tmp/xp/o/out" });
  const ours = await loadFile(p);
  const lo = await loadFile(out);
  const c = compareFormulaCells(ours, lo);
  console.log(describeMismatches("scratch", c, 50));
  const st = await ours.readState();
  console.log(missingRules(ours, lo, st.sheets.map(s => s.name)));
  console.log(JSON.stringify(st.tables.map(t => [t.name, t.address, t.rowCount])));
});
