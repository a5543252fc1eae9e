/**
 * Protocol v1: JSON text frames over WebSocket. docs/protocol.md is the prose version of
 * this file; the two must say the same thing.
 */
import { validateOrder, ORDER_ID_MAX, type HandledState, type Order, type Validated } from '../orders/order';
import { hasUnsafeChars, oneLine } from '../orders/untrusted-text';
import { decodeAnswerMessage, decodeStateMessage, type AnswerClientMessage, type StateServerMessage } from './state-messages';
import { validateBumpAction, validateBumps, type BumpAction, type OrderBumps } from '../orders/bumps';
import { validateStations, type Station } from '../orders/stations';

/** Largest message either side accepts, in bytes. */
export const MAX_MESSAGE_BYTES = 64 * 1024;

/**
 * The heartbeat a client asks for with `hello.heartbeat`: the server sends `ping` this
 * often, ms. Browsers cannot see WebSocket pings, so liveness has to travel as a message.
 */
export const HEARTBEAT_INTERVAL_MS = 6_000;
/** Either side takes a link on which nothing arrived for this long as dead, ms (2.5 intervals). */
export const HEARTBEAT_TIMEOUT_MS = 15_000;

export type ServerMessage =
  | { type: 'welcome'; epoch: string; lastSeq: number }
  /** `receivedAt`: when the hub stored the order (ISO 8601), so every device shows the same time. */
  | { type: 'order'; seq: number; order: Order; handled?: HandledState; receivedAt?: string }
  | { type: 'handled'; id: string; by: string; at: string }
  | { type: 'error'; code: string; message: string }
  | { type: 'ping' }
  /** v1.1, only to a device whose hello asked for `states`: an order's state changed. */
  | StateServerMessage
  /**
   * The answer to a hello whose `lastId` is not the server's order at `seq`: the two histories
   * differ, so the server replays all it holds and the client takes what it knows by id.
   */
  | { type: 'mismatch'; seq: number }
  /** Kitchen display: the hub's stations, sent after hello (docs/stations.md). */
  | { type: 'stations'; stations: Station[] }
  /** Kitchen display: an order's whole bump state, after each change and after a replay. */
  | { type: 'bumps'; id: string; bumps: OrderBumps };

/**
 * The close code of a connection whose hello the server refused; the reason says why. The
 * device is not connected: it shows the reason and alarms as when offline.
 */
export const HELLO_REFUSED_CLOSE = 4400;

export type ClientMessage =
  /** `lastId`: the id of the order the client holds at `lastSeq` (log matching, docs/protocol.md). */
  /** `states`: v1.1, the device takes `state` messages. */
  | { type: 'hello'; epoch: string | null; lastSeq: number; lastId?: string; device?: string; heartbeat?: boolean; states?: boolean }
  | { type: 'ack'; seq: number }
  | { type: 'handle'; id: string }
  /** v1.1: answer an order (accept, reject, ready, done, or back to an earlier state). */
  | AnswerClientMessage
  | ({ type: 'bump'; id: string } & BumpAction)
  | { type: 'pong' };

class MessageError extends Error {}

function fail(message: string): never {
  throw new MessageError(message);
}

function orFail<T>(decoded: T | string): T {
  return typeof decoded === 'string' ? fail(decoded) : decoded;
}

function field<T>(message: Record<string, unknown>, name: string, check: (v: unknown) => v is T, want: string): T {
  const value = message[name];
  if (!check(value)) fail(`${String(message.type)}.${name}: must be ${want}`);
  return value;
}

const isSeq = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const isId = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= ORDER_ID_MAX;
/** What an order's id may be (order.ts): a hello's lastId also goes into the hub's log lines. */
const isOrderId = (v: unknown): v is string => isId(v) && !hasUnsafeChars(v);
const isString = (v: unknown): v is string => typeof v === 'string';
const isShortString = (v: unknown): v is string => isString(v) && v.length <= 256;
const isEpoch = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 64;
const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean';
const isEpochOrNull = (v: unknown): v is string | null => v === null || isEpoch(v);
const isTimestamp = (v: unknown): v is string => typeof v === 'string' && v.length <= 64 && Number.isFinite(Date.parse(v));

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseFrame(data: string): Record<string, unknown> {
  if (data.length > MAX_MESSAGE_BYTES) fail(`message: larger than ${MAX_MESSAGE_BYTES} bytes`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch (error) {
    fail(`message: not valid JSON (${(error as Error).message})`);
  }
  if (!isRecord(parsed)) fail('message: must be a JSON object');
  if (typeof parsed.type !== 'string') fail('message.type: must be a string');
  return parsed;
}

function checked<T>(type: string, result: { ok: true; value: T } | { ok: false; error: string }): T {
  if (!result.ok) fail(result.error.startsWith(type) ? result.error : `${type}.${result.error}`);
  return result.value;
}

function handledState(value: unknown): HandledState | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value) || !isShortString(value.by) || !isShortString(value.at)) {
    fail('order.handled: must be {"by": string, "at": string}');
  }
  // `by` is a device's name, shown on every screen: one plain line, whatever the server sent.
  return { by: oneLine(value.by), at: value.at };
}

function decodeServer(message: Record<string, unknown>): ServerMessage {
  switch (message.type) {
    case 'welcome':
      return {
        type: 'welcome',
        epoch: field(message, 'epoch', isEpoch, 'a non-empty string of at most 64 characters'),
        lastSeq: field(message, 'lastSeq', isSeq, 'a non-negative integer'),
      };
    case 'order': {
      const seq = field(message, 'seq', isSeq, 'a non-negative integer');
      const order = validateOrder(message.order);
      if (!order.ok) fail(`order.${order.error}`);
      const decoded: ServerMessage = { type: 'order', seq, order: order.value };
      const handled = handledState(message.handled);
      if (handled) decoded.handled = handled;
      if (message.receivedAt !== undefined) decoded.receivedAt = field(message, 'receivedAt', isTimestamp, 'an ISO 8601 date and time');
      return decoded;
    }
    case 'handled':
      return {
        type: 'handled',
        id: field(message, 'id', isId, `an order id of 1 to ${ORDER_ID_MAX} characters`),
        by: oneLine(field(message, 'by', isShortString, 'a string')),
        at: field(message, 'at', isShortString, 'a string'),
      };
    case 'error':
      return {
        type: 'error',
        code: String(message.code ?? 'unknown').slice(0, 64),
        message: oneLine(String(message.message ?? '').slice(0, 1024)),
      };
    case 'ping':
      return { type: 'ping' };
    case 'mismatch':
      return { type: 'mismatch', seq: field(message, 'seq', isSeq, 'a non-negative integer') };
    case 'state':
      return orFail(decodeStateMessage(message));
    case 'stations':
      return { type: 'stations', stations: checked('stations', validateStations(message.stations)) };
    case 'bumps':
      return { type: 'bumps', id: field(message, 'id', isId, `an order id of 1 to ${ORDER_ID_MAX} characters`), bumps: checked('bumps', validateBumps(message.bumps)) };
    default:
      fail(`message.type: unknown type '${String(message.type).slice(0, 32)}'`);
  }
}

function decodeClient(message: Record<string, unknown>): ClientMessage {
  switch (message.type) {
    case 'hello': {
      const hello: ClientMessage = {
        type: 'hello',
        epoch: field(message, 'epoch', isEpochOrNull, 'a string or null'),
        lastSeq: field(message, 'lastSeq', isSeq, 'a non-negative integer'),
      };
      if (message.lastId !== undefined) {
        hello.lastId = field(message, 'lastId', isOrderId, `an order id of 1 to ${ORDER_ID_MAX} characters, without control, line-break or bidi-control characters`);
      }
      // Any name: each side keeps it by the same rule (orders/device-name.ts), so none is refused for its length.
      if (message.device !== undefined) hello.device = field(message, 'device', isString, 'a string');
      if (message.heartbeat !== undefined) hello.heartbeat = field(message, 'heartbeat', isBoolean, 'true or false');
      if (message.states !== undefined) hello.states = field(message, 'states', isBoolean, 'true or false');
      return hello;
    }
    case 'ack':
      return { type: 'ack', seq: field(message, 'seq', isSeq, 'a non-negative integer') };
    case 'handle':
      return { type: 'handle', id: field(message, 'id', isId, `an order id of 1 to ${ORDER_ID_MAX} characters`) };
    case 'bump':
      return { type: 'bump', id: field(message, 'id', isId, `an order id of 1 to ${ORDER_ID_MAX} characters`), ...checked('bump', validateBumpAction(message)) };
    case 'pong':
      return { type: 'pong' };
    case 'answer':
      return orFail(decodeAnswerMessage(message));
    default:
      fail(`message.type: unknown type '${String(message.type).slice(0, 32)}'`);
  }
}

function decodeWith<T>(data: string, decode: (m: Record<string, unknown>) => T): Validated<T> {
  try {
    return { ok: true, value: decode(parseFrame(data)) };
  } catch (error) {
    if (error instanceof MessageError) return { ok: false, error: error.message };
    throw error;
  }
}

/** Decodes a frame a server sent; never throws on bad input. */
export function decodeServerMessage(data: string): Validated<ServerMessage> {
  return decodeWith(data, decodeServer);
}

/** Decodes a frame a client sent; never throws on bad input. */
export function decodeClientMessage(data: string): Validated<ClientMessage> {
  return decodeWith(data, decodeClient);
}

export function encode(message: ServerMessage | ClientMessage): string {
  return JSON.stringify(message);
}
