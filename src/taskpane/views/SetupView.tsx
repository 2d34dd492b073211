import * as React from "react";
import {
  Button,
  Field,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Radio,
  RadioGroup,
  SpinButton,
  Text,
} from "@fluentui/react-components";
import type { Locale } from "../../domain/types";
import { ErrorBar } from "../components/ErrorBar";
import { Section } from "../components/Section";
import type { InstallSummary, LeadFlowService, WorkbookLists } from "../../service/service";
import { useUi } from "../ui";
import { useAction } from "../useAction";

export interface SetupViewProps {
  service: LeadFlowService;
  lists: WorkbookLists | null;
  onChanged: () => Promise<void>;
}

/** Install or upgrade the templates, see what changed, add sample data. */
export function SetupView({ service, lists, onChanged }: SetupViewProps) {
  const ui = useUi();
  const installed = Boolean(lists?.installed);
  const [templateLocale, setTemplateLocale] = React.useState<Locale>(lists?.locale ?? ui.locale);
  const [report, setReport] = React.useState<InstallSummary | null>(null);
  const [sampleCount, setSampleCount] = React.useState(30);
  const [sampleAdded, setSampleAdded] = React.useState<number | null>(null);
  const installAction = useAction();
  const sampleAction = useAction();

  React.useEffect(() => {
    if (lists?.locale) setTemplateLocale(lists.locale);
  }, [lists?.locale]);

  const install = async () => {
    setReport(null);
    const result = await installAction.run(() => service.install({ locale: templateLocale }));
    if (result) {
      setReport(result);
      await onChanged();
    }
  };

  const addSample = async () => {
    setSampleAdded(null);
    const result = await sampleAction.run(() => service.addSample(sampleCount));
    if (result) {
      setSampleAdded(result.added);
      await onChanged();
    }
  };

  const nothingChanged = report !== null && report.created.length === 0 && report.changed.length === 0;

  return (
    <>
      <Section title={ui.t("setupTitle")}>
        <Text>{ui.t("setupIntro")}</Text>
        {installed && lists?.templateVersion ? (
          <Text weight="semibold">
            {ui.t("installedAs", {
              version: lists.templateVersion,
              locale: lists.locale === "en-US" ? ui.t("localeEn") : ui.t("localeZh"),
            })}
          </Text>
        ) : null}
        <Field label={ui.t("templateLanguage")}>
          <RadioGroup
            value={templateLocale}
            layout="horizontal"
            onChange={(_, data) => setTemplateLocale(data.value as Locale)}
            disabled={installed}
          >
            <Radio value="zh-CN" label={ui.t("localeZh")} />
            <Radio value="en-US" label={ui.t("localeEn")} />
          </RadioGroup>
        </Field>
        <div>
          <Button appearance="primary" onClick={install} disabled={installAction.busy}>
            {installAction.busy ? ui.t("working") : installed ? ui.t("upgradeButton") : ui.t("installButton")}
          </Button>
        </div>
        {installAction.error ? <ErrorBar error={installAction.error} /> : null}
        {report ? (
          <MessageBar intent="success" layout="multiline" role="status">
            <MessageBarBody>
              <MessageBarTitle>{report.upgraded ? ui.t("upgradeDone") : ui.t("installDone")}</MessageBarTitle>
              {nothingChanged ? ui.t("nothingChanged") : null}
            </MessageBarBody>
          </MessageBar>
        ) : null}
        {report && !nothingChanged ? (
          <div aria-label={ui.t("setupTitle")}>
            {report.created.length > 0 ? (
              <>
                <Text weight="semibold">{ui.t("created")}</Text>
                <ul>
                  {report.created.map((item, i) => (
                    <li key={`c${i}`}>{ui.tx(item)}</li>
                  ))}
                </ul>
              </>
            ) : null}
            {report.changed.length > 0 ? (
              <>
                <Text weight="semibold">{ui.t("changed")}</Text>
                <ul>
                  {report.changed.map((item, i) => (
                    <li key={`u${i}`}>{ui.tx(item)}</li>
                  ))}
                </ul>
              </>
            ) : null}
          </div>
        ) : null}
      </Section>
      {installed ? (
        <Section title={ui.t("sampleTitle")}>
          <Text>{ui.t("sampleIntro")}</Text>
          <Field label={ui.t("sampleCount")}>
            <SpinButton
              value={sampleCount}
              min={1}
              max={1000}
              onChange={(_, data) => {
                const next = data.value ?? Number(data.displayValue);
                if (Number.isFinite(next) && next !== null)
                  setSampleCount(Math.max(1, Math.min(1000, Math.round(next))));
              }}
            />
          </Field>
          <div>
            <Button onClick={addSample} disabled={sampleAction.busy}>
              {sampleAction.busy ? ui.t("working") : ui.t("sampleButton")}
            </Button>
          </div>
          {sampleAction.error ? <ErrorBar error={sampleAction.error} /> : null}
          {sampleAdded !== null ? (
            <MessageBar intent="success" role="status">
              <MessageBarBody>{ui.t("sampleDone", { count: sampleAdded })}</MessageBarBody>
            </MessageBar>
          ) : null}
        </Section>
      ) : null}
    </>
  );
}
