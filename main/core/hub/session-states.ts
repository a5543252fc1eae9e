/**
 * Protocol v1.1 in a hub session: the state changes a device that asked for them (hello
 * `states: true`) is sent, and what its `answer` is told when refused.
 */
import type { Journal } from '../journal/journal';
import { encode } from '../link/protocol';
import type { StateChange } from '../orders/order-life';
import type { AnswerResult } from './answers';
import { LOOK_PAGE, PAUSE } from './paced-send';


export function stateFrame(change: StateChange): string {
  return encode({ type: 'state', change });
}

/**
 * The state changes a device may have missed, once its replay reached `sentUpTo`: every change
 * of an order just replayed (seq > `knownUpTo`), and of one it had before, those dated from
 * `since` (ms) on (resume-sync.ts says why that is enough). A PAUSE after each stretch of orders.
 */
export function* missedStates(journal: Journal, knownUpTo: number, sentUpTo: number, since: number): Generator<string | typeof PAUSE> {
  let looked = 0;
  // Only orders that changed state are looked at: a hub holds thousands of orders, few of them answered.
  for (const [id, history] of journal.stateHistories()) {
    if (++looked % LOOK_PAGE === 0) yield PAUSE;
    const seq = journal.get(id)?.seq;
    if (seq === undefined || seq === null || seq > sentUpTo) continue;
    for (const change of history) if (seq > knownUpTo || Date.parse(change.at) >= since) yield stateFrame(change);
  }
}

/** The error a refused answer is told as: its code, and in the message the order's id and why. */
export function answerRefusal(id: string, result: Extract<AnswerResult, { ok: false }>): { type: 'error'; code: string; message: string } {
  return { type: 'error', code: result.code, message: `answer ${JSON.stringify(id)}: ${result.error}` };
}
