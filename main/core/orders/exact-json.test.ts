import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseExactJson } from './exact-json';

describe('parseExactJson', () => {
  it('keeps every digit of an integer beyond 2^53 as a string, wherever it is', () => {
    expect(parseExactJson('{"order_sn":2024120512345678901,"title":"Table 4","total":58}')).toEqual({ order_sn: '2024120512345678901', title: 'Table 4', total: 58 });
    expect(parseExactJson('{"id":9007199254740993}')).toEqual({ id: '9007199254740993' });
    expect(parseExactJson('[-9007199254740993, 9007199254740991, {"a":[12345678901234567890]}]')).toEqual(['-9007199254740993', 9007199254740991, { a: ['12345678901234567890'] }]);
  });

  it('leaves strings, floats, exponents and safe integers as JSON.parse reads them', () => {
    const text = '{"note":"call 12345678901234567890 \\"now\\"","price":1234567890123456.5,"big":1e300,"n":-42,"s":"\\\\12345678901234567"}';
    expect(parseExactJson(text)).toEqual(JSON.parse(text));
  });

  it('throws where JSON.parse throws', () => {
    expect(() => parseExactJson('{"id":12345678901234567890')).toThrow(SyntaxError);
    expect(() => parseExactJson('{"id": 01234567890123456789}')).toThrow(SyntaxError);
  });

  it('agrees with JSON.parse on any JSON without big integers', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value);
        expect(parseExactJson(text)).toEqual(JSON.parse(text));
      }),
    );
  });
});
