import { generateSample } from "../../src/domain/plan/sample";
import { defaultSettings } from "../../src/domain/settings/defaults";
import { tableDefs, INPUT_TABLES } from "../../src/domain/fields/definitions";
import { checkBook } from "../../src/domain/validate/book";
import { parseLeadId } from "../../src/domain/plan/leadIds";
import type { CellValue, Locale } from "../../src/domain/types";
import { tr } from "../../src/domain/types";
import { bookFromTables } from "../../src/domain/rows";
import { leadActivity } from "../../src/domain/engine/activity";

const NOW = 45444.5; // 2024-06-01 12:00

describe.each(["zh-CN", "en-US"] as Locale[])("sample data (%s)", (locale) => {
  const settings = defaultSettings(locale);
  const sample = generateSample({ count: 400, seed: 7, locale, settings, now: NOW });

  test("deterministic: the same seed gives the same data, another seed different data", () => {
    expect(generateSample({ count: 400, seed: 7, locale, settings, now: NOW })).toEqual(sample);
    expect(generateSample({ count: 400, seed: 8, locale, settings, now: NOW }).leads).not.toEqual(sample.leads);
  });

  test("names follow the locale; 0–6 follow-ups per lead; a team of five", () => {
    const cjk = /[\u4e00-\u9fff]/;
    for (const l of sample.leads.slice(0, 50)) expect(cjk.test(String(l.customer))).toBe(locale === "zh-CN");
    const perLead = new Map<string, number>();
    for (const f of sample.followUps) perLead.set(String(f.leadId), (perLead.get(String(f.leadId)) ?? 0) + 1);
    expect(Math.max(...perLead.values())).toBeLessThanOrEqual(6);
    expect(sample.team).toHaveLength(5);
    expect(new Set(sample.leads.map((l) => l.owner)).size).toBeLessThanOrEqual(5);
  });

  test("IDs are unique, well-formed and on the created day", () => {
    const ids = sample.leads.map((l) => String(l.leadId));
    expect(new Set(ids).size).toBe(ids.length);
    for (const l of sample.leads) expect(parseLeadId(String(l.leadId))).not.toBeNull();
  });

  test("dates agree: created ≤ stage dates (ascending) ≤ close ≤ now; follow-ups between created and now", () => {
    const created = new Map(sample.leads.map((l) => [l.leadId, l.createdAt as number]));
    for (const c of sample.conversion) {
      const dates = [1, 2, 3, 4, 5]
        .map((k) => c[`stage${k}At`] as number | null)
        .filter((d): d is number => d !== null);
      for (let i = 1; i < dates.length; i++) expect(dates[i]).toBeGreaterThan(dates[i - 1]);
      if (dates.length > 0) expect(dates[0]).toBeGreaterThanOrEqual(Math.floor(created.get(c.leadId)!));
      if (c.closedAt !== null) expect(c.closedAt as number).toBeLessThanOrEqual(NOW);
    }
    for (const f of sample.followUps) {
      expect(f.at as number).toBeGreaterThanOrEqual(created.get(f.leadId)!);
      expect(f.at as number).toBeLessThanOrEqual(NOW + 1);
    }
  });

  test("outcomes agree: won rows have close date and amount, lost rows a reason, statuses match results", () => {
    const won = settings.lists.result.find((o) => o.role === "won")!.value;
    const lost = settings.lists.result.find((o) => o.role === "lost")!.value;
    const statusOf = new Map(sample.leads.map((l) => [l.leadId, l.status]));
    let wins = 0;
    let losses = 0;
    for (const c of sample.conversion) {
      if (c.result === won) {
        wins++;
        expect(c.closedAt).not.toBeNull();
        expect(c.amount as number).toBeGreaterThan(0);
        expect(statusOf.get(c.leadId)).toBe(settings.lists.status.find((o) => o.role === "won")!.value);
      } else expect(c.amount).toBeNull();
      if (c.result === lost) {
        losses++;
        expect(c.lossReason).not.toBe("");
      } else expect(c.lossReason).toBe("");
    }
    expect(wins).toBeGreaterThan(20);
    expect(losses).toBeGreaterThan(20);
  });

  test("the data check finds no problem in the sample", () => {
    const defs = tableDefs(settings.lists.stage.length);
    const rowsOf: Record<string, Record<string, CellValue>[]> = {
      Leads: sample.leads,
      FollowUps: sample.followUps,
      Conversion: sample.conversion,
      ChannelCosts: sample.channelCosts,
    };
    const tables = Object.fromEntries(
      INPUT_TABLES.map((name) => {
        const fields = defs[name].fields;
        return [
          name,
          {
            headers: fields.map((f) => tr(f.header, locale)),
            firstRow: 2,
            values: rowsOf[name].map((r) => fields.map((f) => r[f.key] ?? null)),
          },
        ];
      }),
    );
    const withTeam = { ...settings, lists: { ...settings.lists, team: sample.team.map((value) => ({ value })) } };
    const problems = checkBook({ tables, settings: withTeam, locale, today: Math.floor(NOW) });
    expect(problems.map((p) => `${p.table} ${p.row} ${p.field} ${p.code} ${p.value}`).slice(0, 10)).toEqual([]);
  });

  test("the columns Refresh fills already hold what Refresh would compute", () => {
    const defs = tableDefs(settings.lists.stage.length);
    const raw = (name: "Leads" | "FollowUps" | "Conversion", rows: Record<string, CellValue>[]) => ({
      headers: defs[name].fields.map((f) => tr(f.header, locale)),
      firstRow: 2,
      values: rows.map((r) => defs[name].fields.map((f) => r[f.key] ?? null)),
    });
    const book = bookFromTables(
      {
        Leads: raw("Leads", sample.leads),
        FollowUps: raw("FollowUps", sample.followUps),
        Conversion: raw("Conversion", sample.conversion),
      },
      settings.lists.stage.length,
    );
    const activity = leadActivity(book, settings);
    let stageSinceSet = 0;
    for (const l of sample.leads) {
      const a = activity.get(String(l.leadId))!;
      expect([l.leadId, l.lastFollowUp, l.stageSince, l.noReplyRun]).toEqual([
        l.leadId,
        a.lastFollowUp,
        a.stageSince,
        a.noReplyRun,
      ]);
      if (l.stageSince !== null) stageSinceSet++;
    }
    expect(stageSinceSet).toBeGreaterThan(300);
  });

  test("channel costs: every source in every quarter, never negative", () => {
    const sources = settings.lists.source.map((o) => o.value);
    const quarters = new Set(sample.channelCosts.map((c) => c.period));
    expect(sample.channelCosts).toHaveLength(sources.length * quarters.size);
    for (const c of sample.channelCosts) {
      expect(String(c.period)).toMatch(/^\d{4}-Q[1-4]$/);
      expect(c.cost as number).toBeGreaterThanOrEqual(0);
    }
  });
});
