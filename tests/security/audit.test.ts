/**
 * Supply chain (issue 7, item 6): `npm audit --omit=dev` has no high or
 * critical finding, or each one is named and explained in docs/SECURITY.md.
 *
 * The audit needs the registry's advisory endpoint. Where it cannot be
 * reached (offline, or a mirror without the endpoint) the audit test is
 * skipped under a name that says so (the registry CI reaches serves GET only,
 * so there too the audit is reported as skipped, with the reason).
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { record } from "../support/xlsxXml";

const ROOT = resolve(__dirname, "..", "..");

interface AuditJson {
  vulnerabilities?: Record<string, { name: string; severity: string; via: unknown[]; fixAvailable: unknown }>;
  metadata?: { vulnerabilities?: Record<string, number> };
  message?: string;
  error?: unknown;
}

function runAudit(): { reachable: boolean; report?: AuditJson; why?: string } {
  const r = spawnSync(process.platform === "win32" ? "npm.cmd" : "npm", ["audit", "--omit=dev", "--json"], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 120_000,
  });
  let parsed: AuditJson | undefined;
  try {
    parsed = JSON.parse(r.stdout) as AuditJson;
  } catch {
    parsed = undefined;
  }
  // A real audit answer always carries metadata; anything else is "could not ask".
  if (parsed && parsed.metadata && parsed.vulnerabilities) return { reachable: true, report: parsed };
  const why = (parsed?.message ?? r.stderr ?? r.error?.message ?? "no answer").split("\n")[0];
  return { reachable: false, why };
}

const audit = runAudit();

(audit.reachable ? test : test.skip)(
  "npm audit --omit=dev: no high or critical finding that docs/SECURITY.md does not explain",
  () => {
    const vulns = Object.values(audit.report!.vulnerabilities ?? {});
    const serious = vulns.filter((v) => v.severity === "high" || v.severity === "critical");
    const doc = existsSync(join(ROOT, "docs", "SECURITY.md"))
      ? readFileSync(join(ROOT, "docs", "SECURITY.md"), "utf8")
      : "";
    const unexplained = serious.filter(
      (v) => !new RegExp(`\\b${v.name.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}\\b`).test(doc),
    );
    record({
      kind: "bad-input",
      name: "npm audit --omit=dev (high/critical unexplained)",
      tried: 1,
      handled: unexplained.length === 0 ? 1 : 0,
      note: `${serious.length} high/critical, ${unexplained.length} unexplained`,
    });
    expect(unexplained.map((v) => `${v.name} (${v.severity})`)).toEqual([]);
  },
);

if (!audit.reachable) {
  // The registry these machines (and CI) reach answers only GET/HEAD, so the advisory
  // endpoint (a POST) is refused: the audit shows as skipped with the reason, never as passed.
  test.skip(`npm audit --omit=dev — skipped: advisory endpoint unreachable (${audit.why})`, () => undefined);
  record({
    kind: "bad-input",
    name: "npm audit --omit=dev",
    tried: 0,
    handled: 0,
    note: `skipped: advisory endpoint unreachable (${audit.why})`,
  });
}
