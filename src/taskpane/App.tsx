import * as React from "react";
import {
  Button,
  FluentProvider,
  makeStyles,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  Select,
  Spinner,
  Tab,
  TabList,
  Text,
  tokens,
  type Theme,
} from "@fluentui/react-components";
import type { Locale } from "../domain/types";
import type { StringKey } from "../i18n/strings";
import { ErrorBar } from "./components/ErrorBar";
import type { LeadFlowService, WorkbookLists } from "../service/service";
import { makeUi, UiContext } from "./ui";
import { useAction } from "./useAction";
import { CheckView } from "./views/CheckView";
import { DueView } from "./views/DueView";
import { EntryView } from "./views/EntryView";
import { ImportView } from "./views/ImportView";
import { RefreshView } from "./views/RefreshView";
import { SettingsView } from "./views/SettingsView";
import { SetupView } from "./views/SetupView";
import { BoardView } from "./views/BoardView";
import { LeadCardView } from "./views/LeadCardView";
import { SearchView } from "./views/SearchView";

export type ViewId =
  "setup" | "newLead" | "followUp" | "check" | "import" | "refresh" | "due" | "settings" | "card" | "board" | "search";

const VIEWS: { id: ViewId; label: StringKey; group?: "work" | "review" | "setup" }[] = [
  { id: "setup", label: "tabSetup" },
  { id: "newLead", label: "tabNewLead" },
  { id: "followUp", label: "tabFollowUp" },
  { id: "check", label: "tabCheck" },
  { id: "import", label: "tabImport" },
  { id: "refresh", label: "tabRefresh" },
  { id: "due", label: "tabDue" },
  { id: "settings", label: "tabSettings", group: "setup" },
  { id: "card", label: "tabCard", group: "work" },
  { id: "board", label: "tabBoard", group: "work" },
  { id: "search", label: "tabSearch", group: "work" },
];

const useStyles = makeStyles({
  root: {
    minHeight: "100vh",
    boxSizing: "border-box",
    display: "flex",
    flexDirection: "column",
    backgroundColor: tokens.colorNeutralBackground1,
    color: tokens.colorNeutralForeground1,
  },
  header: {
    display: "flex",
    alignItems: "flex-start",
    justifyContent: "space-between",
    gap: tokens.spacingHorizontalM,
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalL} ${tokens.spacingVerticalS}`,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  titleBlock: { display: "flex", flexDirection: "column", minWidth: 0 },
  host: { color: tokens.colorNeutralForeground3 },
  language: { width: "110px", flexShrink: 0 },
  tabs: {
    flexWrap: "wrap",
    padding: `0 ${tokens.spacingHorizontalS}`,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  main: {
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalL}`,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalM,
  },
});

export interface AppProps {
  service: LeadFlowService;
  /** Name of the Office host, shown in the header. */
  hostLabel: string;
  initialLocale: Locale;
  theme: Theme;
  initialView?: ViewId;
  /** Called when the user switches the language by hand (to remember it). */
  onLocaleChange?: (locale: Locale) => void;
}

export function App({ service, hostLabel, initialLocale, theme, initialView = "setup", onLocaleChange }: AppProps) {
  const styles = useStyles();
  const [locale, setLocale] = React.useState<Locale>(initialLocale);
  const [view, setView] = React.useState<ViewId>(initialView);
  const [lists, setLists] = React.useState<WorkbookLists | null>(null);
  const loader = useAction();
  /** A lead opened from Search or the board: the card shows it. */
  const [openedLead, setOpenedLead] = React.useState<{ id: string } | null>(null);
  const openLead = React.useCallback((id: string) => {
    setOpenedLead({ id });
    setView("card");
  }, []);
  const ui = React.useMemo(() => makeUi(locale), [locale]);

  const reloadLists = React.useCallback(async () => {
    const next = await loader.run(() => service.readLists());
    if (next) setLists(next);
  }, [service, loader.run]);

  React.useEffect(() => {
    void reloadLists();
  }, [reloadLists]);

  React.useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  const needsInstall = lists !== null && !lists.installed && view !== "setup";

  return (
    <FluentProvider theme={theme} className={styles.root} lang={locale}>
      <UiContext.Provider value={ui}>
        <header className={styles.header}>
          <div className={styles.titleBlock}>
            <Text as="h1" size={500} weight="semibold" style={{ margin: 0 }}>
              {ui.t("appTitle")}
            </Text>
            <Text size={200} className={styles.host}>
              {ui.t("runningIn", { host: hostLabel })}
            </Text>
          </div>
          <Select
            className={styles.language}
            size="small"
            aria-label={locale === "en-US" ? ui.t("language") : `${ui.t("language")} / Language`}
            value={locale}
            onChange={(_, data) => {
              const next = data.value as Locale;
              setLocale(next);
              onLocaleChange?.(next);
            }}
          >
            <option value="zh-CN">中文</option>
            <option value="en-US">English</option>
          </Select>
        </header>
        <nav aria-label={ui.t("views")}>
          <TabList
            className={styles.tabs}
            size="small"
            selectedValue={view}
            onTabSelect={(_, data) => setView(data.value as ViewId)}
          >
            {VIEWS.map((v) => (
              <Tab key={v.id} value={v.id} id={`tab-${v.id}`}>
                {ui.t(v.label)}
              </Tab>
            ))}
          </TabList>
        </nav>
        <main className={styles.main} aria-labelledby={`tab-${view}`}>
          {loader.error ? <ErrorBar error={loader.error} /> : null}
          {lists === null && loader.busy ? <Spinner size="small" label={ui.t("loading")} /> : null}
          {needsInstall ? (
            <MessageBar intent="warning" layout="multiline">
              <MessageBarBody>{ui.t("notInstalled")}</MessageBarBody>
              <MessageBarActions>
                <Button size="small" onClick={() => setView("setup")}>
                  {ui.t("goToSetup")}
                </Button>
              </MessageBarActions>
            </MessageBar>
          ) : null}
          {view === "setup" ? <SetupView service={service} lists={lists} onChanged={reloadLists} /> : null}
          {lists?.installed && view === "newLead" ? (
            <EntryView kind="lead" service={service} lists={lists} onSaved={reloadLists} />
          ) : null}
          {lists?.installed && view === "followUp" ? (
            <EntryView kind="followUp" service={service} lists={lists} onSaved={reloadLists} />
          ) : null}
          {lists?.installed && view === "check" ? <CheckView service={service} /> : null}
          {lists?.installed && view === "import" ? <ImportView service={service} lists={lists} /> : null}
          {lists?.installed && view === "refresh" ? <RefreshView service={service} /> : null}
          {lists?.installed && view === "due" ? <DueView service={service} lists={lists} /> : null}
          {lists?.installed && view === "card" ? (
            <LeadCardView key={openedLead?.id} service={service} lists={lists} leadId={openedLead?.id ?? null} />
          ) : null}
          {lists?.installed && view === "board" ? (
            <BoardView service={service} lists={lists} onOpenLead={openLead} />
          ) : null}
          {lists?.installed && view === "search" ? <SearchView service={service} onOpenLead={openLead} /> : null}
          {lists?.installed && view === "settings" ? <SettingsView service={service} onApplied={reloadLists} /> : null}
        </main>
      </UiContext.Provider>
    </FluentProvider>
  );
}
