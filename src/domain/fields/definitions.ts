import { z } from "zod";
import type { InputTableName, L10n } from "../types";
import { LIST_KEYS, type ListKey } from "./lists";

/**
 * One definition per field drives everything: headers in both locales, the
 * dropdown, the input message, the live highlighting, the check, the import
 * mapping and the field guide (docs/ARCHITECTURE.md §3). Adding a field is one edit here.
 */
export const FIELD_TYPES = [
  "text",
  "longText",
  "phone",
  "list",
  "date",
  "month",
  "dateTime",
  "amount",
  "number",
  "integer",
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/**
 * input: typed by people. auto: filled by the add-in when blank (lead ID, created).
 * calc: an Excel formula per row. refresh: a value the add-in owns, written on Refresh.
 */
export const FIELD_KINDS = ["input", "auto", "calc", "refresh"] as const;
export type FieldKind = (typeof FIELD_KINDS)[number];

const l10n = z.object({ zh: z.string(), en: z.string() });

export const fieldDefSchema = z.object({
  key: z.string().regex(/^[a-z][A-Za-z0-9]*$/),
  header: l10n,
  type: z.enum(FIELD_TYPES),
  kind: z.enum(FIELD_KINDS),
  required: z.boolean(),
  /** Option list (Settings) that the dropdown and the check use. */
  list: z.enum(LIST_KEYS).optional(),
  /** The list is a dropdown only when it has options (the team list: else free text). */
  listIfPresent: z.boolean().optional(),
  rule: l10n,
  example: l10n,
  /** Column width in characters. */
  width: z.number().positive(),
  /** Excel number format of the column. */
  numberFormat: z.string().optional(),
  /** Extra header names an import maps to this field (both languages, matched after normalising). */
  synonyms: z.array(z.string()).default([]),
  /** Column group shown collapsible (the score breakdown, the helper columns). */
  group: z.string().optional(),
});
export type FieldDef = z.infer<typeof fieldDefSchema>;

export interface TableDef {
  name: InputTableName;
  sheet: L10n;
  fields: FieldDef[];
}

export const FORMAT = {
  date: "yyyy-mm-dd",
  dateTime: "yyyy-mm-dd hh:mm",
  month: "yyyy-mm",
  amount: "#,##0.00",
  integer: "0",
  text: "@",
  percent: "0.00%",
} as const;

type FieldInput = Omit<z.input<typeof fieldDefSchema>, "header" | "rule" | "example"> & {
  header: [string, string];
  rule?: [string, string];
  example?: [string, string];
};

function f(def: FieldInput): FieldDef {
  const numberFormat =
    def.numberFormat ??
    (
      {
        date: FORMAT.date,
        dateTime: FORMAT.dateTime,
        month: FORMAT.month,
        amount: FORMAT.amount,
        integer: FORMAT.integer,
        phone: FORMAT.text,
      } as Partial<Record<FieldType, string>>
    )[def.type];
  return fieldDefSchema.parse({
    ...def,
    header: { zh: def.header[0], en: def.header[1] },
    rule: { zh: def.rule?.[0] ?? "", en: def.rule?.[1] ?? "" },
    example: { zh: def.example?.[0] ?? "", en: def.example?.[1] ?? "" },
    ...(numberFormat ? { numberFormat } : {}),
  });
}

const LEAD_FIELDS: FieldDef[] = [
  f({
    key: "leadId",
    header: ["线索编号", "Lead ID"],
    type: "text",
    kind: "auto",
    required: false,
    width: 18,
    rule: [
      "自动生成：线索-YYYYMMDD-NNN，唯一，不可重复使用",
      "Filled automatically: L-YYYYMMDD-NNN; unique, never reused",
    ],
    example: ["线索-20240501-001", "L-20240501-001"],
    synonyms: ["编号", "线索ID", "ID", "Lead"],
  }),
  f({
    key: "customer",
    header: ["客户名称", "Customer"],
    type: "text",
    kind: "input",
    required: true,
    width: 26,
    rule: ["填写客户全称（工商注册名），至少2个字", "Full legal name, at least 2 characters"],
    example: ["上海华东精密机械有限公司", "Acme Precision Machinery Ltd."],
    synonyms: [
      "公司",
      "公司名称",
      "客户",
      "企业名称",
      "单位名称",
      "Company",
      "Company name",
      "Account",
      "Organization",
    ],
  }),
  f({
    key: "contact",
    header: ["联系人", "Contact"],
    type: "text",
    kind: "input",
    required: true,
    width: 12,
    rule: ["对接人姓名", "Name of the person we talk to"],
    example: ["张伟", "John Smith"],
    synonyms: ["姓名", "联系人姓名", "Name", "Contact name"],
  }),
  f({
    key: "phone",
    header: ["联系方式", "Phone"],
    type: "phone",
    kind: "input",
    required: true,
    width: 16,
    rule: [
      "手机号（11位，以1开头）、带区号的座机或+开头的国际号码；以文本保存",
      "Mobile (11 digits starting with 1), landline with area code, or +international; kept as text",
    ],
    example: ["13812345678", "+86 138 1234 5678"],
    synonyms: ["手机号", "手机", "电话", "联系电话", "手机号码", "Mobile", "Tel", "Telephone", "Phone number"],
  }),
  f({
    key: "industry",
    header: ["所属行业", "Industry"],
    type: "list",
    list: "industry",
    kind: "input",
    required: true,
    width: 12,
    rule: ["从下拉列表选择", "Pick from the list"],
    example: ["制造业", "Manufacturing"],
    synonyms: ["行业", "Sector"],
  }),
  f({
    key: "companySize",
    header: ["客户规模", "Company size"],
    type: "list",
    list: "companySize",
    kind: "input",
    required: true,
    width: 16,
    rule: ["按年营收选择（计分项）", "By annual revenue (scored)"],
    example: ["年营收1-5亿", "Revenue 100M-500M"],
    synonyms: ["规模", "企业规模", "Size"],
  }),
  f({
    key: "needType",
    header: ["需求类型", "Need type"],
    type: "list",
    list: "needType",
    kind: "input",
    required: true,
    width: 12,
    rule: ["从下拉列表选择", "Pick from the list"],
    example: ["产品采购", "Product purchase"],
  }),
  f({
    key: "needDesc",
    header: ["需求描述", "Need"],
    type: "longText",
    kind: "input",
    required: true,
    width: 30,
    rule: ["客户的具体需求", "What the customer needs"],
    example: ["采购10台数控机床，要求6月前交付", "10 CNC machines, delivery before June"],
    synonyms: ["需求", "需求详情", "Need description", "Requirement"],
  }),
  f({
    key: "budget",
    header: ["预算范围", "Budget"],
    type: "list",
    list: "budget",
    kind: "input",
    required: true,
    width: 12,
    rule: ["从下拉列表选择（计分项）", "Pick from the list (scored)"],
    example: ["20-50万", "200k-500k"],
    synonyms: ["预算"],
  }),
  f({
    key: "urgency",
    header: ["需求紧急度", "Urgency"],
    type: "list",
    list: "urgency",
    kind: "input",
    required: true,
    width: 12,
    rule: ["销售对需求紧急程度的判断（计分项）", "Your judgement of how urgent the need is (scored)"],
    example: ["1个月内", "Within 1 month"],
    synonyms: ["紧急度", "紧急程度"],
  }),
  f({
    key: "decisionAccess",
    header: ["决策人对接", "Decision access"],
    type: "list",
    list: "decisionAccess",
    kind: "input",
    required: true,
    width: 14,
    rule: ["已对接到的最高决策角色（计分项）", "Highest decision role reached (scored)"],
    example: ["已对接决策者", "Decision maker"],
    synonyms: ["决策人", "决策链"],
  }),
  f({
    key: "expectedClose",
    header: ["预计成交时间", "Expected close"],
    type: "month",
    kind: "input",
    required: false,
    width: 13,
    rule: ["预计成交的月份", "Month the deal is expected to close"],
    example: ["2024-06", "2024-06"],
    synonyms: ["预计成交", "Close month"],
  }),
  f({
    key: "source",
    header: ["线索来源", "Source"],
    type: "list",
    list: "source",
    kind: "input",
    required: true,
    width: 14,
    rule: ["获取线索的渠道", "Channel the lead came from"],
    example: ["展会推荐", "Trade show"],
    synonyms: ["来源", "渠道", "Channel", "Lead source"],
  }),
  f({
    key: "sourceDetail",
    header: ["来源详情", "Source detail"],
    type: "text",
    kind: "input",
    required: false,
    width: 22,
    rule: ["具体活动、展位或推荐人", "Event, booth or referrer"],
    example: ["2024年春季广交会3号展位", "Spring trade fair, booth 3"],
    synonyms: ["来源说明"],
  }),
  f({
    key: "competitor",
    header: ["竞品", "Competitor"],
    type: "text",
    kind: "input",
    required: false,
    width: 14,
    rule: ["客户正在比较的竞品", "Competitor the customer is also considering"],
    example: ["某品牌", "BrandX"],
    synonyms: ["竞争对手"],
  }),
  f({
    key: "status",
    header: ["线索状态", "Status"],
    type: "list",
    list: "status",
    kind: "input",
    required: true,
    width: 10,
    rule: ["线索当前的工作状态", "Working state of the lead"],
    example: ["跟进中", "In progress"],
    synonyms: ["状态"],
  }),
  f({
    key: "stage",
    header: ["当前阶段", "Stage"],
    type: "list",
    list: "stage",
    kind: "input",
    required: true,
    width: 12,
    rule: ["销售阶段（配置表中的阶段列表）", "Sales stage (stage list of Settings)"],
    example: ["需求挖掘", "Needs discovery"],
    synonyms: ["阶段", "销售阶段"],
  }),
  f({
    key: "owner",
    header: ["责任人", "Owner"],
    type: "list",
    list: "team",
    listIfPresent: true,
    kind: "input",
    required: true,
    width: 10,
    rule: ["负责该线索的销售", "Seller who owns the lead"],
    example: ["王芳", "Mary Lee"],
    synonyms: ["负责人", "销售", "跟进销售", "Sales rep", "Salesperson"],
  }),
  f({
    key: "createdAt",
    header: ["录入时间", "Created"],
    type: "dateTime",
    kind: "auto",
    required: false,
    width: 17,
    rule: ["新增行时自动填写", "Filled automatically for a new row"],
    example: ["2024-05-01 09:30", "2024-05-01 09:30"],
    synonyms: ["创建时间", "录入日期", "Created at", "Date"],
  }),
  f({
    key: "gradeOverride",
    header: ["等级调整", "Grade override"],
    type: "list",
    list: "grade",
    kind: "input",
    required: false,
    width: 10,
    rule: ["经理周复盘调整的等级（A/B/C/D，D=暂缓）", "Grade set by the manager's review (A/B/C/D; D = on hold)"],
    example: ["D", "D"],
  }),
  f({
    key: "budgetPts",
    header: ["预算分", "Budget pts"],
    type: "integer",
    kind: "calc",
    required: false,
    width: 8,
    group: "score",
    rule: ["按配置表计分", "Points from Settings"],
  }),
  f({
    key: "urgencyPts",
    header: ["紧急分", "Urgency pts"],
    type: "integer",
    kind: "calc",
    required: false,
    width: 8,
    group: "score",
    rule: ["按配置表计分", "Points from Settings"],
  }),
  f({
    key: "accessPts",
    header: ["决策分", "Access pts"],
    type: "integer",
    kind: "calc",
    required: false,
    width: 8,
    group: "score",
    rule: ["按配置表计分", "Points from Settings"],
  }),
  f({
    key: "sizePts",
    header: ["规模分", "Size pts"],
    type: "integer",
    kind: "calc",
    required: false,
    width: 8,
    group: "score",
    rule: ["按配置表计分", "Points from Settings"],
  }),
  f({
    key: "score",
    header: ["评分", "Score"],
    type: "integer",
    kind: "calc",
    required: false,
    width: 7,
    rule: ["四项得分之和（0-100）", "Sum of the four points (0-100)"],
  }),
  f({
    key: "grade",
    header: ["等级", "Grade"],
    type: "text",
    kind: "calc",
    required: false,
    width: 7,
    rule: ["有等级调整时取调整值；否则 A≥80，B≥60，其余 C", "Override if set; else A ≥ 80, B ≥ 60, otherwise C"],
  }),
  f({
    key: "lastFollowUp",
    header: ["最近跟进", "Last follow-up"],
    type: "dateTime",
    kind: "refresh",
    required: false,
    width: 17,
    rule: ["刷新时从跟进记录计算", "From the follow-up log, on Refresh"],
  }),
  f({
    key: "stageSince",
    header: ["阶段开始", "In stage since"],
    type: "date",
    kind: "refresh",
    required: false,
    width: 12,
    rule: ["当前阶段的进入日期，刷新时计算", "Entry date of the current stage, on Refresh"],
  }),
  f({
    key: "noReplyRun",
    header: ["连续无回应", "No-reply run"],
    type: "integer",
    kind: "refresh",
    required: false,
    width: 10,
    rule: ["最近连续无回应的跟进次数，刷新时计算", "Latest follow-ups in a row without response, on Refresh"],
  }),
  f({
    key: "nextDue",
    header: ["应跟进日期", "Next due"],
    type: "date",
    kind: "calc",
    required: false,
    width: 12,
    rule: ["（最近跟进或录入时间）+ 该等级的跟进周期", "(Last follow-up, or created) + cadence of the grade"],
  }),
  f({
    key: "alert",
    header: ["跟进提醒", "Alert"],
    type: "text",
    kind: "calc",
    required: false,
    width: 12,
    rule: ["逾期N天 / 停滞N天 / 休眠；仅对未结束的线索", "Overdue N d / Stalled N d / Dormant; open leads only"],
  }),
];

/**
 * Helper columns: add-in-owned formulas for values that several formulas of
 * the row need, so each lookup is computed once per row (the Settings list
 * lookups, the date a cadence counts from). Grouped at the right of the table.
 */
export const HELPER_GROUP = "helper";

const LEAD_HELPER_FIELDS: FieldDef[] = [
  f({
    key: "statusRole",
    header: ["状态含义", "Status role"],
    type: "text",
    kind: "calc",
    required: false,
    width: 10,
    group: HELPER_GROUP,
    rule: ["辅助列：线索状态在配置表中的含义", "Helper: the role of the status in Settings"],
  }),
  f({
    key: "stageLimit",
    header: ["阶段时限", "Stage limit"],
    type: "integer",
    kind: "calc",
    required: false,
    width: 9,
    group: HELPER_GROUP,
    rule: ["辅助列：当前阶段的时限天数（0 = 不限）", "Helper: the time limit of the stage in days (0 = none)"],
  }),
  f({
    key: "cadenceBase",
    header: ["周期起点", "Cadence from"],
    type: "date",
    kind: "calc",
    required: false,
    width: 12,
    group: HELPER_GROUP,
    rule: ["辅助列：最近跟进日期，没有时为录入日期", "Helper: the last follow-up's date, else the created date"],
  }),
];

const FOLLOWUP_FIELDS: FieldDef[] = [
  f({
    key: "leadId",
    header: ["线索编号", "Lead ID"],
    type: "text",
    kind: "input",
    required: true,
    width: 18,
    rule: ["必须是线索信息表中已有的编号", "Must be a Lead ID that exists in Leads"],
    example: ["线索-20240501-001", "L-20240501-001"],
    synonyms: ["编号", "线索ID", "Lead"],
  }),
  f({
    key: "at",
    header: ["跟进时间", "Date"],
    type: "dateTime",
    kind: "input",
    required: true,
    width: 17,
    rule: ["不能晚于今天，不能早于线索录入时间", "Not in the future, not before the lead was created"],
    example: ["2024-05-03 14:00", "2024-05-03 14:00"],
    synonyms: ["跟进日期", "时间", "日期", "Follow-up date"],
  }),
  f({
    key: "method",
    header: ["跟进方式", "Method"],
    type: "list",
    list: "method",
    kind: "input",
    required: true,
    width: 10,
    rule: ["从下拉列表选择", "Pick from the list"],
    example: ["电话", "Phone"],
    synonyms: ["方式", "Channel"],
  }),
  f({
    key: "counterpart",
    header: ["沟通对象", "Counterpart"],
    type: "text",
    kind: "input",
    required: true,
    width: 16,
    rule: ["姓名+职务", "Name and title"],
    example: ["李总监-采购部", "Ms Li, Purchasing Director"],
    synonyms: ["对象", "Contact"],
  }),
  f({
    key: "summary",
    header: ["沟通内容", "Summary"],
    type: "longText",
    kind: "input",
    required: true,
    width: 36,
    rule: ["客户说了什么，我们如何回应", "What the customer said, and our answer"],
    example: ["客户关注交付周期，已说明可6周交付", "Asked about lead time; we confirmed 6 weeks"],
    synonyms: ["内容", "沟通记录", "Notes"],
  }),
  f({
    key: "intent",
    header: ["意向度", "Intent"],
    type: "list",
    list: "intent",
    kind: "input",
    required: true,
    width: 8,
    rule: ["从下拉列表选择", "Pick from the list"],
    example: ["高", "High"],
    synonyms: ["意向"],
  }),
  f({
    key: "feedback",
    header: ["客户反馈", "Feedback"],
    type: "list",
    list: "feedback",
    kind: "input",
    required: false,
    width: 10,
    rule: ["从下拉列表选择", "Pick from the list"],
    example: ["提出异议", "Objection"],
    synonyms: ["反馈"],
  }),
  f({
    key: "objection",
    header: ["异议/需求详情", "Objection / change"],
    type: "longText",
    kind: "input",
    required: false,
    width: 24,
    rule: ["异议或需求变化的具体内容", "Details of the objection or change"],
    example: ["认为价格偏高", "Thinks the price is high"],
    synonyms: ["异议"],
  }),
  f({
    key: "stage",
    header: ["所处阶段", "Stage"],
    type: "list",
    list: "stage",
    kind: "input",
    required: true,
    width: 12,
    rule: ["本次沟通时线索所处阶段", "Stage of the lead at this contact"],
    example: ["方案呈现", "Proposal"],
    synonyms: ["阶段"],
  }),
  f({
    key: "nextStep",
    header: ["下一步计划", "Next step"],
    type: "longText",
    kind: "input",
    required: true,
    width: 28,
    rule: ["行动+负责人+时限", "Action, owner and deadline"],
    example: ["5月10日前发送报价单（王芳）", "Send the quote by May 10 (Mary)"],
    synonyms: ["下一步", "计划"],
  }),
  f({
    key: "dueDate",
    header: ["完成时限", "Due"],
    type: "date",
    kind: "input",
    required: true,
    width: 12,
    rule: ["不早于跟进时间", "On or after the follow-up date"],
    example: ["2024-05-10", "2024-05-10"],
    synonyms: ["时限", "截止日期", "Deadline"],
  }),
  f({
    key: "by",
    header: ["跟进人", "By"],
    type: "list",
    list: "team",
    listIfPresent: true,
    kind: "input",
    required: true,
    width: 10,
    rule: ["执行本次跟进的销售", "Seller who made the contact"],
    example: ["王芳", "Mary Lee"],
    synonyms: ["跟进销售", "销售", "Owner", "Sales rep"],
  }),
];

/** Stage entry/duration columns are headed by number so renaming a stage never breaks a formula or an import. */
function stageFields(stageCount: number): { at: FieldDef[]; days: FieldDef[] } {
  const at: FieldDef[] = [];
  const days: FieldDef[] = [];
  for (let k = 1; k <= stageCount; k++) {
    at.push(
      f({
        key: `stage${k}At`,
        header: [`阶段${k}进入时间`, `Stage ${k} entered`],
        type: "date",
        kind: "input",
        required: false,
        width: 13,
        rule: [
          "进入该阶段的日期；留空时刷新会按跟进记录补填",
          "Date the lead entered this stage; a blank one is filled on Refresh from the follow-up log",
        ],
        example: ["2024-05-02", "2024-05-02"],
      }),
    );
    if (k < stageCount) {
      days.push(
        f({
          key: `stage${k}Days`,
          header: [`阶段${k}停留时长`, `Stage ${k} days`],
          type: "integer",
          kind: "calc",
          required: false,
          width: 11,
          rule: ["下一阶段进入时间 − 本阶段进入时间", "Next stage's entry − this stage's entry"],
        }),
      );
    }
  }
  return { at, days };
}

/** The Conversion table: N entry-date columns and N − 1 duration columns for N stages. */
function conversionFields(stageCount: number): FieldDef[] {
  const { at, days } = stageFields(stageCount);
  return [
    f({
      key: "leadId",
      header: ["线索编号", "Lead ID"],
      type: "text",
      kind: "input",
      required: true,
      width: 18,
      rule: ["每条线索一行，刷新时自动添加", "One row per lead, added on Refresh"],
      example: ["线索-20240501-001", "L-20240501-001"],
      synonyms: ["编号", "线索ID", "Lead"],
    }),
    f({
      key: "source",
      header: ["线索来源", "Source"],
      type: "text",
      kind: "refresh",
      required: false,
      width: 14,
      rule: ["从线索信息表同步", "Copied from Leads"],
    }),
    f({
      key: "industry",
      header: ["所属行业", "Industry"],
      type: "text",
      kind: "refresh",
      required: false,
      width: 12,
      rule: ["从线索信息表同步", "Copied from Leads"],
    }),
    f({
      key: "owner",
      header: ["责任人", "Owner"],
      type: "text",
      kind: "refresh",
      required: false,
      width: 10,
      rule: ["从线索信息表同步", "Copied from Leads"],
    }),
    f({
      key: "createdAt",
      header: ["录入时间", "Created"],
      type: "dateTime",
      kind: "refresh",
      required: false,
      width: 17,
      rule: ["从线索信息表同步", "Copied from Leads"],
    }),
    ...at,
    ...days,
    f({
      key: "result",
      header: ["转化结果", "Result"],
      type: "list",
      list: "result",
      kind: "input",
      required: false,
      width: 10,
      rule: ["成功 / 失败 / 持续跟进", "Won / Lost / Ongoing"],
      example: ["成功", "Won"],
      synonyms: ["结果"],
    }),
    f({
      key: "closedAt",
      header: ["成交/流失日期", "Closed on"],
      type: "date",
      kind: "input",
      required: false,
      width: 13,
      rule: ["成功或失败时必填", "Required for Won and Lost"],
      example: ["2024-05-25", "2024-05-25"],
      synonyms: ["成交日期", "流失日期", "Close date"],
    }),
    f({
      key: "amount",
      header: ["成交金额(元)", "Deal amount"],
      type: "amount",
      kind: "input",
      required: false,
      width: 14,
      rule: ["仅成功时填写，大于0", "Won only; greater than 0"],
      example: ["450000", "450000"],
      synonyms: ["成交金额", "金额", "Amount", "Deal value"],
    }),
    f({
      key: "cycleDays",
      header: ["转化周期(天)", "Cycle days"],
      type: "integer",
      kind: "calc",
      required: false,
      width: 11,
      rule: ["成交日期 − 录入日期（仅成功）", "Closed − created (Won only)"],
    }),
    f({
      key: "lossReason",
      header: ["流失原因", "Loss reason"],
      type: "list",
      list: "lossReason",
      kind: "input",
      required: false,
      width: 14,
      rule: ["仅失败时填写", "Lost only"],
      example: ["选择竞品", "Chose a competitor"],
      synonyms: ["原因"],
    }),
    f({
      key: "lostAtStage",
      header: ["流失阶段", "Lost at stage"],
      type: "text",
      kind: "calc",
      required: false,
      width: 12,
      rule: ["最后进入的阶段（仅失败）", "Last stage entered (Lost only)"],
    }),
    f({
      key: "keyMoment",
      header: ["关键转化节点", "Key moment"],
      type: "longText",
      kind: "input",
      required: false,
      width: 24,
      rule: ["促成转化或流失的关键事件", "Event that decided the outcome"],
      example: ["技术交流会后客户确认方案", "Customer approved after the tech workshop"],
    }),
    f({
      key: "notes",
      header: ["备注", "Notes"],
      type: "longText",
      kind: "input",
      required: false,
      width: 24,
      rule: ["", ""],
      synonyms: ["说明", "Remarks"],
    }),
    f({
      key: "resultRole",
      header: ["结果含义", "Result role"],
      type: "text",
      kind: "calc",
      required: false,
      width: 10,
      group: HELPER_GROUP,
      rule: ["辅助列：转化结果在配置表中的含义", "Helper: the role of the result in Settings"],
    }),
    f({
      key: "lastStage",
      header: ["最后阶段序号", "Last stage #"],
      type: "integer",
      kind: "calc",
      required: false,
      width: 9,
      group: HELPER_GROUP,
      rule: ["辅助列：有进入日期的最后一个阶段（0 = 无）", "Helper: the last stage with an entry date (0 = none)"],
    }),
    f({
      key: "lostClose",
      header: ["流失日", "Lost on"],
      type: "date",
      kind: "calc",
      required: false,
      width: 12,
      group: HELPER_GROUP,
      rule: ["辅助列：失败且有日期时为成交/流失日期", "Helper: the close date of a lost lead"],
    }),
  ];
}

const CHANNEL_COST_FIELDS: FieldDef[] = [
  f({
    key: "channel",
    header: ["渠道名称", "Channel"],
    type: "list",
    list: "source",
    kind: "input",
    required: true,
    width: 16,
    rule: ["配置表中的线索来源", "A source from Settings"],
    example: ["展会推荐", "Trade show"],
    synonyms: ["渠道", "来源", "Source"],
  }),
  f({
    key: "period",
    header: ["统计周期", "Period"],
    type: "text",
    kind: "input",
    required: true,
    width: 10,
    rule: ["月份 YYYY-MM 或季度 YYYY-Qn", "Month YYYY-MM or quarter YYYY-Qn"],
    example: ["2024-Q2", "2024-Q2"],
    synonyms: ["周期", "月份"],
  }),
  f({
    key: "cost",
    header: ["投入成本(元)", "Cost"],
    type: "amount",
    kind: "input",
    required: true,
    width: 14,
    rule: ["该周期该渠道的总投入，≥0", "Total spend on the channel in the period, ≥ 0"],
    example: ["100000", "100000"],
    synonyms: ["成本", "投入", "费用", "Spend"],
  }),
];

export const SHEET_NAMES = {
  leads: { zh: "线索信息", en: "Leads" },
  followUps: { zh: "跟进记录", en: "Follow-ups" },
  conversion: { zh: "转化分析", en: "Conversion" },
  channelCosts: { zh: "渠道投入", en: "Channel costs" },
  settings: { zh: "配置", en: "Settings" },
  guide: { zh: "字段说明", en: "Field guide" },
  reviewChannels: { zh: "渠道效果", en: "Channel review" },
  reviewFunnel: { zh: "阶段漏斗", en: "Funnel" },
  reviewBreakdown: { zh: "转化拆分", en: "Breakdowns" },
  reviewSales: { zh: "销售效果评估", en: "Sales review" },
  reviewDue: { zh: "待跟进", en: "Due list" },
} as const satisfies Record<string, L10n>;

/** Every input table definition; Conversion follows the number of stages in Settings. */
export function tableDefs(stageCount: number): Record<InputTableName, TableDef> {
  return {
    Leads: { name: "Leads", sheet: SHEET_NAMES.leads, fields: [...LEAD_FIELDS, ...LEAD_HELPER_FIELDS] },
    FollowUps: { name: "FollowUps", sheet: SHEET_NAMES.followUps, fields: FOLLOWUP_FIELDS },
    Conversion: { name: "Conversion", sheet: SHEET_NAMES.conversion, fields: conversionFields(stageCount) },
    ChannelCosts: { name: "ChannelCosts", sheet: SHEET_NAMES.channelCosts, fields: CHANNEL_COST_FIELDS },
  };
}

export const INPUT_TABLES: readonly InputTableName[] = ["Leads", "FollowUps", "Conversion", "ChannelCosts"];

/** True when the field's cells are typed by people (the add-in never rewrites them). */
export function isInputField(field: FieldDef): boolean {
  return field.kind === "input" || field.kind === "auto";
}

export type { ListKey };
