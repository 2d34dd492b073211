import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DECLARED_EXCEL_API, GATED_MEMBERS } from "../../src/workbook/office/apiSets";
import { type MemberUse, auditFiles } from "./apiSetAudit";

/**
 * (f) API-set audit: every Excel member the Office adapter uses is within the
 * declared ExcelApi 1.8, or is in the adapter's allowlist of gated members and
 * used only behind an isSetSupported guard of its version; every use carries
 * an `// ExcelApi x.y` tag at least as high as what it needs.
 */
const DIR = path.resolve(__dirname, "../../src/workbook/office");
const DECLARED = Number(DECLARED_EXCEL_API.split(".")[1]);

type Use = MemberUse & { guardMinor?: number };

function violations(uses: Use[]): string[] {
  const out: string[] = [];
  for (const u of uses) {
    const where = `${u.file}:${u.line} ${u.member} (ExcelApi 1.${u.minor})`;
    if (u.minor > DECLARED) {
      const allowed = GATED_MEMBERS[u.member];
      if (!allowed) out.push(`${where}: above ${DECLARED_EXCEL_API} and not in GATED_MEMBERS`);
      else if (Number(allowed.split(".")[1]) !== u.minor) out.push(`${where}: GATED_MEMBERS says ${allowed}`);
      if ((u.guardMinor ?? 0) < u.minor)
        out.push(`${where}: not behind an isSetSupported('ExcelApi', '1.${u.minor}') guard`);
    }
    if (u.taggedMinor === undefined) out.push(`${where}: no // ExcelApi tag`);
    else if (u.taggedMinor < u.minor) out.push(`${where}: tagged 1.${u.taggedMinor}`);
  }
  return out;
}

describe("ExcelApi requirement-set audit of src/workbook/office", () => {
  const files = fs
    .readdirSync(DIR)
    .filter((f) => f.endsWith(".ts"))
    .map((f) => path.join(DIR, f));
  let uses: Use[] = [];
  beforeAll(() => {
    uses = auditFiles(files);
  });

  test("finds the adapter's Excel members and their API sets", () => {
    const byMember = new Map<string, number>();
    for (const u of uses) byMember.set(u.member, u.minor);
    const histogram: Record<string, number> = {};
    for (const minor of byMember.values()) histogram[`1.${minor}`] = (histogram[`1.${minor}`] ?? 0) + 1;
    console.log(
      `ExcelApi audit: ${uses.length} uses of ${byMember.size} Excel members; members by set: ${JSON.stringify(histogram)}`,
    );
    // Spot checks against the typings (these are facts of @types/office-js, not of the adapter).
    expect(byMember.get("Excel.Range.dataValidation")).toBe(8);
    expect(byMember.get("Excel.Runtime.enableEvents")).toBe(8);
    expect(byMember.get("Excel.Application.suspendApiCalculationUntilNextSync")).toBe(6);
    expect(byMember.get("Excel.ChartType.funnel")).toBe(9);
    expect(byMember.get("Excel.Range.group")).toBe(10);
    expect(byMember.get("Excel.WorksheetFreezePanes.freezeRows")).toBe(7);
    expect(byMember.get("Excel.DocumentProperties.custom")).toBe(7);
    expect(byMember.get("Excel.ListDataValidation.inCellDropDown")).toBe(8);
  });

  test("nothing above ExcelApi 1.8 outside a guard; every use tagged", () => {
    expect(violations(uses)).toEqual([]);
    // The allowlist lists only members the adapter really uses.
    for (const m of Object.keys(GATED_MEMBERS)) expect(uses.some((u) => u.member === m)).toBe(true);
  });

  test("the audit catches an unguarded newer member, an untagged use and a newer parameter (self-test)", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lf-audit-"));
    const file = path.join(dir, "sample.ts");
    fs.writeFileSync(
      file,
      [
        "export function f(r: Excel.Range, t: Excel.Table, caps: { excelApi1_10: boolean }): void {",
        "  r.group(Excel.GroupOption.byColumns); // ExcelApi 1.10",
        "  if (caps.excelApi1_10) {",
        "    r.group(Excel.GroupOption.byColumns); // ExcelApi 1.10 (gated)",
        "  }",
        "  r.values = [[1]];",
        "  t.rows.add(undefined, [[1]], true); // ExcelApi 1.4",
        "  r.worksheet.protection.protect({ allowSort: true }, 'pw'); // ExcelApi 1.2",
        "}",
        "",
      ].join("\n"),
    );
    try {
      const found = violations(auditFiles([file]));
      const text = found.join("\n");
      expect(text).toMatch(/sample\.ts:2 Excel\.Range\.group .*not behind/);
      expect(text).not.toMatch(/sample\.ts:4 Excel\.Range\.group .*not behind/);
      expect(text).toMatch(/sample\.ts:6 Excel\.Range\.values .*no \/\/ ExcelApi tag/);
      expect(text).toMatch(/sample\.ts:7 Excel\.TableRowCollection\.add \(ExcelApi 1\.15\)/);
      expect(text).toMatch(/sample\.ts:8 Excel\.WorksheetProtection\.protect \(ExcelApi 1\.7\): tagged 1\.2/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
