import { install } from "../../src/operations/install";
import { refresh } from "../../src/operations/refresh";
import { FastXlsxPort } from "../../src/workbook/xlsx/package/fastPort";
import { readZip } from "../../src/workbook/xlsx/package/zip";

/**
 * The package engine draws no review charts (it never has): it takes the plan's
 * `reviewCharts` change and leaves the file without chart parts, and Refresh reports
 * the charts as not updated, without a warning and without a charts step.
 */
const NOW = new Date(2024, 5, 3, 10, 0, 0);

test("refresh of a file: the reviewCharts change is taken, no chart is drawn, no warning", async () => {
  const port = FastXlsxPort.create();
  await install(port, { locale: "en-US", now: NOW, sample: { count: 30, seed: 5 } });
  const steps: string[] = [];
  const result = await refresh(port, { period: { kind: "all" }, now: NOW, onProgress: (p) => steps.push(p.step) });
  expect(result.changes.some((c) => c.op === "reviewCharts")).toBe(true);
  expect(result.report.charts).toBe(false);
  expect(result.report.chartWarnings).toBeUndefined();
  expect(steps).not.toContain("charts");
  const parts = readZip(port.save()).map((e) => e.name);
  expect(parts.filter((p) => /chart/i.test(p))).toEqual([]);
  expect(parts).toContain("xl/worksheets/sheet1.xml");
});
