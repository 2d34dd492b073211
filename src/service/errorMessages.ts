import type { Locale } from "../domain/types";
import { t, type StringKey } from "../i18n/strings";
import { WorkbookError } from "../workbook/port";
import { ImportError } from "../domain/import/plan";
import { NotAvailableError } from "./service";

/** An error explained to a person: what happened and what to do, plus the raw text for support. */
export interface PlainError {
  message: string;
  /** The original technical text, shown small under the message (never alone). */
  detail?: string;
}

const WORKBOOK_CODES: Partial<Record<WorkbookError["code"], StringKey>> = {
  protected: "errProtected",
  locked: "errProtected",
  busy: "errBusy",
  "table-missing": "errTableMissing",
  "too-large": "errTooLarge",
  "table-growth": "errTableGrowth",
  filtered: "errFiltered",
};

/** Office.js error codes (RichApi.Error `code`) that have a plain explanation. */
const OFFICE_CODES: Record<string, StringKey> = {
  InvalidOperationInCellEditMode: "errEditMode",
  AccessDenied: "errProtected",
  ItemNotFound: "errTableMissing",
  RequestPayloadSizeLimitExceeded: "errTooLarge",
  ResponsePayloadSizeLimitExceeded: "errTooLarge",
  OperationCellsExceedLimit: "errTableGrowth",
  ApiNotFound: "errApiSet",
};

/** Turns anything thrown by a service call into plain words in `locale`. */
export function describeError(error: unknown, locale: Locale): PlainError {
  const detail = technicalText(error);
  let key: StringKey = "errUnknown";
  if (error instanceof NotAvailableError) key = "errNotAvailable";
  else if (error instanceof WorkbookError) key = WORKBOOK_CODES[error.code] ?? "errUnknown";
  else if (error instanceof ImportError) key = error.code === "no-columns" ? "errImportNoColumns" : "errTableMissing";
  else if (isCoded(error) && OFFICE_CODES[error.code]) key = OFFICE_CODES[error.code];
  return detail ? { message: t(key, locale), detail } : { message: t(key, locale) };
}

function isCoded(error: unknown): error is { code: string } {
  return typeof error === "object" && error !== null && typeof (error as { code?: unknown }).code === "string";
}

function technicalText(error: unknown): string | undefined {
  if (error instanceof Error) {
    const code = isCoded(error) ? `${error.code}: ` : "";
    return `${code}${error.message}`.slice(0, 300);
  }
  if (typeof error === "string") return error.slice(0, 300);
  return undefined;
}
