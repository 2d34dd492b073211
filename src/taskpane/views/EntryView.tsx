import * as React from "react";
import {
  Button,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  Select,
  Text,
  Textarea,
  tokens,
} from "@fluentui/react-components";
import { tableDefs, type FieldDef } from "../../domain/fields/definitions";
import { ErrorBar } from "../components/ErrorBar";
import { Section } from "../components/Section";
import {
  NotAvailableError,
  type EntryValues,
  type FieldProblem,
  type LeadFlowService,
  type WorkbookLists,
} from "../../service/service";
import { useUi } from "../ui";
import { useAction } from "../useAction";

const useStyles = makeStyles({
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  actions: { display: "flex", gap: tokens.spacingHorizontalS, flexWrap: "wrap" },
});

export interface EntryViewProps {
  kind: "lead" | "followUp";
  service: LeadFlowService;
  lists: WorkbookLists;
  onSaved: () => Promise<void>;
}

const pad = (n: number) => String(n).padStart(2, "0");

/** Value of a `datetime-local` input for now, to the minute. */
function nowForInput(): string {
  const d = new Date();
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The form's initial values: sensible defaults people would pick anyway. */
function initialValues(kind: EntryViewProps["kind"], lists: WorkbookLists): EntryValues {
  if (kind === "lead") {
    return { status: lists.lists.status?.[0] ?? "", stage: lists.lists.stage?.[0] ?? "" };
  }
  return { at: nowForInput() };
}

/** What a form sends: a `datetime-local` value becomes "YYYY-MM-DD HH:mm", the form the parsers read. */
function toEntryValues(fields: FieldDef[], values: EntryValues): EntryValues {
  const out: EntryValues = {};
  for (const field of fields) {
    const raw = (values[field.key] ?? "").trim();
    out[field.key] = field.type === "dateTime" ? raw.replace("T", " ") : raw;
  }
  return out;
}

/** Quick-entry form for a new lead or a follow-up, validated by the same rules as Check before anything is written. */
export function EntryView({ kind, service, lists, onSaved }: EntryViewProps) {
  const ui = useUi();
  const styles = useStyles();
  const fields = React.useMemo(() => {
    const defs = tableDefs(lists.stageCount);
    const table = kind === "lead" ? defs.Leads : defs.FollowUps;
    return table.fields.filter((f) => f.kind === "input");
  }, [kind, lists.stageCount]);
  const [values, setValues] = React.useState<EntryValues>(() => initialValues(kind, lists));
  const [problems, setProblems] = React.useState<FieldProblem[]>([]);
  const [saved, setSaved] = React.useState<{ id: string; row: number } | null>(null);
  const [prefilled, setPrefilled] = React.useState<string | null>(null);
  const [noSelection, setNoSelection] = React.useState(false);
  const save = useAction();
  const selection = useAction();

  /** On opening the form, a host that cannot read the selection is no error: the seller types the ID. */
  const fillFromSelection = React.useCallback(
    async (quietIfUnavailable = false) => {
      setNoSelection(false);
      const id = await selection.run(async () => {
        try {
          return await service.selectedLeadId();
        } catch (e) {
          if (quietIfUnavailable && e instanceof NotAvailableError) return undefined;
          throw e;
        }
      });
      if (id) {
        setValues((v) => ({ ...v, leadId: id }));
        setPrefilled(id);
      } else if (id === null) {
        setNoSelection(true);
      }
    },
    [service, selection.run],
  );

  React.useEffect(() => {
    if (kind === "followUp") void fillFromSelection(true);
  }, [kind, fillFromSelection]);

  const submit = async (event: React.FormEvent | null, acceptWarnings = false) => {
    event?.preventDefault();
    setSaved(null);
    const payload = toEntryValues(fields, values);
    const options = { acceptWarnings };
    const result = await save.run(() =>
      kind === "lead" ? service.newLead(payload, options) : service.logFollowUp(payload, options),
    );
    if (!result) return;
    if (result.ok) {
      setProblems([]);
      setSaved({ id: result.id, row: result.row });
      setValues(initialValues(kind, lists));
      setPrefilled(null);
      await onSaved();
    } else {
      setProblems(result.problems);
    }
  };

  const problemOf = (key: string) => problems.find((p) => p.field === key);
  const onlyWarnings = problems.length > 0 && problems.every((p) => p.severity === "warning");
  const rowProblems = problems.filter((p) => !fields.some((f) => f.key === p.field));

  const renderInput = (field: FieldDef, id: string) => {
    const value = values[field.key] ?? "";
    const set = (next: string) => setValues((v) => ({ ...v, [field.key]: next }));
    const options = field.list ? (lists.lists[field.list] ?? []) : [];
    if (field.type === "list" && (options.length > 0 || !field.listIfPresent)) {
      return (
        <Select id={id} value={value} onChange={(_, d) => set(d.value)}>
          <option value="">{ui.t("choose")}</option>
          {options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </Select>
      );
    }
    if (field.type === "longText") {
      return <Textarea id={id} value={value} resize="vertical" onChange={(_, d) => set(d.value)} />;
    }
    const type =
      field.type === "date"
        ? "date"
        : field.type === "month"
          ? "month"
          : field.type === "dateTime"
            ? "datetime-local"
            : field.type === "phone"
              ? "tel"
              : "text";
    return <Input id={id} type={type} value={value} onChange={(_, d) => set(d.value)} />;
  };

  const title = kind === "lead" ? ui.t("newLeadTitle") : ui.t("followUpTitle");

  return (
    <Section title={title}>
      {kind === "lead" && lists.nextLeadId ? (
        <Text weight="semibold">{ui.t("leadIdPreview", { id: lists.nextLeadId })}</Text>
      ) : null}
      {kind === "followUp" ? (
        <div className={styles.actions}>
          <Button size="small" onClick={() => void fillFromSelection()} disabled={selection.busy}>
            {ui.t("useSelection")}
          </Button>
        </div>
      ) : null}
      {kind === "followUp" && prefilled ? <Text size={200}>{ui.t("prefilled", { id: prefilled })}</Text> : null}
      {kind === "followUp" && noSelection ? (
        <MessageBar intent="info" layout="multiline">
          <MessageBarBody>{ui.t("selectionNone")}</MessageBarBody>
        </MessageBar>
      ) : null}
      {selection.error ? <ErrorBar error={selection.error} /> : null}
      <form className={styles.form} onSubmit={submit} noValidate aria-label={title}>
        {fields.map((field) => {
          const problem = problemOf(field.key);
          const id = `${kind}-${field.key}`;
          return (
            <Field
              key={field.key}
              label={{ children: ui.tx(field.header), htmlFor: id }}
              required={field.required}
              hint={ui.tx(field.rule) || undefined}
              validationState={problem ? (problem.severity === "warning" ? "warning" : "error") : "none"}
              validationMessage={problem ? ui.tx(problem.message) : undefined}
            >
              {renderInput(field, id)}
            </Field>
          );
        })}
        {problems.length > 0 ? (
          <MessageBar intent="warning" layout="multiline">
            <MessageBarBody>
              {onlyWarnings
                ? ui.t("warningsOnly", { count: problems.length })
                : ui.t("fixFields", { count: problems.filter((p) => p.severity !== "warning").length })}
              {rowProblems.map((p, i) => (
                <div key={i}>{ui.tx(p.message)}</div>
              ))}
            </MessageBarBody>
            {onlyWarnings ? (
              <MessageBarActions>
                <Button size="small" onClick={() => void submit(null, true)} disabled={save.busy}>
                  {ui.t("saveAnyway")}
                </Button>
              </MessageBarActions>
            ) : null}
          </MessageBar>
        ) : null}
        {save.error ? <ErrorBar error={save.error} /> : null}
        {saved ? (
          <MessageBar intent="success" role="status">
            <MessageBarBody>
              {kind === "lead"
                ? ui.t("leadSaved", { id: saved.id, row: saved.row })
                : ui.t("followUpSaved", { id: saved.id, row: saved.row })}
            </MessageBarBody>
          </MessageBar>
        ) : null}
        <div className={styles.actions}>
          <Button appearance="primary" type="submit" disabled={save.busy}>
            {save.busy ? ui.t("working") : kind === "lead" ? ui.t("saveLead") : ui.t("saveFollowUp")}
          </Button>
          <Button
            type="button"
            onClick={() => {
              setValues(initialValues(kind, lists));
              setProblems([]);
              setSaved(null);
            }}
          >
            {ui.t("clearForm")}
          </Button>
        </div>
      </form>
    </Section>
  );
}
