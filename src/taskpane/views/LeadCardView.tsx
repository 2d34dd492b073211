import * as React from "react";
import {
  Badge,
  Button,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Spinner,
  Text,
  tokens,
} from "@fluentui/react-components";
import { tableDefs } from "../../domain/fields/definitions";
import type { AlertKind } from "../../domain/engine/alerts";
import { formatSerial } from "../../i18n/format";
import type { LeadCard, LeadFlowService, WorkbookLists } from "../../service/service";
import { ErrorBar } from "../components/ErrorBar";
import { Section } from "../components/Section";
import { useUi, type Ui } from "../ui";
import { useAction } from "../useAction";
import { LeadChangeForm, type FormMode } from "./LeadChangeForm";

const useStyles = makeStyles({
  head: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXXS },
  badges: { display: "flex", gap: tokens.spacingHorizontalXS, flexWrap: "wrap", alignItems: "center" },
  muted: { color: tokens.colorNeutralForeground3 },
  facts: {
    display: "grid",
    gridTemplateColumns: "max-content 1fr",
    columnGap: tokens.spacingHorizontalM,
    rowGap: tokens.spacingVerticalXXS,
    margin: 0,
  },
  term: { color: tokens.colorNeutralForeground3 },
  detail: { margin: 0, minWidth: 0, overflowWrap: "anywhere" },
  list: { listStyleType: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column", gap: "4px" },
  step: {
    display: "flex",
    justifyContent: "space-between",
    gap: tokens.spacingHorizontalS,
    padding: `2px ${tokens.spacingHorizontalS}`,
    borderLeft: `3px solid ${tokens.colorNeutralStroke2}`,
  },
  stepReached: { borderLeftColor: tokens.colorBrandStroke1 },
  stepCurrent: { borderLeftColor: tokens.colorBrandStroke1, backgroundColor: tokens.colorBrandBackground2 },
  entry: {
    display: "flex",
    flexDirection: "column",
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS}`,
    borderLeft: `2px solid ${tokens.colorNeutralStroke2}`,
  },
  actions: { display: "flex", gap: tokens.spacingHorizontalS, flexWrap: "wrap" },
  sub: { margin: 0, display: "block" },
});

/** The alert in the pane's language (the engine's text is in the workbook's). */
export function alertText(ui: Ui, kind: AlertKind | null, days: number | null): string | null {
  if (kind === "overdue") return ui.t("alertOverdue", { days: days ?? 0 });
  if (kind === "stalled") return ui.t("alertStalled");
  if (kind === "dormant") return ui.t("alertDormant");
  return null;
}

/** A contact name with all but its first character hidden (Settings hide contact details). */
function masked(text: string): string {
  return text === "" ? "" : `${[...text][0]}**`;
}

export function formatAmount(amount: number, locale: string): string {
  return `¥${new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(amount)}`;
}

/**
 * One lead whole (issue 15 item 1): it follows the row selected in Excel (the
 * service settles the selection and reads the book once per change of lead),
 * or shows the lead picked in Search or on the board.
 */
export function LeadCardView({
  service,
  lists,
  leadId: picked = null,
}: {
  service: LeadFlowService;
  lists: WorkbookLists;
  /** A lead opened from Search or the board (the selection takes over when it moves). */
  leadId?: string | null;
}) {
  const ui = useUi();
  const styles = useStyles();
  const [leadId, setLeadId] = React.useState<string | null>(picked);
  const [card, setCard] = React.useState<LeadCard | null | undefined>(undefined);
  const [form, setForm] = React.useState<FormMode | null>(null);
  const [saved, setSaved] = React.useState<number | null>(null);
  const [version, setVersion] = React.useState(0);
  const load = useAction();
  const go = useAction();

  React.useEffect(() => {
    // A lead opened from elsewhere stays until the user selects another lead's row.
    let first = picked !== null;
    return service.watchSelectedLead((id) => {
      const skip = first;
      first = false;
      if (id === null || skip) return;
      setLeadId(id);
      setForm(null);
      setSaved(null);
    });
  }, [service, picked]);

  React.useEffect(() => {
    if (leadId === null) {
      setCard(undefined);
      return;
    }
    let live = true;
    void load
      .run(() => service.leadCard(leadId))
      .then((c) => {
        if (live && c !== undefined) setCard(c);
      });
    return () => {
      live = false;
    };
  }, [service, leadId, version, load.run]);

  const labels = React.useMemo(() => {
    const fields = tableDefs(lists.stageCount).Leads.fields;
    return (key: string) => {
      const f = fields.find((x) => x.key === key);
      return f ? ui.tx(f.header) : key;
    };
  }, [lists.stageCount, ui]);

  if (leadId === null)
    return (
      <Section title={ui.t("cardTitle")}>
        <Text>{ui.t("cardEmpty")}</Text>
        <Text size={200} className={styles.muted}>
          {ui.t("cardFollowing")}
        </Text>
      </Section>
    );

  const body = () => {
    if (card === undefined) return load.busy ? <Spinner size="small" label={ui.t("loading")} /> : null;
    if (card === null)
      return (
        <MessageBar intent="warning">
          <MessageBarBody>{ui.t("cardNotFound", { id: leadId })}</MessageBarBody>
        </MessageBar>
      );
    const alert = alertText(ui, card.alertKind, card.alertDays);
    const last = card.timeline[0];
    return (
      <>
        <div className={styles.head}>
          <Text as="h3" size={500} weight="semibold" className={styles.sub}>
            {card.customer || card.leadId}
          </Text>
          <Text size={200} className={styles.muted}>
            {card.leadId}
          </Text>
          <div className={styles.badges}>
            <Badge appearance="filled" color="brand">
              {ui.t("cardGrade", { grade: card.grade })}
              {card.gradeOverridden ? ` ${ui.t("cardGradeOverridden")}` : ""}
            </Badge>
            <Badge appearance="tint" color="informative">
              {card.stage || "—"}
            </Badge>
            <Badge appearance="tint" color="subtle">
              {card.status || "—"}
            </Badge>
            {alert ? (
              <Badge appearance="tint" color={card.alertKind === "overdue" ? "danger" : "warning"}>
                {alert}
              </Badge>
            ) : null}
          </div>
        </div>
        <dl className={styles.facts}>
          <dt className={styles.term}>{ui.t("cardContact")}</dt>
          <dd className={styles.detail}>{(card.contactsHidden ? masked(card.contact) : card.contact) || "—"}</dd>
          <dt className={styles.term}>{ui.t("cardPhone")}</dt>
          <dd className={styles.detail}>{card.contactsHidden ? ui.t("cardHidden") : card.phone || "—"}</dd>
          <dt className={styles.term}>{ui.t("cardOwner")}</dt>
          <dd className={styles.detail}>{card.owner || "—"}</dd>
          <dt className={styles.term}>{ui.t("cardStatus")}</dt>
          <dd className={styles.detail}>{card.status || "—"}</dd>
          <dt className={styles.term}>{ui.t("cardNextDue")}</dt>
          <dd className={styles.detail}>
            {card.nextDue !== null ? formatSerial(card.nextDue) : ui.t("cardNoDue")}
            {alert ? ` · ${alert}` : ""}
          </dd>
        </dl>
        <div className={styles.actions}>
          <Button appearance="primary" onClick={() => setForm({ kind: "log" })}>
            {ui.t("cardLogFollowUp")}
          </Button>
          <Button onClick={() => setForm({ kind: "change" })}>{ui.t("cardChangeStage")}</Button>
          <Button onClick={() => void go.run(() => service.selectCell("Leads", card.row, "leadId"))}>
            {ui.t("cardJump")}
          </Button>
        </div>
        {go.error ? <ErrorBar error={go.error} /> : null}
        {saved !== null ? (
          <MessageBar intent="success" role="status">
            <MessageBarBody>{ui.t("formSaved", { row: saved })}</MessageBarBody>
          </MessageBar>
        ) : null}
        {form ? (
          <LeadChangeForm
            key={`${card.leadId}-${form.kind}`}
            service={service}
            lists={lists}
            lead={{
              leadId: card.leadId,
              customer: card.customer,
              contact: card.contactsHidden ? "" : card.contact,
              stage: card.stage,
              status: card.status,
              lastMethod: last?.method,
              lastIntent: last?.intent,
            }}
            mode={form}
            onCancel={() => setForm(null)}
            onDone={({ row }) => {
              setForm(null);
              setSaved(row);
              setVersion((v) => v + 1);
            }}
          />
        ) : null}
        <section aria-label={ui.t("cardScoreTitle")}>
          <Text as="h3" weight="semibold" className={styles.sub}>
            {ui.t("cardScoreTitle")} · {ui.t("cardScore", { score: card.score })}
          </Text>
          <ul className={styles.list}>
            {card.factors.map((f) => (
              <li key={f.field} className={styles.step}>
                <span>
                  {labels(f.field)}: {f.value || "—"}
                </span>
                <span>{ui.t("cardPoints", { points: f.points, max: f.max })}</span>
              </li>
            ))}
          </ul>
        </section>
        <section aria-label={ui.t("cardPathTitle")}>
          <Text as="h3" weight="semibold" className={styles.sub}>
            {ui.t("cardPathTitle")}
          </Text>
          <ol className={styles.list}>
            {card.stagePath.map((s) => (
              <li
                key={s.stage}
                aria-current={s.current ? "step" : undefined}
                className={`${styles.step} ${s.current ? styles.stepCurrent : s.enteredAt !== null ? styles.stepReached : ""}`}
              >
                <span>
                  {s.stage}
                  {s.current ? ` (${ui.t("cardCurrent")})` : ""}
                </span>
                <span className={styles.muted}>
                  {s.enteredAt !== null
                    ? ui.t("cardEntered", { date: formatSerial(s.enteredAt) })
                    : ui.t("cardNotReached")}
                  {s.days !== null ? ` · ${ui.t("cardDays", { days: s.days })}` : ""}
                </span>
              </li>
            ))}
          </ol>
        </section>
        <section aria-label={ui.t("cardTimelineTitle")}>
          <Text as="h3" weight="semibold" className={styles.sub}>
            {ui.t("cardTimelineTitle")}
          </Text>
          {card.timeline.length === 0 ? (
            <Text className={styles.muted}>{ui.t("cardNoFollowUps")}</Text>
          ) : (
            <ol className={styles.list}>
              {card.timeline.map((f) => (
                <li key={f.row} className={styles.entry}>
                  <Text weight="semibold">
                    {f.at !== null ? formatSerial(f.at, true) : "—"} · {f.method || "—"}
                    {f.intent ? ` · ${ui.t("cardIntent", { intent: f.intent })}` : ""}
                  </Text>
                  {f.stage ? <Text size={200}>{f.stage}</Text> : null}
                  {f.summary ? <Text>{f.summary}</Text> : null}
                  {f.nextStep ? (
                    <Text size={200} className={styles.muted}>
                      {ui.t("cardNext", { step: f.nextStep })}
                      {f.dueDate !== null ? ` (${formatSerial(f.dueDate)})` : ""}
                    </Text>
                  ) : null}
                </li>
              ))}
            </ol>
          )}
        </section>
        <section aria-label={ui.t("cardConversionTitle")}>
          <Text as="h3" weight="semibold" className={styles.sub}>
            {ui.t("cardConversionTitle")}
          </Text>
          {card.conversion && card.conversion.result ? (
            <Text>
              {card.conversion.result}
              {card.conversion.closedAt !== null
                ? ` · ${ui.t("cardClosed", { date: formatSerial(card.conversion.closedAt) })}`
                : ""}
              {card.conversion.amount !== null
                ? ` · ${ui.t("cardAmount", { amount: formatAmount(card.conversion.amount, ui.locale) })}`
                : ""}
              {card.conversion.cycleDays !== null ? ` · ${ui.t("cardCycle", { days: card.conversion.cycleDays })}` : ""}
              {card.conversion.lossReason ? ` · ${ui.t("cardLoss", { reason: card.conversion.lossReason })}` : ""}
            </Text>
          ) : (
            <Text className={styles.muted}>{ui.t("cardNoConversion")}</Text>
          )}
        </section>
      </>
    );
  };

  return (
    <Section title={ui.t("cardTitle")}>
      {load.error ? <ErrorBar error={load.error} /> : null}
      {body()}
    </Section>
  );
}
