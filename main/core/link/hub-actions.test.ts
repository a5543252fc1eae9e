/** Acting on another PC's hub: each way it can fail is named, against real HTTP servers on loopback. */
import { createServer } from 'node:http';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../../test/cli';
import { defer, listenOnLoopback } from '../../../test/helpers';
import { startHub } from '../../../test/hub-harness';
import { parseStations } from '../orders/stations';
import { answerAtHub, bumpAtHub, hubHttpUrl } from './hub-actions';

async function server(status: number, body: string): Promise<string> {
  const http = createServer((_req, res) => res.writeHead(status, { 'Content-Type': 'text/html' }).end(body));
  const port = await listenOnLoopback(http);
  defer(() => http.close());
  return `ws://127.0.0.1:${port}/ws`;
}

describe('hub actions', () => {
  it("finds the hub's HTTP address from its link's, behind TLS or a path too", () => {
    expect(hubHttpUrl('ws://192.168.1.20:8083/ws')).toBe('http://192.168.1.20:8083');
    expect(hubHttpUrl('wss://shop.example/orderbell/ws?token=x')).toBe('https://shop.example/orderbell');
    expect(hubHttpUrl('ws://127.0.0.1:8083/')).toBe('http://127.0.0.1:8083');
  });

  it('answers at a real hub and returns its change, signed with the device name in any script', async () => {
    const hub = await startHub();
    await hub.post({ id: 'H-1' });
    const result = await answerAtHub({ linkUrl: hub.wsUrl, token: hub.info.token }, 'H-1', { state: 'accepted', readyInMin: 10 }, '收银台 2');
    expect(result).toMatchObject({ ok: true, value: { id: 'H-1', state: 'accepted', by: '收银台 2', seq: 1 } });
    const again = await answerAtHub({ linkUrl: hub.wsUrl, token: hub.info.token }, 'H-1', { state: 'rejected' }, 'Till');
    expect(again).toEqual({ ok: false, code: 'bad-request', error: expect.stringMatching(/^reason: /) });
  });

  it('says a hub is unreachable, and a server that is no hub (or one too old) is not taken for an unknown order', async () => {
    const closed = `ws://127.0.0.1:${await freePort()}/ws`;
    expect(await answerAtHub({ linkUrl: closed, token: 't' }, 'A-1', { state: 'done' }, 'Till')).toEqual({ ok: false, code: 'unreachable', error: expect.stringMatching(/is unreachable \(ECONNREFUSED\)$/) });
    expect(await answerAtHub({ linkUrl: await server(404, '<h1>Not Found</h1>'), token: 't' }, 'A-1', { state: 'done' }, 'Till')).toEqual({
      ok: false,
      code: 'unexpected',
      error: expect.stringMatching(/answered HTTP 404, not as an OrderBell hub does$/),
    });
    const old = await server(404, JSON.stringify({ error: 'no such endpoint: POST /api/orders/A-1/state' }));
    expect(await answerAtHub({ linkUrl: old, token: 't' }, 'A-1', { state: 'done' }, 'Till')).toMatchObject({ ok: false, code: 'unexpected', error: expect.stringMatching(/too old to answer orders/) });
  });

  it("bumps with this device's name and token; the hub's refusal and a hub out of reach each say why", async () => {
    const parsed = parseStations('bar: category in [drinks]\nkitchen: default');
    const hub = await startHub({ stations: parsed.ok ? parsed.value : [] });
    await hub.post({ id: 'B-1', items: [{ name: 'Cola', category: 'drinks' }] });
    const remote = { linkUrl: hub.wsUrl, token: hub.info.token };
    const bumped = await bumpAtHub(remote, 'B-1', { station: 'bar', item: 0 }, '厨房 PC');
    expect(bumped).toMatchObject({ ok: true, value: { bar: { items: { 0: { by: '厨房 PC' } } } } });
    expect(hub.hub.orderJournal.bumpsOf('B-1')).toEqual(bumped.ok ? bumped.value : null);

    expect(await bumpAtHub(remote, 'B-1', { station: 'grill' }, 'Till')).toEqual({ ok: false, code: 'bad-request', error: expect.stringContaining('no station named "grill"; the hub has bar, kitchen') });
    expect(await bumpAtHub({ ...remote, token: 'wrong-token-0123456789' }, 'B-1', { station: 'bar' }, 'Till')).toMatchObject({ ok: false, code: 'token-refused' });
    const closed = `ws://127.0.0.1:${await freePort()}/ws`;
    expect(await bumpAtHub({ linkUrl: closed, token: 't' }, 'B-1', { station: 'bar' }, 'Till')).toMatchObject({ ok: false, code: 'unreachable' });
  });
});
