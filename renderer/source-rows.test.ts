import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, validateSettings } from '../main/core/settings/settings';
import type { SourceConfig } from '../main/core/settings/source-config';
import { emptyRow, fromRow, toRow } from './source-rows';

describe('a source as Settings edits it', () => {
  it('turns every kind\'s settings into typed text and back unchanged', () => {
    const sources: SourceConfig[] = [
      { kind: 'text', label: 'Till', url: 'ws://127.0.0.1:8282', helloText: '{"type":"login"}', heartbeatText: '{"type":"ping"}', heartbeatS: 25, ignore: '^\\{"type":"ping"' },
      { kind: 'socketio', label: 'Web shop', url: 'http://127.0.0.1:2120', uid: 'shop-1', events: ['new_msg', 'order'] },
      { kind: 'pusher', label: 'Reverb', url: 'wss://127.0.0.1:443', key: 'k', channel: 'private-orders', authEndpoint: 'https://shop.example/auth', headers: { Authorization: 'Bearer x', 'X-Shop': '1' } },
      { kind: 'centrifugo', label: 'Centrifugo', url: 'ws://127.0.0.1:8000/connection/websocket', channel: 'orders', token: 'jwt' },
      { kind: 'mqtt', label: 'App', url: 'mqtts://127.0.0.1:8883', topic: 'shop/1/orders', username: 'u', password: 'p', mapping: { id: ['order.sn'] } },
      { kind: 'sse', label: 'Mercure', url: 'https://127.0.0.1/.well-known/mercure?topic=orders', events: ['order'] },
    ];
    const rows = sources.map(toRow);
    expect(rows[1]!.fields.events).toBe('new_msg, order');
    expect(rows[2]!.fields.headers).toBe('Authorization: Bearer x\nX-Shop: 1');
    expect(rows[0]!.fields.heartbeatS).toBe('25');
    const back = rows.map(fromRow);
    expect(back.flatMap((entry) => entry.problems)).toEqual([]);
    expect(back.map((entry) => entry.value)).toEqual(sources);
    expect(validateSettings({ ...DEFAULT_SETTINGS, sources: back.map((entry) => entry.value) }).ok).toBe(true);
  });

  it('takes a Pusher cluster trimmed, with the address left empty', () => {
    const row = { ...emptyRow('pusher'), label: 'Pusher', fields: { key: 'k', cluster: ' eu ', channel: 'orders' } };
    expect(fromRow(row).value).toEqual({ kind: 'pusher', label: 'Pusher', url: '', key: 'k', cluster: 'eu', channel: 'orders' });
    expect(validateSettings({ ...DEFAULT_SETTINGS, sources: [fromRow(row).value] }).ok).toBe(true);
  });

  it('leaves empty optional fields out, keeps an empty required one for validation to name, and sends only the chosen kind\'s fields', () => {
    const row = { ...emptyRow('mqtt'), label: ' App ', url: 'mqtt://127.0.0.1:1883', fields: { clientId: '', uid: 'typed while socketio was chosen', events: ' a ，b, ' } };
    expect(fromRow(row).value).toEqual({ kind: 'mqtt', label: 'App', url: 'mqtt://127.0.0.1:1883', topic: '' });
    const result = validateSettings({ ...DEFAULT_SETTINGS, sources: [fromRow(row).value] });
    expect(result).toMatchObject({ ok: false, errors: [{ field: 'sources[0].topic', code: 'required' }] });
    expect(fromRow({ ...row, kind: 'socketio' }).value).toEqual({ kind: 'socketio', label: 'App', url: 'mqtt://127.0.0.1:1883', uid: 'typed while socketio was chosen', events: ['a', 'b'] });
  });

  it('names a header line that is not "Name: value" and a mapping that is not JSON', () => {
    const row = { ...emptyRow('sse'), label: 'Mercure', url: 'http://127.0.0.1:1', fields: { headers: 'Authorization: Bearer x\nno colon here' }, mapping: '{ "id": ' };
    const { value, problems } = fromRow(row);
    expect(problems).toEqual([
      { field: 'headers', key: 'errHeaderLine', params: { line: 'no colon here' } },
      { field: 'mapping', key: 'errSourcesJson', params: { error: expect.any(String) } },
    ]);
    expect(value).toEqual({ kind: 'sse', label: 'Mercure', url: 'http://127.0.0.1:1' });
  });

  it('passes a heartbeat that is not a number on, for validation to name its range', () => {
    const { value } = fromRow({ ...emptyRow('text'), label: 'Till', url: 'ws://127.0.0.1:1', fields: { heartbeatS: 'soon' } });
    expect(validateSettings({ ...DEFAULT_SETTINGS, sources: [value] })).toMatchObject({ ok: false, errors: [{ field: 'sources[0].heartbeatS', code: 'range' }] });
  });
});
