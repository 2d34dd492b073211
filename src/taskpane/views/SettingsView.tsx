import * as React from "react";
import {
  Button,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Select,
  Spinner,
  Text,
  tokens,
} from "@fluentui/react-components";
import { FACTOR_LABELS, warningText } from "../../domain/engine/scoring";
import { LIST_KEYS, ROLE_LISTS, SCORED_LISTS, type ListKey, type OptionRole } from "../../domain/fields/lists";
import { ROLE_LABELS } from "../../domain/formulas/names";
import { LIST_TITLES } from "../../domain/plan/settingsSheet";
import { LIST_ROLES, MAX_CHANNEL_BANDS, settingsProblems, type SettingsProblem } from "../../domain/settings/edit";
import type { Option, Settings } from "../../domain/settings/schema";
import type { LeadFlowService, SettingsOutcome, SettingsSnapshot } from "../../service/service";
import { ErrorBar } from "../components/ErrorBar";
import { Section } from "../components/Section";
import { useUi } from "../ui";
import { useAction } from "../useAction";

const useStyles = makeStyles({
  grid: {
    display: "grid",
    gridTemplateColumns: "repeat(auto-fill, minmax(min(120px, 100%), 1fr))",
    gap: tokens.spacingHorizontalS,
    alignItems: "start",
  },
  /** Inputs fill their cell and may shrink below the browser's default input width. */
  fill: { width: "100%", minWidth: 0, boxSizing: "border-box" },
  cell: { minWidth: 0 },
  factor: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS },
  factorTitle: { margin: 0 },
  optionRow: { display: "flex", gap: tokens.spacingHorizontalXS, alignItems: "flex-start" },
  optionText: { flexGrow: 1, minWidth: 0 },
  small: { width: "76px", flexShrink: 0 },
  role: { width: "104px", flexShrink: 0 },
  band: {
    display: "grid",
    gridTemplateColumns: "repeat(2, minmax(0, 1fr))",
    gap: tokens.spacingHorizontalXS,
    alignItems: "end",
  },
  bandName: { gridColumn: "1 / -1", minWidth: 0 },
  actions: { display: "flex", gap: tokens.spacingHorizontalS, flexWrap: "wrap", alignItems: "center" },
  secondary: { color: tokens.colorNeutralForeground3 },
  table: { borderCollapse: "collapse", width: "100%", fontSize: tokens.fontSizeBase200 },
  th: {
    textAlign: "left",
    padding: `${tokens.spacingVerticalXXS} ${tokens.spacingHorizontalXS}`,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    fontWeight: tokens.fontWeightSemibold,
  },
  td: {
    padding: `${tokens.spacingVerticalXXS} ${tokens.spacingHorizontalXS}`,
    borderBottom: `1px solid ${tokens.colorNeutralStroke3}`,
  },
  num: { textAlign: "right", fontVariantNumeric: "tabular-nums" },
  changed: { fontWeight: tokens.fontWeightSemibold, color: tokens.colorPaletteBlueForeground2 },
});

const isRoleList = (key: ListKey): key is (typeof ROLE_LISTS)[number] =>
  (ROLE_LISTS as readonly string[]).includes(key);
const isScored = (key: ListKey) => (SCORED_LISTS as readonly string[]).includes(key);

/** Text typed in a number box as a number: blank or not a number is NaN (the checks name it). */
function parseNumber(text: string): number {
  const t = text.trim().replace(/,/g, "").replace(/%$/, "");
  return t === "" ? Number.NaN : Number(t);
}

/** A number shown without binary noise (0.15 × 100 = 15.000000000000002 shows as 15). */
function showNumber(n: number | undefined, scale: number): string {
  if (n === undefined || !Number.isFinite(n)) return "";
  return String(Number((n * scale).toFixed(6)));
}

/**
 * A number box that keeps what the person typed (so "1." or "abc" stay visible with their error) and reports
 * the number; a new value from outside (discard, reload) replaces the text.
 */
function NumberBox({
  label,
  value,
  onChange,
  error,
  scale = 1,
  optional = false,
  className,
  hideLabel = false,
}: {
  label: string;
  value: number | undefined;
  onChange: (n: number | undefined) => void;
  error?: string;
  scale?: number;
  optional?: boolean;
  className?: string;
  hideLabel?: boolean;
}) {
  const [text, setText] = React.useState(showNumber(value, scale));
  React.useEffect(() => {
    const typed = parseNumber(text);
    const same =
      (value === undefined && text.trim() === "") ||
      (value !== undefined && Number.isNaN(value) && Number.isNaN(typed)) ||
      (value !== undefined && Math.abs(typed / scale - value) < 1e-9);
    if (!same) setText(showNumber(value, scale));
    // Only an outside change of the value resets the text.
  }, [value, scale]);
  const styles = useStyles();
  const input = (
    <Input
      className={styles.fill}
      size="small"
      inputMode="decimal"
      value={text}
      aria-label={hideLabel ? label : undefined}
      aria-invalid={error ? true : undefined}
      onChange={(_, d) => {
        setText(d.value);
        if (optional && d.value.trim() === "") onChange(undefined);
        else {
          const n = parseNumber(d.value);
          onChange(Number.isNaN(n) ? n : n / scale);
        }
      }}
    />
  );
  return (
    <Field
      className={className ?? styles.cell}
      label={hideLabel ? undefined : label}
      size="small"
      validationState={error ? "error" : "none"}
      validationMessage={error}
    >
      {input}
    </Field>
  );
}

/** Edit the Settings sheet from the pane: lists, points, thresholds, cadences, bands; preview, apply; scoring review. */
export function SettingsView({ service, onApplied }: { service: LeadFlowService; onApplied?: () => void }) {
  const ui = useUi();
  const styles = useStyles();
  const [snapshot, setSnapshot] = React.useState<SettingsSnapshot | null>(null);
  const [draft, setDraft] = React.useState<Settings | null>(null);
  const [listKey, setListKey] = React.useState<ListKey>("industry");
  const [outcome, setOutcome] = React.useState<SettingsOutcome | null>(null);
  const [suggestedDone, setSuggestedDone] = React.useState<number | null>(null);
  const load = useAction();
  const action = useAction();

  const reload = React.useCallback(async () => {
    const s = await load.run(() => service.readSettings());
    if (s) {
      setSnapshot(s);
      setDraft(structuredClone(s.settings));
    }
  }, [service, load.run]);

  React.useEffect(() => {
    void reload();
  }, [reload]);

  const problems = React.useMemo(() => (draft ? settingsProblems(draft) : []), [draft]);
  const errorAt = React.useMemo(() => {
    const m = new Map<string, string>();
    // The service's problems (after a preview or apply) and the live ones share paths.
    const all: SettingsProblem[] = [...problems, ...(outcome && !outcome.ok ? outcome.problems : [])];
    for (const p of all) if (!m.has(p.path)) m.set(p.path, ui.tx(p.message));
    return m;
  }, [problems, outcome, ui]);
  const dirty = React.useMemo(
    () => !!snapshot && !!draft && JSON.stringify(snapshot.settings) !== JSON.stringify(draft),
    [snapshot, draft],
  );

  if (!draft || !snapshot) {
    return (
      <Section title={ui.t("settingsTitle")}>
        {load.error ? <ErrorBar error={load.error} /> : <Spinner size="small" label={ui.t("loading")} />}
      </Section>
    );
  }

  const change = (update: (s: Settings) => void) => {
    setOutcome(null);
    setSuggestedDone(null);
    setDraft((old) => {
      if (!old) return old;
      const next = structuredClone(old);
      update(next);
      return next;
    });
  };
  const setOption = (key: ListKey, i: number, patch: Partial<Option>) =>
    change((s) => {
      const o = { ...s.lists[key][i], ...patch };
      for (const k of Object.keys(patch) as (keyof Option)[]) if (patch[k] === undefined) delete o[k];
      s.lists[key][i] = o;
    });

  const preview = async () => {
    setSuggestedDone(null);
    const r = await action.run(() => service.previewSettings(draft));
    if (r) setOutcome(r);
  };
  const apply = async () => {
    setSuggestedDone(null);
    const r = await action.run(() => service.applySettings(draft));
    if (!r) return;
    setOutcome(r);
    if (r.ok && r.applied) {
      await reload();
      onApplied?.();
    }
  };
  const applySuggested = async () => {
    const suggested = snapshot.scoring.suggested;
    if (!suggested) return;
    setOutcome(null);
    const r = await action.run(() => service.applySettings(suggested));
    if (!r) return;
    if (r.ok) {
      setSuggestedDone(r.preview.gradeChanges);
      await reload();
      onApplied?.();
    } else setOutcome(r);
  };

  const listTitle = (key: ListKey) => ui.tx(LIST_TITLES[key]);
  /** A problem with where it is: a list's problems name the list (it may not be the one on screen). */
  const problemText = (p: SettingsProblem) => {
    const list = /^lists\.([^.]+)/.exec(p.path)?.[1] as ListKey | undefined;
    return list && list in LIST_TITLES
      ? ui.t("listProblem", { list: listTitle(list), message: ui.tx(p.message) })
      : ui.tx(p.message);
  };
  const listProblems = problems.filter((p) => /^lists\.[^.]+$/.test(p.path));
  const scoring = snapshot.scoring;

  return (
    <>
      <Section title={ui.t("settingsTitle")}>
        <Text size={200}>{ui.t("settingsIntro")}</Text>
        {snapshot.warnings.length > 0 ? (
          <MessageBar intent="warning" layout="multiline">
            <MessageBarBody>
              <MessageBarTitle>{ui.t("settingsReadWarnings")}</MessageBarTitle>
              {snapshot.warnings.map((w, i) => (
                <div key={i}>{ui.tx(w)}</div>
              ))}
            </MessageBarBody>
          </MessageBar>
        ) : null}
      </Section>

      <Section title={ui.t("gradesTitle")}>
        <div className={styles.grid}>
          <NumberBox
            label={ui.t("gradeAFrom")}
            value={draft.gradeThresholds.a}
            onChange={(n) => change((s) => void (s.gradeThresholds.a = n ?? Number.NaN))}
            error={errorAt.get("gradeThresholds.a")}
          />
          <NumberBox
            label={ui.t("gradeBFrom")}
            value={draft.gradeThresholds.b}
            onChange={(n) => change((s) => void (s.gradeThresholds.b = n ?? Number.NaN))}
            error={errorAt.get("gradeThresholds.b")}
          />
        </div>
        <Text size={200} className={styles.secondary}>
          {ui.t("gradeHint")}
        </Text>
        {SCORED_LISTS.map((key) => (
          <div key={key} className={styles.factor} role="group" aria-label={ui.tx(FACTOR_LABELS[key])}>
            <Text as="h3" size={300} weight="semibold" className={styles.factorTitle}>
              {ui.tx(FACTOR_LABELS[key])}
            </Text>
            {draft.lists[key].map((o, i) => (
              <div key={i} className={styles.optionRow}>
                <Text size={200} className={styles.optionText}>
                  {o.value}
                </Text>
                <NumberBox
                  className={styles.small}
                  hideLabel
                  label={ui.t("pointsOf", { option: o.value })}
                  value={o.points}
                  onChange={(n) => setOption(key, i, { points: n ?? Number.NaN })}
                  error={errorAt.get(`lists.${key}.${i}.points`)}
                />
              </div>
            ))}
          </div>
        ))}
      </Section>

      <Section title={ui.t("cadenceTitle")}>
        <div className={styles.grid}>
          {(["A", "B", "C", "D"] as const).map((g) => (
            <NumberBox
              key={g}
              label={ui.t("cadenceOf", { grade: g })}
              value={draft.cadenceDays[g]}
              onChange={(n) => change((s) => void (s.cadenceDays[g] = n ?? Number.NaN))}
              error={errorAt.get(`cadenceDays.${g}`)}
            />
          ))}
          <NumberBox
            label={ui.t("dormantDays")}
            value={draft.dormantDays}
            onChange={(n) => change((s) => void (s.dormantDays = n ?? Number.NaN))}
            error={errorAt.get("dormantDays")}
          />
          <NumberBox
            label={ui.t("noReplyLimit")}
            value={draft.noReplyLimit}
            onChange={(n) => change((s) => void (s.noReplyLimit = n ?? Number.NaN))}
            error={errorAt.get("noReplyLimit")}
          />
        </div>
      </Section>

      <Section title={ui.t("bandsTitle")}>
        <Text size={200} className={styles.secondary}>
          {ui.t("bandsHint")}
        </Text>
        {draft.channelBands.map((b, i) => (
          <div key={i} role="group" aria-label={ui.t("bandName", { n: i + 1 })}>
            <div className={styles.band}>
              <Field
                className={styles.bandName}
                label={ui.t("bandName", { n: i + 1 })}
                size="small"
                validationState={errorAt.get(`channelBands.${i}.grade`) ? "error" : "none"}
                validationMessage={errorAt.get(`channelBands.${i}.grade`)}
              >
                <Input
                  className={styles.fill}
                  size="small"
                  value={b.grade}
                  onChange={(_, d) => change((s) => void (s.channelBands[i].grade = d.value))}
                />
              </Field>
              <NumberBox
                label={ui.t("bandRate", { n: i + 1 })}
                value={b.minRate}
                scale={100}
                onChange={(n) => change((s) => void (s.channelBands[i].minRate = n ?? Number.NaN))}
                error={errorAt.get(`channelBands.${i}.minRate`)}
              />
              <NumberBox
                label={ui.t("bandRoi", { n: i + 1 })}
                value={b.minRoi}
                scale={100}
                onChange={(n) => change((s) => void (s.channelBands[i].minRoi = n ?? Number.NaN))}
                error={errorAt.get(`channelBands.${i}.minRoi`)}
              />
            </div>
            <Button size="small" appearance="subtle" onClick={() => change((s) => void s.channelBands.splice(i, 1))}>
              {ui.t("removeBand", { n: i + 1 })}
            </Button>
          </div>
        ))}
        {errorAt.get("channelBands") ? (
          <Text size={200} role="alert">
            {errorAt.get("channelBands")}
          </Text>
        ) : null}
        <div className={styles.actions}>
          <Button
            size="small"
            disabled={draft.channelBands.length >= MAX_CHANNEL_BANDS}
            onClick={() => change((s) => void s.channelBands.push({ grade: "", minRate: 0, minRoi: 0 }))}
          >
            {ui.t("addBand")}
          </Button>
        </div>
        <Field
          label={ui.t("fallbackGrade")}
          size="small"
          validationState={errorAt.get("fallbackGrade") ? "error" : "none"}
          validationMessage={errorAt.get("fallbackGrade")}
        >
          <Input
            className={styles.fill}
            size="small"
            value={draft.fallbackGrade}
            onChange={(_, d) => change((s) => void (s.fallbackGrade = d.value))}
          />
        </Field>
      </Section>

      <Section title={ui.t("listsTitle")}>
        <Field label={ui.t("listToEdit")} size="small">
          <Select size="small" value={listKey} onChange={(_, d) => setListKey(d.value as ListKey)}>
            {LIST_KEYS.map((k) => (
              <option key={k} value={k}>
                {listTitle(k)}
              </option>
            ))}
          </Select>
        </Field>
        <div role="group" aria-label={listTitle(listKey)} data-list={listKey}>
          {draft.lists[listKey].map((o, i) => (
            <div key={i} className={styles.optionRow}>
              <Field
                className={styles.optionText}
                size="small"
                validationState={errorAt.get(`lists.${listKey}.${i}.value`) ? "error" : "none"}
                validationMessage={errorAt.get(`lists.${listKey}.${i}.value`)}
              >
                <Input
                  className={styles.fill}
                  size="small"
                  aria-label={ui.t("optionN", { n: i + 1 })}
                  value={o.value}
                  onChange={(_, d) => setOption(listKey, i, { value: d.value })}
                />
              </Field>
              {isScored(listKey) ? (
                <NumberBox
                  className={styles.small}
                  hideLabel
                  label={ui.t("pointsOf", { option: o.value })}
                  value={o.points}
                  onChange={(n) => setOption(listKey, i, { points: n ?? Number.NaN })}
                  error={errorAt.get(`lists.${listKey}.${i}.points`)}
                />
              ) : null}
              {isRoleList(listKey) ? (
                <Field
                  className={styles.role}
                  size="small"
                  validationState={errorAt.get(`lists.${listKey}.${i}.role`) ? "error" : "none"}
                  validationMessage={errorAt.get(`lists.${listKey}.${i}.role`)}
                >
                  <Select
                    size="small"
                    aria-label={ui.t("roleOf", { option: o.value })}
                    value={o.role ?? ""}
                    onChange={(_, d) => setOption(listKey, i, { role: d.value === "" ? undefined : d.value })}
                  >
                    <option value="">{ui.t("noRole")}</option>
                    {LIST_ROLES[listKey].allowed.map((r: OptionRole) => (
                      <option key={r} value={r}>
                        {ui.tx(ROLE_LABELS[r])}
                      </option>
                    ))}
                  </Select>
                </Field>
              ) : null}
              {listKey === "stage" ? (
                <NumberBox
                  className={styles.small}
                  hideLabel
                  optional
                  label={ui.t("limitDaysOf", { option: o.value })}
                  value={o.limitDays}
                  onChange={(n) => setOption(listKey, i, { limitDays: n })}
                  error={errorAt.get(`lists.${listKey}.${i}.limitDays`)}
                />
              ) : null}
              <Button
                size="small"
                appearance="subtle"
                aria-label={ui.t("removeOption", { option: o.value || ui.t("optionN", { n: i + 1 }) })}
                onClick={() => change((s) => void s.lists[listKey].splice(i, 1))}
              >
                ×
              </Button>
            </div>
          ))}
        </div>
        {listProblems.map((p) => (
          <Text key={p.path + ui.tx(p.message)} size={200} role="alert">
            {ui.t("listProblem", { list: listTitle(p.path.split(".")[1] as ListKey), message: ui.tx(p.message) })}
          </Text>
        ))}
        <div className={styles.actions}>
          <Button
            size="small"
            onClick={() =>
              change((s) => void s.lists[listKey].push(isScored(listKey) ? { value: "", points: 0 } : { value: "" }))
            }
          >
            {ui.t("addOption")}
          </Button>
        </div>
      </Section>

      <Section title={ui.t("applySettings")}>
        {problems.length > 0 ? (
          <MessageBar intent="error" layout="multiline">
            <MessageBarBody>
              {ui.t("settingsProblems", { count: problems.length })}
              {problems.map((p) => (
                <div key={p.path + ui.tx(p.message)}>{problemText(p)}</div>
              ))}
            </MessageBarBody>
          </MessageBar>
        ) : null}
        {outcome && !outcome.ok && problems.length === 0 ? (
          <MessageBar intent="error" layout="multiline">
            <MessageBarBody>
              {ui.t("settingsProblems", { count: outcome.problems.length })}
              {outcome.problems.map((p, i) => (
                <div key={i}>{problemText(p)}</div>
              ))}
            </MessageBarBody>
          </MessageBar>
        ) : null}
        {outcome && outcome.ok ? (
          <MessageBar intent={outcome.applied ? "success" : "info"} layout="multiline" role="status">
            <MessageBarBody>
              <div data-testid="settings-preview">
                {outcome.applied
                  ? ui.t("settingsApplied", { count: outcome.preview.gradeChanges })
                  : outcome.preview.cellsToWrite === 0
                    ? ui.t("nothingToApply")
                    : ui.t("gradeChangesPreview", {
                        count: outcome.preview.gradeChanges,
                        leads: outcome.preview.leads,
                      })}
              </div>
              {outcome.preview.optionsInUse.map((u) => (
                <div key={`${u.list}|${u.option}`}>
                  {ui.t("optionsInUse", { option: u.option, list: listTitle(u.list), leads: u.leads })}
                </div>
              ))}
              {outcome.preview.stageCountChanged ? <div>{ui.t("stageCountChanged")}</div> : null}
            </MessageBarBody>
          </MessageBar>
        ) : null}
        {action.error ? <ErrorBar error={action.error} /> : null}
        <div className={styles.actions}>
          <Button size="small" disabled={action.busy || problems.length > 0 || !dirty} onClick={() => void preview()}>
            {ui.t("previewChanges")}
          </Button>
          <Button
            size="small"
            appearance="primary"
            disabled={action.busy || problems.length > 0 || !dirty}
            onClick={() => void apply()}
          >
            {ui.t("applySettings")}
          </Button>
          <Button
            size="small"
            appearance="subtle"
            disabled={action.busy || !dirty}
            onClick={() => {
              setOutcome(null);
              setDraft(structuredClone(snapshot.settings));
            }}
          >
            {ui.t("discardEdits")}
          </Button>
          {action.busy ? <Spinner size="tiny" label={ui.t("working")} /> : null}
        </div>
      </Section>

      <Section title={ui.t("scoringTitle")}>
        <Text size={200}>{ui.t("scoringIntro")}</Text>
        {!scoring.enough ? (
          <MessageBar intent="info" layout="multiline">
            <MessageBarBody data-testid="scoring-too-few">
              {ui.t("scoringTooFew", { closed: scoring.closed, min: scoring.minClosed })}
            </MessageBarBody>
          </MessageBar>
        ) : (
          <>
            <Text size={200} className={styles.secondary}>
              {ui.t("scoringClosed", { closed: scoring.closed })}
            </Text>
            {scoring.warnings.length > 0 ? (
              <MessageBar intent="warning" layout="multiline">
                <MessageBarBody data-testid="scoring-warnings">
                  {scoring.warnings.map((w) => (
                    <div key={`${w.higher}|${w.lower}`}>
                      {warningText(w.higher, w.higherRate, w.lower, w.lowerRate, ui.locale)}
                    </div>
                  ))}
                </MessageBarBody>
              </MessageBar>
            ) : null}
            <table className={styles.table} data-testid="scoring-suggestions">
              <thead>
                <tr>
                  <th className={styles.th} scope="col">
                    {ui.t("option")}
                  </th>
                  <th className={`${styles.th} ${styles.num}`} scope="col">
                    {ui.t("winRate")}
                  </th>
                  <th className={`${styles.th} ${styles.num}`} scope="col">
                    {ui.t("currentPoints")}
                  </th>
                  <th className={`${styles.th} ${styles.num}`} scope="col">
                    {ui.t("suggestedPoints")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {scoring.rows.map((r) => (
                  <tr key={`${r.factor}|${r.option}`}>
                    <td className={styles.td}>
                      <div className={styles.secondary}>
                        {ui.tx(FACTOR_LABELS[r.factor as keyof typeof FACTOR_LABELS])}
                      </div>
                      {r.option}
                    </td>
                    <td className={`${styles.td} ${styles.num}`}>
                      {r.winRate === null ? "—" : `${Math.round(r.winRate * 100)}%`}
                    </td>
                    <td className={`${styles.td} ${styles.num}`}>{r.currentPoints}</td>
                    <td
                      className={`${styles.td} ${styles.num} ${r.suggestedPoints !== r.currentPoints ? styles.changed : ""}`}
                    >
                      {r.suggestedPoints ?? "—"}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <Text size={200} data-testid="scoring-preview">
              {ui.t("suggestionPreview", { count: scoring.gradeChanges ?? 0, leads: snapshot.leads })}
            </Text>
            {dirty ? (
              <Text size={200} className={styles.secondary}>
                {ui.t("applySuggestedDirty")}
              </Text>
            ) : null}
            <div className={styles.actions}>
              <Button
                size="small"
                appearance="primary"
                disabled={action.busy || dirty || !scoring.suggested}
                onClick={() => void applySuggested()}
              >
                {ui.t("applySuggested")}
              </Button>
            </div>
          </>
        )}
        {suggestedDone !== null ? (
          <MessageBar intent="success" layout="multiline" role="status">
            <MessageBarBody>{ui.t("suggestedApplied", { count: suggestedDone })}</MessageBarBody>
          </MessageBar>
        ) : null}
      </Section>
    </>
  );
}
