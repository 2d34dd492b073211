import * as React from "react";
import {
  Badge,
  Button,
  Checkbox,
  Dialog,
  DialogBody,
  DialogSurface,
  Field,
  makeStyles,
  Menu,
  MenuItem,
  MenuList,
  MenuPopover,
  MenuTrigger,
  MessageBar,
  MessageBarBody,
  Select,
  Spinner,
  Text,
  tokens,
} from "@fluentui/react-components";
import { GRADES, type Grade } from "../../domain/engine/settingsIndex";
import type { Board, BoardFilter, LeadFlowService, WorkbookLists } from "../../service/service";
import type { BoardCard } from "../../domain/workday/board";
import { ErrorBar } from "../components/ErrorBar";
import { Section } from "../components/Section";
import { useUi } from "../ui";
import { useAction } from "../useAction";
import { alertText, formatAmount } from "./LeadCardView";
import { LeadChangeForm, type FormLead } from "./LeadChangeForm";

/** Cards a stage shows before "more". */
const PAGE = 10;

const useStyles = makeStyles({
  filters: { display: "flex", gap: tokens.spacingHorizontalM, flexWrap: "wrap", alignItems: "flex-end" },
  owner: { minWidth: "140px", flexGrow: 1 },
  grades: { display: "flex", flexWrap: "wrap", border: "none", margin: 0, padding: 0 },
  legend: { padding: 0, fontWeight: tokens.fontWeightSemibold, fontSize: tokens.fontSizeBase300 },
  // Stages stacked: a task pane is 320 px wide, too narrow for columns side by side.
  board: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  column: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXS,
    padding: tokens.spacingHorizontalS,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground3,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  columnHeadRow: {
    display: "flex",
    justifyContent: "space-between",
    alignItems: "baseline",
    gap: tokens.spacingHorizontalS,
  },
  columnOver: { border: `1px dashed ${tokens.colorBrandStroke1}`, backgroundColor: tokens.colorBrandBackground2 },
  columnHead: { margin: 0 },
  muted: { color: tokens.colorNeutralForeground3 },
  cards: { listStyleType: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column", gap: "4px" },
  card: {
    display: "flex",
    flexDirection: "column",
    gap: "2px",
    padding: tokens.spacingHorizontalS,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
    border: `1px solid ${tokens.colorNeutralStroke1}`,
    cursor: "grab",
  },
  move: { alignSelf: "flex-start" },
  cardLine: { display: "flex", gap: tokens.spacingHorizontalXS, alignItems: "center", flexWrap: "wrap" },
  name: {
    padding: 0,
    minWidth: 0,
    justifyContent: "flex-start",
    textAlign: "left",
    fontWeight: tokens.fontWeightSemibold,
    height: "auto",
  },
});

/**
 * The pipeline board (issue 15 item 2): a column per stage of open leads with
 * its count and pipeline amount, filtered by owner and grade. A card moves by
 * drag and drop or by its "Move to…" menu (the keyboard way); either opens the
 * same follow-up form as the card's stage change, so a move writes exactly one
 * follow-up row and the lead's stage.
 */
export function BoardView({
  service,
  lists,
  onOpenLead,
}: {
  service: LeadFlowService;
  lists: WorkbookLists;
  onOpenLead?: (leadId: string) => void;
}) {
  const ui = useUi();
  const styles = useStyles();
  const [owner, setOwner] = React.useState<string | undefined>(undefined);
  const [grades, setGrades] = React.useState<Grade[]>([]);
  const [expanded, setExpanded] = React.useState<Record<string, number>>({});
  const [board, setBoard] = React.useState<Board | null>(null);
  const [version, setVersion] = React.useState(0);
  const [moving, setMoving] = React.useState<{ lead: FormLead; stage: string } | null>(null);
  const [moved, setMoved] = React.useState<string | null>(null);
  const [over, setOver] = React.useState<string | null>(null);
  const dragged = React.useRef<BoardCard | null>(null);
  const load = useAction();
  const prepare = useAction();

  React.useEffect(() => {
    const filter: BoardFilter = { cardsPerColumn: PAGE, expanded };
    if (owner !== undefined) filter.owner = owner;
    if (grades.length > 0) filter.grades = grades;
    let live = true;
    void load
      .run(() => service.board(filter))
      .then((b) => {
        if (live && b) setBoard(b);
      });
    return () => {
      live = false;
    };
  }, [service, owner, grades, expanded, version, load.run]);

  /** Opens the move form for a card (drag, menu): the lead's contact, status and last follow-up from its card. */
  async function startMove(card: BoardCard, stage: string) {
    if (stage === board?.columns.find((c) => c.cards.some((x) => x.leadId === card.leadId))?.stage) return;
    setMoved(null);
    const full = await prepare.run(() => service.leadCard(card.leadId));
    if (full === undefined) return;
    setMoving({
      stage,
      lead: {
        leadId: card.leadId,
        customer: card.customer,
        contact: full && !full.contactsHidden ? full.contact : "",
        stage: full?.stage ?? "",
        status: full?.status ?? "",
        lastMethod: full?.timeline[0]?.method,
        lastIntent: full?.timeline[0]?.intent,
      },
    });
  }

  const amount = (a: number | null) => (a === null ? ui.t("boardNoAmount") : formatAmount(a, ui.locale));

  return (
    <Section title={ui.t("boardTitle")}>
      <Text>{ui.t("boardIntro")}</Text>
      <div className={styles.filters}>
        <Field label={ui.t("boardOwner")} className={styles.owner}>
          <Select
            value={owner === undefined ? "*" : `=${owner}`}
            onChange={(_, d) => {
              setOwner(d.value === "*" ? undefined : d.value.slice(1));
              setExpanded({});
            }}
          >
            <option value="*">{ui.t("boardAllOwners")}</option>
            {(board?.owners ?? []).map((o) => (
              <option key={o} value={`=${o}`}>
                {o || ui.t("boardNoOwner")}
              </option>
            ))}
          </Select>
        </Field>
        <fieldset className={styles.grades}>
          <legend className={styles.legend}>{ui.t("boardGrades")}</legend>
          {GRADES.map((g) => (
            <Checkbox
              key={g}
              label={g}
              checked={grades.includes(g)}
              onChange={(_, d) => {
                setGrades((cur) => (d.checked ? [...cur, g].sort() : cur.filter((x) => x !== g)));
                setExpanded({});
              }}
            />
          ))}
        </fieldset>
      </div>
      {load.error ? <ErrorBar error={load.error} /> : null}
      {prepare.error ? <ErrorBar error={prepare.error} /> : null}
      {moved ? (
        <MessageBar intent="success" role="status">
          <MessageBarBody>{ui.t("boardMoved", { stage: moved })}</MessageBarBody>
        </MessageBar>
      ) : null}
      {board === null && load.busy ? <Spinner size="small" label={ui.t("loading")} /> : null}
      {board ? (
        <>
          {board.unstaged > 0 ? (
            <Text size={200} className={styles.muted}>
              {ui.t("boardUnstaged", { count: board.unstaged })}
            </Text>
          ) : null}
          <div className={styles.board}>
            {board.columns.map((column) => {
              const headId = `board-col-${column.index}`;
              return (
                <section
                  key={column.stage}
                  aria-labelledby={headId}
                  data-stage={column.stage}
                  className={`${styles.column} ${over === column.stage ? styles.columnOver : ""}`}
                  onDragOver={(e) => {
                    if (!dragged.current) return;
                    e.preventDefault();
                    e.dataTransfer.dropEffect = "move";
                    if (over !== column.stage) setOver(column.stage);
                  }}
                  onDragLeave={() => setOver((o) => (o === column.stage ? null : o))}
                  onDrop={(e) => {
                    e.preventDefault();
                    setOver(null);
                    const card = dragged.current;
                    dragged.current = null;
                    if (card) void startMove(card, column.stage);
                  }}
                >
                  <div className={styles.columnHeadRow}>
                    <Text as="h3" weight="semibold" id={headId} className={styles.columnHead}>
                      {column.stage}
                    </Text>
                    <Text size={200} className={styles.muted}>
                      {ui.t("boardCount", { count: column.count })} · {amount(column.amount)}
                    </Text>
                  </div>
                  {column.count === 0 ? (
                    <Text size={200} className={styles.muted}>
                      {ui.t("boardEmptyColumn")}
                    </Text>
                  ) : (
                    <ul className={styles.cards} aria-labelledby={headId}>
                      {column.cards.map((card) => {
                        const alert = alertText(ui, card.alertKind, card.alertDays);
                        return (
                          <li
                            key={card.leadId}
                            className={styles.card}
                            draggable
                            data-lead={card.leadId}
                            onDragStart={(e) => {
                              dragged.current = card;
                              e.dataTransfer.effectAllowed = "move";
                              e.dataTransfer.setData("text/plain", card.leadId);
                            }}
                            onDragEnd={() => {
                              setOver(null);
                            }}
                          >
                            <Button
                              appearance="transparent"
                              size="small"
                              className={styles.name}
                              onClick={() => onOpenLead?.(card.leadId)}
                              title={ui.t("boardOpen")}
                            >
                              {card.customer || card.leadId}
                            </Button>
                            <span className={styles.cardLine}>
                              <Badge appearance="filled" color="brand" size="small">
                                {card.grade}
                              </Badge>
                              {card.daysInStage !== null ? (
                                <Text size={200}>{ui.t("boardDaysInStage", { days: card.daysInStage })}</Text>
                              ) : null}
                              {alert ? (
                                <Badge
                                  appearance="tint"
                                  size="small"
                                  color={card.alertKind === "overdue" ? "danger" : "warning"}
                                >
                                  {alert}
                                </Badge>
                              ) : null}
                            </span>
                            <Menu>
                              <MenuTrigger disableButtonEnhancement>
                                <Button
                                  size="small"
                                  appearance="subtle"
                                  className={styles.move}
                                  aria-label={ui.t("boardMoveLabel", { customer: card.customer || card.leadId })}
                                >
                                  {ui.t("boardMoveTo")}
                                </Button>
                              </MenuTrigger>
                              <MenuPopover>
                                <MenuList>
                                  {board.columns
                                    .filter((c) => c.stage !== column.stage)
                                    .map((c) => (
                                      <MenuItem key={c.stage} onClick={() => void startMove(card, c.stage)}>
                                        {c.stage}
                                      </MenuItem>
                                    ))}
                                </MenuList>
                              </MenuPopover>
                            </Menu>
                          </li>
                        );
                      })}
                    </ul>
                  )}
                  {column.more > 0 ? (
                    <Button
                      size="small"
                      onClick={() => setExpanded((x) => ({ ...x, [column.stage]: column.cards.length + PAGE }))}
                    >
                      {ui.t("boardMore", { count: Math.min(PAGE, column.more) })}
                    </Button>
                  ) : null}
                </section>
              );
            })}
          </div>
        </>
      ) : null}
      <Dialog open={moving !== null} onOpenChange={(_, d) => (!d.open ? setMoving(null) : undefined)}>
        <DialogSurface
          aria-label={
            moving ? ui.t("formMoveTitle", { stage: moving.stage, customer: moving.lead.customer }) : undefined
          }
        >
          <DialogBody style={{ display: "block" }}>
            {moving ? (
              <LeadChangeForm
                service={service}
                lists={lists}
                lead={moving.lead}
                mode={{ kind: "move", stage: moving.stage }}
                onCancel={() => setMoving(null)}
                onDone={() => {
                  setMoved(moving.stage);
                  setMoving(null);
                  setVersion((v) => v + 1);
                }}
              />
            ) : null}
          </DialogBody>
        </DialogSurface>
      </Dialog>
    </Section>
  );
}
