/** Shared test plumbing: temp folders, waiting on conditions, loopback servers. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { WebSocketServer } from 'ws';

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

export async function waitFor(check: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(5);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A real ws server on 127.0.0.1 with an ephemeral port (or `port` to reuse one after a restart). */
export async function wsServer(port = 0, options: ConstructorParameters<typeof WebSocketServer>[0] = {}): Promise<WebSocketServer> {
  const server = new WebSocketServer({ host: '127.0.0.1', port, ...options });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  defer(() => closeWsServer(server));
  return server;
}

export function closeWsServer(server: WebSocketServer): Promise<void> {
  for (const client of server.clients) client.terminate();
  return new Promise((resolve) => server.close(() => resolve()));
}

export function portOf(server: WebSocketServer): number {
  return (server.address() as { port: number }).port;
}
