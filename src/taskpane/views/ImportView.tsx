import * as React from "react";
import {
  Button,
  Field,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Radio,
  RadioGroup,
  Select,
  Text,
  tokens,
} from "@fluentui/react-components";
import { INPUT_TABLES, SHEET_NAMES } from "../../domain/fields/definitions";
import { decodeCsv } from "../../domain/import/csv";
import type { InputTableName, L10n } from "../../domain/types";
import { ErrorBar } from "../components/ErrorBar";
import { Section } from "../components/Section";
import type { ImportPreview, ImportSummary, ImportSource, LeadFlowService, WorkbookLists } from "../../service/service";
import { useUi } from "../ui";
import { useAction } from "../useAction";

const useStyles = makeStyles({
  row: { display: "flex", gap: tokens.spacingHorizontalS, flexWrap: "wrap", alignItems: "center" },
  table: { borderCollapse: "collapse", width: "100%" },
  cell: {
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalXS}`,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    textAlign: "left",
    verticalAlign: "middle",
    wordBreak: "break-word",
  },
  hiddenFile: { position: "absolute", width: "1px", height: "1px", opacity: 0, overflow: "hidden" },
});

const TABLE_SHEETS: Record<InputTableName, L10n> = {
  Leads: SHEET_NAMES.leads,
  FollowUps: SHEET_NAMES.followUps,
  Conversion: SHEET_NAMES.conversion,
  ChannelCosts: SHEET_NAMES.channelCosts,
};

/** Reads a CSV file as text with the same detection as `leadflow import` (BOM, UTF-8, else GB18030). */
export async function readCsvFile(file: Blob): Promise<string> {
  return decodeCsv(new Uint8Array(await file.arrayBuffer())).text;
}

/** Import from the selected range or a CSV file, with the automatic header mapping shown for correction. */
export function ImportView({ service, lists }: { service: LeadFlowService; lists: WorkbookLists }) {
  const ui = useUi();
  const styles = useStyles();
  const [target, setTarget] = React.useState<InputTableName>("Leads");
  const [source, setSource] = React.useState<ImportSource | null>(null);
  const [preview, setPreview] = React.useState<ImportPreview | null>(null);
  const [mapping, setMapping] = React.useState<(string | null)[]>([]);
  const [onDuplicate, setOnDuplicate] = React.useState<"skip" | "keep">("skip");
  const [report, setReport] = React.useState<ImportSummary | null>(null);
  const fileInput = React.useRef<HTMLInputElement>(null);
  const previewAction = useAction();
  const importAction = useAction();
  const workbookLocale = lists.locale ?? ui.locale;

  const load = async (next: ImportSource, into: InputTableName) => {
    setReport(null);
    setPreview(null);
    setSource(next);
    const result = await previewAction.run(() => service.previewImport(next, into));
    if (result) {
      setPreview(result);
      setMapping(result.mapping);
    }
  };

  const onFile = async (event: React.ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = "";
    if (!file) return;
    const text = await previewAction.run(() => readCsvFile(file));
    if (text !== undefined) await load({ kind: "csv", fileName: file.name, text }, target);
  };

  const missing = preview
    ? preview.fields.filter((f) => f.required && !mapping.includes(f.key)).map((f) => ui.tx(f.label))
    : [];

  const run = async () => {
    if (!source || !preview) return;
    const result = await importAction.run(() =>
      service.runImport({ source, target: preview.target, mapping, onDuplicate }),
    );
    if (result) setReport(result);
  };

  return (
    <Section title={ui.t("importTitle")}>
      <Text>{ui.t("importIntro")}</Text>
      <Field label={ui.t("importInto")}>
        <Select
          value={target}
          onChange={(_, d) => {
            const next = d.value as InputTableName;
            setTarget(next);
            if (source) void load(source, next);
          }}
        >
          {INPUT_TABLES.map((name) => (
            <option key={name} value={name}>
              {workbookLocale === "zh-CN" ? TABLE_SHEETS[name].zh : TABLE_SHEETS[name].en}
            </option>
          ))}
        </Select>
      </Field>
      <div className={styles.row}>
        <Button onClick={() => void load({ kind: "selection" }, target)} disabled={previewAction.busy}>
          {ui.t("fromSelection")}
        </Button>
        <Button onClick={() => fileInput.current?.click()} disabled={previewAction.busy}>
          {ui.t("fromCsv")}
        </Button>
        <input
          ref={fileInput}
          className={styles.hiddenFile}
          type="file"
          accept=".csv,text/csv"
          aria-label={ui.t("csvFile")}
          tabIndex={-1}
          onChange={onFile}
        />
      </div>
      {previewAction.error ? <ErrorBar error={previewAction.error} /> : null}
      {preview ? (
        <>
          <Text weight="semibold">{ui.t("previewOf", { source: preview.sourceLabel, rows: preview.rowCount })}</Text>
          <table className={styles.table} aria-label={ui.t("mappingTitle")}>
            <thead>
              <tr>
                <th className={styles.cell} scope="col">
                  {ui.t("sourceColumn")}
                </th>
                <th className={styles.cell} scope="col">
                  {ui.t("targetField")}
                </th>
              </tr>
            </thead>
            <tbody>
              {preview.headers.map((header, i) => (
                <tr key={`${header}-${i}`}>
                  <td className={styles.cell}>{header}</td>
                  <td className={styles.cell}>
                    <Select
                      size="small"
                      aria-label={`${ui.t("targetField")}: ${header}`}
                      value={mapping[i] ?? ""}
                      onChange={(_, d) => setMapping((m) => m.map((v, j) => (j === i ? d.value || null : v)))}
                    >
                      <option value="">{ui.t("ignoreColumn")}</option>
                      {preview.fields.map((f) => (
                        <option key={f.key} value={f.key}>
                          {ui.tx(f.label)}
                          {f.required ? " *" : ""}
                        </option>
                      ))}
                    </Select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {missing.length > 0 ? (
            <MessageBar intent="warning" layout="multiline">
              <MessageBarBody>{ui.t("missingRequired", { fields: missing.join(", ") })}</MessageBarBody>
            </MessageBar>
          ) : null}
          <Field label={ui.t("onDuplicate")}>
            <RadioGroup
              layout="horizontal"
              value={onDuplicate}
              onChange={(_, d) => setOnDuplicate(d.value as "skip" | "keep")}
            >
              <Radio value="skip" label={ui.t("skipDuplicates")} />
              <Radio value="keep" label={ui.t("keepDuplicates")} />
            </RadioGroup>
          </Field>
          <div>
            <Button appearance="primary" onClick={run} disabled={importAction.busy}>
              {importAction.busy ? ui.t("working") : ui.t("runImport")}
            </Button>
          </div>
        </>
      ) : null}
      {importAction.error ? <ErrorBar error={importAction.error} /> : null}
      {report ? (
        <MessageBar intent={report.problems.length > 0 ? "warning" : "success"} layout="multiline" role="status">
          <MessageBarBody>
            <MessageBarTitle>{ui.t("importDone", { added: report.added, skipped: report.skipped })}</MessageBarTitle>
          </MessageBarBody>
        </MessageBar>
      ) : null}
      {report && report.problems.length > 0 ? (
        <>
          <Text weight="semibold">{ui.t("importProblems")}</Text>
          <ul>
            {report.problems.map((p, i) => (
              <li key={i}>
                {ui.t("rowLabel", { row: p.row })}: {ui.tx(p.message)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </Section>
  );
}
