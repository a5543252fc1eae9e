/**
 * Protocol v1.1's state messages (docs/protocol.md, "Answering orders"): the hub tells devices
 * that asked for them in hello (`states: true`) each change of an order's state, and a device
 * answers an order with `answer`. A v1 device never asks, so it is never sent one.
 */
import { ORDER_ID_MAX } from '../orders/order';
import { readAnswerRequest, readStateChange, type AnswerRequest, type StateChange } from '../orders/order-life';

export type StateServerMessage = { type: 'state'; change: StateChange };
export type AnswerClientMessage = { type: 'answer'; id: string } & AnswerRequest;

/** Decodes a `state` message; a string says what is wrong. */
export function decodeStateMessage(message: Record<string, unknown>): StateServerMessage | string {
  const change = readStateChange(message.change);
  return typeof change === 'string' ? `state.${change}` : { type: 'state', change };
}

/** Decodes an `answer` message; a string says what is wrong. The hub checks what the answer asks for. */
export function decodeAnswerMessage(message: Record<string, unknown>): AnswerClientMessage | string {
  const { id } = message;
  if (typeof id !== 'string' || id.length === 0 || id.length > ORDER_ID_MAX) return `answer.id: must be an order id of 1 to ${ORDER_ID_MAX} characters`;
  const request = readAnswerRequest(message);
  return typeof request === 'string' ? `answer.${request}` : { type: 'answer', id, ...request };
}
