import * as React from "react";
import {
  Button,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Select,
  Text,
  Textarea,
  tokens,
} from "@fluentui/react-components";
import type { FieldProblem, LeadFlowService, WorkbookLists, WorkFollowUp } from "../../service/service";
import { ErrorBar } from "../components/ErrorBar";
import { useUi } from "../ui";
import { useAction } from "../useAction";

const useStyles = makeStyles({
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  actions: { display: "flex", gap: tokens.spacingHorizontalS, flexWrap: "wrap" },
  note: { color: tokens.colorNeutralForeground3 },
});

/** The lead as the form needs it (the card's and the board card's common part). */
export interface FormLead {
  leadId: string;
  customer: string;
  contact?: string;
  stage: string;
  status: string;
  /** The last follow-up's method and intent, to start from. */
  lastMethod?: string;
  lastIntent?: string;
}

export type FormMode = { kind: "log" } | { kind: "change" } | { kind: "move"; stage: string };

const pad = (n: number) => String(n).padStart(2, "0");

/** A due date a few days ahead (the seller changes it as needed). */
function defaultDue(): string {
  const d = new Date();
  d.setDate(d.getDate() + 3);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/**
 * The follow-up that goes with an action on a lead: log one, or change the
 * stage or status (the card's action and the board's move share this form and
 * the service's updateLead, which writes exactly one follow-up row). Values are
 * judged by quick entry with Check's rules; its messages show by field.
 */
export function LeadChangeForm({
  service,
  lists,
  lead,
  mode,
  onDone,
  onCancel,
}: {
  service: LeadFlowService;
  lists: WorkbookLists;
  lead: FormLead;
  mode: FormMode;
  onDone: (saved: { row: number; stage?: string; status?: string }) => void;
  onCancel: () => void;
}) {
  const ui = useUi();
  const styles = useStyles();
  const id = React.useId();
  const methods = lists.lists.method ?? [];
  const intents = lists.lists.intent ?? [];
  const [stage, setStage] = React.useState(mode.kind === "move" ? mode.stage : "");
  const [status, setStatus] = React.useState("");
  const [values, setValues] = React.useState<Required<WorkFollowUp>>({
    method: lead.lastMethod && methods.includes(lead.lastMethod) ? lead.lastMethod : (methods[0] ?? ""),
    counterpart: lead.contact ?? "",
    summary: "",
    intent: lead.lastIntent && intents.includes(lead.lastIntent) ? lead.lastIntent : "",
    feedback: "",
    nextStep: "",
    dueDate: defaultDue(),
  });
  const [problems, setProblems] = React.useState<FieldProblem[]>([]);
  const [missingChange, setMissingChange] = React.useState(false);
  const save = useAction();
  const set = (key: keyof WorkFollowUp) => (_: unknown, d: { value: string }) =>
    setValues((v) => ({ ...v, [key]: d.value }));
  const problemOf = (field: string) =>
    problems
      .filter((p) => p.field === field)
      .map((p) => ui.tx(p.message))
      .join(" ") || undefined;
  const formFields = new Set(["stage", "status", "method", "counterpart", "summary", "intent", "nextStep", "dueDate"]);
  const other = problems.filter((p) => !formFields.has(p.field));

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    const changing = mode.kind !== "log";
    if (changing && stage === "" && status === "") {
      setMissingChange(true);
      return;
    }
    setMissingChange(false);
    const outcome = await save.run(() =>
      service.updateLead({
        leadId: lead.leadId,
        ...(changing && stage !== "" ? { stage } : {}),
        ...(changing && status !== "" ? { status } : {}),
        followUp: values,
      }),
    );
    if (!outcome) return;
    if (!outcome.ok) {
      setProblems(outcome.problems);
      return;
    }
    setProblems([]);
    onDone({ row: outcome.row, ...(stage ? { stage } : {}), ...(status ? { status } : {}) });
  }

  const title =
    mode.kind === "log"
      ? ui.t("formLogTitle", { customer: lead.customer || lead.leadId })
      : mode.kind === "move"
        ? ui.t("formMoveTitle", { stage: mode.stage, customer: lead.customer || lead.leadId })
        : ui.t("formChangeTitle", { customer: lead.customer || lead.leadId });

  return (
    <form className={styles.form} onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`} noValidate>
      <Text as="h3" weight="semibold" id={`${id}-title`} style={{ margin: 0 }}>
        {title}
      </Text>
      {mode.kind !== "log" ? (
        <Text size={200} className={styles.note}>
          {ui.t("formRecordsNote", { stage: stage || lead.stage })}
        </Text>
      ) : null}
      {mode.kind === "change" ? (
        <Field label={ui.t("formNewStage")} validationMessage={problemOf("stage")}>
          <Select value={stage} onChange={(_, d) => setStage(d.value)}>
            <option value="">{ui.t("formUnchanged")}</option>
            {(lists.lists.stage ?? [])
              .filter((s) => s !== lead.stage)
              .map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
          </Select>
        </Field>
      ) : null}
      {mode.kind !== "log" ? (
        <Field label={ui.t("formNewStatus")} validationMessage={problemOf("status")}>
          <Select value={status} onChange={(_, d) => setStatus(d.value)}>
            <option value="">{ui.t("formUnchanged")}</option>
            {(lists.lists.status ?? [])
              .filter((s) => s !== lead.status)
              .map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
          </Select>
        </Field>
      ) : null}
      {missingChange ? (
        <MessageBar intent="warning">
          <MessageBarBody>{ui.t("formNothingToChange")}</MessageBarBody>
        </MessageBar>
      ) : null}
      <Field label={ui.t("formMethod")} required validationMessage={problemOf("method")}>
        <Select value={values.method} onChange={set("method")}>
          {methods.map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </Select>
      </Field>
      <Field label={ui.t("formCounterpart")} required validationMessage={problemOf("counterpart")}>
        <Input value={values.counterpart} onChange={set("counterpart")} />
      </Field>
      <Field label={ui.t("formIntent")} required validationMessage={problemOf("intent")}>
        <Select value={values.intent} onChange={set("intent")}>
          <option value="" />
          {intents.map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </Select>
      </Field>
      <Field
        label={mode.kind === "log" ? ui.t("formSummaryPlain") : ui.t("formSummary")}
        validationMessage={problemOf("summary")}
      >
        <Textarea value={values.summary} onChange={set("summary")} resize="vertical" />
      </Field>
      <Field label={ui.t("formNextStep")} required validationMessage={problemOf("nextStep")}>
        <Input value={values.nextStep} onChange={set("nextStep")} />
      </Field>
      <Field label={ui.t("formDueDate")} required validationMessage={problemOf("dueDate")}>
        <Input value={values.dueDate} onChange={set("dueDate")} />
      </Field>
      {other.length > 0 ? (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>{other.map((p) => ui.tx(p.message)).join(" ")}</MessageBarBody>
        </MessageBar>
      ) : null}
      {save.error ? <ErrorBar error={save.error} /> : null}
      <div className={styles.actions}>
        <Button appearance="primary" type="submit" disabled={save.busy}>
          {save.busy ? ui.t("working") : ui.t("formSave")}
        </Button>
        <Button onClick={onCancel} disabled={save.busy}>
          {ui.t("formCancel")}
        </Button>
      </div>
    </form>
  );
}
