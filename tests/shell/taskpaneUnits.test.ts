import { readdirSync, readFileSync, statSync } from "fs";
import { join } from "path";
import { webDarkTheme, webLightTheme } from "@fluentui/react-components";
import { PROBLEM_CODES } from "../../src/domain/validate/messages";
import { PROBLEM_KINDS } from "../../src/i18n/problemKinds";
import { localeFromLanguage, STRINGS, t } from "../../src/i18n/strings";
import { parseCsv, sniffDelimiter } from "../../src/domain/import/csv";

/** Fields of each record (the pane reads CSV with the same parser as the command). */
const parseCsvText = (text: string) => parseCsv(text, sniffDelimiter(text)).map((r) => r.fields);
import { describeError } from "../../src/service/errorMessages";
import { ImportError } from "../../src/domain/import/plan";
import { formatSerial, periodLabel } from "../../src/i18n/format";
import { NotAvailableError } from "../../src/service/service";
import { themeForOffice } from "../../src/taskpane/theme";
import { WorkbookError } from "../../src/workbook/port";

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("UI strings", () => {
  test("every string exists in both languages with the same placeholders", () => {
    for (const [key, text] of Object.entries(STRINGS)) {
      expect({ key, zh: text.zh.trim().length > 0, en: text.en.trim().length > 0 }).toEqual({
        key,
        zh: true,
        en: true,
      });
      expect({ key, placeholders: placeholders(text.zh) }).toEqual({ key, placeholders: placeholders(text.en) });
    }
  });

  test("the English strings contain no Chinese", () => {
    const cjk = /[\u4e00-\u9fff]/;
    for (const [key, text] of Object.entries(STRINGS)) {
      // Names (LeadFlow, Excel, CSV, UTF-8) may appear in both; the English side never has Chinese.
      expect({ key, en: cjk.test(text.en) }).toEqual({ key, en: false });
    }
    expect(cjk.test(STRINGS.installButton.zh)).toBe(true);
  });

  test("placeholders are filled, unknown ones are left visible", () => {
    expect(t("leadSaved", "en-US", { id: "L-20240501-001", row: 7 })).toBe("Saved lead L-20240501-001 (row 7).");
    expect(t("leadSaved", "zh-CN", { id: "线索-20240501-001", row: 7 })).toBe(
      "已保存线索 线索-20240501-001（第 7 行）。",
    );
    expect(t("leadSaved", "en-US", { id: "X" })).toContain("{row}");
  });

  test("Office display languages map to the two UI locales", () => {
    expect(localeFromLanguage("zh-CN")).toBe("zh-CN");
    expect(localeFromLanguage("zh-TW")).toBe("zh-CN");
    expect(localeFromLanguage("ZH-cn")).toBe("zh-CN");
    expect(localeFromLanguage("en-GB")).toBe("en-US");
    expect(localeFromLanguage("fr-FR")).toBe("en-US");
    expect(localeFromLanguage(undefined)).toBe("en-US");
  });

  test("every problem code Check can report has a short bilingual kind name", () => {
    for (const code of PROBLEM_CODES) {
      expect({ code, has: Boolean(PROBLEM_KINDS[code]?.zh && PROBLEM_KINDS[code]?.en) }).toEqual({ code, has: true });
    }
  });
});

describe("errors in plain words", () => {
  test("Office errors with a known code get their own explanation, raw text only as detail", () => {
    const editing = Object.assign(new Error("RichApi.Error: cell edit mode"), {
      code: "InvalidOperationInCellEditMode",
    });
    const zh = describeError(editing, "zh-CN");
    expect(zh.message).toContain("按 Enter 或 Esc");
    expect(zh.message).not.toContain("RichApi");
    expect(zh.detail).toContain("InvalidOperationInCellEditMode");
    expect(
      describeError(Object.assign(new Error("x"), { code: "RequestPayloadSizeLimitExceeded" }), "en-US").message,
    ).toMatch(/Too much data/);
  });

  test("workbook errors from the adapters map by their stable code", () => {
    expect(describeError(new WorkbookError("protected", "Leads is protected"), "en-US").message).toMatch(/Unprotect/);
    expect(describeError(new WorkbookError("table-missing", "no Leads"), "en-US").message).toMatch(/Upgrade templates/);
    expect(describeError(new NotAvailableError("x"), "zh-CN").message).toBe(STRINGS.errNotAvailable.zh);
  });

  test("an import source with no recognised column says to check the encoding and the header row", () => {
    const thrown = new ImportError("no-columns", "no column of the source matches a field of Leads (headers: a, b)");
    expect(describeError(thrown, "en-US").message).toBe(STRINGS.errImportNoColumns.en);
    expect(describeError(thrown, "zh-CN").message).toBe(STRINGS.errImportNoColumns.zh);
    expect(describeError(thrown, "en-US").detail).toContain("headers: a, b");
    expect(describeError(new ImportError("table-missing", "no Leads"), "en-US").message).toBe(
      STRINGS.errTableMissing.en,
    );
  });

  test("anything else still gets a sentence with what to do", () => {
    for (const thrown of [new TypeError("undefined is not a function"), "boom", 42, null]) {
      const plain = describeError(thrown, "en-US");
      expect(plain.message).toBe(STRINGS.errUnknown.en);
    }
    expect(describeError("boom", "en-US").detail).toBe("boom");
    expect(describeError(null, "en-US").detail).toBeUndefined();
  });
});

describe("theme, dates and periods", () => {
  test("the pane follows Office's light or dark theme", () => {
    expect(themeForOffice({ bodyBackgroundColor: "#1F1F1F" })).toBe(webDarkTheme);
    expect(themeForOffice({ bodyBackgroundColor: "#FFFFFF" })).toBe(webLightTheme);
    expect(themeForOffice({ bodyBackgroundColor: "not a colour" })).toBe(webLightTheme);
    expect(themeForOffice(undefined)).toBe(webLightTheme);
  });

  test("Excel serials are shown as dates (the worked conversion example's dates)", () => {
    // 2024-05-01 is serial 45413 (days since 1899-12-30).
    expect(formatSerial(45413)).toBe("2024-05-01");
    expect(formatSerial(45413 + 0.4375, true)).toBe("2024-05-01 10:30");
    expect(formatSerial(45437 + 0.99999999, true)).toBe("2024-05-26 00:00");
  });

  test("periods are labelled like the review sheets", () => {
    expect(periodLabel({ kind: "all" }, "zh-CN")).toBe("全部");
    expect(periodLabel({ kind: "year", year: 2024 }, "en-US")).toBe("2024");
    expect(periodLabel({ kind: "quarter", year: 2024, quarter: 2 }, "en-US")).toBe("2024-Q2");
    expect(periodLabel({ kind: "month", year: 2024, month: 5 }, "en-US")).toBe("2024-05");
  });
});

describe("CSV text", () => {
  test("quotes, doubled quotes, embedded newlines and CRLF", () => {
    const text = 'Customer,Need\r\n"Acme, Inc.","He said ""now""\nplease"\r\n\r\nBeta,x';
    expect(parseCsvText(text)).toEqual([
      ["Customer", "Need"],
      ["Acme, Inc.", 'He said "now"\nplease'],
      ["Beta", "x"],
    ]);
  });

  test("the delimiter follows the header line", () => {
    expect(sniffDelimiter("a;b;c\n1;2;3")).toBe(";");
    expect(sniffDelimiter("a\tb\n1\t2")).toBe("\t");
    expect(sniffDelimiter("single")).toBe(",");
    expect(parseCsvText("客户名称;联系人\n上海;张三")).toEqual([
      ["客户名称", "联系人"],
      ["上海", "张三"],
    ]);
  });
});

describe("layering", () => {
  test("the task pane and the ribbon commands never call Excel directly (only through the operations)", () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.tsx?$/.test(name)) files.push(path);
      }
    };
    const root = join(__dirname, "..", "..", "src");
    walk(join(root, "taskpane"));
    walk(join(root, "commands"));
    expect(files.length).toBeGreaterThan(10);
    const offenders = files.filter((f) =>
      /\bExcel\.(run|RequestContext)|context\.sync\(|\bexceljs\b/.test(readFileSync(f, "utf8")),
    );
    expect(offenders).toEqual([]);
  });
});
