import { tableDefs } from "../../src/domain/fields/definitions";
import {
  mapHeaders,
  normaliseHeader,
  parseExplicitMap,
  MappingError,
  EXTRA_COLUMN,
} from "../../src/domain/import/mapping";

const defs = tableDefs(5);
const targetsOf = (headers: string[], opts = {}) => mapHeaders(defs.Leads, headers, opts).targets;

test("Chinese CRM headers map without a manual mapping", () => {
  expect(targetsOf(["公司名称", "联系人", "手机号", "行业", "来源"])).toEqual([
    "customer",
    "contact",
    "phone",
    "industry",
    "source",
  ]);
});

test("synonyms in both languages, normalised for case, width, spaces and punctuation", () => {
  expect(targetsOf(["ＣＯＭＰＡＮＹ　ＮＡＭＥ", " mobile ", "Phone-Number", "电话", "手机"])).toEqual([
    "customer",
    "phone",
    null,
    null,
    null,
  ]);
  const m = mapHeaders(defs.Leads, ["ＣＯＭＰＡＮＹ　ＮＡＭＥ", " mobile ", "Phone-Number"]);
  expect(m.ignored).toEqual([{ column: 3, header: "Phone-Number", reason: "duplicate" }]);
  expect(normaliseHeader("Phone-Number")).toBe("phonenumber");
});

test("exact spec headers in either locale always map, and beat a synonym that came first", () => {
  // "电话" (synonym of phone) comes before the exact header 联系方式: the exact header wins the field.
  expect(targetsOf(["电话", "联系方式", "Customer", "所属行业"])).toEqual([null, "phone", "customer", "industry"]);
});

test("calculated and refresh-owned columns are not imported, and said so", () => {
  const m = mapHeaders(defs.Leads, ["客户名称", "评分", "最近跟进", "微信号"]);
  expect(m.targets).toEqual(["customer", null, null, null]);
  expect(m.ignored.map((i) => [i.header, i.reason])).toEqual([
    ["评分", "not-importable"],
    ["最近跟进", "not-importable"],
    ["微信号", "unknown"],
  ]);
});

test("explicit mapping overrides, and a typo is an error rather than a silent mis-import", () => {
  const explicit = parseExplicitMap("单位=customer，座机＝phone");
  expect(explicit).toEqual([
    { source: "单位", key: "customer" },
    { source: "座机", key: "phone" },
  ]);
  expect(targetsOf(["单位", "座机", "手机号"], { explicit })).toEqual(["customer", "phone", null]);
  expect(() => mapHeaders(defs.Leads, ["单位"], { explicit: [{ source: "单位", key: "custmer" }] })).toThrow(
    MappingError,
  );
  expect(() => mapHeaders(defs.Leads, ["单位"], { explicit: [{ source: "不存在", key: "customer" }] })).toThrow(
    MappingError,
  );
  expect(() => mapHeaders(defs.Leads, ["单位"], { explicit: [{ source: "单位", key: "score" }] })).toThrow(
    MappingError,
  );
  expect(() => parseExplicitMap("单位customer")).toThrow(MappingError);
});

test("a source column named like the user's own extra table column is kept there", () => {
  const m = mapHeaders(defs.Leads, ["客户名称", "微信号"], { tableHeaders: ["线索编号", "客户名称", "微信 号"] });
  expect(m.targets).toEqual(["customer", EXTRA_COLUMN + "微信 号"]);
  expect(m.ignored).toEqual([]);
});

test("follow-up and channel-cost synonyms", () => {
  expect(mapHeaders(defs.FollowUps, ["线索ID", "跟进日期", "方式", "内容", "截止日期"]).targets).toEqual([
    "leadId",
    "at",
    "method",
    "summary",
    "dueDate",
  ]);
  expect(mapHeaders(defs.ChannelCosts, ["渠道", "月份", "费用"]).targets).toEqual(["channel", "period", "cost"]);
  expect(mapHeaders(defs.Conversion, ["线索编号", "结果", "成交金额", "阶段1停留时长"]).targets).toEqual([
    "leadId",
    "result",
    "amount",
    null,
  ]);
});
