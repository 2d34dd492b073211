import * as React from "react";
import { Button, CounterBadge, makeStyles, MessageBar, MessageBarBody, Text, tokens } from "@fluentui/react-components";
import { ErrorBar } from "../components/ErrorBar";
import { Section } from "../components/Section";
import type { CheckProblem, CheckReport, LeadFlowService } from "../../service/service";
import { useUi } from "../ui";
import { useAction } from "../useAction";

const useStyles = makeStyles({
  group: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXS,
    borderTop: `1px solid ${tokens.colorNeutralStroke2}`,
    paddingTop: tokens.spacingVerticalS,
  },
  kind: { margin: `${tokens.spacingVerticalXS} 0 0`, color: tokens.colorNeutralForeground2 },
  list: { listStyleType: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column", gap: "2px" },
  problem: {
    width: "100%",
    justifyContent: "flex-start",
    textAlign: "left",
    display: "flex",
    flexDirection: "column",
    alignItems: "flex-start",
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS}`,
    fontWeight: tokens.fontWeightRegular,
  },
  secondary: { color: tokens.colorNeutralForeground3 },
});

interface TableGroup {
  table: CheckProblem["table"];
  sheet: string;
  kinds: { code: string; problems: CheckProblem[] }[];
  count: number;
}

/** Problems grouped by table, then by kind of problem, in the order Check found them. */
export function groupProblems(problems: CheckProblem[]): TableGroup[] {
  const tables = new Map<string, TableGroup>();
  for (const p of problems) {
    let group = tables.get(p.table);
    if (!group) {
      group = { table: p.table, sheet: p.sheet, kinds: [], count: 0 };
      tables.set(p.table, group);
    }
    let kind = group.kinds.find((k) => k.code === p.code);
    if (!kind) {
      kind = { code: p.code, problems: [] };
      group.kinds.push(kind);
    }
    kind.problems.push(p);
    group.count++;
  }
  return [...tables.values()];
}

/** Runs Check (which changes nothing), lists the problems, and selects a problem's cell on click. */
export function CheckView({ service }: { service: LeadFlowService }) {
  const ui = useUi();
  const styles = useStyles();
  const [report, setReport] = React.useState<CheckReport | null>(null);
  const check = useAction();
  const select = useAction();

  const run = async () => {
    const result = await check.run(() => service.check());
    if (result) setReport(result);
  };

  const groups = report ? groupProblems(report.problems) : [];

  return (
    <Section
      title={ui.t("checkTitle")}
      badge={
        report ? (
          <CounterBadge
            count={report.problems.length}
            showZero
            color={report.problems.length > 0 ? "danger" : "informative"}
            aria-label={ui.t("problemCount", { count: report.problems.length, rows: report.rowsChecked })}
          />
        ) : undefined
      }
    >
      <Text>{ui.t("checkIntro")}</Text>
      <div>
        <Button appearance="primary" onClick={run} disabled={check.busy}>
          {check.busy ? ui.t("working") : ui.t("runCheck")}
        </Button>
      </div>
      {check.error ? <ErrorBar error={check.error} /> : null}
      {select.error ? <ErrorBar error={select.error} /> : null}
      {report && report.problems.length === 0 ? (
        <MessageBar intent="success" role="status">
          <MessageBarBody>{ui.t("noProblems", { rows: report.rowsChecked })}</MessageBarBody>
        </MessageBar>
      ) : null}
      {report && report.problems.length > 0 ? (
        <MessageBar intent="warning" role="status">
          <MessageBarBody>
            {ui.t("problemCount", { count: report.problems.length, rows: report.rowsChecked })}
          </MessageBarBody>
        </MessageBar>
      ) : null}
      {groups.map((group) => (
        <div key={group.table} className={styles.group} data-table={group.table}>
          <Text as="h3" weight="semibold" size={300} style={{ margin: 0 }}>
            {group.sheet} <CounterBadge count={group.count} size="small" color="informative" appearance="ghost" />
          </Text>
          {group.kinds.map((kind) => (
            <div key={kind.code}>
              <Text as="h4" size={200} weight="semibold" className={styles.kind}>
                {ui.tx(kind.problems[0].kind)} ({kind.problems.length})
              </Text>
              <ul className={styles.list}>
                {kind.problems.map((p, i) => (
                  <li key={`${p.row}-${p.field}-${i}`}>
                    <Button
                      appearance="subtle"
                      className={styles.problem}
                      title={ui.t("selectCellHint", { sheet: p.sheet, row: p.row, field: ui.tx(p.fieldLabel) })}
                      onClick={() => void select.run(() => service.selectCell(p.table, p.row, p.field))}
                    >
                      <span>
                        <strong>{ui.t("rowLabel", { row: p.row })}</strong> · {ui.tx(p.fieldLabel)} — {ui.tx(p.message)}
                      </span>
                      <span className={styles.secondary}>
                        {ui.t("valueLabel", { value: p.value === "" ? ui.t("blankValue") : p.value })}
                        {p.fix && ui.tx(p.fix) ? ` · ${ui.t("howToFix", { fix: ui.tx(p.fix) })}` : ""}
                      </span>
                    </Button>
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </div>
      ))}
    </Section>
  );
}
