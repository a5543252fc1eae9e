import { describe, expect, it } from 'vitest';
import { squeeze } from '../../../test/escpos-decode';
import { FakePrinter } from '../../../test/fake-printer';
import { cli, freePort, runCli } from '../../../test/cli';
import { tempDir, waitFor } from '../../../test/helpers';
import { startHub } from '../../../test/hub-harness';

/** Each printed ticket as "id" or "id POSSIBLE DUPLICATE", in paper order. */
function printed(printer: FakePrinter): string[] {
  return printer.tickets().map((lines) => {
    const text = squeeze(lines);
    const id = text.find((line) => line.startsWith('#'))!.slice(1);
    return text.includes('POSSIBLE DUPLICATE') ? `${id} POSSIBLE DUPLICATE` : id;
  });
}

describe('orderbell printing', () => {
  it('print-test prints a test ticket and exits 0; an unreachable printer exits 1 with the reason', async () => {
    const printer = await FakePrinter.start();
    const ok = await cli(['print-test', '--printer', printer.url, '--paper', '58', '--shop', '小馆']);
    expect(ok).toMatchObject({ code: 0, stdout: `printed a test ticket on ${printer.url}\n` });
    const lines = squeeze(printer.tickets()[0]!);
    expect(lines).toEqual(expect.arrayContaining(['小馆', 'Paper 58 mm, 32 columns', '中文：宫保鸡丁 两份']));

    const port = await freePort();
    const refused = await cli(['print-test', '--printer', `tcp://127.0.0.1:${port}`]);
    expect(refused).toMatchObject({ code: 1, stderr: `orderbell: printer tcp://127.0.0.1:${port} refused the connection (is it on, and is this its address?)\n` });
  });

  it('print-test names a printer that never answers status requests, and one out of paper; with ?confirm=write it prints', async () => {
    const printer = await FakePrinter.start();
    printer.mode = 'mute';
    const mute = await cli(['print-test', '--printer', printer.url]);
    expect(mute.code).toBe(1);
    expect(mute.stderr).toBe(
      `orderbell: ${printer.url} took the test ticket but never answered the status request. If the ticket came out, this printer does not answer status requests: use ${printer.url}?confirm=write (a ticket then counts as printed once it is sent).\n`,
    );
    const byWrite = await cli(['print-test', '--printer', `${printer.url}?confirm=write`]);
    expect(byWrite).toMatchObject({ code: 0, stdout: `printed a test ticket on ${printer.url}?confirm=write (sent; this printer does not confirm: check that it came out)\n` });
    expect(printer.tickets()).toHaveLength(2);

    printer.mode = 'paper-end';
    const empty = await cli(['print-test', '--printer', printer.url, '--language', 'en']);
    expect(empty).toMatchObject({ code: 1, stderr: `orderbell: printer ${printer.url} is out of paper. The printer is out of paper. Put in a new roll.\n` });
    printer.mode = 'near-end';
    const low = await cli(['print-test', '--printer', printer.url, '--language', 'en']);
    expect(low).toMatchObject({ code: 0, stdout: `The printer paper is running low.\nprinted a test ticket on ${printer.url}\n` });
  }, 60_000);

  it.each([
    [['print-test'], 'orderbell print-test: --printer is required'],
    [['print-test', '--printer', 'lpt1'], 'orderbell print-test: --printer: printer must look like tcp://HOST:9100, cups:QUEUE or system:NAME, got "lpt1"'],
    [['print-test', '--printer', 'tcp://p', '--paper', '76'], 'orderbell print-test: --paper must be one of 58, 80, got "76"'],
    [['listen', '--url', 'ws://x', '--print', 'tcp://p', '--copies', '0'], 'orderbell listen: --copies must be a whole number from 1 to 9, got "0"'],
    [['listen', '--url', 'ws://x', '--copies', '2'], 'orderbell listen: --copies needs --print'],
    [['listen', '--url', 'ws://x', '--station-printer', 'bar: default @ tcp://b'], 'orderbell listen: --station-printer needs --print'],
    [['listen', '--url', 'ws://x', '--print', 'tcp://p', '--station-printer', 'bar: default'], 'orderbell listen: --station-printer "bar: default": write "<station>: <rule> @ <printer>"'],
    [['listen', '--url', 'ws://x', '--print', 'tcp://p', '--backup-after-s', '5'], 'orderbell listen: --backup-after-s needs --backup'],
    [['listen', '--url', 'ws://x', '--print', 'tcp://p', '--backup', 'tcp://q', '--backup-after-s', 'soon'], 'orderbell listen: --backup-after-s must be a number of seconds from 0 to 86400, got "soon"'],
  ])('%j exits 2 with a one-line error', async (args, message) => {
    const { code, stderr } = await cli(args);
    expect(code).toBe(2);
    expect(stderr.trimEnd()).toBe(message);
  });

  it('listen --print: kill -9 at random moments while orders flow; every ticket arrives, in order, none twice unless marked', async () => {
    const hub = await startHub({ rateLimit: { perSecond: 10_000, burst: 10_000 } });
    const printer = await FakePrinter.start();
    const dataDir = await tempDir();
    const args = ['listen', '--url', hub.wsUrl, '--token', hub.info.token, '--data', dataDir, '--print', printer.url, '--paper', '58', '--language', 'en'];
    /** How many tickets were on paper when each restarted process began. */
    const restarts: number[] = [];
    let posted = 0;
    let posting = true;
    const poster = (async () => {
      while (posting) await hub.post({ id: `o-${++posted}`, items: [{ name: '宫保鸡丁', qty: 1 }] });
    })();
    for (let round = 0; round < 5; round++) {
      restarts.push(printer.tickets().length);
      const listen = runCli(args);
      const target = printer.tickets().length + 3 + Math.floor(Math.random() * 12);
      await waitFor(() => printer.tickets().length >= target, 20_000, `ticket ${target}`);
      listen.child.kill('SIGKILL');
      await listen.exited;
      await waitFor(() => printer.openConnections === 0, 5000, 'the printer to finish what it was sent');
    }
    posting = false;
    await poster;
    restarts.push(printer.tickets().length);
    const last = runCli(args);
    // Hundreds of orders may wait for the last run; each ticket is two fsyncs and a round trip, slow on a loaded machine.
    await waitFor(() => printed(printer).some((ticket) => ticket.startsWith(`o-${posted}`)), 90_000, 'the last order');
    await last.waitForStderr(new RegExp(`printed order o-${posted} `));
    last.child.kill('SIGINT');
    expect((await last.exited).code).toBe(0);

    const tickets = printed(printer);
    const everything = Array.from({ length: posted }, (_, i) => `o-${i + 1}`);
    const seen: string[] = [];
    tickets.forEach((ticket, index) => {
      const id = ticket.split(' ')[0]!;
      if (seen.includes(id)) {
        // Printed again: only as the first ticket of a restarted process, and marked so.
        expect(ticket, `ticket ${index}`).toBe(`${id} POSSIBLE DUPLICATE`);
        expect(restarts, `${id} printed again away from a restart`).toContain(index);
      } else seen.push(id);
    });
    // Every order printed, in order.
    expect(seen).toEqual(everything);
  }, 180_000);

  it('listen --print with the printer down: the alarm on stderr, the tickets wait, and print in order once it is back', async () => {
    const hub = await startHub();
    const printer = await FakePrinter.start();
    await printer.down();
    const listen = runCli(['listen', '--url', hub.wsUrl, '--token', hub.info.token, '--data', await tempDir(), '--print', printer.url, '--copies', '2']);
    await listen.waitForStderr(/online: /);
    await hub.post({ id: 'K-1' });
    await hub.post({ id: 'K-2' });
    await listen.waitForStderr(new RegExp(`printer alarm: printer ${printer.url} refused the connection \\(is it on, and is this its address\\?\\); 2 ticket\\(s\\) waiting; retrying in \\d+\\.\\d s`));
    await printer.up();
    await listen.waitForStderr(/printed order K-2 /, 40_000);
    expect(listen.stderr()).toContain(`printer back: ${printer.url}`);
    expect(printed(printer)).toEqual(['K-1', 'K-1', 'K-2', 'K-2']);
    listen.child.kill('SIGTERM');
    expect((await listen.exited).code).toBe(0);
  }, 60_000);

  it('listen --print: a ticket whose printer refused the connection is not marked POSSIBLE DUPLICATE after a clean stop or a kill -9', async () => {
    const hub = await startHub();
    const printer = await FakePrinter.start();
    await printer.down();
    const args = ['listen', '--url', hub.wsUrl, '--token', hub.info.token, '--data', await tempDir(), '--print', printer.url, '--language', 'en'];
    const first = runCli(args);
    await first.waitForStderr(/online: /);
    await hub.post({ id: 'R-1' });
    await first.waitForStderr(/printer alarm: .*refused the connection.*1 ticket\(s\) waiting/);
    first.child.kill('SIGTERM');
    expect((await first.exited).code).toBe(0);

    const second = runCli(args);
    await second.waitForStderr(/online: /);
    await hub.post({ id: 'R-2' });
    await second.waitForStderr(/printer alarm: .*refused the connection.*2 ticket\(s\) waiting/);
    second.child.kill('SIGKILL');
    await second.exited;

    await printer.up();
    const third = runCli(args);
    await third.waitForStderr(/printed order R-2 /, 30_000);
    expect(printed(printer)).toEqual(['R-1', 'R-2']);
    third.child.kill('SIGTERM');
    expect((await third.exited).code).toBe(0);
  }, 60_000);

  it('listen --print --backup: the backup prints while the printer is down, each ticket marked with the printer it was meant for', async () => {
    const hub = await startHub();
    const printer = await FakePrinter.start();
    const backup = await FakePrinter.start();
    await printer.down();
    const listen = runCli(['listen', '--url', hub.wsUrl, '--token', hub.info.token, '--data', await tempDir(), '--print', printer.url, '--backup', backup.url, '--backup-after-s', '1', '--language', 'en']);
    await listen.waitForStderr(/online: /);
    await hub.post({ id: 'F-1' });
    await listen.waitForStderr(new RegExp(`printed order F-1 on the backup ${backup.url}\n`), 30_000);
    expect(backup.tickets().map(squeeze)[0]).toEqual(expect.arrayContaining(['#F-1', `FOR PRINTER ${printer.url}`]));
    listen.child.kill('SIGTERM');
    expect((await listen.exited).code).toBe(0);
  }, 60_000);

  it('listen --print --backlog skip: tickets left waiting through an outage of hours are skipped after a restart; new orders print', async () => {
    const hub = await startHub();
    const printer = await FakePrinter.start();
    await printer.down();
    const dataDir = await tempDir();
    const args = (backlog: string) => ['listen', '--url', hub.wsUrl, '--token', hub.info.token, '--data', dataDir, '--print', printer.url, '--backlog', backlog, '--backlog-over', '2', '--language', 'en'];
    const evening = runCli(args('skip'));
    await evening.waitForStderr(/online: /);
    for (const id of ['E-1', 'E-2', 'E-3']) await hub.post({ id });
    await evening.waitForStderr(/3 ticket\(s\) waiting/);
    evening.child.kill('SIGTERM');
    expect((await evening.exited).code).toBe(0);

    await printer.up();
    // The next morning, as far as the clock of the restarted process knows.
    const morning = runCli(args('skip'), { faketime: ['-f', '+10h'] });
    await morning.waitForStderr(/backlog: skipped 3 old ticket\(s\) \(--backlog skip\): E-1, E-2, E-3/, 20_000);
    await morning.waitForStderr(/online: /);
    await hub.post({ id: 'M-1' });
    await morning.waitForStderr(/printed order M-1 /, 20_000);
    expect(printed(printer)).toEqual(['M-1']);
    morning.kill('SIGTERM');
    await morning.exited;
  }, 60_000);

  it('listen --station-printer: each station printer prints its items, the counter the whole order, each once', async () => {
    const hub = await startHub();
    const counter = await FakePrinter.start();
    const bar = await FakePrinter.start();
    const kitchen = await FakePrinter.start();
    const listen = runCli([
      'listen', '--url', hub.wsUrl, '--token', hub.info.token, '--data', await tempDir(), '--language', 'en', '--print', counter.url,
      '--station-printer', `bar: category in [drinks, 饮品] @ ${bar.url}`, '--station-printer', `kitchen: default @ ${kitchen.url}`,
    ]);
    await listen.waitForStderr(/online: /);
    await hub.post({ id: 'S-1', items: [{ name: 'Cola', qty: 1, category: 'drinks' }, { name: '宫保鸡丁', qty: 1 }] });
    await listen.waitForStderr(new RegExp(`printed order S-1 on ${bar.url} \\(bar\\)`), 20_000);
    await listen.waitForStderr(new RegExp(`printed order S-1 on ${kitchen.url} \\(kitchen\\)`), 20_000);
    await listen.waitForStderr(new RegExp(`printed order S-1 on ${counter.url}\n`), 20_000);
    const lines = (printer: FakePrinter) => printer.tickets().map(squeeze);
    expect(lines(bar)).toHaveLength(1);
    expect(lines(bar)[0]).toEqual(expect.arrayContaining(['BAR', '#S-1']));
    expect(lines(bar)[0]!.join('\n')).not.toContain('宫保鸡丁');
    expect(lines(kitchen)[0]).toEqual(expect.arrayContaining(['KITCHEN', '#S-1']));
    expect(lines(kitchen)[0]!.join('\n')).not.toContain('Cola');
    expect(lines(counter)[0]!.join('\n')).toMatch(/Cola[\s\S]*宫保鸡丁/);
    listen.child.kill('SIGTERM');
    expect((await listen.exited).code).toBe(0);
  }, 60_000);
});
