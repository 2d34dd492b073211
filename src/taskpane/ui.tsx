import * as React from "react";
import type { L10n, Locale } from "../domain/types";
import { t, tx, type StringKey } from "../i18n/strings";

/** The pane's current language, and translation helpers bound to it. */
export interface Ui {
  locale: Locale;
  t: (key: StringKey, params?: Record<string, string | number>) => string;
  tx: (text: L10n, params?: Record<string, string | number>) => string;
}

export function makeUi(locale: Locale): Ui {
  return {
    locale,
    t: (key, params) => t(key, locale, params),
    tx: (text, params) => tx(text, locale, params),
  };
}

export const UiContext = React.createContext<Ui>(makeUi("zh-CN"));

export function useUi(): Ui {
  return React.useContext(UiContext);
}
