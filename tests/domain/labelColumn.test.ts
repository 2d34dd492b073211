import { labelColumn } from "../../src/domain/types";

/**
 * The one resolver for a column headed by a label of LeadFlow's own tables
 * (Settings lists and parameters, the sales review): either language's label
 * matches, whatever the workbook's locale, with spaces around it ignored.
 */
describe("labelColumn", () => {
  const label = { zh: "选项", en: "Option" };

  test("either language's label, trimmed, first match", () => {
    expect(labelColumn(["Key", " 选项 ", "Option"], label)).toBe(1);
    expect(labelColumn(["Key", "Option"], label)).toBe(1);
    expect(labelColumn(["Option\u0020", "选项"], label)).toBe(0);
  });

  test("cells as read: numbers, booleans, blanks and dates never match a label", () => {
    expect(labelColumn([null, 1, true, new Date(0), "选项"], label)).toBe(4);
  });

  test("-1 when no header reads the label (other case, other text)", () => {
    expect(labelColumn(["option", "Options", ""], label)).toBe(-1);
    expect(labelColumn([], label)).toBe(-1);
  });
});
