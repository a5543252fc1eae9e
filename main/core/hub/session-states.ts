/**
 * Protocol v1.1 in a hub session: the state changes a device that asked for them (hello
 * `states: true`) is sent, and what its `answer` is told when refused.
 */
import type { Journal } from '../journal/journal';
import { encode } from '../link/protocol';
import type { StateChange } from '../orders/order-life';
import type { AnswerResult } from './answers';

export function stateFrame(change: StateChange): string {
  return encode({ type: 'state', change });
}

/**
 * The state changes a device may have missed, once its replay reached `sentUpTo`: every change
 * of an order just replayed (seq > `knownUpTo`), and of one it had before, those since `since` (ms).
 */
export function* missedStates(journal: Journal, knownUpTo: number, sentUpTo: number, since: number): IterableIterator<StateChange> {
  // Only orders that changed state are looked at: a hub holds thousands of orders, few of them answered.
  for (const [id, history] of journal.stateHistories()) {
    const seq = journal.get(id)?.seq;
    if (seq === undefined || seq === null || seq > sentUpTo) continue;
    for (const change of history) if (seq > knownUpTo || Date.parse(change.at) >= since) yield change;
  }
}

/** The error a refused answer is told as: its code, and in the message the order's id and why. */
export function answerRefusal(id: string, result: Extract<AnswerResult, { ok: false }>): { type: 'error'; code: string; message: string } {
  return { type: 'error', code: result.code, message: `answer ${JSON.stringify(id)}: ${result.error}` };
}
