/**
 * Answering an order on its card and in its detail: Accept with a ready time, Reject with a
 * reason, Ready, Undo or Reopen (orders/order-life.ts), and the history of its states. The
 * quick choices sit in <details>, so a tap or Enter opens them and one more picks.
 */
import type { AnswerRequest, OrderState, OrderView, StateChange } from '../../preload/api';
import { currentState, READY_MINUTES } from '../../main/core/orders/order-life';
import { language, t, type StringKey } from '../../main/core/ui/i18n';
import { el } from '../dom';
import { clock } from '../format';

export type AnswerAction = (id: string, request: AnswerRequest) => void;

const REASONS: [reason: string, label: StringKey][] = [
  ['sold-out', 'rejectSoldOut'],
  ['too-busy', 'rejectTooBusy'],
  ['closed', 'rejectClosed'],
];
const REASON_LABEL: Record<string, StringKey> = Object.fromEntries(REASONS);

export function stateOf(view: OrderView): OrderState {
  return currentState(view.history ?? [], view.handled !== null);
}

/** The order's state in a few words: "Accepted · ready 12:40". */
export function stateWords(change: Pick<StateChange, 'state' | 'readyAt' | 'reason'> | undefined): string {
  switch (change?.state ?? 'new') {
    case 'accepted':
      return t('stateAccepted', { time: change?.readyAt ? timeOfDay(change.readyAt) : '' });
    case 'rejected':
      return t('stateRejected', { reason: reasonWords(change?.reason ?? '') });
    case 'ready':
      return t('stateReady');
    case 'done':
      return t('stateDone');
    default:
      return t('stateNew');
  }
}

/** A ready time is today, within hours: the time alone. */
const timeOfDay = (at: string): string => new Date(at).toLocaleTimeString(language(), { timeStyle: 'short' });

const reasonWords = (reason: string): string => (REASON_LABEL[reason] ? t(REASON_LABEL[reason]) : reason);

/** The buttons for the order's state; `done` is the card's own Mark done button, left where it is. */
export function answerBar(view: OrderView, answer: AnswerAction): HTMLElement {
  const state = stateOf(view);
  const last = view.history?.at(-1);
  const after = last?.seq ?? 0;
  const send = (request: AnswerRequest) => answer(view.id, { ...request, after });
  const button = (label: string, className: string, request: AnswerRequest) =>
    el('button', { type: 'button', className, onClick: () => send(request) }, label);
  return el(
    'div',
    { className: `answer state-${state}` },
    state === 'new' ? null : el('p', { className: 'state' }, stateWords(last)),
    state === 'new' ? acceptChoices(send) : null,
    state === 'new' || state === 'accepted' ? rejectChoices(send) : null,
    state === 'accepted' ? button(t('markReady'), 'ready', { state: 'ready' }) : null,
    state === 'new' ? null : undoButton(view, send),
  );
}

function acceptChoices(send: (request: AnswerRequest) => void): HTMLElement {
  const custom = el('input', { type: 'number', min: 0, max: 720, inputmode: 'numeric', 'aria-label': t('acceptCustom'), placeholder: t('acceptCustom') });
  const sendCustom = () => {
    const minutes = Number(custom.value);
    if (custom.value !== '' && Number.isInteger(minutes)) send({ state: 'accepted', readyInMin: minutes });
  };
  custom.addEventListener('keydown', (event) => (event as KeyboardEvent).key === 'Enter' && sendCustom());
  return el(
    'details',
    { className: 'accept' },
    el('summary', { className: 'button' }, t('accept')),
    ...READY_MINUTES.map((n) => el('button', { type: 'button', className: 'ready-in', onClick: () => send({ state: 'accepted', readyInMin: n }) }, t('acceptIn', { n }))),
    custom,
    el('button', { type: 'button', className: 'ready-in custom', onClick: sendCustom }, '✓'),
  );
}

function rejectChoices(send: (request: AnswerRequest) => void): HTMLElement {
  const other = el('input', { type: 'text', maxlength: 200, 'aria-label': t('rejectOther'), placeholder: t('rejectOther') });
  const sendOther = () => other.value.trim() && send({ state: 'rejected', reason: other.value.trim() });
  other.addEventListener('keydown', (event) => (event as KeyboardEvent).key === 'Enter' && sendOther());
  return el(
    'details',
    { className: 'reject' },
    el('summary', { className: 'button secondary' }, t('reject')),
    ...REASONS.map(([reason, label]) => el('button', { type: 'button', className: 'reason secondary', onClick: () => send({ state: 'rejected', reason }) }, t(label))),
    other,
    el('button', { type: 'button', className: 'reason custom secondary', onClick: sendOther }, '✓'),
  );
}

/** Back to the state before the last change; an accepted order keeps what is left of its ready time. */
function undoButton(view: OrderView, send: (request: AnswerRequest) => void): HTMLElement {
  const history = view.history ?? [];
  const before = history.at(-2);
  const request: AnswerRequest = { state: before?.state ?? 'new' };
  if (before?.state === 'accepted') request.readyInMin = Math.max(0, Math.ceil((Date.parse(before.readyAt ?? '') - Date.now()) / 60_000) || 0);
  if (before?.state === 'rejected') request.reason = before.reason ?? 'other';
  const closed = stateOf(view) === 'done' || stateOf(view) === 'rejected';
  return el('button', { type: 'button', className: 'undo secondary', onClick: () => send(request) }, t(closed ? 'reopen' : 'undo'));
}

/** The detail's list of every change: when, what, who. */
export function stateHistory(view: OrderView): HTMLElement | null {
  const history = view.history ?? [];
  if (history.length === 0) return null;
  return el(
    'section',
    { className: 'state-history' },
    el('h3', {}, t('stateHistory')),
    el('ol', {}, ...history.map((change) => el('li', {}, t('stateChange', { time: clock(change.at), state: stateWords(change), by: change.by })))),
  );
}

