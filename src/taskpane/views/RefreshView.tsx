import * as React from "react";
import {
  Button,
  Field,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  ProgressBar,
  Select,
  Text,
  tokens,
} from "@fluentui/react-components";
import type { PeriodFilter } from "../../domain/model";
import type { Serial } from "../../domain/types";
import { ErrorBar } from "../components/ErrorBar";
import { Section } from "../components/Section";
import { formatSerial, periodLabel } from "../../i18n/format";
import type { LeadFlowService, RefreshStatus, RefreshSummary } from "../../service/service";
import { useUi } from "../ui";
import { useAction } from "../useAction";

const useStyles = makeStyles({
  row: { display: "flex", gap: tokens.spacingHorizontalS, flexWrap: "wrap" },
  narrow: { minWidth: "90px", flexGrow: 1 },
});

type PeriodKind = PeriodFilter["kind"];

/** Share done: the operation's own figure, else the step plus the rows done within it. */
function progressFraction(p: RefreshStatus): number {
  if (p.fraction !== undefined) return Math.max(0, Math.min(1, p.fraction));
  const within = p.rowsTotal > 0 ? p.rowsDone / p.rowsTotal : 0;
  return (p.stepIndex - 1 + within) / p.stepCount;
}

function buildPeriod(kind: PeriodKind, year: number, quarter: number, month: number): PeriodFilter {
  switch (kind) {
    case "all":
      return { kind: "all" };
    case "year":
      return { kind: "year", year };
    case "quarter":
      return { kind: "quarter", year, quarter: quarter as 1 | 2 | 3 | 4 };
    case "month":
      return { kind: "month", year, month };
  }
}

/** Refresh review: period picker, progress with steps and rows, the summary and the last refreshed time. */
export function RefreshView({ service }: { service: LeadFlowService }) {
  const ui = useUi();
  const styles = useStyles();
  const today = new Date();
  const [kind, setKind] = React.useState<PeriodKind>("all");
  const [year, setYear] = React.useState(today.getFullYear());
  const [quarter, setQuarter] = React.useState(Math.floor(today.getMonth() / 3) + 1);
  const [month, setMonth] = React.useState(today.getMonth() + 1);
  const [progress, setProgress] = React.useState<RefreshStatus | null>(null);
  const [summary, setSummary] = React.useState<RefreshSummary | null>(null);
  const [last, setLast] = React.useState<Serial | null>(null);
  const refresh = useAction();
  const lastAction = useAction();

  React.useEffect(() => {
    void lastAction
      .run(() => service.lastRefreshed())
      .then((v) => {
        if (v !== undefined) setLast(v);
      });
  }, [service, lastAction.run]);

  const run = async () => {
    setSummary(null);
    setProgress(null);
    const result = await refresh.run(() => service.refresh(buildPeriod(kind, year, quarter, month), setProgress));
    setProgress(null);
    if (result) {
      setSummary(result);
      setLast(result.refreshedAt);
    }
  };

  const years = Array.from({ length: 8 }, (_, i) => today.getFullYear() - 6 + i);

  return (
    <Section title={ui.t("refreshTitle")}>
      <Text>{ui.t("refreshIntro")}</Text>
      <Text size={200} aria-live="polite">
        {last !== null ? ui.t("lastRefreshed", { when: formatSerial(last, true) }) : ui.t("neverRefreshed")}
      </Text>
      <div className={styles.row}>
        <Field label={ui.t("period")} className={styles.narrow}>
          <Select value={kind} onChange={(_, d) => setKind(d.value as PeriodKind)}>
            <option value="all">{ui.t("periodAll")}</option>
            <option value="year">{ui.t("periodYear")}</option>
            <option value="quarter">{ui.t("periodQuarter")}</option>
            <option value="month">{ui.t("periodMonth")}</option>
          </Select>
        </Field>
        {kind !== "all" ? (
          <Field label={ui.t("year")} className={styles.narrow}>
            <Select value={String(year)} onChange={(_, d) => setYear(Number(d.value))}>
              {years.map((y) => (
                <option key={y} value={y}>
                  {y}
                </option>
              ))}
            </Select>
          </Field>
        ) : null}
        {kind === "quarter" ? (
          <Field label={ui.t("quarter")} className={styles.narrow}>
            <Select value={String(quarter)} onChange={(_, d) => setQuarter(Number(d.value))}>
              {[1, 2, 3, 4].map((q) => (
                <option key={q} value={q}>
                  Q{q}
                </option>
              ))}
            </Select>
          </Field>
        ) : null}
        {kind === "month" ? (
          <Field label={ui.t("month")} className={styles.narrow}>
            <Select value={String(month)} onChange={(_, d) => setMonth(Number(d.value))}>
              {Array.from({ length: 12 }, (_, i) => i + 1).map((m) => (
                <option key={m} value={m}>
                  {String(m).padStart(2, "0")}
                </option>
              ))}
            </Select>
          </Field>
        ) : null}
      </div>
      <div>
        <Button appearance="primary" onClick={run} disabled={refresh.busy}>
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
