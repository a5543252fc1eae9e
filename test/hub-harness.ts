/** Starting a real hub on an ephemeral loopback port, and talking to it as a backend would. */
import { join } from 'node:path';
import { request } from 'node:http';
import WebSocket from 'ws';
import { Hub, type HubInfo, type HubOptions } from '../main/core/hub/hub';
import { defer, tempDir } from './helpers';

export interface RunningHub {
  hub: Hub;
  info: HubInfo;
  dataDir: string;
  logs: string[];
  wsUrl: string;
  post(body: unknown, init?: { contentType?: string; token?: string | null; headers?: Record<string, string> }): Promise<Answer>;
  get(path: string, token?: string | null): Promise<Answer>;
  stop(): Promise<void>;
}

export interface Answer {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
}

export async function startHub(options: Partial<HubOptions> = {}): Promise<RunningHub> {
  const dataDir = options.dataDir ?? join(await tempDir(), 'hub');
  const logs: string[] = [];
  const hub = new Hub({ port: 0, token: 'test-token-0123456789', log: (line) => logs.push(line), ...options, dataDir });
  const info = await hub.start();
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await hub.stop();
  };
  defer(stop);
  const auth = (token: string | null | undefined): Record<string, string> =>
    token === null ? {} : { Authorization: `Bearer ${token ?? info.token}` };
  return {
    hub,
    info,
    dataDir,
    logs,
    wsUrl: `ws://127.0.0.1:${info.port}/ws`,
    stop,
    async post(body, init = {}) {
      const text = typeof body === 'string' ? body : JSON.stringify(body);
      const response = await fetch(`${info.url}/api/orders`, {
        method: 'POST',
        headers: { 'Content-Type': init.contentType ?? 'application/json', ...auth(init.token), ...init.headers },
        body: text,
      });
      return answer(response);
    },
    async get(path, token) {
      return answer(await fetch(`${info.url}${path}`, { headers: auth(token) }));
    },
  };
}

async function answer(response: Response): Promise<Answer> {
  const text = await response.text();
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    body = { raw: text };
  }
  return { status: response.status, body, headers: response.headers };
}

/** A bare protocol client, for tests that need to misbehave at the frame level. */
export async function rawClient(url: string, token: string, headers: Record<string, string> = {}): Promise<{ socket: WebSocket; messages: Record<string, unknown>[] }> {
  const socket = new WebSocket(url, { headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...headers } });
  const messages: Record<string, unknown>[] = [];
  socket.on('message', (data) => messages.push(JSON.parse(data.toString()) as Record<string, unknown>));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  defer(() => socket.terminate());
  return { socket, messages };
}

/** The status and body of a refused WebSocket upgrade. */
export function upgradeRefusal(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    socket.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    socket.on('open', () => reject(new Error('the upgrade was accepted')));
    socket.on('error', () => {});
  });
}

/** A request through node:http, which, unlike fetch, may set any Host header. */
export function rawRequest(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: init.method ?? 'GET', headers: init.headers, agent: false }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

/** The answer to a WebSocket upgrade request, read from its response headers. */
export function upgradeAnswer(url: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = request(url.replace(/^ws/, 'http'), {
      agent: false,
      headers: { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==', ...headers },
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve({ status: res.statusCode ?? 0, headers: res.headers });
    });
    req.on('response', (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, headers: res.headers });
    });
    req.on('error', reject);
    req.end();
  });
}
