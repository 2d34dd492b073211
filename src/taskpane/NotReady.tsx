import {
  FluentProvider,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Text,
  tokens,
  webLightTheme,
} from "@fluentui/react-components";
import type { L10n } from "../domain/types";

/**
 * Shown when Office has not become ready a few seconds after the pane opened. office.js then
 * waits for ever (a file it needs was blocked or did not arrive; see boot.ts), so the pane says
 * so in plain words instead of staying blank, and keeps waiting: if Office does start, the app
 * replaces this message. The language is unknown before Office starts, so it says everything in both.
 */
const TEXT: Record<"title" | "body" | "what" | "waiting", L10n> = {
  title: { zh: "Excel 还没有启动 LeadFlow", en: "Excel has not started LeadFlow yet" },
  body: {
    zh: "Office 的程序文件没有加载完成，可能是网络较慢，或者公司的网络或浏览器插件拦截了微软的 Office 服务器。",
    en: "Office's program files have not finished loading: the network may be slow, or the company network or a browser extension may be blocking Microsoft's Office servers.",
  },
  what: {
    zh: "请关闭此窗格后重新打开。如果仍然如此，请让 IT 人员确认可以访问 appsforoffice.microsoft.com、officeapis.public.onecdn.static.microsoft 和 ajax.aspnetcdn.com。",
    en: "Close this pane and open it again. If this keeps happening, ask your IT team to allow appsforoffice.microsoft.com, officeapis.public.onecdn.static.microsoft and ajax.aspnetcdn.com.",
  },
  waiting: { zh: "仍在等待 Office…", en: "Still waiting for Office…" },
};

export function NotReady() {
  return (
    <FluentProvider theme={webLightTheme} style={{ minHeight: "100vh", padding: tokens.spacingHorizontalL }}>
      <main
        role="alert"
        aria-live="assertive"
        style={{ display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM }}
      >
        <Text as="h1" size={500} weight="semibold" style={{ margin: 0 }}>
          LeadFlow
        </Text>
        {(["zh", "en"] as const).map((lang) => (
          <MessageBar key={lang} intent="warning" layout="multiline" lang={lang === "zh" ? "zh-CN" : "en-US"}>
            <MessageBarBody>
              <MessageBarTitle>{TEXT.title[lang]}</MessageBarTitle>
              {TEXT.body[lang]} {TEXT.what[lang]}
            </MessageBarBody>
          </MessageBar>
        ))}
        <Spinner size="tiny" label={`${TEXT.waiting.zh} / ${TEXT.waiting.en}`} />
      </main>
    </FluentProvider>
  );
}
