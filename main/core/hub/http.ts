/** Small HTTP helpers for the hub: JSON answers, bounded bodies, errors with a status. */
import type { IncomingMessage, ServerOptions, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { STATUS_CODES } from 'node:http';
import { isUtf8 } from 'node:buffer';

/** An error that becomes an HTTP answer: `{"error": message}` with `status`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** What every answer tells keep-alive clients (`Keep-Alive: timeout=5`): how long an idle connection may be reused. */
export const KEEP_ALIVE_ADVERTISED_S = 5;
/**
 * How much longer than it advertises the hub really keeps an idle connection. Node's and
 * undici's agents drop a pooled connection 1 s before the advertised timeout; a client whose
 * loop stalled longer than that (a busy till) may still send its next POST on it. Were the hub
 * to close at the advertised timeout, that POST would meet a reset; with the grace it is served.
 */
export const KEEP_ALIVE_GRACE_S = 10;
export const KEEP_ALIVE_HEADER = `timeout=${KEEP_ALIVE_ADVERTISED_S}`;

/**
 * Node 20 lets a request's headers take 60 s and the whole request 300 s, checked only every
 * 30 s: a connection trickling bytes holds a descriptor for minutes. Orders are small and come
 * from the LAN, so seconds are plenty. An idle kept-alive connection is not a request:
 * neither timeout touches it, only `keepAliveTimeout`.
 */
export function serverTimeouts(options: { headersTimeoutMs?: number; requestTimeoutMs?: number }): ServerOptions {
  const headersTimeout = options.headersTimeoutMs ?? 10_000;
  return {
    headersTimeout,
    requestTimeout: Math.max(headersTimeout, options.requestTimeoutMs ?? 30_000),
    keepAliveTimeout: (KEEP_ALIVE_ADVERTISED_S + KEEP_ALIVE_GRACE_S) * 1000,
    // Half the headers timeout: a trickling client is cut within 1.5 × it, and an idle hub wakes every few seconds, not every second.
    connectionsCheckingInterval: headersTimeout / 2,
  };
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...headers,
  });
  res.end(text);
}

/** What every answer to an order's POST carries but its length, made once: it is the hub's hot path. */
const ORDER_ANSWER_HEAD = ['Content-Type', 'application/json; charset=utf-8', 'Cache-Control', 'no-store', 'X-Content-Type-Options', 'nosniff', 'Keep-Alive', KEEP_ALIVE_HEADER];

/** `sendJson` for an order's POST, which sets no header before it: the head goes to Node as one list, with Keep-Alive. */
export function sendOrderAnswer(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, [...ORDER_ANSWER_HEAD, 'Content-Length', String(Buffer.byteLength(text))]);
  res.end(text);
}

/**
 * Answers with the error and closes the connection: a client that was refused gets no second
 * request on it, and one that announced a huge body cannot hold the connection by trickling it.
 */
export function sendError(res: ServerResponse, error: HttpError): void {
  if (res.headersSent || res.destroyed) return void res.destroy();
  res.removeHeader('Keep-Alive');
  sendJson(res, error.status, { error: error.message }, { ...error.headers, Connection: 'close' });
}

/** Answers an upgrade request that will not become a WebSocket, on the raw socket. */
export function rejectUpgrade(socket: Duplex, error: HttpError): void {
  const body = JSON.stringify({ error: error.message });
  const head = [
    `HTTP/1.1 ${error.status} ${STATUS_CODES[error.status] ?? ''}`,
    'Connection: close',
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    ...Object.entries(error.headers).map(([name, value]) => `${name}: ${value}`),
  ];
  socket.end(`${head.join('\r\n')}\r\n\r\n${body}`);
}

/** The media type of a request, lower-cased, without parameters. */
export function mediaType(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}

/** Reads a request body of at most `limit` bytes; a larger one is a 413 and is not read further. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (declared > limit) {
    return Promise.reject(new HttpError(413, `body is ${declared} bytes; the limit is ${limit} bytes`));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new HttpError(413, `body is over the limit of ${limit} bytes`));
        req.removeAllListeners('data');
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    // A client that goes away mid-body is its own business, not the hub's internal error.
    const gone = () => reject(new HttpError(400, `the client closed the connection after ${size} bytes of the body`));
    req.on('error', gone);
    req.on('close', () => {
      if (!req.complete) gone();
    });
  });
}

/** Decodes a body as UTF-8, refusing bytes that are not (checked first: no decoder made per request). */
export function utf8(body: Buffer): string {
  if (!isUtf8(body)) throw new HttpError(400, 'body is not valid UTF-8');
  // A leading byte order mark is dropped, as a UTF-8 decoder drops it.
  return body.toString('utf8', body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf ? 3 : 0);
}

/** The address a request came from, for rate limits and logs. */
export function clientAddress(req: IncomingMessage): string {
  return req.socket.remoteAddress ?? 'unknown';
}

/** Percent-decodes one path segment; malformed escapes are the client's error, not a crash. */
export function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new HttpError(400, `malformed percent-encoding in path: ${segment.slice(0, 64)}`);
  }
}
