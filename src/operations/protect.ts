/**
 * Protect / unprotect the LeadFlow sheets (issue 7, item 2), and a port
 * wrapper that lets any operation write to a workbook LeadFlow protected:
 * it lifts the protection of the sheets a change list touches, applies the
 * changes, and protects them again — also when the changes fail, so an error
 * never leaves a sheet open.
 */
import type { Change } from "../domain/plan/changes";
import {
  planLift,
  planProtect,
  planUnprotect,
  protectedSheetsMessage,
  protectionState,
  protectionTargets,
  type ProtectionState,
} from "../domain/plan/protection";
import { WorkbookError, type ApplyOutcome, type ApplyProgress, type WorkbookPort } from "../workbook/port";
import { loadContext } from "./context";

export interface ProtectOptions {
  /** Optional sheet password (never stored in the workbook). */
  password?: string;
}

export interface ProtectResult {
  sheets: string[];
  state: ProtectionState;
}

function stageCountOf(n: number): number {
  return Math.max(1, n);
}

export async function protect(port: WorkbookPort, options: ProtectOptions = {}): Promise<ProtectResult> {
  const ctx = await loadContext(port);
  const plan = planProtect({
    state: ctx.state,
    locale: ctx.locale,
    stageCount: stageCountOf(ctx.settings.lists.stage.length),
    password: options.password,
  });
  if (plan.changes.length > 0) await port.apply(plan.changes);
  return { sheets: plan.sheets, state: plan.sheets.length === 0 ? "off" : options.password ? "on-password" : "on" };
}

export async function unprotect(port: WorkbookPort, options: ProtectOptions = {}): Promise<ProtectResult> {
  const ctx = await loadContext(port);
  const plan = planUnprotect({
    state: ctx.state,
    locale: ctx.locale,
    stageCount: stageCountOf(ctx.settings.lists.stage.length),
    password: options.password,
  });
  await port.apply(plan.changes);
  return { sheets: plan.sheets, state: "off" };
}

/**
 * A port that writes through LeadFlow's own protection. Reads pass straight
 * through; `apply` brackets the changes with unprotect/protect of the
 * protected sheets they touch. A sheet protected by someone else is refused
 * before anything is written (WorkbookError "protected", both languages);
 * a LeadFlow protection with a password needs `password`.
 */
export function withProtectionLifted(port: WorkbookPort, options: ProtectOptions = {}): WorkbookPort {
  return {
    readState: () => port.readState(),
    readTables: (names, o) => port.readTables(names, o),
    readRange: (sheet, address) => port.readRange(sheet, address),
    async apply(changes: Change[], progress?: ApplyProgress): Promise<ApplyOutcome | void> {
      const ctx = await loadContext(port);
      const input = {
        state: ctx.state,
        locale: ctx.locale,
        stageCount: stageCountOf(ctx.settings.lists.stage.length),
        password: options.password,
      };
      const lift = planLift(input, changes);
      if (lift.foreign.length > 0) {
        const m = protectedSheetsMessage(lift.foreign, ctx.locale);
        throw new WorkbookError("protected", `${m.en} / ${m.zh}`);
      }
      if (lift.lifted.length === 0) return port.apply(changes, progress);
      if (protectionState(ctx.state.properties) === "on-password" && !options.password) {
        const list = lift.lifted.join(", ");
        throw new WorkbookError(
          "protected",
          `Sheet ${list} is protected with a password; enter the password to write to it / 工作表 ${list} 设有保护密码，请输入密码后再写入`,
        );
      }
      await port.apply(lift.before);
      try {
        return await port.apply(changes, progress);
      } finally {
        await port.apply(lift.after);
      }
    },
  };
}

/**
 * After a write operation that did not finish (an error, or a run Excel cut off):
 * the LeadFlow sheets that should be protected (protection "on") but are not are
 * protected again. A password protection cannot be restored without its password:
 * `needsPassword` says so. Sheets already protected are left as they are.
 */
export async function restoreProtection(port: WorkbookPort): Promise<{ sheets: string[]; needsPassword: boolean }> {
  const ctx = await loadContext(port);
  const state = protectionState(ctx.state.properties);
  if (state === "off") return { sheets: [], needsPassword: false };
  const input = { state: ctx.state, locale: ctx.locale, stageCount: stageCountOf(ctx.settings.lists.stage.length) };
  const open = protectionTargets(input).filter(
    (t) => !ctx.state.sheets.find((s) => s.name.toLowerCase() === t.sheet.toLowerCase())?.protected,
  );
  if (open.length === 0) return { sheets: [], needsPassword: false };
  if (state === "on-password") return { sheets: open.map((t) => t.sheet), needsPassword: true };
  await protect(port);
  return { sheets: open.map((t) => t.sheet), needsPassword: false };
}
