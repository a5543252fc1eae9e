import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateOrder } from './order';
import { mapPayload, textOrder, unescapeHtml, valueAt } from './mapping';

describe('order mapping', () => {
  it.each([
    [{ id: 'A-1' }, 'A-1'],
    [{ order_id: 42 }, '42'],
    [{ order_sn: 'SN-9' }, 'SN-9'],
    [{ data: { id: 'D-1' } }, 'D-1'],
    [{ order: { id: 'O-1' } }, 'O-1'],
  ])('finds the id of %j by the default paths', (payload, id) => {
    const mapped = mapPayload(payload);
    expect(mapped).toMatchObject({ kind: 'order', order: { ok: true, value: { id } } });
  });

  it('maps a common shop payload: title, total, table, items, customer, note, created_at in seconds', () => {
    const payload = {
      type: 'new_order',
      data: { order_sn: 'S-1', table: 7, amount: '23.50', remark: 'no ice', goods: [{ goods_name: 'Tea', goods_num: '2', goods_price: 3, cate_name: '饮品' }], customer: { name: 'Ann', phone: 123 } },
      created_at: 1_700_000_000,
    };
    const mapped = mapPayload(payload);
    expect(mapped.kind === 'order' && mapped.order.ok && mapped.order.value).toEqual({
      id: 'S-1',
      table: '7',
      total: '23.50',
      note: 'no ice',
      items: [{ name: 'Tea', qty: 2, price: 3, category: '饮品' }],
      customer: { name: 'Ann', phone: '123' },
      createdAt: '2023-11-14T22:13:20.000Z',
    });
  });

  it('takes configured paths instead of the defaults', () => {
    const mapped = mapPayload({ ref: 'R-1', headline: 'Big order' }, { mapping: { id: ['ref'], title: ['headline'] } });
    expect(mapped).toMatchObject({ kind: 'order', order: { ok: true, value: { id: 'R-1', title: 'Big order' } } });
  });

  it('with nothing but an id mapped the payload itself is the text; with more, it is not repeated', () => {
    expect(mapPayload({ id: 'A', extra: 'x' })).toMatchObject({ kind: 'order', order: { ok: true, value: { id: 'A', text: '{"id":"A","extra":"x"}' } } });
    const mapped = mapPayload({ id: 'B', table: 3, extra: 'x' });
    expect(mapped.kind === 'order' && mapped.order.ok && mapped.order.value).toEqual({ id: 'B', table: '3' });
  });

  it('a mapped field the validator rejects still makes an order, shown as text, naming the field', () => {
    const mapped = mapPayload({ id: 'A', total: { value: 3 } });
    expect(mapped).toMatchObject({ kind: 'order', order: { ok: true, value: { id: 'A', text: '{"id":"A","total":{"value":3}}', mappingError: 'total: must be a string, got object' } } });
  });

  it('a payload without a usable id is text', () => {
    expect(mapPayload('New order #12')).toEqual({ kind: 'text', text: 'New order #12' });
    expect(mapPayload({ message: 'hi' })).toEqual({ kind: 'text', text: '{"message":"hi"}' });
    expect(mapPayload('{not json')).toEqual({ kind: 'text', text: '{not json' });
    expect(mapPayload({ id: '', note: 'table 4' })).toEqual({ kind: 'text', text: '{"id":"","note":"table 4"}' });
    expect(mapPayload(Buffer.from('{"id":"B-1"}'))).toMatchObject({ kind: 'order', order: { ok: true, value: { id: 'B-1' } } });
  });

  it('a numeric id beyond 2^53 in the payload\'s text keeps every digit, as a string id', () => {
    const php = '{"order_sn":2024120512345678901,"title":"Table 4","total":58}';
    expect(mapPayload(php)).toEqual({ kind: 'order', order: { ok: true, value: { id: '2024120512345678901', title: 'Table 4', total: 58 } } });
    expect(mapPayload(Buffer.from('{"id":9007199254740993}'))).toMatchObject({ kind: 'order', order: { ok: true, value: { id: '9007199254740993' } } });
  });

  it('an id that is still unusable rings as a text order of the payload, named by its hash, and says why', () => {
    const cases: [unknown, string][] = [
      [{ id: 'x'.repeat(200), title: 'Long' }, 'id: must be at most 128 characters, got 200'],
      ['{"id":"A\\n1","title":"Table 2"}', 'id: must not contain control, line-break or bidi-control characters'],
      ['{"id":12.5}', 'id: must be a whole number or a string, got 12.5'],
      // Parsed by a client library before OrderBell saw it: the digits are gone, the order is not.
      [{ order_sn: 2024120512345678901, title: 'Table 4' }, 'id: is a number too large to keep every digit: send it as a string'],
    ];
    for (const [payload, error] of cases) {
      const text = typeof payload === 'string' ? JSON.stringify(JSON.parse(payload)) : JSON.stringify(payload);
      const mapped = mapPayload(payload);
      expect(mapped).toEqual({ kind: 'order', order: { ok: true, value: { id: expect.stringMatching(/^text-[0-9a-f]{24}$/), text, mappingError: error } } });
      expect(mapPayload(payload)).toEqual(mapped); // the same payload again is the same order
    }
  });

  it('zero-width characters are taken out of an id, so two ids never only look alike', () => {
    for (const id of ['A-1\u200b', '\ufeffA-1', 'A-\u200d1', 'A\u2060-1']) {
      expect(mapPayload({ id, title: 'Tea' })).toMatchObject({ kind: 'order', order: { ok: true, value: { id: 'A-1' } } });
    }
  });

  it('a payload with no id and nothing to show is nothing to ring for, and says why', () => {
    for (const [payload, json] of [
      [null, 'null'], [true, 'true'], [false, 'false'], [0, '0'], [12.5, '12.5'], [{}, '{}'], [[], '[]'],
      [{ id: '' }, '{"id":""}'], [{ data: {}, list: [null, ' '] }, '{"data":{},"list":[null," "]}'], [[{}, []], '[{},[]]'],
      ['null', 'null'], [' true ', 'true'], ['{}', '{}'], ['[]', '[]'], [Buffer.from('[ ]'), '[]'],
    ] as const) {
      expect(mapPayload(payload), json).toEqual({ kind: 'nothing', why: `${json} has no id and nothing to show` });
    }
    expect(mapPayload({ a: '', b: ['', ' '.repeat(80)] })).toMatchObject({ kind: 'nothing', why: expect.stringMatching(/^.{59}… has no id/) });
  });

  it('real text stays a text order: any text that is not a JSON object or list, bare numbers too, and JSON with something to show', () => {
    for (const text of ['New order #12', '12', 'null order', '[Table 3] two teas', '"quoted"']) expect(mapPayload(text)).toEqual({ kind: 'text', text });
    expect(mapPayload('["two teas"]')).toEqual({ kind: 'text', text: '["two teas"]' });
    expect(mapPayload({ paid: false })).toEqual({ kind: 'text', text: '{"paid":false}' });
    expect(mapPayload([0])).toEqual({ kind: 'text', text: '[0]' });
    expect(mapPayload('hello')).toEqual({ kind: 'text', text: 'hello' });
  });

  it('undoes htmlspecialchars before reading JSON, and in strings of parsed payloads', () => {
    const escaped = '{&quot;id&quot;:&quot;H-1&quot;,&quot;title&quot;:&quot;Fish &amp; Chips &lt;L&gt; Tom&#039;s&quot;}';
    expect(mapPayload(escaped, { unescapeHtml: true })).toMatchObject({ kind: 'order', order: { value: { id: 'H-1', title: "Fish & Chips <L> Tom's" } } });
    expect(mapPayload(escaped)).toEqual({ kind: 'text', text: escaped });
    expect(mapPayload({ id: 'H-2', title: 'a &amp; b' }, { unescapeHtml: true })).toMatchObject({ order: { value: { title: 'a & b' } } });
    expect(unescapeHtml('&#x1F355; &#127829; &bogus; &#99999999;')).toBe('🍕 🍕 &bogus; &#99999999;');
  });

  it('never reaches through the prototype', () => {
    expect(valueAt({}, 'constructor.name')).toBeUndefined();
    expect(valueAt(JSON.parse('{"__proto__":{"id":"P"}}'), '__proto__.id')).toBe('P');
    expect(mapPayload({ note: 'n' }, { mapping: { id: ['__proto__', 'toString'] } })).toEqual({ kind: 'text', text: '{"note":"n"}' });
  });

  it('a text order is known by its hash and arrival time, and empty text is no order', () => {
    const first = textOrder('two teas', 1000);
    expect(first).toMatchObject({ ok: true, value: { text: 'two teas', id: expect.stringMatching(/^text-[0-9a-f]{24}-rs$/) } });
    expect(textOrder('two teas', 2000)).not.toEqual(first);
    expect(textOrder('  ', 0)).toEqual({ ok: false, error: 'text: empty message' });
    const long = textOrder('x'.repeat(40_000), 0);
    expect(long.ok && long.value.text!.length).toBe(16_384);
  });

  it('never throws on any JSON or text, and every order it makes passes the validator unchanged', () => {
    const key = fc.constantFrom('id', 'order_sn', 'title', 'text', 'total', 'items', 'table', 'customer', 'note', 'created_at', 'data', 'order', '__proto__', 'goods');
    const shaped = fc.dictionary(key, fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.dictionary(key, fc.jsonValue({ maxDepth: 2 }))));
    const payload = fc.oneof(fc.jsonValue({ maxDepth: 6 }), fc.string(), shaped, shaped.map((value) => JSON.stringify(value).replace(/"/g, '&quot;')));
    fc.assert(
      fc.property(payload, fc.boolean(), (input, unescape) => {
        const mapped = mapPayload(input, { unescapeHtml: unescape });
        if (mapped.kind === 'text') expect(typeof mapped.text).toBe('string');
        else if (mapped.kind === 'nothing') expect(mapped.why).toMatch(/ has no id and nothing to show$/);
        else if (mapped.order.ok) expect(validateOrder(mapped.order.value)).toEqual(mapped.order);
        else expect(mapped.order.error).toMatch(/^[\w.[\]]+: /);
      }),
      { numRuns: 2000 },
    );
    expect(Object.prototype).not.toHaveProperty('polluted');
  });
});
