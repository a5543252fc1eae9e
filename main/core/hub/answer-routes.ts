/**
 * The hub's HTTP API for an order's state: `GET /api/orders/:id` (the order, its state and
 * history) and `POST /api/orders/:id/state` (answer it). Token rules as for …/handled.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Journal } from '../journal/journal';
import { currentState, readAnswerRequest, type AnswerRequest, type StateChange } from '../orders/order-life';
import type { Answers } from './answers';
import { orderJson } from './api-queries';
import { headerDeviceName } from './device-name';
import { clientAddress, HttpError, readBody, sendJson } from './http';

const ANSWER_BODY_MAX = 4096;
const STATUS_OF = { 'bad-answer': 400, 'not-allowed': 409, 'answered-already': 409, 'unknown-order': 404, storage: 503 } as const;

/** An order as the API answers it, with its state and the history of its states. */
export function orderWithState(journal: Journal, stored: Parameters<typeof orderJson>[0] & { id?: string; order: { id: string } }) {
  const history = journal.stateHistory(stored.order.id);
  return { ...orderJson(stored), state: currentState(history, Boolean(stored.handled)), history };
}

export function getOrder(journal: Journal, res: ServerResponse, id: string): void {
  const stored = journal.get(id);
  if (!stored) throw new HttpError(404, `no order with id ${JSON.stringify(id)}`);
  sendJson(res, 200, orderWithState(journal, stored));
}

export async function postState(answers: Answers, req: IncomingMessage, res: ServerResponse, id: string): Promise<void> {
  const request = answerBody(await readBody(req, ANSWER_BODY_MAX));
  const by = headerDeviceName(req.headers['x-orderbell-device']) || `api@${clientAddress(req)}`;
  const result = await answers.answer(id, request, by);
  if (!result.ok) throw new HttpError(STATUS_OF[result.code], result.error);
  sendJson(res, 200, result.change satisfies StateChange);
}

/** The body of POST …/state: `{"state": "accepted", "readyInMin": 20}` and the like. */
function answerBody(body: Buffer): AnswerRequest {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw new HttpError(400, 'body: must be JSON, e.g. {"state":"accepted","readyInMin":20}');
  }
  const request = readAnswerRequest(parsed);
  if (typeof request === 'string') throw new HttpError(400, request);
  return request;
}
