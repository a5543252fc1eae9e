import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, validateSettings } from './settings';
import { checkSourceList } from './source-list';

describe('the settings list of sources', () => {
  it('accepts one source of every listed kind', () => {
    const sources = [
      { kind: 'text', label: 'Till', url: 'ws://127.0.0.1:8282', heartbeatText: '{"type":"ping"}', heartbeatS: 25, ignore: '^\\{"type":"(ping|init)"' },
      { kind: 'socketio', label: 'Web shop', url: 'http://127.0.0.1:2120', uid: 'shop-1', events: ['new_msg'] },
      { kind: 'pusher', label: 'Reverb', url: 'wss://reverb.example:443', key: 'k', channel: 'private-orders', authEndpoint: 'https://shop.example/broadcasting/auth', headers: { Authorization: 'Bearer x' } },
      { kind: 'pusher', label: 'Pusher', url: '', key: 'k', cluster: 'ap-southeast-1', channel: 'orders' },
      { kind: 'centrifugo', label: 'Centrifugo', url: 'ws://127.0.0.1:8000/connection/websocket', channel: 'orders', token: 'jwt' },
      { kind: 'mqtt', label: 'App', url: 'mqtts://broker.example:8883', topic: 'shop/1/orders', clientId: 'till-1', username: 'u', password: 'p', mapping: { id: ['order.sn'] } },
      { kind: 'mqtt', label: 'NATS', url: 'mqtt://nats.example:1883', topic: 'shop/1/orders', protocolVersion: '3.1.1' },
      { kind: 'sse', label: 'Mercure', url: 'https://shop.example/.well-known/mercure?topic=orders', headers: { Authorization: 'Bearer jwt' } },
      { kind: 'nats', label: 'Chain', url: 'nats://n1:4222, nats://n2:4222,tls://n3:4222', stream: 'ORDERS', subject: 'orders.shop-17', durable: 'shop-17', credsFile: '/etc/orderbell/shop.creds' },
      { kind: 'redis', label: 'Chain backup', url: 'rediss://r.example:6380', stream: 'orders:shop-17', group: 'shop-17', password: 'p' },
    ];
    expect(validateSettings({ ...DEFAULT_SETTINGS, sources })).toMatchObject({ ok: true, value: { sources } });
  });

  it('names every bad field', () => {
    const { errors } = checkSourceList([
      { kind: 'orderbell', label: 'v1', url: 'ws://x' },
      { kind: 'mqtt', label: 'A', url: 'http://x', clientId: 'c', qos: 2, protocolVersion: 4 },
      { kind: 'sse', label: 'A', url: 'http://x', events: 'message', mapping: { colour: ['c'] } },
      { kind: 'text', label: '', url: 'ws://x', heartbeatS: 0, ignore: '(' },
      'nope',
      { kind: 'pusher', label: 'P', url: '', key: 'k', cluster: 'EU.example', channel: 'c' },
      { kind: 'pusher', label: 'Q', url: '', key: 'k', channel: 'c' },
    ]);
    expect(errors).toEqual([
      { field: 'sources[0].kind', code: 'choice', params: { choices: 'text, socketio, pusher, centrifugo, mqtt, sse, nats, redis' } },
      { field: 'sources[1].url', code: 'url', params: { schemes: 'mqtt:// mqtts:// ws:// wss://' } },
      { field: 'sources[1].qos', code: 'unknown-field' },
      { field: 'sources[1].topic', code: 'required' },
      { field: 'sources[1].protocolVersion', code: 'choice', params: { choices: 'auto, 5, 3.1.1' } },
      { field: 'sources[2].label', code: 'choice', params: { choices: 'a label no other source has' } },
      { field: 'sources[2].events', code: 'type', params: { want: 'list' } },
      { field: 'sources[2].mapping.colour', code: 'unknown-field' },
      { field: 'sources[3].label', code: 'required' },
      { field: 'sources[3].heartbeatS', code: 'range', params: { min: 1, max: 3600 } },
      { field: 'sources[3].ignore', code: 'type', params: { want: 'pattern' } },
      { field: 'sources[4]', code: 'type', params: { want: 'source' } },
      { field: 'sources[5].cluster', code: 'type', params: { want: 'cluster' } },
      { field: 'sources[6].url', code: 'url', params: { schemes: 'ws:// wss://' } },
    ]);
    expect(checkSourceList({}).errors).toEqual([{ field: 'sources', code: 'type', params: { want: 'list' } }]);
  });

  it("checks each server of a NATS cluster, and the stream kinds' required fields", () => {
    const { errors } = checkSourceList([
      { kind: 'nats', label: 'N', url: 'nats://n1:4222,http://n2:4222', stream: 'ORDERS', subject: 's', durable: '' },
      { kind: 'redis', label: 'R', url: 'redis://r:6379', group: 'g', consumer: 7 },
    ]);
    expect(errors).toEqual([
      { field: 'sources[0].url', code: 'url', params: { schemes: 'nats:// tls://' } },
      { field: 'sources[0].durable', code: 'required' },
      { field: 'sources[1].stream', code: 'required' },
      { field: 'sources[1].consumer', code: 'type', params: { want: 'text' } },
    ]);
  });

  it('takes a dead-link time on every kind and an idle time on sse, within 1 to 3600 seconds', () => {
    const sources = [
      { kind: 'socketio', label: 'Web shop', url: 'http://127.0.0.1:2120', deadAfterS: 30 },
      { kind: 'sse', label: 'Nchan', url: 'http://127.0.0.1/sub/orders', idleS: 60, deadAfterS: 5 },
    ];
    expect(checkSourceList(sources)).toEqual({ value: sources, errors: [] });
    expect(checkSourceList([
      { kind: 'mqtt', label: 'A', url: 'mqtt://x', topic: 't', idleS: 60 },
      { kind: 'text', label: 'B', url: 'ws://x', deadAfterS: 0 },
    ]).errors).toEqual([
      { field: 'sources[0].idleS', code: 'unknown-field' },
      { field: 'sources[1].deadAfterS', code: 'range', params: { min: 1, max: 3600 } },
    ]);
  });
});
