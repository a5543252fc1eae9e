import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cli } from '../../../test/cli';
import { CUPSD, startCups } from '../../../test/cups';
import { squeeze } from '../../../test/escpos-decode';
import { FakePrinter } from '../../../test/fake-printer';
import { waitFor } from '../../../test/helpers';
import { CupsTransport } from './cups-transport';
import { renderTicket } from './escpos';
import { PrintError } from './transport';

const hasCups = existsSync(CUPSD);
if (!hasCups) console.warn(`CUPS tests skipped: ${CUPSD} is not installed (apt-get install cups)`);

describe.skipIf(!hasCups)('CUPS transport (a private cupsd with a raw queue pointed at the fake printer)', () => {
  it('prints a ticket through lp -o raw, byte for byte', async () => {
    const printer = await FakePrinter.start();
    const cups = await startCups();
    await cups.addRawQueue('kitchen', `socket://127.0.0.1:${printer.portNumber}`);
    const transport = new CupsTransport({ server: cups.server, queue: 'kitchen' });
    const ticket = renderTicket({ id: 'C-1', items: [{ name: '红烧肉', qty: 1, price: 42 }] }, { paper: 58 });
    await transport.send(ticket);
    await waitFor(() => printer.tickets().length === 1, 15_000, 'the job to reach the printer');
    expect(Buffer.concat(printer.connections).equals(ticket)).toBe(true);
    expect(squeeze(printer.tickets()[0]!)).toEqual(expect.arrayContaining(['#C-1', '红烧肉 x1 42.00']));
  });

  it('reports a queue that does not exist as a failure that printed nothing', async () => {
    const cups = await startCups();
    const error = await new CupsTransport({ server: cups.server, queue: 'nowhere' }).send(Buffer.from('x')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PrintError);
    expect((error as PrintError).message).toMatch(/^printer cups:\/\/127\.0\.0\.1:\d+\/nowhere: lp failed \(exit 1\): lp: .*(not exist|No such)/i);
    expect((error as PrintError).mayHavePrinted).toBe(false);
  });

  it('orderbell print-test --printer cups://HOST:PORT/QUEUE prints the test page', async () => {
    const printer = await FakePrinter.start();
    const cups = await startCups();
    await cups.addRawQueue('bar', `socket://127.0.0.1:${printer.portNumber}`);
    const result = await cli(['print-test', '--printer', `cups://${cups.server}/bar`]);
    expect(result).toMatchObject({ code: 0, stdout: `printed a test ticket on cups://${cups.server}/bar\n` });
    await waitFor(() => printer.tickets().length === 1, 15_000, 'the test page');
    expect(squeeze(printer.tickets()[0]!)).toContain('TEST PAGE');
  });
});
