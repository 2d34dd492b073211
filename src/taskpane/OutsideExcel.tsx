import {
  FluentProvider,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Text,
  tokens,
  webLightTheme,
} from "@fluentui/react-components";
import { t } from "../i18n/strings";

/**
 * Shown when the page is not running inside Excel (a plain browser, or another
 * Office host). The language is unknown there, so it says everything in both.
 */
export function OutsideExcel({ host }: { host: string | null }) {
  const where = (locale: "zh-CN" | "en-US") => (host ? t("otherHost", locale, { host }) : t("outsideBrowser", locale));
  return (
    <FluentProvider theme={webLightTheme} style={{ minHeight: "100vh", padding: tokens.spacingHorizontalL }}>
      <main style={{ display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM }}>
        <Text as="h1" size={500} weight="semibold" style={{ margin: 0 }}>
          LeadFlow
        </Text>
        <MessageBar intent="warning" layout="multiline" lang="zh-CN">
          <MessageBarBody>
            <MessageBarTitle>{t("outsideTitle", "zh-CN")}</MessageBarTitle>
            {t("outsideBody", "zh-CN", { host: where("zh-CN") })}
          </MessageBarBody>
        </MessageBar>
        <MessageBar intent="warning" layout="multiline" lang="en-US">
          <MessageBarBody>
            <MessageBarTitle>{t("outsideTitle", "en-US")}</MessageBarTitle>
            {t("outsideBody", "en-US", { host: where("en-US") })}
          </MessageBarBody>
        </MessageBar>
      </main>
    </FluentProvider>
  );
}
