import { describe, expect, it } from 'vitest';
import { decodeClientMessage, decodeServerMessage, encode, MAX_MESSAGE_BYTES } from './protocol';

describe('decodeServerMessage', () => {
  it('decodes each server message type', () => {
    expect(decodeServerMessage('{"type":"welcome","epoch":"e1","lastSeq":7}')).toEqual({
      ok: true,
      value: { type: 'welcome', epoch: 'e1', lastSeq: 7 },
    });
    expect(decodeServerMessage('{"type":"order","seq":3,"order":{"id":"A","table":2}}')).toEqual({
      ok: true,
      value: { type: 'order', seq: 3, order: { id: 'A', table: '2' } },
    });
    expect(decodeServerMessage('{"type":"order","seq":3,"order":{"id":"A"},"handled":{"by":"till","at":"t"}}')).toMatchObject({
      ok: true,
      value: { handled: { by: 'till', at: 't' } },
    });
    expect(decodeServerMessage('{"type":"order","seq":3,"order":{"id":"A"},"receivedAt":"2026-11-27T08:00:00.000Z"}')).toMatchObject({
      ok: true,
      value: { receivedAt: '2026-11-27T08:00:00.000Z' },
    });
    expect(decodeServerMessage('{"type":"handled","id":"A","by":"till","at":"2026-01-01T00:00:00Z"}').ok).toBe(true);
    expect(decodeServerMessage('{"type":"error","code":"x","message":"m"}')).toEqual({
      ok: true,
      value: { type: 'error', code: 'x', message: 'm' },
    });
    expect(decodeServerMessage('{"type":"ping"}')).toEqual({ ok: true, value: { type: 'ping' } });
    expect(decodeServerMessage('{"type":"mismatch","seq":40}')).toEqual({ ok: true, value: { type: 'mismatch', seq: 40 } });
    expect(decodeServerMessage('{"type":"mismatch","seq":"40"}')).toEqual({ ok: false, error: 'mismatch.seq: must be a non-negative integer' });
  });

  it.each([
    ['not json', /^message: not valid JSON/],
    ['[1,2]', /^message: must be a JSON object$/],
    ['{"seq":1}', /^message.type: must be a string$/],
    ['{"type":"surprise"}', /^message.type: unknown type 'surprise'$/],
    ['{"type":"welcome","epoch":"","lastSeq":0}', /^welcome.epoch: must be a non-empty string/],
    ['{"type":"welcome","epoch":"e","lastSeq":-1}', /^welcome.lastSeq: must be a non-negative integer$/],
    ['{"type":"order","seq":1.5,"order":{"id":"A"}}', /^order.seq: must be a non-negative integer$/],
    ['{"type":"order","seq":1,"order":{"title":"no id"}}', /^order.id: is required$/],
    ['{"type":"order","seq":1,"order":{"id":"A"},"handled":"yes"}', /^order.handled: must be/],
    ['{"type":"order","seq":1,"order":{"id":"A"},"receivedAt":"yesterday-ish"}', /^order.receivedAt: must be an ISO 8601 date and time$/],
    ['{"type":"order","seq":1,"order":{"id":"A"},"receivedAt":1764230400000}', /^order.receivedAt: must be an ISO 8601 date and time$/],
    ['{"type":"handled","id":"","by":"x","at":"y"}', /^handled.id: must be an order id/],
  ])('rejects %s', (frame, message) => {
    const result = decodeServerMessage(frame);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(message);
  });

  it('keeps a server\'s handled-by names and error text to one plain line', () => {
    const nasty = 'Till\r\n\u001b[2J\u202eevil';
    const decode = (message: unknown) => decodeServerMessage(JSON.stringify(message));
    expect(decode({ type: 'handled', id: 'A', by: nasty, at: 'now' })).toMatchObject({ ok: true, value: { by: 'Till [2Jevil' } });
    expect(decode({ type: 'order', seq: 1, order: { id: 'A' }, handled: { by: nasty, at: 'now' } })).toMatchObject({ ok: true, value: { handled: { by: 'Till [2Jevil' } } });
    expect(decode({ type: 'error', code: 'x', message: nasty })).toMatchObject({ ok: true, value: { message: 'Till [2Jevil' } });
  });

  it('rejects a message over the size limit without parsing it', () => {
    const big = `{"type":"error","code":"x","message":"${'m'.repeat(MAX_MESSAGE_BYTES)}"}`;
    expect(decodeServerMessage(big)).toEqual({ ok: false, error: `message: larger than ${MAX_MESSAGE_BYTES} bytes` });
  });
});

describe('decodeClientMessage', () => {
  it('decodes hello, ack and handle', () => {
    expect(decodeClientMessage('{"type":"hello","epoch":null,"lastSeq":0,"device":"till 1"}')).toEqual({
      ok: true,
      value: { type: 'hello', epoch: null, lastSeq: 0, device: 'till 1' },
    });
    expect(decodeClientMessage('{"type":"ack","seq":5}')).toEqual({ ok: true, value: { type: 'ack', seq: 5 } });
    expect(decodeClientMessage('{"type":"handle","id":"A"}')).toEqual({ ok: true, value: { type: 'handle', id: 'A' } });
  });

  it('decodes the heartbeat: hello asking for it, and pong', () => {
    expect(decodeClientMessage('{"type":"hello","epoch":null,"lastSeq":0,"heartbeat":true}')).toEqual({
      ok: true,
      value: { type: 'hello', epoch: null, lastSeq: 0, heartbeat: true },
    });
    expect(decodeClientMessage('{"type":"hello","epoch":null,"lastSeq":0,"heartbeat":"yes"}')).toEqual({
      ok: false,
      error: 'hello.heartbeat: must be true or false',
    });
    expect(decodeClientMessage('{"type":"pong"}')).toEqual({ ok: true, value: { type: 'pong' } });
  });

  it('decodes the id a hello names for its lastSeq, and refuses one that is no order id', () => {
    expect(decodeClientMessage('{"type":"hello","epoch":"e","lastSeq":7,"lastId":"A-7"}')).toEqual({
      ok: true,
      value: { type: 'hello', epoch: 'e', lastSeq: 7, lastId: 'A-7' },
    });
    for (const lastId of ['""', '7', `"${'x'.repeat(129)}"`, '"A-7\\u202e"', '"A-7\\n"']) {
      expect(decodeClientMessage(`{"type":"hello","epoch":"e","lastSeq":7,"lastId":${lastId}}`)).toEqual({
        ok: false,
        error: 'hello.lastId: must be an order id of 1 to 128 characters, without control, line-break or bidi-control characters',
      });
    }
  });

  it('rejects malformed client messages with the field named', () => {
    expect(decodeClientMessage('{"type":"hello","epoch":5,"lastSeq":0}')).toEqual({
      ok: false,
      error: 'hello.epoch: must be a string or null',
    });
    expect(decodeClientMessage('{"type":"ack"}')).toEqual({ ok: false, error: 'ack.seq: must be a non-negative integer' });
    expect(decodeClientMessage('{"type":"welcome","epoch":"e","lastSeq":1}')).toEqual({
      ok: false,
      error: "message.type: unknown type 'welcome'",
    });
  });

  it('round-trips what encode writes', () => {
    const hello = { type: 'hello', epoch: 'e', lastSeq: 9 } as const;
    expect(decodeClientMessage(encode(hello))).toEqual({ ok: true, value: hello });
  });
});
