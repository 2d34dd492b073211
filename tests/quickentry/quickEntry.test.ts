/**
 * Quick entry on a real installed workbook (xlsx adapter): invalid values are
 * rejected with field messages and nothing is written; valid ones are
 * appended with an ID; logging a follow-up keeps last follow-up and the
 * Conversion stage date current, never overwriting a typed date.
 */
import { FastXlsxPort } from "../../src/workbook/xlsx/package/fastPort";
import type { WorkbookPort } from "../../src/workbook/port";
import { addLead, logFollowUp, type FormValues } from "../../src/operations/quickEntry";
import { check } from "../../src/operations/check";
import { serialFromYmd } from "../../src/domain/parse/dates";
import { cleanBook } from "../support/cleanBook";
import { entryLeadZh, rowsByKey } from "../support/entryTables";
import { workbookWith } from "../check/realBook";

/** Every cell and formula of the input tables, and the workbook state. */
async function snapshot(wb: WorkbookPort) {
  const tables = await wb.readTables(["Leads", "FollowUps", "Conversion", "ChannelCosts"], { formulas: true });
  return { state: await wb.readState(), tables: [...tables.values()] };
}

const NOW = new Date(2024, 5, 3, 15, 30, 0); // 2024-06-03 15:30 local
const NOW_SERIAL = serialFromYmd(2024, 6, 3, 15, 30);

async function book() {
  const { wb } = await workbookWith(cleanBook());
  // Quick entry on a file runs on the package engine, as every writing command does.
  return new FastXlsxPort(await wb.toBytes());
}

const LEAD: FormValues = entryLeadZh("139 1234 0000");

test("a valid new lead is appended with its ID, created date and formulas", async () => {
  const wb = await book();
  const before = await rowsByKey(wb, "Leads");
  const r = await addLead(wb, LEAD, { now: NOW });
  expect(r).toMatchObject({ ok: true, leadId: "线索-20240603-001", messages: [] });
  const after = await rowsByKey(wb, "Leads");
  expect(after).toHaveLength(before.length + 1);
  const added = after[after.length - 1];
  expect(added).toMatchObject({
    leadId: "线索-20240603-001",
    customer: LEAD.customer,
    phone: "13912340000",
    createdAt: NOW_SERIAL,
  });
  // The calculated cells got formulas (readTables with formulas), so Check finds nothing.
  expect((await check(wb, { now: NOW })).problems).toEqual([]);
  // A second lead the same day takes the next number.
  const second = await addLead(wb, { ...LEAD, customer: "另一家公司有限公司", phone: "13912340001" }, { now: NOW });
  expect(second).toMatchObject({ ok: true, leadId: "线索-20240603-002" });
});

test("invalid values are rejected field by field, in the workbook's locale, and nothing is written", async () => {
  const wb = await book();
  const before = await snapshot(wb);
  const apply = jest.spyOn(wb, "apply");
  const r = await addLead(wb, { ...LEAD, customer: "", phone: "12345", industry: "汽车", budget: null }, { now: NOW });
  expect(r.ok).toBe(false);
  const byField = Object.fromEntries(r.messages.map((m) => [m.field, m]));
  expect(Object.keys(byField).sort()).toEqual(["budget", "customer", "industry", "phone"]);
  expect(byField.phone.code).toBe("bad-phone");
  expect(byField.industry.code).toBe("not-in-list");
  expect(byField.industry.message).toContain("所属行业");
  expect(byField.customer.severity).toBe("error");
  expect(apply).not.toHaveBeenCalled();
  expect(await snapshot(wb)).toEqual(before);
});

test("a possible duplicate is a warning: blocked unless the seller accepts it", async () => {
  const wb = await book();
  const dup = { ...LEAD, customer: "上海华东精密机械有限公司" };
  const first = await addLead(wb, dup, { now: NOW });
  expect(first.ok).toBe(false);
  expect(first.messages).toEqual([
    expect.objectContaining({ field: "customer", code: "duplicate-customer", severity: "warning" }),
  ]);
  const accepted = await addLead(wb, dup, { now: NOW, acceptWarnings: true });
  expect(accepted.ok).toBe(true);
});

const FOLLOW: FormValues = {
  leadId: "线索-20240502-001",
  at: "2024-05-20 10:00",
  method: "拜访",
  counterpart: "李娜-IT部",
  summary: "演示后客户要求出方案",
  intent: "高",
  stage: "方案呈现",
  nextStep: "6月5日前提交方案（李强）",
  dueDate: "2024-06-05",
  by: "李强",
};

test("logging a follow-up appends it, updates last follow-up, and fills the blank stage date", async () => {
  const wb = await book();
  const r = await logFollowUp(wb, FOLLOW, { now: NOW });
  expect(r).toMatchObject({ ok: true, messages: [] });
  const fus = await rowsByKey(wb, "FollowUps");
  expect(fus[fus.length - 1]).toMatchObject({
    leadId: "线索-20240502-001",
    at: serialFromYmd(2024, 5, 20, 10, 0),
    dueDate: serialFromYmd(2024, 6, 5),
  });
  const lead = (await rowsByKey(wb, "Leads")).find((l) => l.leadId === "线索-20240502-001")!;
  expect(lead.lastFollowUp).toBe(serialFromYmd(2024, 5, 20, 10, 0));
  expect(lead.stage).toBe("需求挖掘"); // the seller's own cell is not touched
  const conv = (await rowsByKey(wb, "Conversion")).find((c) => c.leadId === "线索-20240502-001")!;
  expect(conv.stage3At).toBe(serialFromYmd(2024, 5, 20));
  expect(conv.stage1At).toBe(serialFromYmd(2024, 5, 6)); // an earlier stage's date is not touched

  // An earlier follow-up logged later: last follow-up stays the latest; a filled stage date is not overwritten.
  const earlier = await logFollowUp(wb, { ...FOLLOW, at: "2024-05-18 09:00", dueDate: "2024-05-25" }, { now: NOW });
  expect(earlier.ok).toBe(true);
  const lead2 = (await rowsByKey(wb, "Leads")).find((l) => l.leadId === "线索-20240502-001")!;
  expect(lead2.lastFollowUp).toBe(serialFromYmd(2024, 5, 20, 10, 0));
  const conv2 = (await rowsByKey(wb, "Conversion")).find((c) => c.leadId === "线索-20240502-001")!;
  expect(conv2.stage3At).toBe(serialFromYmd(2024, 5, 20));
  expect((await check(wb, { now: NOW })).problems).toEqual([]);
});

test("a follow-up for a lead with no Conversion row yet adds that row", async () => {
  const wb = await book();
  const r = await logFollowUp(
    wb,
    { ...FOLLOW, leadId: "线索-20240504-001", stage: "初步接洽", counterpart: "刘洋" },
    { now: NOW },
  );
  expect(r.ok).toBe(true);
  const conv = (await rowsByKey(wb, "Conversion")).find((c) => c.leadId === "线索-20240504-001")!;
  expect(conv).toMatchObject({ stage1At: serialFromYmd(2024, 5, 20), source: "展会推荐", industry: "教育" });
  expect((await check(wb, { now: NOW })).problems).toEqual([]);
});

test("an invalid follow-up writes nothing", async () => {
  const wb = await book();
  const before = await snapshot(wb);
  const apply = jest.spyOn(wb, "apply");
  const r = await logFollowUp(
    wb,
    { ...FOLLOW, leadId: "线索-20990101-001", at: "2024-07-01", dueDate: "2024-06-01", method: "飞鸽传书" },
    { now: NOW },
  );
  expect(r.ok).toBe(false);
  expect(r.messages.map((m) => `${m.field}:${m.code}`).sort()).toEqual([
    "at:future-date",
    "dueDate:due-before-at",
    "leadId:unknown-lead",
    "method:not-in-list",
  ]);
  expect(apply).not.toHaveBeenCalled();
  expect(await snapshot(wb)).toEqual(before);
});

test("a stage date typed as text in the workbook is kept as typed (nothing lost) and Check asks to retype it", async () => {
  const b = cleanBook();
  b.Conversion[1].stage3At = "2024/5/19";
  const { wb: built } = await workbookWith(b);
  const wb = new FastXlsxPort(await built.toBytes());
  const r = await logFollowUp(wb, FOLLOW, { now: NOW });
  expect(r.ok).toBe(true);
  const conv = (await rowsByKey(wb, "Conversion")).find((c) => c.leadId === "线索-20240502-001")!;
  expect(conv.stage3At).toBe("2024/5/19");
  const problems = (await check(wb, { now: NOW })).problems;
  expect(problems.map((p) => `${p.table} ${p.field} ${p.code}`)).toEqual(["Conversion stage3At bad-date"]);
  expect(problems[0].message).toContain("看起来是 2024-05-19");
  expect(problems[0].message).toContain("请重新输入为日期");
});

test("the form's text dates are converted before they are written: quick entry writes real dates", async () => {
  const wb = await book();
  const r = await logFollowUp(wb, { ...FOLLOW, at: "2024年5月21日 9:15", dueDate: "2024/6/5" }, { now: NOW });
  expect(r.ok).toBe(true);
  const fus = await rowsByKey(wb, "FollowUps");
  expect(fus[fus.length - 1]).toMatchObject({
    at: serialFromYmd(2024, 5, 21, 9, 15),
    dueDate: serialFromYmd(2024, 6, 5),
  });
});

test("a form value longer than a cell holds is refused at its field and nothing is written", async () => {
  const wb = await book();
  const before = await snapshot(wb);
  const r = await addLead(wb, { ...LEAD, needDesc: "长".repeat(32768) }, { now: NOW });
  expect(r.ok).toBe(false);
  expect(r.messages.map((m) => `${m.field} ${m.code} ${m.severity}`)).toEqual(["needDesc too-long error"]);
  expect(r.messages[0].message).toContain("32768");
  expect(await snapshot(wb)).toEqual(before);
});
