import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { freePort } from '../../../test/cli';
import { defer, tempDir, waitFor } from '../../../test/helpers';
import { post, startHubProcess, TOKEN } from '../../../test/hub-process';
import { Journal } from '../journal/journal';

const ORDERS = 30_000;
const RESUMING = 20;

/**
 * A hub data dir of ORDERS orders that came in a rush two hours ago and were all handled half
 * an hour ago: a device that had them all and was away since has every mark to learn.
 */
async function handledWhileAway(): Promise<string> {
  const dataDir = join(await tempDir(), 'hub');
  await mkdir(dataDir, { recursive: true });
  const clock = Date.now() - 2 * 3600_000;
  const journal = await Journal.open(join(dataDir, 'hub-journal.log'), { now: () => clock, maxOrders: ORDERS * 2 });
  await journal.resetEpoch('lunch');
  const at = new Date(Date.now() - 30 * 60_000).toISOString();
  for (let from = 0; from < ORDERS; from += 1000) {
    const ids = Array.from({ length: 1000 }, (_, i) => `L-${from + i}`);
    await Promise.all(ids.map((id) => journal.append({ id }, 'next')));
    await Promise.all(ids.map((id) => journal.markHandled(id, 'Till 1', at)));
  }
  await journal.close();
  return dataDir;
}

/** A device on its own socket: the ids of the handled marks it heard, and when it was welcomed. */
function device(port: number, hello: (epoch: string) => object) {
  const socket = new WebSocket(`ws://127.0.0.1:${port}/ws`, { headers: { Authorization: `Bearer ${TOKEN}` }, perMessageDeflate: false });
  const seen = { handled: new Set<string>(), orders: [] as string[], welcomedAt: 0, error: '' };
  socket.on('message', (data) => {
    const text = data.toString();
    if (text.startsWith('{"type":"handled"')) {
      const from = text.indexOf('"id":"') + 6;
      seen.handled.add(text.slice(from, text.indexOf('"', from)));
    }
    else if (text.startsWith('{"type":"order"')) seen.orders.push(text);
    else if (text.startsWith('{"type":"welcome"')) {
      seen.welcomedAt = Date.now();
      socket.send(JSON.stringify(hello((JSON.parse(text) as { epoch: string }).epoch)));
    }
  });
  socket.on('unexpected-response', (_request, response) => (seen.error = `HTTP ${response.statusCode}`));
  socket.on('error', (error) => (seen.error ||= error.message));
  defer(() => socket.terminate());
  return seen;
}

describe('devices resuming at once on a big journal', () => {
  it(`connects a device promptly while ${RESUMING} others each learn ${ORDERS.toLocaleString('en')} marks, and loses none`, async () => {
    const dataDir = await handledWhileAway();
    const port = await freePort();
    await startHubProcess(dataDir, port, ['--keep-orders', String(ORDERS * 2)]);
    const resumeAtEnd = (epoch: string) => ({ type: 'hello', epoch, lastSeq: ORDERS, device: 'till' });
    const resuming = Array.from({ length: RESUMING }, () => device(port, resumeAtEnd));
    await waitFor(() => resuming.every((d) => d.handled.size > 0 || d.error), 30_000, 'every device to start catching up');

    // While they catch up: a device that connects is greeted and hears a new order.
    const connectedAt = Date.now();
    const late = device(port, (epoch) => ({ type: 'hello', epoch, lastSeq: ORDERS, device: 'phone' }));
    await waitFor(() => late.welcomedAt > 0 || late.error !== '', 10_000, 'the late device to be welcomed');
    expect(late.error).toBe('');
    // Beyond the hub's 10 s for a request's headers a waiting upgrade is answered 408.
    expect(late.welcomedAt - connectedAt).toBeLessThan(10_000);
    expect((await post(port, 'NEW-1'))?.status).toBe(201);
    await waitFor(() => late.orders.some((frame) => frame.includes('"NEW-1"')), 10_000, 'the new order at the late device');

    await waitFor(() => resuming.every((d) => d.handled.size === ORDERS || d.error), 120_000, 'every mark at every resuming device');
    for (const d of resuming) {
      expect(d.error).toBe('');
      expect(d.handled.size).toBe(ORDERS);
      expect(d.orders.some((frame) => frame.includes('"NEW-1"'))).toBe(true);
    }
  }, 240_000);
});
