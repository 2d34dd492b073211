import type { Locale, Serial } from "../types";
import type { OptionRole } from "../fields/lists";
import type { Option, Settings } from "../settings/schema";
import type { Scalar } from "./changes";
import type { RowsByTable } from "./install";
import { LEAD_ID_PREFIX, serialDay } from "./leadIds";
import { serialFromYmd } from "../parse/dates";
import { normaliseCustomerKey } from "../parse/text";

/**
 * Deterministic, realistic sample data (`init --sample n`, the demo and the
 * benchmarks). A seeded PRNG drives a small simulation per lead: it is created,
 * walks through the stages with follow-ups along the way, and ends won, lost,
 * invalid, dormant or still open — so stage dates, follow-ups, results,
 * amounts and loss reasons agree with each other. Linear in the row count.
 */
export interface SampleInput {
  count: number;
  seed: number;
  locale: Locale;
  settings: Settings;
  /** The present (serial): nothing in the sample happens after it. */
  now: Serial;
}

export interface SampleData {
  team: string[];
  leads: Record<string, Scalar>[];
  followUps: Record<string, Scalar>[];
  conversion: Record<string, Scalar>[];
  channelCosts: Record<string, Scalar>[];
}

/** mulberry32: tiny, fast, good enough for sample data, identical on every platform. */
export function prng(seed: number): () => number {
  let a = seed >>> 0 || 0x9e3779b9;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ZH = {
  cities: [
    "上海",
    "北京",
    "深圳",
    "广州",
    "杭州",
    "苏州",
    "成都",
    "武汉",
    "南京",
    "天津",
    "重庆",
    "西安",
    "宁波",
    "青岛",
    "厦门",
    "长沙",
    "合肥",
    "无锡",
    "佛山",
    "东莞",
  ],
  brands: [
    "华东",
    "瑞丰",
    "恒信",
    "博远",
    "中科",
    "鼎盛",
    "宏达",
    "新锐",
    "金源",
    "天成",
    "汇智",
    "启航",
    "联创",
    "永泰",
    "广源",
    "卓越",
    "明德",
    "华瑞",
    "嘉禾",
    "安泰",
    "光大",
    "远景",
    "海纳",
    "星辰",
    "正泰",
    "德邦",
    "润禾",
    "凯达",
    "伟业",
    "万象",
  ],
  business: [
    "精密机械",
    "智能制造",
    "电子科技",
    "连锁商贸",
    "零售",
    "信息技术",
    "软件",
    "医疗器械",
    "生物科技",
    "教育科技",
    "培训",
    "金融服务",
    "投资管理",
    "物流",
    "新材料",
    "环保科技",
  ],
  suffix: ["有限公司", "股份有限公司", "集团有限公司"],
  surnames: [
    "王",
    "李",
    "张",
    "刘",
    "陈",
    "杨",
    "黄",
    "赵",
    "吴",
    "周",
    "徐",
    "孙",
    "马",
    "朱",
    "胡",
    "郭",
    "何",
    "高",
    "林",
    "罗",
  ],
  given: [
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "丽",
    "强",
    "磊",
    "军",
    "洋",
    "勇",
    "艳",
    "杰",
    "涛",
    "明",
    "超",
    "秀英",
    "华",
    "慧",
    "建国",
    "志强",
    "海燕",
    "晓东",
    "文博",
    "思远",
  ],
  titles: ["总经理", "采购总监", "采购经理", "技术总监", "IT经理", "运营总监", "财务总监", "行政主管"],
  needs: [
    "采购{n}台设备，要求{m}月前交付",
    "需要整体解决方案，预算待定",
    "现有系统升级，关注售后服务",
    "年度框架采购，需比价",
    "新工厂建设配套需求",
    "希望试用后再决定",
  ],
  summaries: [
    "介绍产品方案，客户关注交付周期",
    "客户询问价格与付款方式",
    "演示系统功能，对方技术团队参与",
    "客户提出需与现有系统对接",
    "发送报价单，等待内部审批",
    "电话未接通，已发短信",
    "客户表示近期预算紧张",
    "讨论合同条款细节",
  ],
  nextSteps: [
    "发送详细报价单（{o}）",
    "安排技术交流会（{o}）",
    "提交方案书（{o}）",
    "再次电话确认需求（{o}）",
    "邀请参观工厂（{o}）",
    "跟进合同审批进度（{o}）",
  ],
  objections: ["认为价格偏高", "担心交付周期", "需要更多案例", "对售后响应有顾虑"],
  keyMoments: [
    "技术交流会后客户确认方案",
    "报价通过客户内部审批",
    "试用效果超出预期",
    "竞品报价更低",
    "客户预算被削减",
  ],
  detail: (r: () => number) =>
    `${2023 + Math.floor(r() * 3)}年${r() < 0.5 ? "春季" : "秋季"}广交会${1 + Math.floor(r() * 20)}号展位`,
  competitors: ["某国际品牌", "本地厂商", "行业龙头"],
};

const EN = {
  cities: [
    "Northfield",
    "Riverside",
    "Lakeview",
    "Eastgate",
    "Westbrook",
    "Hillcrest",
    "Bayside",
    "Summit",
    "Harbor",
    "Oakridge",
    "Pinecrest",
    "Fairview",
    "Brookside",
    "Kingston",
    "Clearwater",
    "Ashford",
    "Milford",
    "Granite",
    "Silverton",
    "Redwood",
  ],
  brands: [
    "Acme",
    "Apex",
    "Vertex",
    "Nimbus",
    "Orion",
    "Zenith",
    "Atlas",
    "Pioneer",
    "Summit",
    "Keystone",
    "Horizon",
    "Sterling",
    "Beacon",
    "Crescent",
    "Evergreen",
    "Falcon",
    "Meridian",
    "Pinnacle",
    "Quantum",
    "Sequoia",
    "Titan",
    "Vanguard",
    "Willow",
    "Cobalt",
    "Ember",
    "Lumen",
    "Nova",
    "Polar",
    "Radiant",
    "Solace",
  ],
  business: [
    "Precision Machinery",
    "Smart Manufacturing",
    "Electronics",
    "Retail Group",
    "Stores",
    "Information Systems",
    "Software",
    "Medical Devices",
    "Biotech",
    "Learning",
    "Training",
    "Financial Services",
    "Capital",
    "Logistics",
    "Materials",
    "Clean Tech",
  ],
  suffix: ["Ltd.", "Inc.", "Group"],
  surnames: [
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Garcia",
    "Miller",
    "Davis",
    "Wilson",
    "Moore",
    "Taylor",
    "Anderson",
    "Thomas",
    "Jackson",
    "White",
    "Harris",
    "Martin",
    "Thompson",
    "Clark",
    "Lewis",
  ],
  given: [
    "James",
    "Mary",
    "John",
    "Patricia",
    "Robert",
    "Jennifer",
    "Michael",
    "Linda",
    "David",
    "Susan",
    "Daniel",
    "Karen",
    "Paul",
    "Nancy",
    "Mark",
    "Lisa",
    "Steven",
    "Emily",
    "Kevin",
    "Laura",
    "Brian",
    "Anna",
    "Eric",
    "Grace",
    "Ryan",
  ],
  titles: ["CEO", "Purchasing Director", "Buyer", "CTO", "IT Manager", "COO", "CFO", "Office Manager"],
  needs: [
    "{n} machines, delivery before month {m}",
    "Needs an end-to-end solution, budget open",
    "Upgrade of the current system; cares about service",
    "Annual framework purchase, comparing offers",
    "Equipment for a new plant",
    "Wants a trial before deciding",
  ],
  summaries: [
    "Presented the offer; asked about lead time",
    "Asked about price and payment terms",
    "Demo with their technical team",
    "Needs integration with their current system",
    "Sent the quote; waiting for internal approval",
    "No answer; left a message",
    "Says budgets are tight this quarter",
    "Discussed contract terms",
  ],
  nextSteps: [
    "Send the detailed quote ({o})",
    "Set up a technical workshop ({o})",
    "Submit the proposal ({o})",
    "Call again to confirm the need ({o})",
    "Invite them to visit the plant ({o})",
    "Chase the contract approval ({o})",
  ],
  objections: [
    "Thinks the price is high",
    "Worried about lead time",
    "Wants more references",
    "Concerned about support response",
  ],
  keyMoments: [
    "Approved after the technical workshop",
    "Quote passed their internal approval",
    "Trial went better than expected",
    "Competitor was cheaper",
    "Their budget was cut",
  ],
  detail: (r: () => number) =>
    `${r() < 0.5 ? "Spring" : "Autumn"} trade fair ${2023 + Math.floor(r() * 3)}, booth ${1 + Math.floor(r() * 20)}`,
  competitors: ["BrandX", "Local maker", "Market leader"],
};

function byRole(options: Option[], role: OptionRole): string {
  return options.find((o) => o.role === role)?.value ?? options[0]?.value ?? "";
}

/** Amount bands by budget option index (best first), in yuan. */
const AMOUNT_BANDS: [number, number][] = [
  [500000, 2000000],
  [200000, 500000],
  [50000, 200000],
  [30000, 300000],
];

export function generateSample(input: SampleInput): SampleData {
  const { settings, locale } = input;
  const r = prng(input.seed);
  const T = locale === "zh-CN" ? ZH : EN;
  const pick = <T>(a: readonly T[]): T => a[Math.floor(r() * a.length)];
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const L = settings.lists;
  const values = (k: keyof typeof L) => L[k].map((o) => o.value);
  const stages = values("stage");
  const N = stages.length;
  const team =
    L.team.length > 0
      ? values("team")
      : Array.from({ length: 5 }, (_, i) =>
          locale === "zh-CN"
            ? ZH.surnames[(i * 7 + 3) % 20] + ZH.given[(i * 5 + 1) % 25]
            : `${EN.given[(i * 5 + 1) % 25]} ${EN.surnames[(i * 7 + 3) % 20]}`,
        );
  const status = {
    new: byRole(L.status, "new"),
    open: byRole(L.status, "open"),
    won: byRole(L.status, "won"),
    lost: byRole(L.status, "lost"),
    dormant: byRole(L.status, "dormant"),
    invalid: byRole(L.status, "invalid"),
  };
  const result = { won: byRole(L.result, "won"), lost: byRole(L.result, "lost"), open: byRole(L.result, "open") };
  const noReply = byRole(L.feedback, "noReply");
  const otherFeedback = L.feedback.filter((o) => o.role !== "noReply").map((o) => o.value);
  const now = Math.floor(input.now);
  const span = 540; // days of history
  const leads: Record<string, Scalar>[] = [];
  const followUps: Record<string, Scalar>[] = [];
  const conversion: Record<string, Scalar>[] = [];
  const usedNames = new Set<string>();
  const usedPhones = new Set<string>();
  const seqByDay = new Map<string, number>();
  const costKey = new Map<string, number>();

  // Creation times in order, so IDs run with the calendar.
  const created: Serial[] = [];
  for (let i = 0; i < input.count; i++) created.push(now - span + Math.floor(r() * span) + (9 + r() * 9) / 24);
  created.sort((a, b) => a - b);

  for (let i = 0; i < input.count; i++) {
    const createdAt = Math.round(created[i] * 1440) / 1440; // whole minutes
    const day = serialDay(createdAt);
    const seq = (seqByDay.get(day) ?? 0) + 1;
    seqByDay.set(day, seq);
    const leadId = `${LEAD_ID_PREFIX[locale]}-${day}-${String(seq).padStart(3, "0")}`;
    let customer = "";
    let key = "";
    // Unique by the key the duplicate check uses (legal-form suffixes ignored), so the sample raises no duplicate warnings.
    for (let t = 0; t < 6 && (key === "" || usedNames.has(key)); t++) {
      customer =
        locale === "zh-CN"
          ? `${pick(T.cities)}${pick(T.brands)}${pick(T.business)}${pick(T.suffix)}`
          : `${pick(T.brands)} ${pick(T.business)} ${pick(T.suffix)}`;
      key = normaliseCustomerKey(customer);
    }
    if (usedNames.has(key)) {
      const base = customer;
      for (let n = 2; usedNames.has(key); n++) {
        customer =
          locale === "zh-CN"
            ? base.replace(/(股份有限公司|集团有限公司|有限公司)$/, `${pick(T.cities)}${n}分公司$1`)
            : base.replace(/ (Ltd\.|Inc\.|Group)$/, ` ${pick(T.cities)} ${n} $1`);
        if (customer === base) customer = `${base} ${n}`;
        key = normaliseCustomerKey(customer);
      }
    }
    usedNames.add(key);
    const contact = locale === "zh-CN" ? pick(T.surnames) + pick(T.given) : `${pick(T.given)} ${pick(T.surnames)}`;
    let phone = "";
    while (phone === "" || usedPhones.has(phone)) {
      phone =
        r() < 0.85
          ? `1${int(3, 9)}${String(int(0, 999999999)).padStart(9, "0")}`
          : `0${pick(["10", "21", "755", "571", "20"])}-${int(2, 8)}${String(int(0, 9999999)).padStart(7, "0")}`;
    }
    usedPhones.add(phone);
    const budgetIx = int(0, L.budget.length - 1);
    const budget = L.budget[budgetIx]?.value ?? "";
    const urgency = pick(values("urgency"));
    const access = pick(values("decisionAccess"));
    const size = pick(values("companySize"));
    const pts = (list: Option[], v: string) => list.find((o) => o.value === v)?.points ?? 0;
    const score =
      (L.budget[budgetIx]?.points ?? 0) +
      pts(L.urgency, urgency) +
      pts(L.decisionAccess, access) +
      pts(L.companySize, size);
    const source = pick(values("source"));
    const owner = pick(team);

    // The journey: how far it gets and how it ends, better leads going further.
    const q = score / 100;
    const u = r();
    let outcome: "won" | "lost" | "open" | "invalid" =
      u < 0.04 ? "invalid" : u < 0.04 + 0.08 + 0.3 * q ? "won" : u < 0.55 + 0.1 * q ? "lost" : "open";
    const target = outcome === "won" ? N : outcome === "invalid" ? 1 : int(1, Math.max(1, N - 1));
    const stageAt: (Serial | null)[] = new Array(N).fill(null);
    let t = Math.floor(createdAt) + int(0, 3);
    let reached = 0;
    for (let k = 0; k < target; k++) {
      if (t > now) break;
      stageAt[k] = t;
      reached = k + 1;
      t += int(2, 21);
    }
    if (outcome === "won" && reached < N) outcome = "open";
    let closedAt: Serial | null = null;
    if (outcome === "won") closedAt = stageAt[N - 1];
    if (outcome === "lost") {
      const c = (stageAt[Math.max(0, reached - 1)] ?? Math.floor(createdAt)) + int(3, 30);
      if (c <= now) closedAt = c;
      else outcome = "open";
    }
    const end = closedAt ?? now;

    // Follow-ups between creation and the end, each at the stage the lead was in then.
    const weights = [0.02, 0.05, 0.1, 0.15, 0.2, 0.23, 0.25]; // about 4 a lead: 50,000 leads ≈ 200,000 follow-ups
    let f = 0;
    for (let x = r(), acc = 0; f < weights.length; f++) {
      acc += weights[f];
      if (x < acc) break;
    }
    const count = outcome === "invalid" ? Math.min(f, 1) : Math.min(f, 6);
    const goingQuiet = outcome === "open" && r() < 0.25;
    const times: Serial[] = [];
    const from = Math.floor(createdAt) + 1;
    for (let j = 0; j < count; j++) {
      const d = from + Math.floor(r() * Math.max(1, end - from + 1));
      if (d > now) continue;
      times.push(Math.min(d + (9 + Math.floor(r() * 9)) / 24, now + 0.99));
    }
    times.sort((a, b) => a - b);
    let lastFollowUp: Serial | null = null;
    let noReplyRun = 0;
    const feedbacks: string[] = [];
    const firstAtStage: (Serial | undefined)[] = [];
    for (let j = 0; j < times.length; j++) {
      const at = Math.round(times[j] * 1440) / 1440;
      let k = 0;
      for (let s = 0; s < N; s++) if (stageAt[s] !== null && (stageAt[s] as number) <= Math.floor(at)) k = s;
      const quiet = goingQuiet && j >= times.length - 3;
      const feedback = quiet ? noReply : r() < 0.15 ? noReply : pick(otherFeedback);
      feedbacks.push(feedback);
      const intent = outcome === "won" ? pick(values("intent").slice(0, 2)) : pick(values("intent"));
      const objection = L.feedback.find((o) => o.value === feedback)?.role === "objection" ? pick(T.objections) : "";
      followUps.push({
        leadId,
        at,
        method: pick(values("method")),
        counterpart: locale === "zh-CN" ? `${contact}-${pick(T.titles)}` : `${contact}, ${pick(T.titles)}`,
        summary: quiet ? T.summaries[5] : pick(T.summaries),
        intent,
        feedback,
        objection,
        stage: stages[k],
        nextStep: pick(T.nextSteps).replace("{o}", owner),
        dueDate: Math.floor(at) + int(1, 7),
        by: owner,
      });
      lastFollowUp = at;
      if (firstAtStage[k] === undefined) firstAtStage[k] = at;
    }
    for (let j = feedbacks.length - 1; j >= 0 && feedbacks[j] === noReply; j--) noReplyRun++;

    const current = Math.max(0, reached - 1);
    const idleDays = now - Math.floor(lastFollowUp ?? createdAt);
    let st = status.open;
    if (outcome === "won") st = status.won;
    else if (outcome === "lost") st = status.lost;
    else if (outcome === "invalid") st = status.invalid;
    else if (idleDays > settings.dormantDays && r() < 0.6) st = status.dormant;
    else if (times.length === 0) st = status.new;
    const expected = Math.floor(createdAt) + int(30, 180);
    leads.push({
      leadId,
      customer,
      contact,
      phone,
      industry: pick(values("industry")),
      companySize: size,
      needType: pick(values("needType")),
      needDesc: pick(T.needs)
        .replace("{n}", String(int(2, 30)))
        .replace("{m}", String(int(1, 12))),
      budget,
      urgency,
      decisionAccess: access,
      expectedClose: firstOfMonth(expected),
      source,
      sourceDetail: source === L.source[1]?.value && r() < 0.8 ? T.detail(r) : "",
      competitor: r() < 0.25 ? pick(T.competitors) : "",
      status: st,
      stage: stages[current] ?? "",
      owner,
      createdAt,
      gradeOverride: outcome === "open" && r() < 0.05 ? "D" : "",
      lastFollowUp,
      // As Refresh computes it: the stage's entry date, else the first follow-up logged at that stage.
      stageSince: stageAt[current] ?? (firstAtStage[current] !== undefined ? Math.floor(firstAtStage[current]!) : null),
      noReplyRun,
    });

    const conv: Record<string, Scalar> = {
      leadId,
      source,
      industry: leads[leads.length - 1].industry,
      owner,
      createdAt,
      result:
        outcome === "won"
          ? result.won
          : outcome === "lost"
            ? result.lost
            : outcome === "open" && reached > 1
              ? result.open
              : "",
      closedAt,
      amount: null,
      lossReason: "",
      keyMoment: "",
      notes: "",
    };
    for (let k = 0; k < N; k++) conv[`stage${k + 1}At`] = stageAt[k];
    if (outcome === "won") {
      const [lo, hi] = AMOUNT_BANDS[Math.min(budgetIx, AMOUNT_BANDS.length - 1)];
      conv.amount = Math.round((lo + r() * (hi - lo)) / 1000) * 1000;
      conv.keyMoment = pick(T.keyMoments.slice(0, 3));
    }
    if (outcome === "lost") {
      conv.lossReason = pick(values("lossReason"));
      conv.keyMoment = pick(T.keyMoments.slice(3));
    }
    conversion.push(conv);
    const quarter = quarterOf(createdAt);
    costKey.set(`${source}\u0000${quarter}`, (costKey.get(`${source}\u0000${quarter}`) ?? 0) + 1);
  }

  // Channel costs: every source in every quarter of the history, roughly proportional to its leads.
  const quarters = new Set<string>();
  for (let d = now - span; d <= now; d += 30) quarters.add(quarterOf(d));
  const channelCosts: Record<string, Scalar>[] = [];
  for (const q of [...quarters].sort()) {
    for (const source of values("source")) {
      const n = costKey.get(`${source}\u0000${q}`) ?? 0;
      channelCosts.push({
        channel: source,
        period: q,
        cost: Math.round((n * int(400, 3000) + int(0, 20) * 1000) / 100) * 100,
      });
    }
  }
  return { team, leads, followUps, conversion, channelCosts };
}

function firstOfMonth(serial: Serial): Serial {
  const d = serialDay(serial);
  return serialFromYmd(Number(d.slice(0, 4)), Number(d.slice(4, 6)), 1);
}

/** `YYYY-Qn` of a serial. */
export function quarterOf(serial: Serial): string {
  const d = serialDay(serial);
  return `${d.slice(0, 4)}-Q${Math.floor((Number(d.slice(4, 6)) - 1) / 3) + 1}`;
}

export function sampleRows(s: SampleData): RowsByTable {
  return { Leads: s.leads, FollowUps: s.followUps, Conversion: s.conversion, ChannelCosts: s.channelCosts };
}
