/**
 * Bad input, fuzzed: random and mutated JSON, wrong types, huge strings and arrays, deep
 * nesting, prototype-pollution keys, invalid UTF-8 and control characters, against the order
 * validator, the protocol decoders and the hub's HTTP ingest. Every input yields a valid
 * order or a clear error; nothing throws, nothing corrupts the journal, no prototype changes.
 */
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { Journal } from '../journal/journal';
import { validateOrder } from '../orders/order';
import { decodeClientMessage, decodeServerMessage } from '../link/protocol';
import { hasUnsafeChars } from '../orders/untrusted-text';
import { rawClient, rawRequest, startHub } from '../../../test/hub-harness';
import { waitFor } from '../../../test/helpers';

const PROTOTYPE_KEYS = Object.getOwnPropertyNames(Object.prototype).sort();

afterEach(() => {
  // No input may ever have reached a prototype.
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(PROTOTYPE_KEYS);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});

const nastyKey = fc.constantFrom('__proto__', 'constructor', 'prototype', 'polluted', 'id', 'items', 'meta', 'toString', '');
const nastyString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 50 }),
  fc.string({ unit: fc.constantFrom('\u0000', '\u001f', '\u007f', '\ud800', '\udfff', '<', '>', '"', '\n', '\r', '\u001b', '\u009b', '\u202e', '\u2066'), maxLength: 40 }),
  fc.constant('x'.repeat(70_000)),
);
const nastyValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    nastyString,
    fc.double(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(fc.oneof(nastyKey, fc.string()), tie('value'), { maxKeys: 5 }),
  ),
})).value;

/** An order-shaped object with some fields replaced by nonsense. */
const mutatedOrder = fc.record(
  {
    id: fc.oneof(fc.string({ minLength: 1, maxLength: 130 }), nastyValue),
    title: fc.oneof(nastyString, nastyValue),
    total: fc.oneof(fc.double(), fc.string(), nastyValue),
    table: fc.oneof(fc.integer(), nastyString, nastyValue),
    items: fc.oneof(fc.array(fc.record({ name: nastyValue, qty: fc.oneof(fc.double(), nastyValue) }, { requiredKeys: [] }), { maxLength: 600 }), nastyValue),
    customer: fc.oneof(fc.record({ name: nastyValue, phone: nastyValue }, { requiredKeys: [] }), nastyValue),
    meta: nastyValue,
    // Computed: a literal `__proto__:` would set the model's prototype instead of a key.
    ['__proto__']: fc.constant({ polluted: 1 }),
    constructor: fc.constant({ prototype: { polluted: 1 } }),
  },
  { requiredKeys: [] },
);

/** What a JSON body with these keys looks like after JSON.parse, __proto__ included as an own key. */
const parsedLikeJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value, (_key, v) => (typeof v === 'number' && !Number.isFinite(v) ? 1e308 : v)));

describe('fuzzing the order validator', () => {
  it('returns a valid order or an error naming a field, for any input', () => {
    fc.assert(
      fc.property(fc.oneof(nastyValue, mutatedOrder.map(parsedLikeJson), fc.jsonValue()), (input) => {
        const result = validateOrder(input);
        if (result.ok) {
          // A valid result is stable: validating it again changes nothing.
          expect(validateOrder(result.value)).toEqual(result);
          expect(Object.getPrototypeOf(result.value)).toBe(Object.prototype);
          expect(Object.keys(result.value)).not.toContain('__proto__');
          // Nothing shown on a screen or written to a log can carry a control or bidi character.
          const { title, table, channel, customer, items } = result.value;
          for (const shown of [title, table, channel, customer?.name, ...(items ?? []).map((item) => item.name)]) {
            if (typeof shown === 'string') expect(hasUnsafeChars(shown)).toBe(false);
          }
        } else {
          expect(result.error).toMatch(/^[\w.[\]]*: .+/);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('never lets nesting or size blow up', () => {
    let deep: unknown = { id: 'x' };
    for (let i = 0; i < 10_000; i++) deep = { meta: deep, id: 'x' };
    expect(validateOrder(deep)).toMatchObject({ ok: false });
    expect(validateOrder({ id: 'x', items: Array.from({ length: 100_000 }, () => ({ name: 'a' })) })).toMatchObject({ ok: false });
  });
});

describe('fuzzing the protocol decoders', () => {
  const frames = fc.oneof(
    fc.string(),
    fc.string({ unit: 'binary' }),
    fc.jsonValue().map((v) => JSON.stringify(v)),
    fc
      .record({ type: fc.constantFrom('welcome', 'order', 'handled', 'error', 'hello', 'ack', 'handle', '__proto__', 'x'), seq: nastyValue, order: fc.oneof(mutatedOrder, nastyValue), epoch: nastyValue, lastSeq: nastyValue, id: nastyValue, by: nastyValue, at: nastyValue }, { requiredKeys: ['type'] })
      .map((v) => JSON.stringify(parsedLikeJson(v))),
  );

  it('decode any frame to a message or a clear error, never throwing', () => {
    fc.assert(
      fc.property(frames, (frame) => {
        for (const result of [decodeServerMessage(frame), decodeClientMessage(frame)]) {
          if (result.ok) expect(typeof result.value.type).toBe('string');
          else expect(result.error).toMatch(/^[\w.[\]]+: .+/);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('fuzzing the hub HTTP ingest', () => {
  it('answers every body with a status and a JSON error, stores only what it 201s, and keeps the journal clean', async () => {
    const hub = await startHub({ rateLimit: { perSecond: 100_000, burst: 100_000 } });
    const stored = new Set<string>();
    const bodies = fc.oneof(
      fc.uint8Array({ maxLength: 300 }).map((bytes) => ({ body: Buffer.from(bytes), type: 'application/json' })),
      fc.uint8Array({ maxLength: 300 }).map((bytes) => ({ body: Buffer.from(bytes), type: 'text/plain' })),
      fc.oneof(mutatedOrder.map(parsedLikeJson), nastyValue, fc.jsonValue()).map((value) => ({ body: Buffer.from(JSON.stringify(value) ?? 'null'), type: 'application/json' })),
      fc.tuple(nastyString, fc.constantFrom('text/plain', 'application/json; charset=utf-8', 'application/xml', '', 'multipart/form-data')).map(([text, type]) => ({ body: Buffer.from(text), type })),
    );
    await fc.assert(
      fc.asyncProperty(bodies, async ({ body, type }) => {
        const response = await fetch(`${hub.info.url}/api/orders`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${hub.info.token}`, ...(type ? { 'Content-Type': type } : {}) },
          body,
        });
        const answer = (await response.json()) as { id?: string; error?: string };
        expect([200, 201, 400, 413, 415]).toContain(response.status);
        if (response.status === 201) stored.add(answer.id!);
        else if (response.status !== 200) expect(answer.error).toMatch(/\S/);
      }),
      { numRuns: 300 },
    );
    expect((await hub.get('/api/health')).status).toBe(200);
    await hub.stop();
    const journal = await Journal.open(join(hub.dataDir, 'hub-journal.log'));
    expect(journal.problems).toEqual([]);
    expect(new Set([...journal.all()].map((s) => s.order.id))).toEqual(stored);
    await journal.close();
  }, 60_000);
});

describe('fuzzing the hub\'s names and device names', () => {
  it('answers any Host header with 200, 400 or 421, never anything else', async () => {
    const hub = await startHub();
    const hosts = fc.string({ unit: fc.constantFrom(...'aZ9.-_:[]@%*localhost127.0.1'.split(''), '\u00e9', '\u009b'), maxLength: 40 });
    await fc.assert(
      fc.asyncProperty(hosts, async (host) => {
        const answer = await rawRequest(`${hub.info.url}/api/health`, { headers: { Host: host } });
        expect([200, 400, 421]).toContain(answer.status);
      }),
      { numRuns: 200 },
    );
  }, 60_000);

  it('writes any device name into the log and handled.by as one line without control or bidi characters', async () => {
    const hub = await startHub();
    let n = 0;
    await fc.assert(
      fc.asyncProperty(nastyString.filter((name) => name.length <= 256), async (device) => {
        const id = `F-${++n}`;
        await hub.post({ id });
        const { socket, messages } = await rawClient(hub.wsUrl, hub.info.token);
        socket.send(JSON.stringify({ type: 'hello', epoch: null, lastSeq: n, device }));
        socket.send(JSON.stringify({ type: 'handle', id }));
        await waitFor(() => messages.some((m) => m.type === 'handled' && m.id === id));
        const by = messages.find((m) => m.type === 'handled' && m.id === id)!.by as string;
        expect(hasUnsafeChars(by)).toBe(false);
        socket.terminate();
      }),
      { numRuns: 60 },
    );
    for (const line of hub.logs) expect(hasUnsafeChars(line)).toBe(false);
  }, 60_000);
});
