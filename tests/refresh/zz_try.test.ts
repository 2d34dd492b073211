import { buildWorkbook, d, openBytes } from "./support";
test("x", async () => {
  const bytes = await buildWorkbook({ Leads: [{ customer: "Acme", source: "官网注册", createdAt: d(2024,5,1) }] });
  const wb = await openBytes(bytes);
  const st = await wb.readState();
  console.log(JSON.stringify(st.tables.map(t=>[t.name,t.sheet,t.address,t.rowCount])), JSON.stringify(st.properties));
  const t = await wb.readTables(["Leads", "Conversion"], { formulas: true });
  console.log(JSON.stringify(t.get("Leads")!.table.headers), JSON.stringify(t.get("Leads")!.values), JSON.stringify(t.get("Leads")!.formulas));
  console.log(JSON.stringify(t.get("Conversion")!.values));
});
