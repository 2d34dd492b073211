import { buildSearchIndex, searchLeads, substringDistance } from "../../../src/domain/workday/search";
import { lead } from "../../support/engineCases";

const leads = [
  lead({ leadId: "L-20240501-001", customer: "上海华东精密机械有限公司", contact: "张伟", phone: "13800138000" }),
  lead({ leadId: "L-20240501-002", customer: "Acme Robotics Ltd.", contact: "John Smith", phone: "010-12345678" }),
  lead({ leadId: "L-20240501-003", customer: "北京华北重工", contact: "张三", phone: "13912345678" }),
  lead({ leadId: "L-20240501-004", customer: "Acme", contact: "Mary Jones", phone: "+44 20 7123 4567" }),
];
const index = buildSearchIndex(leads);
const find = (q: string) => searchLeads(index, q).hits.map((h) => [h.leadId.slice(-3), h.field, h.kind, h.distance]);

describe("lead search", () => {
  test.each(["138 0013 8000", "+86 138-0013-8000", "１３８ ００１３ ８０００", "0086 13800138000", "13800138000"])(
    "the phone typed as %s finds 13800138000",
    (q) => {
      expect(find(q)[0]).toEqual(["001", "phone", "exact", 0]);
    },
  );

  test("a phone being typed matches by its start, a known tail by containment; landlines by their digits", () => {
    expect(find("138 0013")[0]).toEqual(["001", "phone", "prefix", 0]);
    expect(find("+86 139 12")[0]).toEqual(["003", "phone", "prefix", 0]);
    expect(find("5678").map((h) => h[0])).toEqual(["002", "003"]);
    expect(find("(010) 1234-5678")[0]).toEqual(["002", "phone", "exact", 0]);
    // One wrong digit of a whole number.
    expect(find("13800138001")[0]).toEqual(["001", "phone", "typo", 1]);
  });

  test("customer, contact and lead ID, as the seller types; exact before prefix before contained", () => {
    expect(find("上海华")[0]).toEqual(["001", "customer", "prefix", 0]);
    expect(find("acme").slice(0, 2)).toEqual([
      ["004", "customer", "exact", 0],
      ["002", "customer", "prefix", 0],
    ]);
    expect(find("ＡＣＭＥ　ｒｏｂ")[0]).toEqual(["002", "customer", "prefix", 0]);
    expect(find("smith")[0]).toEqual(["002", "contact", "contains", 0]);
    expect(find("l-20240501-003")[0]).toEqual(["003", "leadId", "exact", 0]);
    expect(find("华")).toHaveLength(2);
  });

  test("Latin typos: one edit from four characters, two from eight", () => {
    expect(find("robtics")[0]).toEqual(["002", "customer", "typo", 1]);
    expect(find("acme robotcs ltf")[0]).toEqual(["002", "customer", "typo", 2]);
    // Two neighbours swapped are one edit: "jhon" finds John (and Jones, one letter off).
    expect(find("jhon")).toEqual([
      ["002", "contact", "typo", 1],
      ["004", "contact", "typo", 1],
    ]);
    expect(find("rbtcs")).toEqual([]);
    expect(find("xyz")).toEqual([]);
  });

  test("Chinese typos: one wrong, missing or extra character, or the characters in another order", () => {
    expect(find("华冬精密")[0]).toEqual(["001", "customer", "typo", 1]);
    expect(find("华东精机")[0]).toEqual(["001", "customer", "typo", 1]);
    expect(find("华东的精密")[0]).toEqual(["001", "customer", "typo", 1]);
    expect(find("精密华东")[0]).toEqual(["001", "customer", "characters", 0]);
    // Two characters with one wrong are not a match (half of a name).
    expect(find("张为")).toEqual([]);
    expect(find("张伟")[0]).toEqual(["001", "contact", "exact", 0]);
    // Reordering is for Chinese characters only: digits and letters in another order are another name.
    const numbered = buildSearchIndex([lead({ leadId: "X", customer: "客户12有限公司", contact: "", phone: "" })]);
    expect(searchLeads(numbered, "有限12").hits).toEqual([]);
    expect(searchLeads(numbered, "有限客户").hits.map((h) => h.kind)).toEqual(["characters"]);
  });

  test("why it matched carries the field's text; hidden contacts leave the phone out; limit and total", () => {
    const r = searchLeads(index, "138 0013 8000");
    expect(r.hits[0]).toMatchObject({ leadId: "L-20240501-001", row: leads[0].row, text: "13800138000" });
    const hidden = searchLeads(buildSearchIndex(leads, { hideContacts: true }), "138 0013 8000");
    expect(hidden.hits[0]).toMatchObject({ leadId: "L-20240501-001", field: "phone", text: "" });
    const all = searchLeads(index, "l2024", 2);
    expect([all.hits.length, all.total]).toEqual([2, 4]);
    expect(searchLeads(index, "  ").hits).toEqual([]);
  });

  test("substring distance", () => {
    expect(substringDistance("abc", "xxabcxx", 2)).toBe(0);
    expect(substringDistance("abd", "xxabcxx", 2)).toBe(1);
    expect(substringDistance("zzzz", "ab", 1)).toBe(2);
    expect(substringDistance("bac", "xxabcxx", 2)).toBe(1);
  });
});
