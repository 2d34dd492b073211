import fc from "fast-check";
import { assignLeadIds, parseLeadId, serialDay } from "../../src/domain/plan/leadIds";

describe("lead IDs", () => {
  test("serial day: 45413 is 2024-05-01 (Excel serials, 1899-12-30 epoch); the time of day does not shift it", () => {
    expect(serialDay(45413)).toBe("20240501");
    expect(serialDay(45413.999)).toBe("20240501");
    expect(serialDay(1)).toBe("18991231");
  });

  test("per-day sequence after the highest number already used that day, in either locale", () => {
    const ids = assignLeadIds(
      ["线索-20240501-001", "L-20240501-007", "线索-20240502-003", "nonsense"],
      [{ createdAt: 45413.4 }, { createdAt: 45413.9 }, { createdAt: 45414 }, {}],
      45415.5,
      "zh-CN",
    );
    expect(ids).toEqual(["线索-20240501-008", "线索-20240501-009", "线索-20240502-004", "线索-20240503-001"]);
    expect(assignLeadIds([], [{ createdAt: null }], 45413, "en-US")).toEqual(["L-20240501-001"]);
  });

  test("never reuses an existing ID and gives unique IDs (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 45400, max: 45410 }), fc.integer({ min: 1, max: 1200 }), fc.boolean())),
        fc.array(fc.option(fc.double({ min: 45400, max: 45411, noNaN: true }), { nil: null }), { maxLength: 50 }),
        (existingSpec, created) => {
          const existing = existingSpec.map(
            ([d, n, zh]) => `${zh ? "线索" : "L"}-${serialDay(d)}-${String(n).padStart(3, "0")}`,
          );
          const ids = assignLeadIds(
            existing,
            created.map((c) => ({ createdAt: c })),
            45405,
            "zh-CN",
          );
          const all = new Set(
            existing.map((e) => {
              const p = parseLeadId(e)!;
              return `${p.day}-${p.seq}`;
            }),
          );
          for (const id of ids) {
            const p = parseLeadId(id)!;
            expect(p).not.toBeNull();
            const k = `${p.day}-${p.seq}`;
            expect(all.has(k)).toBe(false);
            all.add(k);
          }
        },
      ),
    );
  });
});
