import { describe, expect, it } from 'vitest';
import { freePort } from '../../../test/cli';
import { startHub } from '../../../test/hub-harness';
import { parseStations } from '../orders/stations';
import { hubOrigin, HubActionError, postToHub } from './hub-actions';

const parsed = parseStations('bar: category in [drinks]\nkitchen: default');
const stations = parsed.ok ? parsed.value : [];

describe("acting on another PC's hub", () => {
  it('finds the HTTP API from the address the link dials', () => {
    expect(hubOrigin('ws://192.168.1.20:8083/ws')).toBe('http://192.168.1.20:8083');
    expect(hubOrigin('wss://hub.shop.example/ws')).toBe('https://hub.shop.example');
    expect(() => hubOrigin('mqtt://broker:1883')).toThrow(HubActionError);
  });

  it("bumps with this device's name and token; the hub's refusal and a hub out of reach each say why", async () => {
    const { hub, wsUrl, post } = await startHub({ stations });
    await post({ id: 'B-1', items: [{ name: 'Cola', category: 'drinks' }] });
    const device = { socketUrl: wsUrl, token: 'test-token-0123456789', device: '厨房 PC' };
    const answer = await postToHub<{ bumps: Record<string, { items: Record<number, { by: string }> }> }>(device, '/api/orders/B-1/bump', { station: 'bar', item: 0 });
    expect(answer.bumps.bar!.items[0]!.by).toBe('厨房 PC');
    expect(hub.orderJournal.bumpsOf('B-1')).toEqual(answer.bumps);

    await expect(postToHub(device, '/api/orders/B-1/bump', { station: 'grill' })).rejects.toThrow('no station named "grill"; the hub has bar, kitchen');
    await expect(postToHub({ ...device, token: 'wrong-token-0123456789' }, '/api/orders/B-1/bump', { station: 'bar' })).rejects.toThrow('wrong token');
    const port = await freePort();
    await expect(postToHub({ ...device, socketUrl: `ws://127.0.0.1:${port}/ws` }, '/api/orders/B-1/bump', { station: 'bar' })).rejects.toThrow('the main computer cannot be reached (ECONNREFUSED)');
  });
});
