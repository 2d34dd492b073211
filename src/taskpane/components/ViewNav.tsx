import {
  Button,
  makeStyles,
  Menu,
  MenuItem,
  MenuList,
  MenuPopover,
  MenuTrigger,
  Overflow,
  OverflowItem,
  Tab,
  TabList,
  tokens,
  useIsOverflowItemVisible,
  useOverflowMenu,
} from "@fluentui/react-components";

/** One entry of the navigation, its label already in the pane's language. */
export interface NavEntry<Id extends string> {
  id: Id;
  label: string;
}

export interface ViewNavProps<G extends string, V extends string> {
  /** The groups, in order, each with its views in order (a group without views is left out). */
  groups: (NavEntry<G> & { views: NavEntry<V>[] })[];
  group: G;
  view: V;
  onGroup: (group: G) => void;
  onView: (view: V) => void;
  /** Accessible names: the group tabs, the view tabs of a group, the "more" button. */
  labels: {
    nav: string;
    groups: string;
    views: (group: string) => string;
    more: string;
    moreLabel: (count: number) => string;
  };
}

const useStyles = makeStyles({
  nav: {
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    padding: `0 ${tokens.spacingHorizontalS}`,
  },
  // One row each, never wrapping: the views that do not fit go into the "more" menu.
  groups: { flexWrap: "nowrap" },
  views: { flexWrap: "nowrap", minWidth: 0 },
  more: { flexShrink: 0, minWidth: "auto" },
});

function OverflowMenuItem<V extends string>({ entry, onView }: { entry: NavEntry<V>; onView: (v: V) => void }) {
  const visible = useIsOverflowItemVisible(entry.id);
  if (visible) return null;
  return (
    <MenuItem id={`more-${entry.id}`} onClick={() => onView(entry.id)}>
      {entry.label}
    </MenuItem>
  );
}

function OverflowMenu<V extends string>({
  views,
  onView,
  label,
  text,
}: {
  views: NavEntry<V>[];
  onView: (v: V) => void;
  label: (count: number) => string;
  text: string;
}) {
  const styles = useStyles();
  const { ref, isOverflowing, overflowCount } = useOverflowMenu<HTMLButtonElement>();
  if (!isOverflowing) return null;
  return (
    <Menu hasIcons={false}>
      <MenuTrigger disableButtonEnhancement>
        <Button
          ref={ref}
          size="small"
          appearance="transparent"
          className={styles.more}
          aria-label={label(overflowCount)}
          // It sits in the tab list (the row's last stop for the arrow keys), whose children must be tabs:
          // a tab that opens a menu (aria-haspopup is allowed on role tab, WAI-ARIA 1.2).
          role="tab"
          aria-selected={false}
          id="nav-more"
        >
          {text} ({overflowCount})
        </Button>
      </MenuTrigger>
      <MenuPopover>
        <MenuList>
          {views.map((v) => (
            <OverflowMenuItem key={v.id} entry={v} onView={onView} />
          ))}
        </MenuList>
      </MenuPopover>
    </Menu>
  );
}

/**
 * The pane's navigation in a narrow pane (320 px): a row of group tabs, and
 * under it one row with the views of the chosen group. The views that do not
 * fit go into a "more" menu (Fluent's Overflow), the selected one always stays
 * in the row. Tabs are reached with Tab and moved between with the arrow keys,
 * Enter or Space opens one; the menu opens with Enter or the down arrow.
 */
export function ViewNav<G extends string, V extends string>(props: ViewNavProps<G, V>) {
  const { groups, group, view, onGroup, onView, labels } = props;
  const styles = useStyles();
  const current = groups.find((g) => g.id === group) ?? groups[0];
  return (
    <nav className={styles.nav} aria-label={labels.nav}>
      <TabList
        className={styles.groups}
        size="small"
        selectedValue={current?.id}
        onTabSelect={(_, d) => onGroup(d.value as G)}
        aria-label={labels.groups}
      >
        {groups.map((g) => (
          <Tab key={g.id} value={g.id} id={`group-${g.id}`}>
            {g.label}
          </Tab>
        ))}
      </TabList>
      {current ? (
        <Overflow key={current.id} minimumVisible={1}>
          <TabList
            className={styles.views}
            size="small"
            selectedValue={view}
            onTabSelect={(_, d) => onView(d.value as V)}
            aria-label={labels.views(current.label)}
          >
            {current.views.map((v) => (
              <OverflowItem key={v.id} id={v.id} priority={v.id === view ? 2 : 1}>
                <Tab value={v.id} id={`tab-${v.id}`}>
                  {v.label}
                </Tab>
              </OverflowItem>
            ))}
            <OverflowMenu views={current.views} onView={onView} label={labels.moreLabel} text={labels.more} />
          </TabList>
        </Overflow>
      ) : null}
    </nav>
  );
}
