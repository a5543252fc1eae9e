/**
 * Protocol v1.1's state messages (docs/protocol.md, "Answering orders"): the hub tells devices
 * that asked for them in hello (`states: true`) each change of an order's state, and a device
 * answers an order with `answer`. A v1 device never asks, so it is never sent one.
 */
import { ORDER_ID_MAX } from '../orders/order';
import { isOrderState, ORDER_STATES, readStateChange, REASON_MAX, type AnswerRequest, type StateChange } from '../orders/order-life';

export type StateServerMessage = { type: 'state'; change: StateChange };
export type AnswerClientMessage = { type: 'answer'; id: string } & AnswerRequest;

/** Decodes a `state` message; a string says what is wrong. */
export function decodeStateMessage(message: Record<string, unknown>): StateServerMessage | string {
  const change = readStateChange(message.change);
  return typeof change === 'string' ? `state.${change}` : { type: 'state', change };
}

/** Decodes an `answer` message; a string says what is wrong. The hub checks what the answer asks for. */
export function decodeAnswerMessage(message: Record<string, unknown>): AnswerClientMessage | string {
  const { id, state, readyAt, readyInMin, reason, after } = message;
  if (typeof id !== 'string' || id.length === 0 || id.length > ORDER_ID_MAX) return `answer.id: must be an order id of 1 to ${ORDER_ID_MAX} characters`;
  if (!isOrderState(state)) return `answer.state: must be one of ${ORDER_STATES.join(', ')}`;
  const answer: AnswerClientMessage = { type: 'answer', id, state };
  if (readyAt !== undefined) {
    if (typeof readyAt !== 'string' || readyAt.length > 64) return 'answer.readyAt: must be an ISO 8601 date and time';
    answer.readyAt = readyAt;
  }
  if (readyInMin !== undefined) {
    if (!Number.isSafeInteger(readyInMin)) return 'answer.readyInMin: must be a whole number of minutes';
    answer.readyInMin = readyInMin as number;
  }
  if (reason !== undefined) {
    if (typeof reason !== 'string' || reason.length > REASON_MAX) return `answer.reason: must be a text of at most ${REASON_MAX} characters`;
    answer.reason = reason;
  }
  if (after !== undefined) {
    if (!Number.isSafeInteger(after) || (after as number) < 0) return 'answer.after: must be a non-negative integer';
    answer.after = after as number;
  }
  return answer;
}
