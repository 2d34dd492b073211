/**
 * Supply chain (issue 7, item 6): `npm audit --omit=dev` has no high or
 * critical finding, or each one is named and explained in docs/SECURITY.md.
 *
 * The audit needs the registry's advisory endpoint. Where it cannot be
 * reached (offline, or a mirror without the endpoint) the audit test is
 * skipped under a name that says so, and a separate test fails in CI
 * (CI has the npm registry, so there an unreachable audit is a real failure,
 * not a reason to pass).
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { record } from "../reliability/support";

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
const inCi = Boolean(process.env.CI);

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

test(`npm audit reachability${audit.reachable ? "" : ` — skipped: registry unreachable (${audit.why})`}`, () => {
  if (!audit.reachable) {
    process.stderr.write(`\n  npm audit skipped: registry unreachable — ${audit.why}\n`);
    record({
      kind: "bad-input",
      name: "npm audit --omit=dev",
      tried: 0,
      handled: 0,
      note: `skipped: registry unreachable (${audit.why})`,
    });
  }
  // In CI the registry is there: an audit that could not run must fail the build, not pass it.
  if (inCi) expect(audit.reachable).toBe(true);
});
