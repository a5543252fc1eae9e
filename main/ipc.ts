/**
 * The main process's side of the bridge contract. Every handler checks that the message
 * comes from our own window and validates its payload before anything is done with it.
 */
import { BACKLOG_CHOICES, type BacklogChoice } from './core/print/backlog-choice';
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { INVOKE } from './core/ui/ipc-channels';
import { MUTE_PERIODS, type MutePeriod } from './core/alerts/policy';
import { ORDER_ID_MAX } from './core/orders/order';
import { readAnswerRequest, type AnswerRequest } from './core/orders/order-life';
import { validateBumpAction, type BumpAction } from './core/orders/bumps';
import type { HistoryQuery } from './core/orders/views';
import type { ActionResult, PrinterChoice, SettingsCheck } from './core/ui/status-views';
import { validateSettings, type Settings, type SettingsResult } from './core/settings/settings';
import type { ConnectionTest } from './core/link/connection-test';
import type { Station, TestOrderOutcome } from './core/station';
import type { UpdateControls } from './core/updates/policy';
import type { PrintOutcome } from './core/print/station-printing';
import { t } from './core/ui/i18n';
import { ReportParamError } from './core/reports/report-params';
import { withSourceProbes } from './core/sources/probe';

export class IpcError extends Error {}

export interface IpcContext {
  station: Station;
  /** The only web contents allowed to call. */
  window: () => WebContents | undefined;
  settings: { get(): Settings; save(input: unknown): SettingsResult };
  settingsChanged(settings: Settings): Promise<void>;
  /** The page reads the status once it has subscribed: it is ready for alerts. */
  pageReady(): void;
  /** The preload answered the watchdog's ping number `seq`. */
  pagePong(seq: number): void;
  /** The page saw the network come back: redial (coalesced by the caller, a page may send many). */
  networkChanged(): void;
  /** What the desktop cannot do on this PC, each a sentence. */
  shellNotes(): string[];
  updates?: UpdateControls;
}

function answerRequest(value: unknown): AnswerRequest {
  const request = readAnswerRequest(value);
  if (typeof request === 'string') throw new IpcError(`answer: ${request}`);
  return request;
}

function orderId(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > ORDER_ID_MAX) {
    throw new IpcError(`order id must be a string of 1 to ${ORDER_ID_MAX} characters`);
  }
  return value;
}

function finite(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new IpcError(`${name} must be a number`);
  return value;
}

export function historyQuery(value: unknown): HistoryQuery {
  if (typeof value !== 'object' || value === null) throw new IpcError('history query must be an object');
  const input = value as Record<string, unknown>;
  if (input.text !== undefined && (typeof input.text !== 'string' || input.text.length > 200)) {
    throw new IpcError('text must be a string of at most 200 characters');
  }
  const offset = input.offset;
  const limit = input.limit;
  if (!Number.isSafeInteger(offset) || (offset as number) < 0) throw new IpcError('offset must be a non-negative integer');
  if (!Number.isSafeInteger(limit) || (limit as number) < 1 || (limit as number) > 200) throw new IpcError('limit must be an integer from 1 to 200');
  const from = finite(input.from, 'from');
  const to = finite(input.to, 'to');
  return {
    offset: offset as number,
    limit: limit as number,
    ...(input.text !== undefined ? { text: input.text as string } : {}),
    ...(from !== undefined ? { from } : {}),
    ...(to !== undefined ? { to } : {}),
  };
}

export function bumpAction(value: unknown): BumpAction {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new IpcError('bump must be an object: {"station", "item"?, "undo"?}');
  const action = validateBumpAction(value as Record<string, unknown>);
  if (!action.ok) throw new IpcError(`bump: ${action.error}`);
  return action.value;
}

function pingNumber(value: unknown): number {
  if (!Number.isSafeInteger(value) || (value as number) < 1) throw new IpcError('ping must be a positive integer');
  return value as number;
}

function backlogChoice(value: unknown): BacklogChoice | undefined {
  if (value === undefined) return undefined;
  if (!BACKLOG_CHOICES.includes(value as BacklogChoice)) throw new IpcError(`backlog answer must be one of ${BACKLOG_CHOICES.join(', ')}`);
  return value as BacklogChoice;
}

function mutePeriod(value: unknown): MutePeriod {
  if (!MUTE_PERIODS.includes(value as MutePeriod)) throw new IpcError(`mute period must be one of ${MUTE_PERIODS.join(', ')}`);
  return value as MutePeriod;
}

export function testOrderResult(outcome: TestOrderOutcome): ActionResult {
  if (outcome.kind === 'sent') return { ok: true, message: t('testOrderSent', { seq: outcome.seq }) };
  if (outcome.kind === 'local') return { ok: true, message: t('testOrderLocal') };
  return { ok: false, message: t('testOrderFailed', { error: outcome.error }) };
}

export function connectionTestResult(test: ConnectionTest): ActionResult {
  switch (test.kind) {
    case 'hub-running':
      return { ok: true, message: t('testHubRunning', { port: test.port, n: test.clients }) };
    case 'hub-later':
      return { ok: true, message: t('testHubLater', { port: test.port }) };
    case 'connected':
      return { ok: true, message: t('testConnected', { url: test.url }) };
    case 'failed':
      return { ok: false, message: t('testCannotConnect', { url: test.url, error: test.error }) };
  }
}

export function printResult(outcome: PrintOutcome): ActionResult {
  switch (outcome.kind) {
    case 'queued':
      return { ok: true, message: t('printQueued') };
    case 'printed':
      return { ok: true, message: t('testPagePrinted', { printer: outcome.printer }) };
    case 'no-printer':
      return { ok: false, message: t('noPrinter') };
    case 'failed':
      return { ok: false, message: t('printFailed', { error: outcome.error }) };
  }
}

/** "Print summary": a request the reports refuse (to before from, an unknown zone) is said like a failed print. */
export async function summaryPrintResult(print: () => Promise<PrintOutcome>): Promise<ActionResult> {
  try {
    const outcome = await print();
    return outcome.kind === 'printed' ? { ok: true, message: t('summaryPrinted', { printer: outcome.printer }) } : printResult(outcome);
  } catch (error) {
    if (error instanceof ReportParamError) return { ok: false, message: t('printFailed', { error: error.message }) };
    throw error;
  }
}

function check(result: SettingsResult): SettingsCheck {
  return result.ok ? { ok: true } : { ok: false, errors: result.errors };
}

function updateHandlers(updates: UpdateControls): Record<string, () => unknown> {
  return {
    [INVOKE.getUpdateStatus]: () => updates.view(),
    [INVOKE.checkForUpdates]: async () => {
      await updates.checkNow();
      return updates.view();
    },
  };
}

export function registerIpc(context: IpcContext): () => void {
  const { station } = context;
  const handlers: Record<string, (...args: unknown[]) => unknown> = {
    [INVOKE.listOrders]: () => station.listOrders(),
    [INVOKE.markHandled]: (id) => station.markHandled(orderId(id)),
    [INVOKE.answerOrder]: (id, request) => station.answerOrder(orderId(id), answerRequest(request)),
    [INVOKE.queryHistory]: (query) => station.queryHistory(historyQuery(query)),
    [INVOKE.getReport]: (request) => station.report(request),
    [INVOKE.getStatus]: () => {
      context.pageReady();
      return station.status();
    },
    [INVOKE.getSettings]: () => context.settings.get(),
    [INVOKE.validateSettings]: (settings) => check(validateSettings(settings)),
    [INVOKE.saveSettings]: async (settings) => {
      const result = context.settings.save(settings);
      if (result.ok) await context.settingsChanged(result.value);
      return check(result);
    },
    [INVOKE.testConnection]: async (settings): Promise<ActionResult> => {
      const result = validateSettings(settings);
      if (!result.ok) return { ok: false, message: t('testFixSettings', { fields: result.errors.map((e) => e.field).join(', ') }) };
      const [main, sources] = await Promise.all([station.testConnection(result.value.source), station.testSources(result.value.sources)]);
      return withSourceProbes(connectionTestResult(main), sources);
    },
    [INVOKE.sendTestOrder]: async () => testOrderResult(await station.sendTestOrder()),
    [INVOKE.mute]: (period) => station.mute(mutePeriod(period)),
    ...(context.updates ? updateHandlers(context.updates) : {}),
    [INVOKE.printOrder]: async (id) => printResult(await station.printOrder(orderId(id))),
    [INVOKE.printTestPage]: async (settings): Promise<ActionResult> => {
      const result = validateSettings(settings);
      if (!result.ok) return { ok: false, message: t('testFixSettings', { fields: result.errors.map((e) => e.field).join(', ') }) };
      return printResult(await station.printTestPage(result.value.printer));
    },
    [INVOKE.printSummary]: (request) => summaryPrintResult(() => station.printSummary(request)),
    [INVOKE.retryPrinter]: (backlog) => station.retryPrinter(backlogChoice(backlog)),
    [INVOKE.reconnectNow]: () => context.networkChanged(),
    [INVOKE.pagePong]: (seq) => context.pagePong(pingNumber(seq)),
    [INVOKE.getShellNotes]: () => context.shellNotes(),
    [INVOKE.getKitchen]: () => station.kitchenView(),
    [INVOKE.bump]: (id, action) => station.bump(orderId(id), bumpAction(action)),
    [INVOKE.listPrinters]: async (): Promise<PrinterChoice[]> => {
      const printers = (await context.window()?.getPrintersAsync()) ?? [];
      // Electron knows only that the spooler took a job, never that paper came out.
      return printers.map((printer) => ({ address: `system:${printer.name}`, label: t('systemPrinterLabel', { printer: printer.displayName || printer.name }) }));
    },
  };
  for (const [channel, handler] of Object.entries(handlers)) {
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, ...args: unknown[]) => {
      if (event.sender !== context.window()) throw new IpcError(`refused ${channel}: not from the OrderBell window`);
      return handler(...args);
    });
  }
  return () => Object.keys(handlers).forEach((channel) => ipcMain.removeHandler(channel));
}
