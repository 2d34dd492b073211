/**
 * The due-list operation (the 待跟进 / Due list) over the Office adapter on the strict
 * fake Excel: planted leads with known dates, and what the list must say
 * about each (due with how many days, dormant, not yet due, closed).
 */
import { defaultSettings } from "../../src/domain/settings/defaults";
import { dueList } from "../../src/operations/dueList";
import { install } from "../../src/operations/install";
import { uninstallFakeExcel } from "../fakes/excel";
import { officeOnFake } from "../support/officeFake";
import { plant } from "../support/plant";

afterEach(() => uninstallFakeExcel());

// 2024-05-20 10:00 local time; 2024-05-01 is serial 45413, so 05-20 is 45432.
const NOW = new Date(2024, 4, 20, 10, 0, 0);
const TODAY = 45432;
const CADENCE = defaultSettings("en-US").cadenceDays;

const base = {
  contact: "Ann Lee",
  industry: "Retail",
  companySize: "Revenue 100M-500M",
  needType: "Product purchase",
  needDesc: "scanners",
  budget: "200k-500k",
  urgency: "2-3 months",
  decisionAccess: "Influencer",
  source: "Trade show",
  stage: "Initial contact",
};

describe("dueList operation", () => {
  test("due leads with their overdue days, dormant leads after them, closed and fresh leads left out, by owner", async () => {
    const { wb } = officeOnFake();
    await install(wb, { locale: "en-US" });
    await plant(wb, "Leads", [
      // Created 45 days ago, no follow-up: past every grade's cadence (max 30) but not dormant (90).
      {
        ...base,
        leadId: "L-DUE",
        customer: "Due Co",
        phone: "13800000001",
        status: "In progress",
        owner: "Ann",
        createdAt: TODAY - 45,
      },
      // No follow-up for 200 days: dormant.
      {
        ...base,
        leadId: "L-DORM",
        customer: "Sleepy Co",
        phone: "13800000002",
        status: "In progress",
        owner: "Tom",
        createdAt: TODAY - 200,
      },
      // Created today: due only after its cadence (at least 1 day).
      {
        ...base,
        leadId: "L-NEW",
        customer: "Fresh Co",
        phone: "13800000003",
        status: "To follow up",
        owner: "Ann",
        createdAt: TODAY,
      },
      // Won: closed leads are never due.
      {
        ...base,
        leadId: "L-WON",
        customer: "Won Co",
        phone: "13800000004",
        status: "Won",
        owner: "Ann",
        createdAt: TODAY - 200,
      },
      // Followed up 2 days ago, and that follow-up is what counts, not the old created date.
      {
        ...base,
        leadId: "L-FOLLOWED",
        customer: "Busy Co",
        phone: "13800000005",
        status: "In progress",
        owner: "Ann",
        createdAt: TODAY - 60,
      },
    ]);
    await plant(wb, "FollowUps", [
      { leadId: "L-FOLLOWED", at: TODAY - 2, method: "Phone", counterpart: "Ms Li", summary: "called", intent: "High" },
    ]);

    const all = await dueList(wb, { now: NOW });
    expect(all.asOf).toBe(TODAY);
    expect(all.items.map((d) => d.leadId)).toEqual(expect.arrayContaining(["L-DUE", "L-DORM"]));
    expect(all.items.map((d) => d.leadId)).not.toContain("L-NEW");
    expect(all.items.map((d) => d.leadId)).not.toContain("L-WON");
    // Dormant leads come after the due ones.
    const ids = all.items.map((d) => d.leadId);
    expect(ids.indexOf("L-DORM")).toBeGreaterThan(ids.indexOf("L-DUE"));

    const due = all.items.find((d) => d.leadId === "L-DUE");
    expect(due).toMatchObject({ customer: "Due Co", owner: "Ann", dormant: false, row: 2 });
    // Next due = created + the cadence of its grade (engine/alerts.ts), so overdue = 45 - cadence.
    const cadence = CADENCE[due!.grade as keyof typeof CADENCE];
    expect(cadence).toBeGreaterThan(0);
    expect(due!.nextDue).toBe(TODAY - 45 + cadence);
    expect(due!.daysOverdue).toBe(45 - cadence);

    const dormant = all.items.find((d) => d.leadId === "L-DORM");
    expect(dormant).toMatchObject({ dormant: true, row: 3 });

    // The lead followed up 2 days ago is due only when its cadence is at most 2 days.
    const followed = all.items.find((d) => d.leadId === "L-FOLLOWED");
    if (followed) expect(followed.nextDue).toBe(TODAY - 2 + CADENCE[followed.grade as keyof typeof CADENCE]);
    else expect(ids).not.toContain("L-FOLLOWED");

    const ann = await dueList(wb, { owner: " Ann ", now: NOW });
    expect(ann.items.length).toBeGreaterThan(0);
    expect(ann.items.every((d) => d.owner === "Ann")).toBe(true);
    expect(ann.items.map((d) => d.leadId)).not.toContain("L-DORM");
  }, 60_000);

  test("a workbook without LeadFlow has nothing due (and nothing is written)", async () => {
    const { wb, host } = officeOnFake();
    const before = JSON.stringify(host.state.sheets.map((s) => s.name));
    const result = await dueList(wb, { now: NOW });
    expect(result.items).toEqual([]);
    expect(JSON.stringify(host.state.sheets.map((s) => s.name))).toBe(before);
  }, 60_000);
});
