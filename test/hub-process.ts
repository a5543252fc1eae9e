/** A real hub process (the built `orderbell hub`), and requests to it as a backend makes them. */
import { request as httpRequest } from 'node:http';
import { expect } from 'vitest';
import { runCli, type CliProcess } from './cli';

export const TOKEN = 'crash-test-token-0123456789';

export async function startHubProcess(dataDir: string, port: number, flags: string[] = [], faketime?: string[]): Promise<CliProcess> {
  const hub = runCli(['hub', '--port', String(port), '--data', dataDir, '--token', TOKEN, '--rate-limit', '10000', ...flags], { faketime });
  await hub.waitForStdout(/listening on/);
  return hub;
}

export async function stopHubProcess(hub: CliProcess): Promise<void> {
  hub.kill('SIGTERM');
  await hub.exited;
  expect(hub.stdout()).toMatch(/ stopped\n$/);
}

export async function killHubProcess(hub: CliProcess): Promise<void> {
  hub.kill('SIGKILL');
  await hub.exited;
}

/**
 * One request on a connection of its own: a pooled keep-alive connection to a hub killed a
 * moment ago could be picked up before its close was noticed, and fail a request to the new one.
 */
export function request(port: number, method: string, path: string, body?: unknown, extraHeaders: Record<string, string> = {}): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { Authorization: `Bearer ${TOKEN}`, ...extraHeaders };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers, agent: false, timeout: 5000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString()) }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('no answer in 5 s')));
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

export async function post(port: number, id: string, extra: Record<string, unknown> = {}): Promise<{ status: number; seq?: number } | undefined> {
  try {
    const { status, body } = await request(port, 'POST', '/api/orders', { id, ...extra });
    const { seq } = body as { seq?: number };
    return { status, ...(seq !== undefined ? { seq } : {}) };
  } catch {
    return undefined; // the hub died under this request (or never answered): no promise made
  }
}

export async function get<T>(port: number, path: string): Promise<T> {
  return (await request(port, 'GET', path)).body as T;
}
