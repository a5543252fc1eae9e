import { join } from 'node:path';
import { mkdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { cli } from '../../../test/cli';
import { tempDir } from '../../../test/helpers';
import { SHANGHAI_DAY, writeReportJournal } from '../../../test/report-journal';
import { JOURNAL_FILE } from '../hub/hub';

async function hubFolder(): Promise<string> {
  const dataDir = join(await tempDir(), 'hub');
  await mkdir(dataDir);
  await writeReportJournal(join(dataDir, JOURNAL_FILE), SHANGHAI_DAY);
  return dataDir;
}

describe('orderbell report', () => {
  it("prints the figures per local day in the machine's time zone (TZ)", async () => {
    const dataDir = await hubFolder();
    const { code, stdout, stderr } = await cli(['report', '--data', dataDir, '--from', '2026-12-01', '--to', '2026-12-02'], { env: { TZ: 'Asia/Shanghai' } });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('Report 2026-12-01 to 2026-12-02 (Asia/Shanghai), by day');
    expect(lines.slice(2).map((line) => line.split(/\s{2,}/))).toEqual([
      ['2026-12-01', '6', '23.00 CNY + 5 USD', '45 s', '5400 s', '-', '-', '3', '0', '2'],
      ['2026-12-02', '1', '1 CNY', '10 s', '10 s', '-', '-', '0', '0', '0'],
      ['all', '7', '24.00 CNY + 5 USD', '30 s', '5400 s', '-', '-', '3', '0', '2'],
    ]);
  });

  it('writes CSV with a BOM: the figures with --csv, the orders with --orders', async () => {
    const dataDir = await hubFolder();
    const figures = await cli(['report', '--data', dataDir, '--from', '2026-12-01', '--by', 'device', '--tz', 'Asia/Shanghai', '--csv']);
    expect(figures.code).toBe(0);
    expect(figures.stdout.startsWith('\uFEFFdevice,orders,currency,total,')).toBe(true);
    expect(figures.stdout.split('\r\n').filter((line) => line.startsWith('Till,'))).toEqual(['Till,3,CNY,15.10,45.0,5400.0,,,1,0,1', 'Till,3,USD,5,45.0,5400.0,,,1,0,1']);
    const orders = await cli(['report', '--data', dataDir, '--from', '2026-12-02', '--tz', 'Asia/Shanghai', '--orders']);
    expect(orders.stdout.split('\r\n').slice(1, -1)).toEqual(['E,2026-12-01T16:00:10.000Z,web,1,CNY,,,,2026-12-01T16:00:20.000Z,,,Till']);
  });

  it('lays out the end-of-day summary ticket with --ticket', async () => {
    const dataDir = await hubFolder();
    const { code, stdout } = await cli(['report', '--data', dataDir, '--from', '2026-12-01', '--tz', 'Asia/Shanghai', '--ticket']);
    expect(code).toBe(0);
    const lines = stdout.split('\n').map((line) => line.replace(/\s+/g, ' ').trim());
    expect(lines).toEqual(expect.arrayContaining(['Summary 2026-12-01 to 2026-12-01', 'Orders 6', 'Still open at closing 2']));
  });

  it.each([
    // faketime's time is local time in TZ: five seconds into 2 December in Shanghai is E's day.
    ['Asia/Shanghai', '2026-12-02 00:00:05', '2026-12-02', '1'],
    // The same orders in New York: 30 November 21:00 there; that evening holds A, B, C and G.
    ['America/New_York', '2026-11-30 21:00:00', '2026-11-30', '4'],
  ])('without --from, reports today in %s (under faketime %s)', async (zone, clock, today, count) => {
    const dataDir = await hubFolder();
    const { code, stdout } = await cli(['report', '--data', dataDir], { env: { TZ: zone }, faketime: [clock] });
    expect(code).toBe(0);
    expect(stdout.split('\n')[0]).toBe(`Report ${today} to ${today} (${zone}), by day`);
    expect(stdout.split('\n')[2]!.split(/\s{2,}/).slice(0, 2)).toEqual([today, count]);
  });

  it.each([
    [['--from', '1 Dec'], 'orderbell report: --from must be a day as YYYY-MM-DD, e.g. 2026-12-01, got "1 Dec"'],
    [['--by', 'week'], 'orderbell report: --by must be one of day, hour, channel, station, device, got "week"'],
    [['--tz', 'Moon/Base'], 'orderbell report: --tz unknown time zone "Moon/Base"; use an IANA name such as Asia/Shanghai or Europe/London'],
    [['--from', '2026-12-02', '--to', '2026-12-01'], 'orderbell report: to (2026-12-01) is before from (2026-12-02)'],
  ])('%j exits 2 with a one-line error', async (args, message) => {
    const dataDir = await hubFolder();
    const { code, stderr } = await cli(['report', '--data', dataDir, ...args]);
    expect(code).toBe(2);
    expect(stderr.trimEnd()).toBe(message);
  });

  it('says where it looked when the folder has no journal', async () => {
    const empty = await tempDir();
    const { code, stderr } = await cli(['report', '--data', empty]);
    expect(code).toBe(2);
    expect(stderr.trimEnd()).toBe(`orderbell report: no order journal in ${empty} (looked for hub-journal.log, journal.log); give the hub's folder with --data`);
  });
});
