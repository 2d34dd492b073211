import * as React from "react";
import {
  Badge,
  Button,
  CounterBadge,
  Field,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Select,
  Text,
  tokens,
} from "@fluentui/react-components";
import { ErrorBar } from "../components/ErrorBar";
import { Section } from "../components/Section";
import { formatSerial } from "../../i18n/format";
import type { DueItem, LeadFlowService, WorkbookLists } from "../../service/service";
import { useUi } from "../ui";
import { useAction } from "../useAction";

const useStyles = makeStyles({
  row: { display: "flex", gap: tokens.spacingHorizontalS, alignItems: "flex-end", flexWrap: "wrap" },
  grow: { flexGrow: 1, minWidth: "120px" },
  list: { listStyleType: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column", gap: "2px" },
  item: {
    width: "100%",
    display: "flex",
    flexDirection: "column",
    alignItems: "flex-start",
    textAlign: "left",
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS}`,
    fontWeight: tokens.fontWeightRegular,
  },
  line: { display: "flex", gap: tokens.spacingHorizontalS, alignItems: "center", flexWrap: "wrap" },
  secondary: { color: tokens.colorNeutralForeground3 },
});

const OWNER_KEY = "leadflow.dueOwner";

/** The owner filter a seller picked last time (each seller usually looks at their own leads). */
function rememberedOwner(): string {
  try {
    return window.localStorage.getItem(OWNER_KEY) ?? "";
  } catch {
    return "";
  }
}

function rememberOwner(owner: string): void {
  try {
    window.localStorage.setItem(OWNER_KEY, owner);
  } catch {
    // Not remembered; the filter still works.
  }
}

/** Leads due today or overdue (and dormant ones) for an owner; a click goes to the lead's row. */
export function DueView({ service, lists }: { service: LeadFlowService; lists: WorkbookLists }) {
  const ui = useUi();
  const styles = useStyles();
  const owners = lists.lists.team ?? [];
  const [owner, setOwner] = React.useState(() => {
    const saved = rememberedOwner();
    return owners.includes(saved) ? saved : "";
  });
  const [items, setItems] = React.useState<DueItem[] | null>(null);
  const load = useAction();
  const go = useAction();

  const show = React.useCallback(
    async (who: string) => {
      const result = await load.run(() => service.dueList({ owner: who || null }));
      if (result) setItems(result);
    },
    [service, load.run],
  );

  const initialOwner = React.useRef(owner);
  React.useEffect(() => {
    void show(initialOwner.current);
  }, [show]);

  return (
    <Section
      title={ui.t("dueTitle")}
      badge={
        items ? (
          <CounterBadge
            count={items.length}
            showZero
            color={items.length > 0 ? "danger" : "informative"}
            aria-label={ui.t("dueCount", { count: items.length })}
          />
        ) : undefined
      }
    >
      <Text>{ui.t("dueIntro")}</Text>
      <div className={styles.row}>
        <Field label={ui.t("ownerFilter")} className={styles.grow}>
          <Select
            value={owner}
            onChange={(_, d) => {
              setOwner(d.value);
              rememberOwner(d.value);
              void show(d.value);
            }}
          >
            <option value="">{ui.t("allOwners")}</option>
            {owners.map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </Select>
        </Field>
        <Button onClick={() => void show(owner)} disabled={load.busy}>
          {ui.t("showDue")}
        </Button>
      </div>
      {load.error ? <ErrorBar error={load.error} /> : null}
      {go.error ? <ErrorBar error={go.error} /> : null}
      {items && items.length === 0 ? (
        <MessageBar intent="success" role="status">
          <MessageBarBody>{ui.t("noneDue")}</MessageBarBody>
        </MessageBar>
      ) : null}
      {items && items.length > 0 ? (
        <ul className={styles.list} aria-label={ui.t("dueTitle")}>
          {items.map((item) => (
            <li key={item.leadId}>
              <Button
                appearance="subtle"
                className={styles.item}
                onClick={() => void go.run(() => service.selectCell("Leads", item.row, "leadId"))}
              >
                <span className={styles.line}>
                  <strong>{item.customer || item.leadId}</strong>
                  <Badge appearance="tint" color={item.overdueDays > 0 ? "danger" : "warning"} size="small">
                    {item.overdueDays > 0 ? ui.t("overdueDays", { days: item.overdueDays }) : ui.t("dueToday")}
                  </Badge>
                  {item.dormant ? (
                    <Badge appearance="tint" color="subtle" size="small">
                      {ui.t("dormant")}
                    </Badge>
                  ) : null}
                </span>
                <span className={styles.secondary}>
                  {item.leadId} · {item.owner} · {ui.t("gradeLabel", { grade: item.grade })}
                  {item.nextDue !== null ? ` · ${ui.t("nextDueOn", { date: formatSerial(item.nextDue) })}` : ""}
                </span>
              </Button>
            </li>
          ))}
        </ul>
      ) : null}
    </Section>
  );
}
