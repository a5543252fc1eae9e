/**
 * The order's life: new → accepted (with a ready time) → ready → done, or new → rejected (with
 * a reason), and back to any earlier state (undo, reopen). Pure: what may follow what, what an
 * answer must carry, and the change it makes. The journal stores the changes, the hub decides
 * who was first; this file knows neither.
 */
import { oneLine } from './untrusted-text';

export const ORDER_STATES = ['new', 'accepted', 'rejected', 'ready', 'done'] as const;
export type OrderState = (typeof ORDER_STATES)[number];

/** One change of an order's state: who (a device's name) set it when. `seq` counts the order's changes from 1. */
export interface StateChange {
  id: string;
  state: OrderState;
  at: string;
  by: string;
  readyAt?: string;
  reason?: string;
  seq: number;
}

/** What staff (or a script) ask for: the state, and what it needs. */
export interface AnswerRequest {
  state: OrderState;
  /** For `accepted`: an ISO 8601 time, or minutes from now. */
  readyAt?: string;
  readyInMin?: number;
  /** For `rejected`. */
  reason?: string;
  /** The change the asker saw last (its seq): a later one made by someone else refuses the answer. */
  after?: number;
}

export type AnswerCheck = { ok: true; change: StateChange } | { ok: false; code: AnswerRefusal; error: string };
export type AnswerRefusal = 'bad-answer' | 'answered-already' | 'not-allowed';

/** Quick reasons the screens offer; any other text is taken too. */
export const REJECT_REASONS = ['sold-out', 'too-busy', 'closed'] as const;
export const READY_MINUTES = [10, 20, 30, 45] as const;
export const REASON_MAX = 200;
/** A ready time further ahead than this is a typo (minutes taken as hours, a wrong day). */
export const READY_AHEAD_MAX_MS = 12 * 3600 * 1000;
/** A ready time this far in the past still counts as now: the asker's clock may run behind. */
const READY_PAST_SLACK_MS = 60 * 1000;

/** What may follow each state going forward; any earlier state is always allowed (undo). */
const FORWARD: Record<OrderState, readonly OrderState[]> = {
  new: ['accepted', 'rejected', 'done'],
  accepted: ['ready', 'done', 'rejected'],
  ready: ['done'],
  rejected: [],
  done: [],
};
/** Where each state sits in the order's life, for telling undo from skipping ahead. */
const RANK: Record<OrderState, number> = { new: 0, accepted: 1, rejected: 1, ready: 2, done: 3 };

export function isOrderState(value: unknown): value is OrderState {
  return typeof value === 'string' && (ORDER_STATES as readonly string[]).includes(value);
}

/** The state an order is in: its last change, or `new` (done when only a v1 device handled it). */
export function currentState(history: readonly StateChange[], handled?: boolean): OrderState {
  return history.at(-1)?.state ?? (handled ? 'done' : 'new');
}

/** The states staff may move an order to from `state`: forward, or back to an earlier one. */
export function nextStates(state: OrderState): OrderState[] {
  const back = ORDER_STATES.filter((other) => other !== state && RANK[other] < RANK[state] && !(state === 'ready' && other === 'rejected'));
  return [...FORWARD[state], ...back];
}

/**
 * Checks an answer to an order whose changes so far are `history`, at `now`; the change it
 * makes, or why not, in words shown to whoever asked.
 */
export function checkAnswer(id: string, history: readonly StateChange[], request: AnswerRequest, by: string, now: number, handled = false): AnswerCheck {
  const bad = (error: string): AnswerCheck => ({ ok: false, code: 'bad-answer', error });
  if (!isOrderState(request.state)) return bad(`state: must be one of ${ORDER_STATES.join(', ')}`);
  const last = history.at(-1);
  if (request.after !== undefined && request.after !== (last?.seq ?? 0) && last) {
    return { ok: false, code: 'answered-already', error: `already ${last.state} by ${last.by} at ${last.at}` };
  }
  const from = currentState(history, handled);
  if (request.state === from) {
    return { ok: false, code: 'answered-already', error: last ? `already ${from} by ${last.by} at ${last.at}` : `already ${from}` };
  }
  if (!nextStates(from).includes(request.state)) return { ok: false, code: 'not-allowed', error: `a ${from} order cannot be set to ${request.state}` };
  const change: StateChange = { id, state: request.state, at: new Date(now).toISOString(), by, seq: (last?.seq ?? 0) + 1 };
  if (request.state === 'accepted') {
    const ready = readyTime(request, now);
    if ('error' in ready) return bad(ready.error);
    change.readyAt = ready.at;
  } else if (request.readyAt !== undefined || request.readyInMin !== undefined) {
    return bad('readyAt: only an accepted order has a ready time');
  }
  if (request.state === 'rejected') {
    const reason = oneLine(request.reason ?? '').trim();
    if (!reason) return bad('reason: a rejected order needs a reason (sold-out, too-busy, closed, or your own words)');
    if (reason.length > REASON_MAX) return bad(`reason: at most ${REASON_MAX} characters`);
    change.reason = reason;
  } else if (request.reason !== undefined) {
    return bad('reason: only a rejected order has a reason');
  }
  return { ok: true, change };
}

/** The ready time an accept asks for, as ISO 8601, or why it cannot be taken. */
function readyTime(request: AnswerRequest, now: number): { at: string } | { error: string } {
  const error = (text: string) => ({ error: text });
  if (request.readyAt !== undefined && request.readyInMin !== undefined) return error('readyAt: give a time or minutes from now, not both');
  let ms: number;
  if (request.readyInMin !== undefined) {
    if (!Number.isInteger(request.readyInMin) || request.readyInMin < 0) return error('ready: minutes must be a whole number, 0 or more');
    ms = now + request.readyInMin * 60_000;
  } else if (request.readyAt !== undefined) {
    ms = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(request.readyAt) ? Date.parse(request.readyAt) : NaN;
    if (Number.isNaN(ms)) return error('readyAt: must be an ISO 8601 date and time, e.g. 2026-12-06T12:40:00+08:00');
  } else {
    return error('readyAt: an accepted order needs a ready time (minutes from now or a time)');
  }
  if (ms < now - READY_PAST_SLACK_MS) return error('readyAt: the ready time is in the past');
  if (ms > now + READY_AHEAD_MAX_MS) return error(`readyAt: the ready time is more than ${READY_AHEAD_MAX_MS / 3600_000} hours ahead`);
  return { at: new Date(ms).toISOString() };
}

/** A change read from the network or a file, checked field by field; a string says what is wrong. */
export function readStateChange(value: unknown): StateChange | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'state change: must be an object';
  const raw = value as Record<string, unknown>;
  if (typeof raw.id !== 'string' || raw.id.length === 0) return 'state change: id must be a string';
  if (!isOrderState(raw.state)) return `state change: state must be one of ${ORDER_STATES.join(', ')}`;
  if (!Number.isSafeInteger(raw.seq) || (raw.seq as number) < 1) return 'state change: seq must be a positive integer';
  if (typeof raw.at !== 'string' || Number.isNaN(Date.parse(raw.at))) return 'state change: at must be an ISO 8601 time';
  if (typeof raw.by !== 'string') return 'state change: by must be a string';
  const change: StateChange = { id: raw.id, state: raw.state, at: raw.at, by: oneLine(raw.by).slice(0, 64), seq: raw.seq as number };
  if (typeof raw.readyAt === 'string' && !Number.isNaN(Date.parse(raw.readyAt))) change.readyAt = raw.readyAt;
  if (typeof raw.reason === 'string') change.reason = oneLine(raw.reason).slice(0, REASON_MAX);
  return change;
}

/**
 * An answer as it came (an HTTP body, a protocol message, an IPC call), its fields' types
 * checked; what it asks for is checkAnswer's to judge. A string says which field is wrong.
 */
export function readAnswerRequest(value: unknown): AnswerRequest | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'must be an object, e.g. {"state":"accepted","readyInMin":20}';
  const { state, readyAt, readyInMin, reason, after } = value as Record<string, unknown>;
  if (!isOrderState(state)) return `state: must be one of ${ORDER_STATES.join(', ')}`;
  const request: AnswerRequest = { state };
  if (readyAt !== undefined) {
    if (typeof readyAt !== 'string' || readyAt.length > 64) return 'readyAt: must be an ISO 8601 date and time';
    request.readyAt = readyAt;
  }
  if (readyInMin !== undefined) {
    if (!Number.isSafeInteger(readyInMin)) return 'readyInMin: must be a whole number of minutes';
    request.readyInMin = readyInMin as number;
  }
  if (reason !== undefined) {
    if (typeof reason !== 'string' || reason.length > REASON_MAX * 4) return `reason: must be a text of at most ${REASON_MAX} characters`;
    request.reason = reason;
  }
  if (after !== undefined) {
    if (!Number.isSafeInteger(after) || (after as number) < 0) return 'after: must be a whole number, 0 or more';
    request.after = after as number;
  }
  return request;
}

/** Done or rejected: the order needs nothing more (what v1's handled means). */
export function isClosed(state: OrderState): boolean {
  return state === 'done' || state === 'rejected';
}

/** Whether an order in `state` stops ringing: done or rejected always, accepted and ready when the shop accepts orders. */
export function isAnswered(state: OrderState, mustAccept: boolean): boolean {
  if (isClosed(state)) return true;
  return mustAccept && state !== 'new';
}
