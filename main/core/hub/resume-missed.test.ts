import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rawClient, startHub, type RunningHub } from '../../../test/hub-harness';
import { tempDir, waitFor } from '../../../test/helpers';
import { Journal } from '../journal/journal';

const HOUR = 3600_000;

/**
 * A hub data dir whose journal already holds A-1…A-6 from hours ago, A-1 and A-2 handled
 * long before A-6 arrived: a device that has A-6 has known of those marks since.
 */
async function dayOfOrders(): Promise<string> {
  const dataDir = join(await tempDir(), 'hub');
  await mkdir(dataDir, { recursive: true });
  let clock = Date.now() - 3 * HOUR;
  const journal = await Journal.open(join(dataDir, 'hub-journal.log'), { now: () => clock });
  await journal.resetEpoch('morning');
  for (const id of ['A-1', 'A-2', 'A-3', 'A-4', 'A-5']) await journal.append({ id }, 'next');
  for (const id of ['A-1', 'A-2']) await journal.markHandled(id, 'Till 1', new Date(clock + 10 * 60_000).toISOString());
  clock = Date.now() - 2 * HOUR;
  await journal.append({ id: 'A-6' }, 'next');
  await journal.close();
  return dataDir;
}

type Message = Record<string, unknown>;

async function resume(running: RunningHub, epoch: string, lastSeq: number, states: boolean) {
  const device = await rawClient(running.wsUrl, running.info.token);
  device.socket.send(JSON.stringify({ type: 'hello', epoch, lastSeq, device: 'Till 2', ...(states ? { states: true } : {}) }));
  return device;
}

async function answer(running: RunningHub, id: string, body: unknown): Promise<number> {
  const headers = { Authorization: `Bearer ${running.info.token}`, 'Content-Type': 'application/json', 'X-OrderBell-Device': 'Kitchen' };
  const response = await fetch(`${running.info.url}/api/orders/${id}/state`, { method: 'POST', headers, body: JSON.stringify(body) });
  return response.status;
}

async function markHandled(running: RunningHub, id: string): Promise<number> {
  const response = await fetch(`${running.info.url}/api/orders/${id}/handled`, { method: 'POST', headers: { Authorization: `Bearer ${running.info.token}` } });
  return response.status;
}

const handledIds = (messages: Message[]) => messages.filter((m) => m.type === 'handled').map((m) => m.id as string).sort();
const changes = (messages: Message[]) =>
  messages
    .filter((m) => m.type === 'state')
    .map((m) => m.change as { id: string; state: string })
    .map((c) => `${c.id} ${c.state}`)
    .sort();

describe('a device that resumes is sent what it missed of the orders it had, and only that', () => {
  it.each([
    ['v1.1', true],
    ['v1', false],
  ])('a %s device away while 3 orders are handled and 1 accepted gets exactly those', async (_version, states) => {
    const running = await startHub({ dataDir: await dayOfOrders() });
    const till = await resume(running, 'unknown', 0, states);
    await waitFor(() => till.messages.some((m) => m.type === 'welcome'));
    const epoch = till.messages.find((m) => m.type === 'welcome')!.epoch as string;
    // It catches up, hears A-7 live, and goes away.
    await waitFor(() => till.messages.filter((m) => m.type === 'order').length === 6);
    expect((await running.post({ id: 'A-7' })).status).toBe(201);
    await waitFor(() => till.messages.some((m) => m.type === 'order' && (m.order as Message).id === 'A-7'));
    const lastSeq = till.messages.filter((m) => m.type === 'order').at(-1)!.seq as number;
    till.socket.close();

    for (const id of ['A-3', 'A-4', 'A-7']) expect(await markHandled(running, id)).toBe(200);
    expect(await answer(running, 'A-5', { state: 'accepted', readyInMin: 20 })).toBe(200);

    const back = await resume(running, epoch, lastSeq, states);
    // A mark made after it resumed comes behind what it missed: its arrival says the resend is over.
    expect((await running.post({ id: 'A-8' })).status).toBe(201);
    await waitFor(() => back.messages.some((m) => m.type === 'order'));
    expect(await markHandled(running, 'A-8')).toBe(200);
    await waitFor(() => handledIds(back.messages).includes('A-8'), 10_000, 'the mark made after the resume');

    const missed = back.messages.filter((m) => (m.type === 'handled' || m.type === 'state') && m.id !== 'A-8' && (m.change as Message | undefined)?.id !== 'A-8');
    expect(handledIds(missed)).toEqual(['A-3', 'A-4', 'A-7']);
    expect(changes(missed)).toEqual(states ? ['A-3 done', 'A-4 done', 'A-5 accepted', 'A-7 done'] : []);
    back.socket.close();
  });

  it('a device that resumes after an order the hub no longer holds is sent every handled mark it retains', async () => {
    const running = await startHub({ dataDir: await dayOfOrders() });
    const till = await resume(running, 'unknown', 0, false);
    await waitFor(() => till.messages.some((m) => m.type === 'welcome'));
    const epoch = till.messages.find((m) => m.type === 'welcome')!.epoch as string;
    till.socket.close();
    // It names seq 9, which this hub never issued: nothing tells when it last heard from the hub.
    const back = await resume(running, epoch, 9, false);
    await waitFor(() => handledIds(back.messages).length === 2);
    expect(handledIds(back.messages)).toEqual(['A-1', 'A-2']);
    back.socket.close();
  });
});
