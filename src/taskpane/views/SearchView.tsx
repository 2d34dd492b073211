import * as React from "react";
import { Badge, Button, Field, makeStyles, SearchBox, Text, tokens } from "@fluentui/react-components";
import type { LeadFlowService, SearchResult } from "../../service/service";
import type { SearchField } from "../../domain/workday/search";
import type { StringKey } from "../../i18n/strings";
import { ErrorBar } from "../components/ErrorBar";
import { Section } from "../components/Section";
import { useUi } from "../ui";
import { useAction } from "../useAction";

const useStyles = makeStyles({
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
  muted: { color: tokens.colorNeutralForeground3 },
});

const FIELD_LABEL: Record<SearchField, StringKey> = {
  leadId: "matchLeadId",
  customer: "matchCustomer",
  contact: "matchContact",
  phone: "matchPhone",
};

/** Waits this long after the last keystroke before asking (the answer itself takes milliseconds). */
const TYPING_MS = 120;

/**
 * Find a lead (issue 15 item 3) by customer, contact, phone in any format or
 * lead ID, typo-tolerant, with results as the seller types; picking one opens
 * its card.
 */
export function SearchView({
  service,
  onOpenLead,
}: {
  service: LeadFlowService;
  onOpenLead: (leadId: string) => void;
}) {
  const ui = useUi();
  const styles = useStyles();
  const [query, setQuery] = React.useState("");
  const [result, setResult] = React.useState<{ query: string; result: SearchResult } | null>(null);
  const find = useAction();

  React.useEffect(() => {
    const q = query;
    if (q.trim() === "") {
      setResult(null);
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      void find
        .run(() => service.searchLeads(q, 20))
        .then((r) => {
          if (live && r) setResult({ query: q, result: r });
        });
    }, TYPING_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [service, query, find.run]);

  const hits = result?.result.hits ?? [];
  return (
    <Section title={ui.t("searchTitle")}>
      <Field label={ui.t("searchLabel")}>
        <SearchBox value={query} onChange={(_, d) => setQuery(d.value)} autoFocus />
      </Field>
      {find.error ? <ErrorBar error={find.error} /> : null}
      <div role="status" aria-live="polite">
        {result && query.trim() !== "" ? (
          <Text size={200} className={styles.muted}>
            {result.result.total === 0
              ? ui.t("searchNone")
              : `${ui.t("searchCount", { total: result.result.total })}${
                  result.result.total > hits.length ? ` · ${ui.t("searchShown", { shown: hits.length })}` : ""
                }`}
          </Text>
        ) : null}
      </div>
      {hits.length > 0 && query.trim() !== "" ? (
        <ul className={styles.list} aria-label={ui.t("searchTitle")}>
          {hits.map((h) => (
            <li key={`${h.leadId}-${h.row}`}>
              <Button appearance="subtle" className={styles.item} onClick={() => onOpenLead(h.leadId)}>
                <span className={styles.line}>
                  <strong>{h.customer || h.leadId}</strong>
                  {h.kind === "typo" || h.kind === "characters" ? (
                    <Badge appearance="tint" color="warning" size="small">
                      {ui.t("matchTypo")}
                    </Badge>
                  ) : null}
                </span>
                <span className={styles.muted}>
                  {h.leadId}
                  {h.field !== "leadId" && h.field !== "customer"
                    ? ` · ${ui.t(FIELD_LABEL[h.field])}: ${h.text || ui.t("cardHidden")}`
                    : ""}
                </span>
              </Button>
            </li>
          ))}
        </ul>
      ) : null}
    </Section>
  );
}
