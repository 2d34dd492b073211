/**
 * Data validation message limits (issue 11 item 8). Excel caps them below what
 * the file format allows; a longer text makes Excel reject or repair the rule.
 * Source: [MS-OI29500] 2.1.613 "Part 1 Section 18.3.1.32, dataValidation",
 * https://learn.microsoft.com/en-us/openspecs/office_standards/ms-oi29500/0114969a-4859-443e-ae3e-0c1fdebfcc64
 * — prompt at most 255 characters, error at most 224, errorTitle and
 * promptTitle at most 32. Excel strings are UTF-16, so a character outside the
 * BMP (an emoji in a stage name) counts twice.
 * Every rule the install writes is checked, in both languages, with Settings
 * whose stage names are long (they go into the input message of the stage columns).
 */
import fc from "fast-check";
import { planInstall } from "../../src/domain/plan/install";
import { defaultSettings } from "../../src/domain/settings/defaults";
import { VALIDATION_LIMITS, clipValidationText } from "../../src/domain/formulas/validationAndFormats";
import type { Change } from "../../src/domain/plan/changes";
import type { Locale } from "../../src/domain/types";
import type { Settings } from "../../src/domain/settings/schema";
import { emptyBook, stateOf } from "../support/planModel";

const NOW = 45444.5;
const units = (s: string) => s.length; // UTF-16 code units, as Excel counts

function withStageNames(locale: Locale, names: string[]): Settings {
  const s = defaultSettings(locale);
  const stage = s.lists.stage.map((o, i) => ({ ...o, value: names[i] ?? o.value }));
  return { ...s, lists: { ...s.lists, stage } };
}

function validations(settings: Settings, locale: Locale) {
  const { changes } = planInstall({ state: stateOf(emptyBook()), settings, locale, now: NOW });
  return (changes as Change[]).filter((c): c is Extract<Change, { op: "setValidation" }> => c.op === "setValidation");
}

function overLimits(v: ReturnType<typeof validations>): string[] {
  const out: string[] = [];
  for (const c of v) {
    const { prompt, error } = c.validation;
    if (prompt && units(prompt.title) > VALIDATION_LIMITS.title)
      out.push(`${c.address} prompt title ${units(prompt.title)}`);
    if (prompt && units(prompt.message) > VALIDATION_LIMITS.prompt)
      out.push(`${c.address} prompt ${units(prompt.message)}`);
    if (error && units(error.title) > VALIDATION_LIMITS.title)
      out.push(`${c.address} error title ${units(error.title)}`);
    if (error && units(error.message) > VALIDATION_LIMITS.error) out.push(`${c.address} error ${units(error.message)}`);
  }
  return out;
}

test("the limits are Excel's (MS-OI29500 2.1.613)", () => {
  expect(VALIDATION_LIMITS).toEqual({ title: 32, prompt: 255, error: 224 });
});

describe.each(["zh-CN", "en-US"] as Locale[])("validation texts the install writes (%s)", (locale) => {
  test("default Settings: every rule within the limits, texts unclipped", () => {
    const v = validations(defaultSettings(locale), locale);
    expect(v.length).toBeGreaterThan(20);
    expect(overLimits(v)).toEqual([]);
    for (const c of v) expect(c.validation.prompt?.message.endsWith("…")).toBe(false);
  });

  test("long stage names (emoji and Chinese included): every rule within the limits (fast-check)", () => {
    const unit = fc.constantFrom("a", "阶", "段", "😀", " ", "é", "𠀀");
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit, minLength: 120, maxLength: 400 }), { minLength: 5, maxLength: 5 }),
        (names) => {
          const v = validations(withStageNames(locale, names), locale);
          expect(overLimits(v)).toEqual([]);
        },
      ),
      { numRuns: 25 },
    );
  });
});

test("clipping keeps whole characters and marks the cut", () => {
  expect(clipValidationText("abc", 5)).toBe("abc");
  expect(clipValidationText("abcdef", 5)).toBe("abcd…");
  // Never half a surrogate pair: 😀 is two UTF-16 units.
  const clipped = clipValidationText("ab😀😀😀", 5);
  expect(units(clipped)).toBeLessThanOrEqual(5);
  expect(clipped).toBe("ab😀…");
  expect(clipValidationText("😀😀😀😀", 4)).toBe("😀…");
});
