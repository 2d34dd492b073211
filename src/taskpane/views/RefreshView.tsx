import * as React from "react";
import {
  Button,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  ProgressBar,
  Select,
  Text,
  tokens,
} from "@fluentui/react-components";
import { todaySerial, ymdFromSerial } from "../../domain/parse/dates";
import { parsePeriod, periodOf, periodTitle, type Period } from "../../domain/parse/periods";
import { ErrorBar } from "../components/ErrorBar";
import { Section } from "../components/Section";
import { formatSerial, periodLabel } from "../../i18n/format";
import type { LastRefresh, LeadFlowService, RefreshStatus, RefreshSummary } from "../../service/service";
import type { StringKey } from "../../i18n/strings";
import { useUi } from "../ui";
import { useAction } from "../useAction";

const useStyles = makeStyles({
  row: { display: "flex", gap: tokens.spacingHorizontalS, flexWrap: "wrap" },
  narrow: { minWidth: "90px", flexGrow: 1 },
});

/** The picker's choices: the current week, month, quarter or year as of today, all time, or a typed period. */
type Choice = "week" | "month" | "quarter" | "year" | "all" | "typed";

const CHOICES: { id: Exclude<Choice, "typed">; label: StringKey }[] = [
  { id: "week", label: "periodThisWeek" },
  { id: "month", label: "periodThisMonth" },
  { id: "quarter", label: "periodThisQuarter" },
  { id: "year", label: "periodThisYear" },
  { id: "all", label: "periodAll" },
];

/** The period a preset stands for on the day `today` (serial). */
function presetPeriod(choice: Exclude<Choice, "typed">, today: number): Period {
  if (choice === "all") return { kind: "all" };
  if (choice === "year") return { kind: "year", year: ymdFromSerial(today).year };
  return periodOf(choice, today);
}

/** Share done: the operation's own figure, else the step plus the rows done within it. */
function progressFraction(p: RefreshStatus): number {
  if (p.fraction !== undefined) return Math.max(0, Math.min(1, p.fraction));
  const within = p.rowsTotal > 0 ? p.rowsDone / p.rowsTotal : 0;
  return (p.stepIndex - 1 + within) / p.stepCount;
}

/** Refresh review: period picker, progress with steps and rows, the summary and the last refreshed time. */
export function RefreshView({ service }: { service: LeadFlowService }) {
  const ui = useUi();
  const styles = useStyles();
  const today = todaySerial(new Date());
  const [choice, setChoice] = React.useState<Choice>("all");
  const [typed, setTyped] = React.useState("");
  const [progress, setProgress] = React.useState<RefreshStatus | null>(null);
  const [summary, setSummary] = React.useState<RefreshSummary | null>(null);
  const [last, setLast] = React.useState<LastRefresh | null>(null);
  const refresh = useAction();
  const lastAction = useAction();

  React.useEffect(() => {
    void lastAction
      .run(() => service.lastRefresh())
      .then((v) => {
        if (v !== undefined) setLast(v);
      });
  }, [service, lastAction.run]);

  // The typed period is read by the same parser as the CLI's --period (weeks included).
  const parsed = choice === "typed" && typed.trim() !== "" ? parsePeriod(typed) : null;
  const period: Period | null = choice === "typed" ? (parsed?.ok ? parsed.value : null) : presetPeriod(choice, today);

  const run = async () => {
    if (!period) return;
    setSummary(null);
    setProgress(null);
    const result = await refresh.run(() => service.refresh(period, setProgress));
    setProgress(null);
    if (result) {
      setSummary(result);
      setLast({ refreshedAt: result.refreshedAt, period: result.period });
    }
  };

  return (
    <Section title={ui.t("refreshTitle")}>
      <Text>{ui.t("refreshIntro")}</Text>
      <Text size={200} aria-live="polite">
        {last === null
          ? ui.t("neverRefreshed")
          : last.period
            ? ui.t("lastRefreshedFor", {
                when: formatSerial(last.refreshedAt, true),
                period: periodLabel(last.period, ui.locale),
              })
            : ui.t("lastRefreshed", { when: formatSerial(last.refreshedAt, true) })}
      </Text>
      <div className={styles.row}>
        <Field label={ui.t("period")} className={styles.narrow}>
          <Select value={choice} onChange={(_, d) => setChoice(d.value as Choice)}>
            {CHOICES.map((c) => (
              <option key={c.id} value={c.id}>
                {c.id === "all"
                  ? ui.t(c.label)
                  : `${ui.t(c.label)} (${periodLabel(presetPeriod(c.id, today), ui.locale)})`}
              </option>
            ))}
            <option value="typed">{ui.t("periodTyped")}</option>
          </Select>
        </Field>
        {choice === "typed" ? (
          <Field
            label={ui.t("periodTypedLabel")}
            className={styles.narrow}
            hint={parsed && !parsed.ok ? undefined : ui.t("periodTypedHint")}
            validationState={parsed && !parsed.ok ? "error" : "none"}
            validationMessage={parsed && !parsed.ok ? ui.tx(parsed.message) : undefined}
          >
            <Input value={typed} onChange={(_, d) => setTyped(d.value)} placeholder="2024-W23" />
          </Field>
        ) : null}
      </div>
      {period ? <Text size={200}>{ui.t("periodChosen", { period: periodTitle(period, ui.locale) })}</Text> : null}
      <div>
        <Button appearance="primary" onClick={run} disabled={refresh.busy || period === null}>
          {refresh.busy ? ui.t("working") : ui.t("runRefresh")}
        </Button>
      </div>
      {refresh.busy ? (
        <Field
          validationMessage={
            progress
              ? `${ui.t("stepOf", { index: progress.stepIndex, count: progress.stepCount, step: ui.tx(progress.step) })}${
                  progress.rowsTotal > 0
                    ? ` · ${ui.t("rowsOf", { done: progress.rowsDone, total: progress.rowsTotal })}`
                    : ""
                }`
              : ui.t("working")
          }
          validationState="none"
        >
          <ProgressBar
            aria-label={ui.t("refreshTitle")}
            value={progress ? progressFraction(progress) : undefined}
            max={1}
          />
        </Field>
      ) : null}
      {refresh.error ? <ErrorBar error={refresh.error} /> : null}
      {summary ? (
        <MessageBar intent="success" layout="multiline" role="status">
          <MessageBarBody>
            <MessageBarTitle>{ui.t("refreshDone", { period: periodLabel(summary.period, ui.locale) })}</MessageBarTitle>
          </MessageBarBody>
        </MessageBar>
      ) : null}
      {summary?.warnings?.map((w, i) => (
        <MessageBar key={`w${i}`} intent="warning" layout="multiline">
          <MessageBarBody>{ui.tx(w)}</MessageBarBody>
        </MessageBar>
      ))}
      {summary && summary.items.length > 0 ? (
        <>
          <Text weight="semibold">{ui.t("rebuilt")}</Text>
          <ul aria-label={ui.t("rebuilt")}>
            {summary.items.map((item, i) => (
              <li key={i}>
                {ui.tx(item.label)}: {item.count}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </Section>
  );
}
