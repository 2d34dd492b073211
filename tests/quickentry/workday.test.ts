/**
 * The pane's stage / status change (issue 15 items 1–2) on a real installed
 * workbook (xlsx adapter): one follow-up row recording the change and the
 * lead's cells, in one write; refused without writing when nothing changes,
 * when the stage is not in Settings, or when the lead changed meanwhile.
 */
import { FastXlsxPort } from "../../src/workbook/xlsx/package/fastPort";
import { addLead, type FormValues } from "../../src/operations/quickEntry";
import { readWorkday, updateLead } from "../../src/operations/workday";
import { boardIn, cardIn, leadIdAtRow, searchIn } from "../../src/domain/workday/snapshot";
import { cleanBook } from "../support/cleanBook";
import { entryLeadZh, rowsByKey } from "../support/entryTables";
import { workbookWith } from "../check/realBook";

const NOW = new Date(2024, 5, 3, 15, 30, 0);

const LEAD: FormValues = entryLeadZh("138 0013 8000");

/** What the seller types with a change: the follow-up fields Check requires. */
const FU = {
  method: "电话",
  counterpart: "孙莉-采购经理",
  intent: "高",
  nextStep: "周五前发方案-王芳",
  dueDate: "2024-06-07",
};

async function bookWithLead() {
  const { wb } = await workbookWith(cleanBook());
  const port = new FastXlsxPort(await wb.toBytes());
  const added = await addLead(port, LEAD, { now: NOW });
  if (!added.ok) throw new Error(JSON.stringify(added.messages));
  return { port, leadId: added.leadId, row: added.row };
}

test("a stage change writes exactly one follow-up row and the lead's stage, in one write", async () => {
  const { port, leadId } = await bookWithLead();
  const snap = await readWorkday(port, NOW);
  const fusBefore = await rowsByKey(port, "FollowUps");
  const leadsBefore = await rowsByKey(port, "Leads");
  const r = await updateLead(port, snap, { leadId, stage: "需求挖掘", followUp: FU }, { now: NOW });
  expect(r).toMatchObject({ ok: true, leadId });
  const fus = await rowsByKey(port, "FollowUps");
  expect(fus.length).toBe(fusBefore.length + 1);
  const added = fus[fus.length - 1];
  expect(added).toMatchObject({ leadId, method: "电话", stage: "需求挖掘", by: "王芳" });
  expect(String(added.summary)).toContain("初步接洽 → 需求挖掘");
  const leads = await rowsByKey(port, "Leads");
  expect(leads.length).toBe(leadsBefore.length);
  const mine = leads.find((l) => l.leadId === leadId)!;
  expect(mine.stage).toBe("需求挖掘");
  expect(mine.status).toBe("待跟进");
  // The other leads are untouched.
  expect(leads.filter((l) => l.leadId !== leadId)).toEqual(leadsBefore.filter((l) => l.leadId !== leadId));
  // A fresh read shows the lead in its new column and the change on its card.
  const after = await readWorkday(port, NOW);
  const column = boardIn(after).columns.find((c) => c.stage === "需求挖掘")!;
  expect(column.cards.map((c) => c.leadId)).toContain(leadId);
  expect(cardIn(after, leadId)!.timeline[0].stage).toBe("需求挖掘");
});

test("a status change writes the status and its follow-up", async () => {
  const { port, leadId } = await bookWithLead();
  const snap = await readWorkday(port, NOW);
  const n = (await rowsByKey(port, "FollowUps")).length;
  const r = await updateLead(port, snap, { leadId, status: "跟进中", followUp: FU }, { now: NOW });
  expect(r.ok).toBe(true);
  expect((await rowsByKey(port, "FollowUps")).length).toBe(n + 1);
  expect((await rowsByKey(port, "Leads")).find((l) => l.leadId === leadId)!.status).toBe("跟进中");
});

test("nothing is written when nothing changes, the stage is unknown, or the lead changed meanwhile", async () => {
  const { port, leadId } = await bookWithLead();
  const snap = await readWorkday(port, NOW);
  const before = { fus: await rowsByKey(port, "FollowUps"), leads: await rowsByKey(port, "Leads") };
  const same = await updateLead(port, snap, { leadId, stage: "初步接洽", followUp: FU }, { now: NOW });
  expect(same.ok).toBe(false);
  const unknown = await updateLead(port, snap, { leadId, stage: "不存在", followUp: FU }, { now: NOW });
  expect(unknown.ok).toBe(false);
  expect({ fus: await rowsByKey(port, "FollowUps"), leads: await rowsByKey(port, "Leads") }).toEqual(before);
  // Someone moves the lead; the pane still shows the old stage and tries to move it again.
  const first = await updateLead(port, snap, { leadId, stage: "需求挖掘", followUp: FU }, { now: NOW });
  expect(first.ok).toBe(true);
  const mid = { fus: await rowsByKey(port, "FollowUps"), leads: await rowsByKey(port, "Leads") };
  const stale = await updateLead(port, snap, { leadId, stage: "方案呈现", followUp: FU }, { now: NOW });
  expect(stale).toMatchObject({ ok: false, messages: [{ code: "lead-changed", field: "stage" }] });
  expect({ fus: await rowsByKey(port, "FollowUps"), leads: await rowsByKey(port, "Leads") }).toEqual(mid);
});

test("a row of Leads, FollowUps or Conversion points at its lead; the phone search ignores spaces", async () => {
  const { port, leadId, row } = await bookWithLead();
  const snap0 = await readWorkday(port, NOW);
  await updateLead(port, snap0, { leadId, followUp: { ...FU, summary: "约了演示" } }, { now: NOW });
  const snap = await readWorkday(port, NOW);
  const leadsSheet = snap.places.Leads!.sheet;
  expect(leadIdAtRow(snap, leadsSheet, row)).toBe(leadId);
  const fu = snap.book.followUps.find((f) => f.leadId === leadId)!;
  expect(leadIdAtRow(snap, snap.places.FollowUps!.sheet, fu.row)).toBe(leadId);
  const conv = snap.book.conversion.find((c) => c.leadId === leadId)!;
  expect(leadIdAtRow(snap, snap.places.Conversion!.sheet, conv.row)).toBe(leadId);
  expect(leadIdAtRow(snap, leadsSheet, 1)).toBeNull();
  expect(searchIn(snap, "138 0013 8000").hits.map((h) => h.leadId)).toContain(leadId);
});
