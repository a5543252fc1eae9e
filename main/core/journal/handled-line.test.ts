import { describe, expect, it } from 'vitest';
import { readHandledLine } from './handled-line';

const line = (text: string) => Buffer.from(text, 'utf8');
const written = (id: string, by: string, at: string) => line(JSON.stringify({ k: 'handled', id, by, at }));

describe('readHandledLine', () => {
  it('reads a handled record as JSON.stringify writes it, its id as the JSON bytes the journal finds orders by', () => {
    for (const [id, by, at] of [
      ['A-1', 'Till 1', '2026-11-27T08:00:00.000Z'],
      ['号-7 🌶️', 'Küche', 'now'],
      ['', '', ''],
      ["it's", 'api@127.0.0.1', '2026-11-27T08:00:00Z'],
    ] as const) {
      const bytes = written(id, by, at);
      const read = readHandledLine(bytes)!;
      expect({ by: read.by, at: read.at, id: JSON.parse(bytes.toString('utf8', read.idFrom, read.idTo)) as unknown, line: read.line }).toEqual({ by, at, id, line: bytes });
      expect(bytes.toString('utf8', read.idFrom, read.idTo)).toBe(JSON.stringify(id));
    }
  });

  it('leaves every other line to the full read', () => {
    const others = [
      written('A "1"', 'Till 1', 'now'),
      written('A', 'Till \\ 1', 'now'),
      written('A', 'Till 1', 'now\n'),
      written('\u0001', 'Till 1', 'now'),
      line('{"k":"handled","id":"A","at":"now","by":"Till 1"}'),
      line('{"k":"handled","id":"A","by":"Till 1","at":"now","extra":1}'),
      line('{"k":"handled","id":"A","by":"Till 1","at":"now"} '),
      line('{"k":"handled","id":"A","by":"Till 1","at":"now"'),
      line('{"k":"handled","id":"A","by":"Till 1"}'),
      line('{"k":"handled","id":"A","by":"Till 1","at":'),
      line('{"k":"handled","id":"A'),
      line('{"k":"handled","id":"'),
      line('{"k":"handled","id":7,"by":"Till 1","at":"now"}'),
      line('{"k":"order","seq":1,"at":1,"id":"A","order":{"id":"A"}}'),
      line(''),
    ];
    expect(others.map(readHandledLine)).toEqual(others.map(() => undefined));
  });
});
