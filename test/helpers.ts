/** Shared test plumbing: temp folders, waiting on conditions, loopback servers. */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { Server as NetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { WebSocketServer } from 'ws';
import type { TlsKeyPair } from './tls-certs';

const cleanups: (() => Promise<unknown>)[] = [];

afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => {});
});

/** Runs `cleanup` after the current test, last registered first. */
export function defer(cleanup: () => Promise<unknown> | unknown): void {
  cleanups.push(async () => cleanup());
}

export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'orderbell-test-'));
  defer(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** `what` may be a function, to name the state found when the wait timed out. */
export async function waitFor(check: () => boolean, timeoutMs = 5000, what: string | (() => string) = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${typeof what === 'function' ? what() : what}`);
    await sleep(5);
  }
}

/** `waitFor` for a check that must ask something asynchronously (a file, a server). */
export async function waitForAsync(check: () => Promise<boolean>, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(20);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A real ws server on 127.0.0.1 with an ephemeral port (or `port` to reuse one after a restart); with `tls`, a wss:// one. */
export async function wsServer(port = 0, options: ConstructorParameters<typeof WebSocketServer>[0] = {}, tls?: TlsKeyPair): Promise<WebSocketServer> {
  const server = tls ? await wssOver(port, options, tls) : new WebSocketServer({ host: '127.0.0.1', port, ...options });
  await new Promise<void>((resolve, reject) => {
    if (tls) return resolve();
    server.once('listening', resolve);
    server.once('error', reject);
  });
  defer(() => closeWsServer(server));
  return server;
}

/** The https servers beneath wss:// servers: ws does not close a server it was given. */
const httpsBeneath = new WeakMap<WebSocketServer, HttpsServer>();

async function wssOver(port: number, options: ConstructorParameters<typeof WebSocketServer>[0], tls: TlsKeyPair): Promise<WebSocketServer> {
  const https = createHttpsServer(tls);
  await new Promise<void>((resolve, reject) => {
    https.once('error', reject);
    https.listen(port, '127.0.0.1', resolve);
  });
  const server = new WebSocketServer({ ...options, server: https });
  httpsBeneath.set(server, https);
  return server;
}

export async function closeWsServer(server: WebSocketServer): Promise<void> {
  for (const client of server.clients) client.terminate();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  const https = httpsBeneath.get(server);
  if (!https?.listening) return;
  https.closeAllConnections();
  await new Promise((resolve) => https.close(resolve));
}

/** Listens on 127.0.0.1 at an ephemeral port, closed after the test; resolves to the port. */
export async function listenOnLoopback(server: NetServer): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  defer(() => new Promise((resolve) => server.close(resolve)));
  return (server.address() as { port: number }).port;
}

export function portOf(server: WebSocketServer): number {
  return (server.address() as { port: number }).port;
}

/** A temp folder for a whole test file's server (made in beforeAll): removed by `remove`, in afterAll. */
export async function suiteDir(): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'orderbell-suite-'));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}
