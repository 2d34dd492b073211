/**
 * docs/ARCHITECTURE.md §4: a problem in the data never crashes an operation. Arbitrary cell
 * values (text, numbers, booleans, JS Dates, error strings, blanks, huge or
 * negative numbers) in every column of every table: Check returns problems
 * that each point at a real row and a real field, and never throws.
 */
import fc from "fast-check";
import { checkBook } from "../../src/domain/validate";
import { defaultSettings } from "../../src/domain/settings/defaults";
import { DEFS } from "../support/cleanBook";
import type { CellValue } from "../../src/domain/types";

const anyCell: fc.Arbitrary<CellValue> = fc.oneof(
  fc.constant(null),
  fc.string({ maxLength: 8 }),
  fc.constantFrom(
    "#N/A",
    "#VALUE!",
    "=SUM(A1)",
    "线索-20240501-001",
    "成功",
    "失败",
    "制造业",
    "2024-Q2",
    "2024/5/1",
    "45万",
    " ",
  ),
  fc.double({ noNaN: false }),
  fc.integer({ min: -100000, max: 3000000 }),
  fc.boolean(),
  fc.date({ noInvalidDate: false }),
);

test("property: Check never throws, and every problem is located on a real row and field", () => {
  const names = ["Leads", "FollowUps", "Conversion", "ChannelCosts"] as const;
  fc.assert(
    fc.property(
      fc.tuple(
        ...names.map((n) =>
          fc.array(fc.array(anyCell, { minLength: DEFS[n].fields.length, maxLength: DEFS[n].fields.length }), {
            maxLength: 6,
          }),
        ),
      ),
      fc.boolean(),
      (bodies, withFormulas) => {
        const tables = Object.fromEntries(
          names.map((n, i) => [
            n,
            {
              headers: DEFS[n].fields.map((f) => f.header.zh),
              firstRow: 2,
              values: bodies[i],
              formulas: withFormulas ? bodies[i].map((r) => r.map(() => null)) : undefined,
            },
          ]),
        );
        const problems = checkBook({ tables, settings: defaultSettings("zh-CN"), locale: "zh-CN", today: 45500 });
        for (const p of problems) {
          const i = names.indexOf(p.table as (typeof names)[number]);
          expect(i).toBeGreaterThanOrEqual(0);
          expect(p.row).toBeGreaterThanOrEqual(2);
          expect(p.row).toBeLessThan(2 + bodies[i].length);
          expect(DEFS[names[i]].fields.some((f) => f.key === p.field)).toBe(true);
          // No unfilled placeholder or broken number in the wording (the user's own value may say anything).
          expect(p.message.split(p.value).join("")).not.toMatch(/\{\w+\}|undefined|NaN/);
        }
      },
    ),
    { numRuns: 150 },
  );
});
