/** Real journal files with orders at chosen times, for the reports' tests. */
import { writeFile } from 'node:fs/promises';
import { Journal } from '../main/core/journal/journal';
import { frame } from '../main/core/journal/log-lines';
import { orderRecord } from '../main/core/journal/records';
import type { Order } from '../main/core/orders/order';
import type { StateChange } from '../main/core/orders/order-life';

export interface JournalEntry {
  order: Order;
  /** When the journal stored it, ISO 8601. */
  arrived: string;
  handled?: { by: string; at: string };
  /** Its changes of state, oldest first (written by writeJournalLines). */
  states?: Omit<StateChange, 'id' | 'seq'>[];
}

/** Writes `entries` to a journal at `path`, as a hub would have stored and handled them, and closes it. */
export async function writeReportJournal(path: string, entries: JournalEntry[]): Promise<void> {
  let now = 0;
  const journal = await Journal.open(path, { now: () => now, maxAgeMs: Number.MAX_SAFE_INTEGER, maxOrders: 1_000_000, maxBytes: 1024 ** 3 });
  for (const entry of entries) {
    now = Date.parse(entry.arrived);
    await journal.append(entry.order, 'next');
  }
  for (const entry of entries) {
    if (entry.handled) await journal.markHandled(entry.order.id, entry.handled.by, entry.handled.at);
  }
  await journal.close();
}

/** The small shop day every hand-checked test uses, in Asia/Shanghai (UTC+8, no daylight saving). */
export const SHANGHAI_DAY: JournalEntry[] = [
  { order: { id: 'A', channel: 'web', total: '12.10', currency: 'CNY' }, arrived: '2026-12-01T01:00:00Z', handled: { by: 'Till', at: '2026-12-01T01:00:30Z' } },
  { order: { id: 'B', channel: 'web', total: 0.2, currency: 'cny' }, arrived: '2026-12-01T01:00:20Z', handled: { by: 'Phone', at: '2026-12-01T01:01:50Z' } },
  { order: { id: 'C', channel: 'phone', total: '5', currency: 'USD' }, arrived: '2026-12-01T02:00:00Z', handled: { by: 'Till', at: '2026-12-01T02:00:45Z' } },
  { order: { id: 'D', channel: 'web', total: '7.70', currency: 'CNY' }, arrived: '2026-12-01T15:59:50Z' },
  { order: { id: 'E', channel: 'web', total: '1', currency: 'CNY' }, arrived: '2026-12-01T16:00:10Z', handled: { by: 'Till', at: '2026-12-01T16:00:20Z' } },
  { order: { id: 'F', channel: 'web', total: '3', currency: 'CNY' }, arrived: '2026-12-01T15:00:00Z', handled: { by: 'Till', at: '2026-12-01T16:30:00Z' } },
  { order: { id: 'G', title: 'no channel, no total' }, arrived: '2026-12-01T03:00:00Z', handled: { by: 'Phone', at: '2026-12-01T03:00:05Z' } },
];

/** Writes `entries` as journal lines at once, as a journal writes them (one fsync, not one per order): for 30,000 orders. */
export async function writeJournalLines(path: string, entries: JournalEntry[]): Promise<void> {
  const lines: Buffer[] = entries.map((entry, index) => frame(orderRecord({ seq: index + 1, order: entry.order, receivedAt: Date.parse(entry.arrived) })));
  let seq = 0;
  for (const entry of entries) for (const change of entry.states ?? []) lines.push(frame({ k: 'state', change: { id: entry.order.id, seq: ++seq, ...change } }));
  for (const entry of entries) if (entry.handled) lines.push(frame({ k: 'handled', id: entry.order.id, ...entry.handled }));
  await writeFile(path, Buffer.concat(lines));
}

/** A seeded random number generator (mulberry32): the same busy month on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const CHANNELS = ['web', 'meituan', 'eleme', 'phone', ''];
const DEVICES = ['Till', 'Phone', 'Kitchen iPad'];

/**
 * A busy month: `count` orders from `start` over `days` days, most at lunch and dinner, in
 * several channels and currencies (totals in whole cents), nine in ten handled, most within a minute, a few after up to 20 min.
 */
export function busyMonth(count: number, start = Date.parse('2026-10-10T00:00:00Z'), days = 30, seed = 25): JournalEntry[] {
  const random = seededRandom(seed);
  const entries: JournalEntry[] = [];
  for (let i = 0; i < count; i++) {
    const day = Math.floor(random() * days);
    const hour = random() < 0.7 ? (random() < 0.5 ? 11 : 17) + Math.floor(random() * 3) : Math.floor(random() * 24);
    const arrived = start + day * 86_400_000 + hour * 3_600_000 + Math.floor(random() * 3_600_000);
    const cents = 100 + Math.floor(random() * 20_000);
    const order: Order = { id: `M-${i}`, channel: CHANNELS[i % CHANNELS.length]!, total: `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`, currency: i % 7 === 0 ? 'USD' : 'CNY', title: `桌 ${i % 40}` };
    const entry: JournalEntry = { order, arrived: new Date(arrived).toISOString() };
    if (random() < 0.9) entry.handled = { by: DEVICES[i % DEVICES.length]!, at: new Date(arrived + 5_000 + Math.floor(random() ** 4 * 1_200_000)).toISOString() };
    entries.push(entry);
  }
  return entries;
}

/**
 * The busy month with every state, as a hub that answers orders journals them, in a cycle of 20:
 * 6 accepted, ready and done; 6 accepted and done; 2 rejected (one sold out, one closing soon);
 * 4 done at once; 1 accepted and ready but not yet done; 1 never answered. Done and rejected
 * orders are handled, as the hub marks them: one in ten stays open, as in busyMonth.
 */
type States = NonNullable<JournalEntry['states']>;
const times = (n: number, states: States): States[] => Array.from({ length: n }, () => states);

export function busyMonthWithStates(count: number, start?: number, days?: number): JournalEntry[] {
  return busyMonth(count, start, days).map((entry, index) => {
    const arrived = Date.parse(entry.arrived);
    const at = (ms: number) => new Date(arrived + ms + (index % 97) * 1000).toISOString();
    const made: States = [{ state: 'accepted', at: at(10_000), by: 'Till' }, { state: 'ready', at: at(600_000), by: 'Grill' }];
    const kinds: States[] = [
      ...times(6, [...made, { state: 'done', at: at(900_000), by: 'Till' }]),
      ...times(6, [{ state: 'accepted', at: at(40_000), by: 'Phone' }, { state: 'done', at: at(300_000), by: 'Phone' }]),
      [{ state: 'rejected', at: at(20_000), by: 'Till', reason: '售罄' }],
      [{ state: 'rejected', at: at(20_000), by: 'Till', reason: 'closing soon' }],
      ...times(4, [{ state: 'done', at: at(50_000), by: 'Till' }]),
      made,
      [],
    ];
    const states = kinds[index % kinds.length]!;
    const last = states.at(-1);
    const { handled: _handled, ...open } = entry;
    return { ...open, states, ...(last && (last.state === 'done' || last.state === 'rejected') ? { handled: { by: last.by, at: last.at } } : {}) };
  });
}
