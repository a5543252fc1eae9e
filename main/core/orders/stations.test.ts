import { describe, expect, it } from 'vitest';
import { validateOrder, type Order } from './order';
import { parseRule, parseStation, parseStations, routeItems, stationNames, stationsText, validateStations, type Station } from './stations';

function stations(text: string): Station[] {
  const parsed = parseStations(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

function order(input: Record<string, unknown>): Order {
  const result = validateOrder({ id: 'o1', ...input });
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

/** Item names per station, as a plain object for readable expectations. */
function routed(o: Order, list: Station[]): Record<string, string[]> {
  return Object.fromEntries([...routeItems(o, list)].map(([name, items]) => [name, items.map((entry) => entry.item.name)]));
}

const SHOP = stations(`
# the shop's stations
bar: category in [drinks, 饮品]
grill: name ~ 烤|BBQ
kitchen: default
`);

describe('parseStations', () => {
  it('reads each kind of rule', () => {
    expect(SHOP).toEqual([
      { name: 'bar', rule: { kind: 'in', field: 'category', values: ['drinks', '饮品'] } },
      { name: 'grill', rule: { kind: 'match', field: 'name', pattern: '烤|BBQ' } },
      { name: 'kitchen', rule: { kind: 'default' } },
    ]);
    expect(parseStation('pass: channel in [delivery, pickup]')).toEqual({ ok: true, value: { name: 'pass', rule: { kind: 'in', field: 'channel', values: ['delivery', 'pickup'] } } });
    expect(parseStation('凉菜: source IN [meituan]')).toEqual({ ok: true, value: { name: '凉菜', rule: { kind: 'in', field: 'source', values: ['meituan'] } } });
  });

  it('writes stations back as the text it reads', () => {
    expect(stations(stationsText(SHOP))).toEqual(SHOP);
    expect(stationNames([...SHOP, { name: 'bar', rule: { kind: 'match', field: 'name', pattern: 'beer' } }])).toEqual(['bar', 'grill', 'kitchen']);
  });

  it.each([
    ['bar category in [drinks]', 'line 1: "bar category in [drinks]" has no ":" between the station\'s name and its rule'],
    ['bar: colour in [red]', 'line 1: bar: "colour" is not a field a station can route by (category, name, channel, source)'],
    ['bar: category in []', 'line 1: bar: the list in [ ] is empty'],
    ['bar: category is drinks', 'line 1: bar: "category is drinks" is not a rule: write "category in [drinks, 饮品]", "name ~ 烤|BBQ" or "default"'],
    ['grill: name ~ (a+)+$', 'line 1: grill: the pattern may only use | between words (and ^ or $ at their ends), not "("'],
    ['grill: name ~ .*', 'line 1: grill: the pattern may only use | between words (and ^ or $ at their ends), not "."'],
    ['grill: name ~ a||b', 'line 1: grill: "" in the pattern is empty or has ^ or $ in its middle'],
    ['a: default\nb: default', 'only one station can be the default, not a and b'],
    ['<b>: default', 'line 1: the station name may only have letters, digits, spaces, _ and -'],
    [`${'x'.repeat(33)}: default`, 'line 1: the station name must be at most 32 characters'],
    [`grill: name ~ ${'a'.repeat(201)}`, 'line 1: grill: the pattern must be at most 200 characters'],
  ])('refuses %j saying why', (text, error) => {
    expect(parseStations(text)).toEqual({ ok: false, error });
  });

  it('names the line of the first bad rule', () => {
    expect(parseStations('bar: category in [drinks]\n\nbad')).toEqual({ ok: false, error: 'line 3: "bad" has no ":" between the station\'s name and its rule' });
  });
});

describe('validateStations', () => {
  it('accepts stations as JSON and refuses what is not a station', () => {
    expect(validateStations(JSON.parse(JSON.stringify(SHOP)))).toEqual({ ok: true, value: SHOP });
    expect(validateStations('bar')).toEqual({ ok: false, error: 'stations: must be a list' });
    expect(validateStations([{ name: 'bar' }])).toEqual({ ok: false, error: 'stations[0].rule: must be an object' });
    expect(validateStations([{ name: 'bar', rule: { kind: 'in', field: 'category', values: [1] } }]).ok).toBe(false);
    expect(validateStations([{ name: 'bar', rule: { kind: 'in', field: 'category', values: ['a], name in [b'] } }]).ok).toBe(false);
    expect(validateStations([{ name: 'bar', rule: { kind: 'match', field: 'name', pattern: '(x+)+' } }])).toEqual({
      ok: false, error: 'stations[0].rule: the pattern may only use | between words (and ^ or $ at their ends), not "("',
    });
  });
});

describe('routeItems', () => {
  const lunch = order({
    channel: 'Delivery',
    items: [
      { name: 'Cola', category: 'Drinks' },
      { name: '烤羊肉串', category: '主食' },
      { name: 'Beef noodles' },
      { name: '奶茶', category: '饮品' },
      { name: 'bbq wings' },
    ],
  });

  it('sends each item to the first station whose rule matches, the rest to the default', () => {
    expect(routed(lunch, SHOP)).toEqual({ bar: ['Cola', '奶茶'], grill: ['烤羊肉串', 'bbq wings'], kitchen: ['Beef noodles'] });
  });

  it('keeps each item\'s place in the order, so a bump names the item', () => {
    expect(routeItems(lunch, SHOP).get('bar')!.map((entry) => entry.index)).toEqual([0, 3]);
  });

  it('leaves out items no station takes when there is no default', () => {
    expect(routed(lunch, stations('bar: category in [drinks]'))).toEqual({ bar: ['Cola'] });
  });

  it('routes by channel and by source, whole orders at once', () => {
    const list = stations('pass: channel in [delivery]\nkitchen: default');
    expect(routed(lunch, list)).toEqual({ pass: ['Cola', '烤羊肉串', 'Beef noodles', '奶茶', 'bbq wings'] });
    const bySource = stations('app: source in [meituan]');
    expect(routed(order({ source: 'meituan', items: [{ name: 'Tea' }] }), bySource)).toEqual({ app: ['Tea'] });
    expect(routed(order({ meta: { source: 'Meituan' }, items: [{ name: 'Tea' }] }), bySource)).toEqual({ app: ['Tea'] });
    expect(routed(order({ items: [{ name: 'Tea' }] }), bySource)).toEqual({});
  });

  it('anchors a pattern alternative at the start with ^ and at the end with $', () => {
    const list = stations('cold: name ~ ^iced|salad$');
    const o = order({ items: [{ name: 'Iced tea' }, { name: 'Tea, iced' }, { name: 'Green salad' }, { name: 'Salad bowl' }] });
    expect(routed(o, list)).toEqual({ cold: ['Iced tea', 'Green salad'] });
  });

  it('routes by a list changed in place as it is now, not as it was first routed by', () => {
    const list = stations('bar: category in [drinks]\nkitchen: default');
    expect(routed(lunch, list)).toEqual({ bar: ['Cola'], kitchen: ['烤羊肉串', 'Beef noodles', '奶茶', 'bbq wings'] });
    list.splice(1, 0, ...stations('grill: name ~ 烤|BBQ'));
    expect(routed(lunch, list)).toEqual({ bar: ['Cola'], grill: ['烤羊肉串', 'bbq wings'], kitchen: ['Beef noodles', '奶茶'] });
    list[0] = { name: 'bar', rule: { kind: 'in', field: 'category', values: ['饮品'] } };
    expect(routed(lunch, list)).toEqual({ bar: ['奶茶'], grill: ['烤羊肉串', 'bbq wings'], kitchen: ['Cola', 'Beef noodles'] });
  });

  it('routes an order with no items to no station', () => {
    expect(routeItems(order({ text: 'call me' }), SHOP).size).toBe(0);
  });

  it('stays fast on a long hostile item name', () => {
    const list = stations(`slow: name ~ ${Array.from({ length: 20 }, () => 'aaaaaaab').join('|')}`);
    const o = order({ items: Array.from({ length: 500 }, () => ({ name: 'a'.repeat(256) })) });
    expect(routeItems(o, list).size).toBe(0);
  });
});

describe('item category', () => {
  it('is kept by the order validator, and a number becomes text', () => {
    expect(order({ items: [{ name: 'Tea', category: 'drinks' }, { name: 'Rice', category: 7 }] }).items).toEqual([
      { name: 'Tea', qty: 1, category: 'drinks' },
      { name: 'Rice', qty: 1, category: '7' },
    ]);
    expect(validateOrder({ id: 'x', items: [{ name: 'Tea', category: ['a'] }] })).toEqual({ ok: false, error: 'items[0].category: must be a string, got array' });
  });
});

describe('parseRule', () => {
  it('reads a rule alone, as Settings checks one field', () => {
    expect(parseRule(' DEFAULT ')).toEqual({ ok: true, value: { kind: 'default' } });
  });
});
