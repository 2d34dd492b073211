import type { LeadFlowService } from "./service";
import { NotAvailableError } from "./service";

/**
 * The LeadFlowService used inside Excel: each method runs an operation
 * (src/operations) over the Office.js adapter (src/workbook/office).
 *
 * Placeholder until those modules exist: every method reports that the action
 * is not available yet, which the pane shows in plain words.
 */
export function createOfficeService(): LeadFlowService {
  const missing = (what: string) => () => Promise.reject(new NotAvailableError(what));
  return {
    install: missing("install"),
    addSample: missing("addSample"),
    readLists: missing("readLists"),
    newLead: missing("newLead"),
    logFollowUp: missing("logFollowUp"),
    selectedLeadId: missing("selectedLeadId"),
    check: missing("check"),
    selectCell: missing("selectCell"),
    previewImport: missing("previewImport"),
    runImport: missing("runImport"),
    refresh: missing("refresh"),
    dueList: missing("dueList"),
    lastRefreshed: missing("lastRefreshed"),
  };
}
