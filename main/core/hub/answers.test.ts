import { describe, expect, it } from 'vitest';
import { rawClient, startHub, type RunningHub } from '../../../test/hub-harness';
import { join } from 'node:path';
import { defer, tempDir, waitFor } from '../../../test/helpers';
import { Journal } from '../journal/journal';
import { Answers } from './answers';

async function answer(running: RunningHub, id: string, body: unknown, device = 'Till') {
  const response = await fetch(`${running.info.url}/api/orders/${encodeURIComponent(id)}/state`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${running.info.token}`, 'Content-Type': 'application/json', 'X-OrderBell-Device': device },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** A protocol device: v1.1 (`states: true`) or an old v1 one. */
async function device(running: RunningHub, name: string, states: boolean) {
  const client = await rawClient(running.wsUrl, running.info.token);
  client.socket.send(JSON.stringify({ type: 'hello', epoch: null, lastSeq: 0, device: name, ...(states ? { states: true } : {}) }));
  return client;
}

describe('answering orders at the hub', () => {
  it('takes each state over HTTP, keeps its history and shows it in the order, the list and history', async () => {
    const running = await startHub();
    await running.post({ id: 'A-1' });
    expect((await answer(running, 'A-1', { state: 'accepted', readyInMin: 20 })).body).toMatchObject({ id: 'A-1', state: 'accepted', by: 'Till', seq: 1, readyAt: expect.any(String) });
    expect((await answer(running, 'A-1', { state: 'ready' }, 'Kitchen')).status).toBe(200);
    expect((await answer(running, 'A-1', { state: 'done' })).status).toBe(200);
    const order = await running.get('/api/orders/A-1');
    expect(order.body).toMatchObject({ state: 'done', handled: { by: 'Till' }, order: { id: 'A-1' } });
    expect((order.body.history as { state: string; by: string }[]).map((c) => `${c.state} by ${c.by}`)).toEqual(['accepted by Till', 'ready by Kitchen', 'done by Till']);
    const list = await running.get('/api/orders?since=0');
    expect((list.body.orders as { state: string }[])[0]!.state).toBe('done');
    const history = await running.get('/api/history');
    expect((history.body.orders as { history: unknown[] }[])[0]!.history).toHaveLength(3);
  });

  it('reopens a done order and rejects with a reason; the reason is kept', async () => {
    const running = await startHub();
    await running.post({ id: 'B' });
    await answer(running, 'B', { state: 'done' });
    expect((await answer(running, 'B', { state: 'new' })).body).toMatchObject({ state: 'new', seq: 2 });
    expect((await answer(running, 'B', { state: 'rejected', reason: 'sold-out' })).body).toMatchObject({ state: 'rejected', reason: 'sold-out', seq: 3 });
    expect((await running.get('/api/orders/B')).body.state).toBe('rejected');
  });

  it.each([
    [{ state: 'cooking' }, 400, 'state: must be one of new, accepted, rejected, ready, done'],
    [{ state: 'accepted', readyAt: '2020-01-01T10:00:00Z' }, 400, 'readyAt: the ready time is in the past'],
    [{ state: 'accepted', readyInMin: 60 * 24 * 3 }, 400, 'readyAt: the ready time is more than 12 hours ahead'],
    [{ state: 'rejected' }, 400, 'reason: a rejected order needs a reason (sold-out, too-busy, closed, or your own words)'],
    [{ state: 'ready' }, 409, 'a new order cannot be set to ready'],
    ['not json', 400, 'body: must be JSON, e.g. {"state":"accepted","readyInMin":20}'],
  ])('refuses %j with %i and says why, changing nothing', async (body, status, error) => {
    const running = await startHub();
    await running.post({ id: 'C' });
    expect(await answer(running, 'C', body)).toEqual({ status, body: { error } });
    expect((await running.get('/api/orders/C')).body).toMatchObject({ state: 'new', history: [] });
  });

  it('answers 404 for an order that does not exist', async () => {
    const running = await startHub();
    expect(await answer(running, 'ghost', { state: 'done' })).toEqual({ status: 404, body: { error: 'no order with id "ghost"' } });
    expect((await running.get('/api/orders/ghost')).status).toBe(404);
  });

  it('lets the first of two devices answering at once win, and tells the second who did', async () => {
    const running = await startHub();
    await running.post({ id: 'D' });
    const till = await device(running, 'Till', true);
    const bar = await device(running, 'Bar', true);
    await waitFor(() => till.messages.some((m) => m.type === 'order') && bar.messages.some((m) => m.type === 'order'));
    till.socket.send(JSON.stringify({ type: 'answer', id: 'D', state: 'accepted', readyInMin: 10, after: 0 }));
    bar.socket.send(JSON.stringify({ type: 'answer', id: 'D', state: 'rejected', reason: 'too-busy', after: 0 }));
    await waitFor(() => bar.messages.some((m) => m.type === 'error'));
    expect(bar.messages.find((m) => m.type === 'error')).toEqual({ type: 'error', code: 'answered-already', message: expect.stringMatching(/^answer "D": already accepted by Till at /) });
    // Both devices hear the one change.
    for (const each of [till, bar]) {
      await waitFor(() => each.messages.some((m) => m.type === 'state'));
      expect(each.messages.filter((m) => m.type === 'state')).toEqual([{ type: 'state', change: expect.objectContaining({ id: 'D', state: 'accepted', by: 'Till', seq: 1 }) }]);
    }
  });

  it('sends an old v1 device no state message, only handled when the order is done or rejected', async () => {
    const running = await startHub();
    await running.post({ id: 'E' });
    const old = await device(running, 'Old', false);
    const states: unknown[] = [];
    running.hub.answers.on('state', (change) => states.push(change));
    await waitFor(() => old.messages.some((m) => m.type === 'order'));
    await answer(running, 'E', { state: 'accepted', readyInMin: 10 });
    await answer(running, 'E', { state: 'rejected', reason: 'closed' });
    await waitFor(() => old.messages.some((m) => m.type === 'handled'));
    expect(old.messages.map((m) => m.type)).toEqual(['welcome', 'order', 'handled']);
    expect(states).toMatchObject([{ state: 'accepted' }, { state: 'rejected', reason: 'closed' }]);
  });

  it('makes an order handled the v1 way done, by the device that handled it', async () => {
    const running = await startHub();
    await running.post({ id: 'F' });
    const old = await device(running, 'Old till', false);
    await waitFor(() => old.messages.some((m) => m.type === 'order'));
    old.socket.send(JSON.stringify({ type: 'handle', id: 'F' }));
    await waitFor(() => (running.hub.orderJournal.stateHistory('F').length === 1));
    expect(running.hub.orderJournal.stateHistory('F')[0]).toMatchObject({ state: 'done', by: 'Old till', seq: 1 });
  });

  it('sends a v1.1 device that connects later every state of the orders it is replayed', async () => {
    const running = await startHub();
    await running.post({ id: 'G' });
    await answer(running, 'G', { state: 'accepted', readyInMin: 30 });
    await answer(running, 'G', { state: 'ready' });
    const late = await device(running, 'Late', true);
    await waitFor(() => late.messages.filter((m) => m.type === 'state').length === 2);
    expect(late.messages.map((m) => m.type)).toEqual(['welcome', 'order', 'state', 'state']);
  });

  it('keeps every state across a restart of the hub', async () => {
    const first = await startHub();
    await first.post({ id: 'H' });
    await answer(first, 'H', { state: 'accepted', readyInMin: 15 });
    await answer(first, 'H', { state: 'ready' });
    await first.stop();
    const again = await startHub({ dataDir: first.dataDir });
    expect((await again.get('/api/orders/H')).body).toMatchObject({ state: 'ready', history: [{ state: 'accepted' }, { state: 'ready' }] });
    expect((await answer(again, 'H', { state: 'ready' })).body).toEqual({ error: expect.stringMatching(/^already ready by Till at /) });
  });
});

describe('auto-accept at the hub', () => {
  it('accepts an order from a chosen channel at once with the default ready time, and leaves the others new', async () => {
    const running = await startHub({ autoAccept: { channels: ['website'], readyInMin: 25 } });
    const states: unknown[] = [];
    running.hub.answers.on('state', (change) => states.push(change));
    await running.post({ id: 'W', channel: 'website' });
    await running.post({ id: 'P', channel: 'phone' });
    await waitFor(() => states.length === 1);
    const order = await running.get('/api/orders/W');
    expect(order.body).toMatchObject({ state: 'accepted', history: [{ state: 'accepted', by: 'auto-accept', seq: 1 }] });
    const history = order.body.history as { at: string; readyAt: string }[];
    expect(Date.parse(history[0]!.readyAt) - Date.parse(history[0]!.at)).toBe(25 * 60_000);
    expect((await running.get('/api/orders/P')).body.state).toBe('new');
  });
});

describe('an order handled the v1 way just before a crash', () => {
  it('gets its done state when the hub next starts, so the backend and the reports still hear of it', async () => {
    const dir = await tempDir();
    const journal = await Journal.open(join(dir, 'journal.log'));
    await journal.append({ id: 'V1-1' }, 'next');
    // The journal took the handle; the crash came before the done state was written.
    await journal.markHandled('V1-1', 'Old till', '2026-12-06T12:00:00.000Z');
    await journal.close();

    const reopened = await Journal.open(join(dir, 'journal.log'));
    defer(() => reopened.close());
    expect(reopened.stateHistory('V1-1')).toEqual([]);
    new Answers(reopened);
    await waitFor(() => reopened.stateHistory('V1-1').length === 1, 5000, 'the done state');
    expect(reopened.stateHistory('V1-1')[0]).toEqual({ id: 'V1-1', state: 'done', by: 'Old till', at: '2026-12-06T12:00:00.000Z', seq: 1 });
  });

  it('leaves an order that was done and then reopened open across a restart (it stays handled for v1 devices)', async () => {
    const dir = await tempDir();
    const journal = await Journal.open(join(dir, 'journal.log'));
    await journal.append({ id: 'RE-1' }, 'next');
    await journal.appendState({ id: 'RE-1', state: 'done', by: 'Till', at: '2026-12-06T12:00:00.000Z', seq: 1 });
    await journal.markHandled('RE-1', 'Till', '2026-12-06T12:00:00.000Z');
    await journal.appendState({ id: 'RE-1', state: 'new', by: 'Till', at: '2026-12-06T12:01:00.000Z', seq: 2 });
    await journal.close();

    const reopened = await Journal.open(join(dir, 'journal.log'));
    defer(() => reopened.close());
    new Answers(reopened);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(reopened.stateHistory('RE-1').map((change) => change.state)).toEqual(['done', 'new']);
  });
});

describe('answers closed on a journal that stays open (the desktop switching away from push servers alone)', () => {
  it('no longer auto-accepts its orders or records their handles', async () => {
    const journal = await Journal.open(join(await tempDir(), 'journal.log'));
    defer(() => journal.close());
    const answers = new Answers(journal, { autoAccept: { channels: ['website'], readyInMin: 20 } });
    await journal.append({ id: 'W-1', channel: 'website' }, null);
    await waitFor(() => journal.stateHistory('W-1').length === 1, 5000, 'W-1 auto-accepted while open');
    answers.close();
    await journal.append({ id: 'W-2', channel: 'website' }, null);
    await journal.markHandled('W-2', 'Till', '2026-12-06T12:00:00.000Z');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(journal.stateHistory('W-2')).toEqual([]);
  });
});
