/** Reading an order's sale from its bytes must give what parsing the order gives, or nothing. */
import { describe, expect, it } from 'vitest';
import { saleOf } from './sale';
import { saleFromJson } from './sale-fields';
import { seededRandom } from '../../../test/report-journal';
import type { Order } from '../orders/order';

const bytesOf = (json: string) => Buffer.from(json, 'utf8');
const read = (json: string) => saleFromJson(bytesOf(json), 0, Buffer.byteLength(json));
const parsed = (json: string) => saleOf(JSON.parse(json) as Order);

describe('saleFromJson', () => {
  it('reads channel, currency and total as the parsed order gives them, whatever else the order holds', () => {
    const orders: Record<string, unknown>[] = [
      { id: 'A', title: '桌 3', currency: 'CNY', channel: 'web', total: '12.50', items: [{ name: '米饭', qty: 2, price: 3, channel: 'no', total: 99 }] },
      { id: 'B', total: 0.2, currency: 'cny', channel: '美团 "外卖" \\ \n', meta: { total: '7', currency: 'USD', deep: [[{ channel: 'x' }], null, true, -1.5e-3] } },
      { id: 'C', total: 86.5 },
      { id: 'D', channel: 42, currency: null, total: null },
      { id: 'E', channel: { name: 'web' }, currency: ['CNY'], total: false },
      { id: 'F', total: ' 12.5 ', currency: '\ud800 lone', note: '"total":"1"' },
      { id: 'G', total: 1e21, channel: '' },
      { id: 'H', total: -0 },
      { id: 'I', total: '¥12', extra: {} , list: [] },
      { id: 'J' },
    ];
    for (const order of orders) {
      const json = JSON.stringify(order);
      expect(read(json), json).toEqual(parsed(json));
    }
  });

  it('takes the last of a field named twice, as JSON.parse does', () => {
    const json = '{"id":"A","channel":"web","total":"1","channel":"phone","total":2}';
    expect(read(json)).toEqual({ channel: 'phone', currency: '', total: { units: 2, scale: 0 } });
    expect(read(json)).toEqual(parsed(json));
  });

  it('reads a number as JSON.parse and String write it back, and that text as an amount', () => {
    expect(read('{"id":"A","total":1.50}')?.total).toEqual({ units: 15, scale: 1 });
    expect(read('{"id":"A","total":-0}')?.total).toEqual({ units: 0, scale: 0 });
    expect(read('{"id":"A","total":12E2}')?.total).toEqual({ units: 1200, scale: 0 });
    expect(read('{"id":"A","total":1e21}')).toEqual({ channel: '', currency: '', total: undefined });
  });

  it('leaves to JSON.parse what JSON.stringify would not write, and gives nothing for what JSON.parse refuses', () => {
    const refused = [
      '{"id":"A" ,"total":1}',
      '{"id":"A","total":[5]}',
      '{"id":"A","total":{"value":5}}',
      '{"id":"A","\\u0063hannel":"web"}',
      '{"channel":"web","id":"A"}',
      '{"id":"A","id":"B"}',
      '{"id":5,"total":1}',
      '{"id":"A","total":01}',
      '{"id":"A","total":1.}',
      '{"id":"A","note":"bad \\x escape"}',
      '{"id":"A","note":"raw \n newline"}',
      '{"id":"A","items":[1,]}',
      '{"id":"A","items":[1}',
      '{"id":"A","ok":tru}',
      '{"id":"A"}}',
      '{"id":"A"',
      '[{"id":"A"}]',
      `{"id":"A","deep":${'['.repeat(70)}${']'.repeat(70)}}`,
    ];
    for (const json of refused) expect(read(json), json).toBeUndefined();
  });

  it('reads only the order it is given: the bytes after it in the buffer are not its end', () => {
    const chunk = bytesOf('{"id":"A","items":[1]}{"id":"B","total":2}');
    expect(saleFromJson(chunk, 0, 20)).toBeUndefined();
    expect(saleFromJson(chunk, 0, 22)).toEqual({ channel: '', currency: '', total: undefined });
    expect(saleFromJson(chunk, 22, chunk.length)).toEqual({ channel: '', currency: '', total: { units: 2, scale: 0 } });
  });

  it('never gives a sale for JSON that JSON.parse refuses or reads otherwise, however the bytes are broken', () => {
    const random = seededRandom(25);
    const base = JSON.stringify({ id: 'R-1', currency: 'CNY', channel: '美团', total: '12.50', items: [{ name: 'a "b"', qty: 2, price: 3.5 }], meta: { n: null, t: true } });
    const alphabet = '{}[]":,\\0123456789.-eEtrufalsn ';
    let sales = 0;
    for (let trial = 0; trial < 5000; trial++) {
      const bytes = bytesOf(base);
      for (let edits = 1 + Math.floor(random() * 3); edits > 0; edits--) bytes[Math.floor(random() * bytes.length)] = alphabet.charCodeAt(Math.floor(random() * alphabet.length));
      const sale = saleFromJson(bytes, 0, bytes.length);
      if (sale === undefined) continue;
      const text = bytes.toString('utf8');
      let order: unknown;
      expect(() => (order = JSON.parse(text)), text).not.toThrow();
      expect(sale, text).toEqual(saleOf(order as Order));
      sales++;
    }
    // Most edits land inside a string and leave the JSON sound: those are read, not refused.
    expect(sales).toBeGreaterThan(1000);
  });
});
