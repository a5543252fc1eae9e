/**
 * A webhook target: each state change (and `order.unanswered`) POSTed as JSON to the shop's
 * backend, signed with the webhook's secret. Headers (docs/integration.md shows how to check them):
 *   Idempotency-Key: <order id>:<seq>        the same on every retry of one change
 *   X-OrderBell-Timestamp: <unix seconds>    when this attempt was signed
 *   X-OrderBell-Signature: sha256=<hex>      HMAC-SHA256(secret, "<timestamp>.<raw body>")
 * Signing the timestamp with the body lets a receiver refuse an old request replayed.
 * Only a 2xx answer counts; a redirect is not followed (a signed body must not go where
 * nobody configured it to) and is a failure that says so.
 */
import { createHmac } from 'node:crypto';
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { OutboxTarget } from './outbox';
import { idempotencyKey, outboxEvent, type OutboxItem } from './state-change';

export interface WebhookConfig {
  url: string;
  secret: string;
}

export const SIGNATURE_HEADER = 'X-OrderBell-Signature';
export const TIMESTAMP_HEADER = 'X-OrderBell-Timestamp';
const DEFAULT_TIMEOUT_MS = 10_000;
/** Enough of an error answer's body to say why. */
const ERROR_BODY_CHARS = 200;

export function signature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export class WebhookTarget implements OutboxTarget {
  readonly name: string;
  private readonly url: URL;
  private readonly agent: HttpAgent;

  constructor(
    private readonly config: WebhookConfig,
    private readonly timeoutMs = DEFAULT_TIMEOUT_MS,
  ) {
    this.url = new URL(config.url);
    if (this.url.protocol !== 'http:' && this.url.protocol !== 'https:') throw new Error(`a webhook must be an http:// or https:// URL, got ${config.url}`);
    if (config.secret === '') throw new Error(`the webhook ${config.url} needs a secret`);
    // The name goes into logs and the status bar: never a password in the URL.
    this.name = `webhook ${this.url.origin}${this.url.pathname}`;
    this.agent = this.url.protocol === 'https:' ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true });
  }

  deliver(item: OutboxItem): Promise<void> {
    const body = JSON.stringify(outboxEvent(item));
    const timestamp = String(Math.floor(Date.now() / 1000));
    const headers = {
      'Content-Type': 'application/json',
      'Content-Length': String(Buffer.byteLength(body)),
      'Idempotency-Key': idempotencyKey(item),
      [TIMESTAMP_HEADER]: timestamp,
      [SIGNATURE_HEADER]: signature(this.config.secret, timestamp, body),
      'User-Agent': 'OrderBell',
    };
    const send = this.url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = send(this.url, { method: 'POST', headers, agent: this.agent, timeout: this.timeoutMs }, (res) => {
        answered(res).then(resolve, reject);
      });
      req.on('timeout', () => req.destroy(new Error(`no answer within ${this.timeoutMs < 1000 ? `${this.timeoutMs} ms` : `${Math.round(this.timeoutMs / 1000)} s`}`)));
      req.on('error', (error: NodeJS.ErrnoException) => reject(new Error(reachFailure(error, this.url))));
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

async function answered(res: IncomingMessage): Promise<void> {
  const status = res.statusCode ?? 0;
  let text = '';
  for await (const chunk of res) if (text.length < ERROR_BODY_CHARS) text += String(chunk);
  if (status >= 200 && status < 300) return;
  if (status >= 300 && status < 400) {
    const to = res.headers.location ? ` to ${res.headers.location}` : '';
    throw new Error(`answered ${status}, a redirect${to}; webhooks do not follow redirects: set the final URL`);
  }
  const said = text.replace(/\s+/g, ' ').trim().slice(0, ERROR_BODY_CHARS);
  throw new Error(`answered ${status}${said ? `: ${said}` : ''}`);
}

function reachFailure(error: NodeJS.ErrnoException, url: URL): string {
  switch (error.code) {
    case 'ECONNREFUSED':
      return `cannot reach ${url.host}: nothing listens there (connection refused)`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `cannot find ${url.hostname} (DNS)`;
    case 'ECONNRESET':
      return `${url.host} closed the connection without an answer`;
    default:
      return error.code && !error.message.includes(error.code) ? `${error.message} (${error.code})` : error.message;
  }
}
