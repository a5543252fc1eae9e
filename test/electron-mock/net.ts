/**
 * The fake `net.request` (what electron-updater downloads with), on Node's http and limited to
 * loopback. It copies Electron's ClientRequest (docs/api/client-request.md,
 * lib/common/api/net-client-request.ts): a Writable whose end() starts the request; 'response'
 * with an IncomingMessage (a Readable with statusCode, statusMessage, headers); failures as
 * 'error' with Chromium's "net::ERR_…" message and no `code`, then 'close'; abort() emits
 * 'abort' and 'close'; redirects per the `redirect` mode ('manual': cancelled unless
 * followRedirect() is called during 'redirect'). Like Electron's, it never emits 'socket'.
 */
import { request as httpRequest, type IncomingMessage as NodeResponse, type ClientRequest as NodeRequest } from 'node:http';
import { Readable, Writable } from 'node:stream';
import { calls } from './calls';
import { FakeSession } from './session';

type RedirectMode = 'follow' | 'error' | 'manual';

export interface NetRequestOptions {
  method?: string;
  url?: string;
  headers?: Record<string, string | string[]>;
  session?: unknown;
  protocol?: string;
  host?: string;
  hostname?: string;
  port?: number | string;
  path?: string;
  redirect?: RedirectMode;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Chromium's names for the socket errors Node reports (net/base/net_error_list.h). */
const NET_ERRORS: Record<string, string> = {
  ECONNREFUSED: 'net::ERR_CONNECTION_REFUSED',
  ECONNRESET: 'net::ERR_CONNECTION_RESET',
  ETIMEDOUT: 'net::ERR_CONNECTION_TIMED_OUT',
  ENOTFOUND: 'net::ERR_NAME_NOT_RESOLVED',
  EHOSTUNREACH: 'net::ERR_ADDRESS_UNREACHABLE',
};

function netError(error: NodeJS.ErrnoException): Error {
  return new Error(NET_ERRORS[error.code ?? ''] ?? 'net::ERR_FAILED');
}

/** Electron's parseOptions: a url, or protocol/host/hostname/port/path in Node's model. */
function requestUrl(options: NetRequestOptions | string): URL {
  if (typeof options === 'string') return new URL(options);
  if (options.url) return new URL(options.url);
  const host = options.host ?? `${options.hostname ?? 'localhost'}${options.port ? `:${options.port}` : ''}`;
  return new URL(options.path ?? '/', `${options.protocol ?? 'http:'}//${host}`);
}

/** Chromium changes the method as browsers do: 303 to GET, and POST to GET on 301/302. */
function redirectMethod(status: number, method: string): string {
  if (status === 303 && method !== 'HEAD') return 'GET';
  return (status === 301 || status === 302) && method === 'POST' ? 'GET' : method;
}

export class FakeIncomingMessage extends Readable {
  readonly statusCode: number;
  readonly statusMessage: string;
  readonly headers: Record<string, string | string[]>;
  readonly rawHeaders: string[];
  readonly httpVersion: string;

  constructor(private readonly source: NodeResponse) {
    super();
    this.statusCode = source.statusCode ?? 0;
    this.statusMessage = source.statusMessage ?? '';
    // Node and Electron merge duplicate headers by the same rules (incoming-message.md, `headers`).
    this.headers = source.headers as Record<string, string | string[]>;
    this.rawHeaders = source.rawHeaders;
    this.httpVersion = source.httpVersion;
    source.on('data', (chunk: Buffer) => {
      if (!this.push(chunk)) source.pause();
    });
    source.on('end', () => this.push(null));
  }

  override _read(): void {
    this.source.resume();
  }
}

export class FakeClientRequest extends Writable {
  private readonly method: string;
  private readonly headers: Record<string, string | string[]>;
  private readonly redirectMode: RedirectMode;
  private url: URL;
  private body: Buffer[] = [];
  private current: NodeRequest | undefined;
  private response: FakeIncomingMessage | undefined;
  private aborted = false;
  private dead = false;
  private following: (() => void) | undefined;

  constructor(options: NetRequestOptions | string) {
    super({ autoDestroy: true });
    const given = typeof options === 'string' ? {} : options;
    this.url = requestUrl(options);
    if (this.url.protocol !== 'http:') throw new Error(`the Electron fake's net speaks only http:, not ${this.url.protocol}`);
    if (!LOOPBACK.has(this.url.hostname)) throw new Error(`tests reach only loopback, not ${this.url.hostname}`);
    this.method = (given.method ?? 'GET').toUpperCase();
    this.headers = { ...given.headers };
    if (given.session !== undefined && !(given.session instanceof FakeSession)) throw new TypeError('`session` should be an instance of the Session class');
    this.redirectMode = given.redirect ?? 'follow';
    if (!['follow', 'error', 'manual'].includes(this.redirectMode)) throw new Error('redirect mode should be one of follow, error or manual');
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.body.push(chunk);
    callback();
  }

  /** end(): the request goes out with everything written. */
  override _final(callback: () => void): void {
    calls.netRequests.push(`${this.method} ${this.url.href}`);
    this.send(this.method);
    callback();
  }

  followRedirect(): void {
    if (!this.following) throw new Error('followRedirect() called, but was not waiting for a redirect');
    this.following();
  }

  abort(): void {
    if (!this.aborted) process.nextTick(() => this.emit('abort'));
    this.aborted = true;
    this.die();
  }

  private send(method: string): void {
    const request = httpRequest(this.url, { method, headers: this.headers });
    this.current = request;
    request.on('response', (response) => this.received(response, method));
    request.on('error', (error) => this.die(netError(error)));
    request.end(method === 'GET' || method === 'HEAD' ? undefined : Buffer.concat(this.body));
  }

  private received(response: NodeResponse, method: string): void {
    const location = response.headers.location;
    const status = response.statusCode ?? 0;
    if (status >= 300 && status < 400 && location) {
      response.resume();
      return this.redirected(status, redirectMethod(status, method), new URL(location, this.url), response);
    }
    this.response = new FakeIncomingMessage(response);
    response.on('error', (error) => this.die(netError(error)));
    response.on('aborted', () => this.die(new Error('net::ERR_CONNECTION_RESET')));
    this.emit('response', this.response);
  }

  private redirected(status: number, method: string, target: URL, response: NodeResponse): void {
    if (this.redirectMode === 'error') return this.die(new Error("Attempted to redirect, but redirect policy was 'error'"));
    let follow = this.redirectMode === 'follow';
    this.following = () => (follow = true);
    const headers = Object.fromEntries(Object.entries(response.headersDistinct).map(([name, values]) => [name, values ?? []]));
    try {
      this.emit('redirect', status, method, target.href, headers);
    } finally {
      this.following = undefined;
    }
    if (this.aborted) return;
    if (!follow) return this.die(new Error('Redirect was cancelled'));
    this.url = target;
    this.send(method);
  }

  /** Electron's _die: the error (if any) as 'error', then 'close'; the transfer is cancelled. */
  private die(error?: Error): void {
    if (this.dead) return;
    this.dead = true;
    this.current?.destroy();
    this.response?.destroy(error);
    if (this.destroyed && error) this.emit('error', error);
    this.destroy(error);
  }
}

export const net = {
  request(options: NetRequestOptions | string): FakeClientRequest {
    return new FakeClientRequest(options);
  },
};
