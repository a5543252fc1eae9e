import { describe, expect, it } from 'vitest';
import { cli, freePort } from '../../../test/cli';
import { tempDir } from '../../../test/helpers';
import { startHub, type RunningHub } from '../../../test/hub-harness';
import { get, killHubProcess, post, startHubProcess, TOKEN } from '../../../test/hub-process';

function answerAt(url: string, token: string, ...args: string[]) {
  return cli(['answer', ...args, '--url', url], { env: { ORDERBELL_TOKEN: token } });
}
const answerOn = (hub: RunningHub, ...args: string[]) => answerAt(hub.info.url, hub.info.token, ...args);

describe('orderbell answer', () => {
  it('accepts with a ready time, marks ready, done, reopens and rejects with a reason, printing each change', async () => {
    const hub = await startHub();
    await hub.post({ id: 'A-1' });
    const accepted = await answerOn(hub, 'A-1', 'accept', '--ready', '20', '--device', 'POS 2');
    expect(accepted.code).toBe(0);
    expect(JSON.parse(accepted.stdout)).toMatchObject({ id: 'A-1', state: 'accepted', by: 'POS 2', seq: 1, readyAt: expect.any(String) });
    for (const verb of ['ready', 'done', 'reopen']) expect((await answerOn(hub, 'A-1', verb)).code).toBe(0);
    expect(JSON.parse((await answerOn(hub, 'A-1', 'reject', '--reason', 'sold-out')).stdout)).toMatchObject({ state: 'rejected', reason: 'sold-out', seq: 5 });
    const sent = await cli(['send', '--url', hub.info.url, '--json', '{"id":"A-1"}'], { env: { ORDERBELL_TOKEN: hub.info.token } });
    expect(sent.stdout).toBe('{"id":"A-1","seq":1,"duplicate":true,"state":"rejected"}\n');
  });

  it.each([
    [['ghost', 'done'], 1, 'orderbell answer: HTTP 404: no order with id "ghost"'],
    [['A', 'reject'], 1, 'orderbell answer: HTTP 400: reason: a rejected order needs a reason (sold-out, too-busy, closed, or your own words)'],
    [['A', 'accept'], 1, 'orderbell answer: HTTP 400: readyAt: an accepted order needs a ready time (minutes from now or a time)'],
    [['A', 'accept', '--ready-at', '2020-01-01T00:00:00Z'], 1, 'orderbell answer: HTTP 400: readyAt: the ready time is in the past'],
    [['A', 'ready'], 1, 'orderbell answer: HTTP 409: a new order cannot be set to ready'],
    [['A', 'cook'], 2, 'orderbell answer: unknown answer "cook"; use accept, reject, ready, done or reopen'],
    [['A', 'accept', '--ready', 'soon'], 2, 'orderbell answer: --ready must be a whole number of minutes'],
  ])('refuses %j with exit code %i and one line saying why', async (args, code, line) => {
    const hub = await startHub();
    await hub.post({ id: 'A' });
    expect(await answerOn(hub, ...args)).toMatchObject({ code, stderr: `${line}\n` });
  });

  it('keeps every answer across a kill -9 of the hub', async () => {
    const dataDir = await tempDir();
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const first = await startHubProcess(dataDir, port);
    await post(port, 'K-1');
    expect((await answerAt(url, TOKEN, 'K-1', 'accept', '--ready', '10')).code).toBe(0);
    expect((await answerAt(url, TOKEN, 'K-1', 'ready')).code).toBe(0);
    await killHubProcess(first);
    await startHubProcess(dataDir, port);
    const order = await get<{ state: string; history: { state: string }[] }>(port, '/api/orders/K-1');
    expect([order.state, order.history.map((change) => change.state)]).toEqual(['ready', ['accepted', 'ready']]);
  });
});

describe('orderbell hub --auto-accept', () => {
  it('accepts orders of the chosen channel at once, with the ready time given', async () => {
    const dataDir = await tempDir();
    const port = await freePort();
    await startHubProcess(dataDir, port, ['--auto-accept', 'website', '--auto-accept-ready', '15']);
    await post(port, 'W-1', { channel: 'website' });
    await post(port, 'P-1', { channel: 'phone' });
    await expect.poll(async () => (await get<{ state: string }>(port, '/api/orders/W-1')).state, { timeout: 10_000 }).toBe('accepted');
    expect((await get<{ history: { by: string }[] }>(port, '/api/orders/W-1')).history).toMatchObject([{ state: 'accepted', by: 'auto-accept' }]);
    expect((await get<{ state: string }>(port, '/api/orders/P-1')).state).toBe('new');
  });

  it('refuses opening hours it cannot read', async () => {
    const result = await cli(['hub', '--auto-accept', 'website', '--auto-accept-hours', 'lunch']);
    expect(result).toMatchObject({ code: 2, stderr: 'orderbell hub: --auto-accept-hours: opening hours must be HH:MM-HH:MM, e.g. 11:00-22:00\n' });
  });
});
