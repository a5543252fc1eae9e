/**
 * The end-of-day summary on a receipt printer (a fake ESC/POS printer on loopback): from
 * `orderbell report --print` and from a hub started with --print (POST /api/reports/print),
 * in English and in Chinese (GB18030); a bad request prints nothing.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, freePort } from '../../../test/cli';
import { squeeze } from '../../../test/escpos-decode';
import { FakePrinter } from '../../../test/fake-printer';
import { tempDir, waitFor } from '../../../test/helpers';
import { request, startHubProcess, stopHubProcess } from '../../../test/hub-process';
import { SHANGHAI_DAY, writeReportJournal } from '../../../test/report-journal';
import { JOURNAL_FILE } from '../hub/hub';

async function hubFolder(): Promise<string> {
  const dataDir = join(await tempDir(), 'hub');
  await mkdir(dataDir);
  await writeReportJournal(join(dataDir, JOURNAL_FILE), SHANGHAI_DAY);
  return dataDir;
}

/** The summary tickets the printer took (those with a summary's title), their lines with runs of spaces squeezed. */
function summaries(printer: FakePrinter): string[][] {
  return printer.tickets().map(squeeze).filter((lines) => lines.some((line) => /^(Summary|营业汇总) /.test(line)));
}

// 1 December in Shanghai, hand-checked (test/report-journal.ts): 6 orders, 23.00 CNY and 5 USD, half answered within 45 s.
const ENGLISH = ['Summary 2026-12-01 to 2026-12-01', 'Orders 6', 'Sales CNY 23.00', 'Sales USD 5', 'Typical time to answer 45 s', 'Still open at closing 2'];
const CHINESE = ['营业汇总 2026-12-01 至 2026-12-01', '订单数 6', '销售额 CNY 23.00', '销售额 USD 5', '一般接单用时 45 秒', '打烊时仍未完成 2'];

describe('orderbell report --print', () => {
  it.each([
    ['en', ENGLISH],
    ['zh-CN', CHINESE],
  ])('prints the day’s summary ticket in %s, each press again', async (language, expected) => {
    const printer = await FakePrinter.start();
    const dataDir = await hubFolder();
    const args = ['report', '--data', dataDir, '--from', '2026-12-01', '--tz', 'Asia/Shanghai', '--print', printer.url, '--language', language, '--shop', 'Noodle Bar'];
    const { code, stdout, stderr } = await cli(args);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout.trim()).toBe(`printed the summary of 2026-12-01 to 2026-12-01 on ${printer.url}`);
    const [first] = summaries(printer);
    expect(first).toEqual(expect.arrayContaining(['Noodle Bar', ...expected]));
    // A summary is no order: printing it again prints it again, unmarked.
    expect((await cli(args)).code).toBe(0);
    expect(summaries(printer)).toEqual([first, first]);
  });

  it.each([
    [['--from', '2026-12-02', '--to', '2026-12-01'], 'orderbell report: to (2026-12-01) is before from (2026-12-02)'],
    [['--by', 'week'], 'orderbell report: --by must be one of day, hour, channel, station, device, got "week"'],
    [['--csv'], 'orderbell report: --print prints the summary; leave out --csv'],
  ])('%j exits 2 with why and prints nothing', async (args, message) => {
    const printer = await FakePrinter.start();
    const { code, stderr } = await cli(['report', '--data', await hubFolder(), '--print', printer.url, ...args]);
    expect(code).toBe(2);
    expect(stderr.trimEnd()).toBe(message);
    expect(printer.connections).toEqual([]);
  });

  it('says so and exits 1 when the printer is off', async () => {
    const printer = await FakePrinter.start();
    const url = printer.url;
    await printer.down();
    const { code, stderr } = await cli(['report', '--data', await hubFolder(), '--from', '2026-12-01', '--print', url]);
    expect(code).toBe(1);
    expect(stderr).toContain('refused');
  });
});

describe('POST /api/reports/print on orderbell hub --print', () => {
  it('prints the summary of the days asked for on the hub’s printer, in the hub’s language; bad requests get a 4xx and print nothing', async () => {
    const printer = await FakePrinter.start();
    const port = await freePort();
    const hub = await startHubProcess(await hubFolder(), port, ['--keep-days', '3650', '--time-zone', 'Asia/Shanghai', '--print', printer.url, '--language', 'zh-CN']);
    try {
      expect(await request(port, 'POST', '/api/reports/print?from=2026-12-05&to=2026-12-01')).toEqual({ status: 400, body: { error: 'to (2026-12-01) is before from (2026-12-05)' } });
      expect(await request(port, 'POST', '/api/reports/print?from=2026-12-01&by=week')).toEqual({ status: 400, body: { error: 'by: must be one of day, hour, channel, station, device, got "week"' } });
      for (const headers of [{}, { Authorization: 'Bearer not-the-token' }] as Record<string, string>[]) {
        expect((await fetch(`http://127.0.0.1:${port}/api/reports/print?from=2026-12-01`, { method: 'POST', headers })).status).toBe(401);
      }
      expect(summaries(printer)).toEqual([]);

      expect(await request(port, 'POST', '/api/reports/print?from=2026-12-01&to=2026-12-01')).toEqual({ status: 200, body: { printed: true, printer: printer.url, from: '2026-12-01', to: '2026-12-01' } });
      await waitFor(() => summaries(printer).length === 1, 10_000, 'the summary ticket');
      expect(summaries(printer)[0]).toEqual(expect.arrayContaining(CHINESE));
    } finally {
      await stopHubProcess(hub);
    }
  }, 60_000);

  it('answers 404 on a hub without --print, and prints nothing', async () => {
    const port = await freePort();
    const hub = await startHubProcess(await hubFolder(), port, ['--keep-days', '3650']);
    try {
      expect(await request(port, 'POST', '/api/reports/print?from=2026-12-01')).toEqual({ status: 404, body: { error: 'this hub does not print; start it with --print' } });
    } finally {
      await stopHubProcess(hub);
    }
  }, 60_000);
});
