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
  Text,
  tokens,
  type Theme,
} from "@fluentui/react-components";
import type { Locale } from "../domain/types";
import type { StringKey } from "../i18n/strings";
import { ErrorBar } from "./components/ErrorBar";
import { ViewNav } from "./components/ViewNav";
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

/** The groups of views, in the order the pane shows them. */
export type ViewGroup = "work" | "review" | "setup";

const GROUPS: { id: ViewGroup; label: StringKey }[] = [
  { id: "work", label: "groupWork" },
  { id: "review", label: "groupReview" },
  { id: "setup", label: "groupSetup" },
];

/** Every view, with its group; within a group the views show in this order. */
const VIEWS: { id: ViewId; label: StringKey; group: ViewGroup }[] = [
  { id: "setup", label: "tabSetup", group: "setup" },
  { id: "newLead", label: "tabNewLead", group: "work" },
  { id: "followUp", label: "tabFollowUp", group: "work" },
  { id: "check", label: "tabCheck", group: "review" },
  { id: "import", label: "tabImport", group: "setup" },
  { id: "refresh", label: "tabRefresh", group: "review" },
  { id: "due", label: "tabDue", group: "work" },
  { id: "settings", label: "tabSettings", group: "setup" },
  { id: "card", label: "tabCard", group: "work" },
  { id: "board", label: "tabBoard", group: "work" },
  { id: "search", label: "tabSearch", group: "work" },
];

const groupOf = (view: ViewId): ViewGroup => VIEWS.find((v) => v.id === view)?.group ?? "setup";
const isView = (id: string | null): id is ViewId => VIEWS.some((v) => v.id === id);

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
  /** The view to open on; without it, the view last shown in this workbook (else Setup). */
  initialView?: ViewId;
  /** Called when the user switches the language by hand (to remember it). */
  onLocaleChange?: (locale: Locale) => void;
}

export function App({ service, hostLabel, initialLocale, theme, initialView, onLocaleChange }: AppProps) {
  const styles = useStyles();
  const [locale, setLocale] = React.useState<Locale>(initialLocale);
  const [view, setViewState] = React.useState<ViewId>(initialView ?? "setup");
  /** The view last shown in each group, so going back to a group goes back to it. */
  const [lastInGroup, setLastInGroup] = React.useState<Partial<Record<ViewGroup, ViewId>>>({});
  /** Set once the user (or the remembered view) chose a view, so a late read never overrides a choice. */
  const chosen = React.useRef(initialView !== undefined);
  const [lists, setLists] = React.useState<WorkbookLists | null>(null);
  const loader = useAction();
  const ui = React.useMemo(() => makeUi(locale), [locale]);

  const reloadLists = React.useCallback(async () => {
    const next = await loader.run(() => service.readLists());
    if (next) setLists(next);
  }, [service, loader.run]);

  React.useEffect(() => {
    void reloadLists();
  }, [reloadLists]);

  /** Shows a view and remembers it for this workbook. */
  const setView = React.useCallback(
    (next: ViewId) => {
      chosen.current = true;
      setViewState(next);
      setLastInGroup((m) => ({ ...m, [groupOf(next)]: next }));
      void service.rememberView(next).catch(() => undefined);
    },
    [service],
  );
  /** A lead opened from Search or the board: the card shows it. */
  const [openedLead, setOpenedLead] = React.useState<{ id: string } | null>(null);
  const openLead = React.useCallback(
    (id: string) => {
      setOpenedLead({ id });
      setView("card");
    },
    [setView],
  );

  // Reopened on a workbook: back to the view it showed last (each workbook remembers its own).
  React.useEffect(() => {
    if (chosen.current) return;
    let live = true;
    void service
      .lastView()
      .then((saved) => {
        if (live && !chosen.current && isView(saved)) {
          chosen.current = true;
          setViewState(saved);
        }
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [service]);

  React.useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  const needsInstall = lists !== null && !lists.installed && view !== "setup";

  return (
    // Layout styles go on a div inside the provider: Fluent copies the provider's className onto the
    // portal node of menus and popovers, where a full-height background would hide the pane
    // (https://github.com/microsoft/fluentui/issues/30669).
    <FluentProvider theme={theme} lang={locale}>
      <UiContext.Provider value={ui}>
        <div className={styles.root}>
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
          <ViewNav
            groups={GROUPS.map((g) => ({
              id: g.id,
              label: ui.t(g.label),
              views: VIEWS.filter((v) => v.group === g.id).map((v) => ({ id: v.id, label: ui.t(v.label) })),
            })).filter((g) => g.views.length > 0)}
            group={groupOf(view)}
            view={view}
            onGroup={(g) => setView(lastInGroup[g] ?? VIEWS.find((v) => v.group === g)!.id)}
            onView={setView}
            labels={{
              nav: ui.t("views"),
              groups: ui.t("viewGroups"),
              views: (group) => ui.t("groupViews", { group }),
              more: ui.t("moreViews"),
              moreLabel: (count) => ui.t("moreViewsLabel", { count }),
            }}
          />
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
            {lists?.installed && view === "settings" ? (
              <SettingsView service={service} onApplied={reloadLists} />
            ) : null}
          </main>
        </div>
      </UiContext.Provider>
    </FluentProvider>
  );
}
