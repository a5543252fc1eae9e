import { join } from 'node:path';
import { mkdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/helpers';
import { startHub } from '../../../test/hub-harness';
import { SHANGHAI_DAY, writeReportJournal } from '../../../test/report-journal';
import { JOURNAL_FILE } from './hub';
import type { AnswerRequest } from '../orders/order-life';

/** A hub on a journal holding the hand-checked Shanghai day, kept past the default 30 days. */
async function hubWithShanghaiDay(reportTimeZone?: string) {
  const dataDir = join(await tempDir(), 'hub');
  await mkdir(dataDir, { recursive: true });
  await writeReportJournal(join(dataDir, JOURNAL_FILE), SHANGHAI_DAY);
  return startHub({ dataDir, journal: { maxAgeMs: 3650 * 24 * 3600 * 1000 }, ...(reportTimeZone ? { reportTimeZone } : {}) });
}

describe('GET /api/reports', () => {
  it("answers the figures of the shop's local days from the hub's journal", async () => {
    const hub = await hubWithShanghaiDay('Asia/Shanghai');
    const { status, body } = await hub.get('/api/reports?from=2026-12-01&to=2026-12-02&by=day');
    expect(status).toBe(200);
    expect(body).toMatchObject({ from: '2026-12-01', to: '2026-12-02', timeZone: 'Asia/Shanghai', by: 'day', escalationMs: 60_000 });
    expect((body.groups as { key: string; orders: number; totals: object }[]).map(({ key, orders, totals }) => [key, orders, totals])).toEqual([
      ['2026-12-01', 6, { CNY: '23.00', USD: '5' }],
      ['2026-12-02', 1, { CNY: '1' }],
    ]);
  });

  it('takes the time zone from the request: the same orders fall in other days in New York', async () => {
    const hub = await hubWithShanghaiDay('Asia/Shanghai');
    const { body } = await hub.get('/api/reports?from=2026-11-30&to=2026-12-01&by=day&tz=America/New_York');
    // Shanghai's 09:00–11:00 on the 1st is New York's evening of the 30th; 23:00 and after is the 1st's morning.
    expect((body.groups as { key: string; orders: number }[]).map(({ key, orders }) => [key, orders])).toEqual([
      ['2026-11-30', 4],
      ['2026-12-01', 3],
    ]);
  });

  it('exports the figures and the orders as CSV with a BOM, as a download', async () => {
    const hub = await hubWithShanghaiDay('Asia/Shanghai');
    const figures = await fetch(`${hub.info.url}/api/reports?from=2026-12-01&by=channel&format=csv`, { headers: { Authorization: `Bearer ${hub.info.token}` } });
    expect(figures.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(figures.headers.get('content-disposition')).toBe('attachment; filename="report-2026-12-01-2026-12-01-by-channel.csv"');
    const bytes = Buffer.from(await figures.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8').split('\r\n')[3]).toBe('web,4,CNY,23.00,90.0,5400.0,,,3,0,2');

    const orders = await hub.get('/api/reports?from=2026-12-02&format=orders-csv');
    expect(String(orders.body.raw).split('\r\n').slice(1, -1)).toEqual(['E,2026-12-01T16:00:10.000Z,web,1,CNY,,,,2026-12-01T16:00:20.000Z,,,Till']);
  });

  it('counts an order posted, and its handling, in the next report at once', async () => {
    const hub = await hubWithShanghaiDay('Asia/Shanghai');
    const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(Date.now());
    const before = await hub.get(`/api/reports?from=${today}`);
    expect(before.body.all).toMatchObject({ orders: 0 });
    expect((await hub.post({ id: 'NEW-1', total: '9.90', currency: 'CNY' })).status).toBe(201);
    expect((await hub.get(`/api/reports?from=${today}`)).body.all).toMatchObject({ orders: 1, totals: { CNY: '9.90' }, answer: { count: 0 } });
    const handled = await fetch(`${hub.info.url}/api/orders/NEW-1/handled`, { method: 'POST', headers: { Authorization: `Bearer ${hub.info.token}` } });
    expect(handled.status).toBe(200);
    expect((await hub.get(`/api/reports?from=${today}`)).body.all).toMatchObject({ orders: 1, answer: { count: 1 }, openAtClosing: 0 });
  });

  it('needs the token', async () => {
    const hub = await hubWithShanghaiDay();
    expect((await hub.get('/api/reports', null)).status).toBe(401);
    expect((await hub.get('/api/reports', 'wrong-token-0123456789')).status).toBe(401);
  });

  it.each([
    ['from=2026-13-01', 'from: must be a day as YYYY-MM-DD, e.g. 2026-12-01, got "2026-13-01"'],
    ['to=2026-02-30', 'to: must be a day as YYYY-MM-DD, e.g. 2026-12-01, got "2026-02-30"'],
    ['from=yesterday', 'from: must be a day as YYYY-MM-DD, e.g. 2026-12-01, got "yesterday"'],
    ['from=2026-12-07&to=2026-12-01', 'to (2026-12-01) is before from (2026-12-07)'],
    ['from=2020-01-01&to=2026-01-01', 'a report spans at most 366 days, asked for 2193'],
    ['by=week', 'by: must be one of day, hour, channel, station, device, got "week"'],
    ['tz=Mars/Olympus', 'tz: unknown time zone "Mars/Olympus"; use an IANA name such as Asia/Shanghai or Europe/London'],
    ['format=xlsx', 'format: must be one of json, csv, orders-csv, got "xlsx"'],
  ])('refuses %s with 400 and says why', async (query, message) => {
    const hub = await hubWithShanghaiDay();
    const { status, body } = await hub.get(`/api/reports?${query}`);
    expect(status).toBe(400);
    expect(body.error).toBe(message);
  });
});

describe('GET /api/reports over answered orders', () => {
  it('counts the states staff answered: accepted, rejected with its reason, and an undone answer as never given', async () => {
    const hub = await startHub();
    for (const id of ['S-1', 'S-2', 'S-3']) await hub.post({ id, channel: 'web' });
    const answer = (id: string, request: AnswerRequest) => hub.hub.answers.answer(id, request, 'Till');
    expect((await answer('S-1', { state: 'accepted', readyInMin: 20 })).ok).toBe(true);
    expect((await answer('S-1', { state: 'ready' })).ok).toBe(true);
    expect((await answer('S-2', { state: 'rejected', reason: 'sold-out' })).ok).toBe(true);
    expect((await answer('S-3', { state: 'accepted', readyInMin: 10 })).ok).toBe(true);
    expect((await answer('S-3', { state: 'new' })).ok).toBe(true);

    const today = new Date().toLocaleDateString('en-CA');
    const { body } = await hub.get(`/api/reports?from=${today}&to=${today}&by=channel`);
    const all = body.all as { orders: number; answer: { count: number }; make: { count: number }; rejected: number; rejectReasons: object; openAtClosing: number };
    expect(all).toMatchObject({ orders: 3, rejected: 1, rejectReasons: { 'sold-out': 1 } });
    // S-1 and S-2 were answered; S-3's accept was undone, so it still waits for its answer.
    expect(all.answer.count).toBe(2);
    expect(all.make.count).toBe(1);

    // The orders read for that report serve the next one, brought up to date with the answer given since.
    expect((await answer('S-3', { state: 'done' })).ok).toBe(true);
    const again = (await hub.get(`/api/reports?from=${today}&to=${today}&by=channel`)).body.all as typeof all;
    expect(again).toMatchObject({ orders: 3, answer: { count: 3 }, rejected: 1 });
  });
});
