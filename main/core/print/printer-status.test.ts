import { describe, expect, it } from 'vitest';
import { waitFor } from '../../../test/helpers';
import { arrive, openKitchen, printedIds, setup } from '../../../test/kitchen-harness';
import { setLanguage } from '../ui/i18n';
import { StatusReader } from './escpos-status';
import { printerReason } from './printer-words';
import { TcpTransport } from './tcp-transport';
import { PrintError, type PrinterTransport } from './transport';

describe('StatusReader', () => {
  it('tells paper status, offline causes and automatic status apart, wherever a chunk splits them', () => {
    const reader = new StatusReader();
    // ASB (cover open) split across chunks, then GS r answers: ok, near end, paper end (0x0C and a clone's 0x0F), then DLE EOT 2 answers.
    expect(reader.read(Buffer.from([0x38, 0x00]))).toEqual([]);
    expect(reader.read(Buffer.from([0x00, 0x00, 0x00, 0x03, 0x0c, 0x0f, 0x16, 0x32, 0x52, 0x12]))).toEqual([
      { kind: 'automatic', problem: 'cover-open' },
      { kind: 'answer' },
      { kind: 'answer', warning: 'paper-near-end' },
      { kind: 'answer', problem: 'paper-end' },
      { kind: 'answer', problem: 'paper-end' },
      { kind: 'offline-cause', problem: 'cover-open' },
      { kind: 'offline-cause', problem: 'paper-end' },
      { kind: 'offline-cause', problem: 'printer-error' },
      { kind: 'offline-cause' },
    ]);
  });
});

describe('the printer answer', () => {
  it('paper end: nothing counts as printed, the alarm says so in plain words; once paper is in, the tickets print', async () => {
    const s = await setup();
    s.printer.mode = 'paper-end';
    const { kitchen, confirmed } = await openKitchen(s);
    for (const id of ['A', 'B']) await arrive(s.journal, kitchen, { id });
    await waitFor(() => kitchen.status.state === 'failing', 5000, 'the alarm');
    expect(kitchen.status).toMatchObject({ problem: 'paper-end', queued: 2 });
    setLanguage('en');
    expect(printerReason(kitchen.status)).toBe('The printer is out of paper. Put in a new roll.');
    setLanguage('zh-CN');
    expect(printerReason(kitchen.status)).toBe('打印机缺纸，请换新纸卷。');
    setLanguage('en');
    expect(confirmed).toEqual([]);
    s.printer.mode = 'ok';
    await waitFor(() => confirmed.length === 2, 5000, 'both tickets');
    // A came out of a printer that may have printed part of it: marked, never silently twice.
    expect(printedIds(s.printer)).toEqual(['A POSSIBLE DUPLICATE', 'B']);
  });

  it('paper near end: prints, counts it, and warns without an alarm', async () => {
    const s = await setup();
    s.printer.mode = 'near-end';
    const { kitchen, confirmed } = await openKitchen(s);
    await arrive(s.journal, kitchen, { id: 'A' });
    await waitFor(() => confirmed.length === 1 && kitchen.status.state === 'idle', 5000, 'the ticket');
    expect(kitchen.status).toEqual({ state: 'idle', queued: 0, warning: 'paper-near-end' });
    expect(printerReason(kitchen.status)).toBe('The printer paper is running low.');
    expect(printedIds(s.printer)).toEqual(['A']);
  });

  it('cover open: the printer keeps the status request unanswered; the alarm asks it why and says "cover open"', async () => {
    const s = await setup();
    s.printer.mode = 'cover-open';
    const { kitchen, confirmed } = await openKitchen(s);
    await arrive(s.journal, kitchen, { id: 'A' });
    await waitFor(() => kitchen.status.state === 'failing', 5000, 'the alarm');
    expect(kitchen.status.problem).toBe('cover-open');
    expect(printerReason(kitchen.status)).toBe('The printer cover is open. Close it.');
    s.printer.mode = 'ok';
    await waitFor(() => confirmed.length === 1, 5000, 'the ticket');
    expect(printedIds(s.printer)).toEqual(['A POSSIBLE DUPLICATE']);
  });

  it.each([
    ['cover-open', false],
    ['paper-end', false],
    ['ok', true],
  ] as const)('automatic status sent on connect (%s) confirms no ticket; only the answer to GS r does', async (mode, prints) => {
    const s = await setup();
    s.printer.mode = mode;
    s.printer.asbOnConnect = true;
    const { kitchen, confirmed } = await openKitchen(s);
    for (const id of ['A', 'B', 'C']) await arrive(s.journal, kitchen, { id });
    if (prints) {
      await waitFor(() => confirmed.length === 3, 5000, 'the tickets');
      expect(printedIds(s.printer)).toEqual(['A', 'B', 'C']);
    } else {
      await waitFor(() => kitchen.status.state === 'failing', 5000, 'the alarm');
      expect(kitchen.status.problem).toBe(mode);
      expect(confirmed).toEqual([]);
      expect(printedIds(s.printer)).toEqual([]);
    }
  });
});

describe('a printer that never answers status requests', () => {
  it('confirming by status: prints the head ticket once, names the trouble, and never sends it again by a timeout', async () => {
    const s = await setup();
    s.printer.mode = 'mute';
    const { kitchen, statuses } = await openKitchen(s);
    for (const id of ['A', 'B']) await arrive(s.journal, kitchen, { id });
    await waitFor(() => statuses.filter((status) => status.state === 'failing').length >= 4, 10_000, 'several retries');
    expect(kitchen.status.problem).toBe('no-answer');
    expect(printerReason(kitchen.status)).toBe('The printer does not say whether it printed. If tickets do come out, add ?confirm=write to its address.');
    expect(printedIds(s.printer)).toEqual(['A']);
  });

  it('confirming by write: every ticket prints once and counts as printed once its bytes are sent', async () => {
    const s = await setup();
    s.printer.mode = 'mute';
    const transport = new TcpTransport({ host: '127.0.0.1', port: s.printer.portNumber, timeoutMs: 300, confirm: 'write' });
    const { kitchen, confirmed, statuses } = await openKitchen(s, { transport });
    for (const id of ['A', 'B', 'C']) await arrive(s.journal, kitchen, { id });
    await waitFor(() => confirmed.length === 3 && kitchen.status.state === 'idle', 5000, 'the tickets');
    expect(printedIds(s.printer)).toEqual(['A', 'B', 'C']);
    expect(statuses.some((status) => status.state === 'failing')).toBe(false);
  });

  it('a printer with no status request whose send timed out: the ticket waits for Retry, then prints marked', async () => {
    const s = await setup();
    const real = new TcpTransport({ host: '127.0.0.1', port: s.printer.portNumber, timeoutMs: 300, confirm: 'write' });
    let sends = 0;
    // A loopback socket takes megabytes before it stops draining: the timeout is the transport's own answer, stood in for here.
    const transport: PrinterTransport = {
      name: real.name,
      send: async (job, confirmations, hooks) => {
        if (++sends > 1) return real.send(job, confirmations, hooks);
        await hooks?.beforeWrite?.();
        throw new PrintError(`printer ${real.name} took the connection but did not take the whole ticket within 0.3 s`, true, 'no-answer');
      },
    };
    const { kitchen, confirmed, statuses } = await openKitchen(s, { transport });
    await arrive(s.journal, kitchen, { id: 'A' });
    await waitFor(() => statuses.filter((status) => status.state === 'failing').length >= 4, 10_000, 'the alarm and its retries');
    expect(kitchen.status.problem).toBe('no-answer');
    expect(sends).toBe(1);
    kitchen.retryNow();
    await waitFor(() => confirmed.length === 1, 10_000, 'the ticket after Retry');
    expect(sends).toBe(2);
    expect(printedIds(s.printer)).toEqual(['A POSSIBLE DUPLICATE']);
  });
});
