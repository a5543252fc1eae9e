import { escposBytes } from '../print/escpos';
import { printerReason } from '../print/printer-words';
import { testPageDocument } from '../print/ticket';
import { TcpTransport } from '../print/tcp-transport';
import { PrintError } from '../print/transport';
import { parseFlags, UsageError } from './args';
import type { Command } from './command';
import { printerFlag, ticketFlags } from './print-flags';

export const printTest: Command = {
  name: 'print-test',
  summary: 'print a test ticket, to check a printer, its paper width and its Chinese font',
  usage: `Usage: orderbell print-test --printer <printer> [options]

Prints one test ticket and exits 0 once the printer confirmed it, 1 if it could not. A
printer that takes the ticket but never answers the status request is named as such: if the
ticket came out, it is one of those printers; give it as tcp://HOST:9100?confirm=write.

Options:
  --printer <printer>   tcp://HOST[:9100] (network receipt printer; ?confirm=write for one that
                        never answers status requests) or cups:QUEUE (required)
  --paper 58|80         paper width in mm (default 80)
  --encoding gb18030|multilingual
                        gb18030 (default) for printers with Chinese fonts; multilingual for others
  --shop <name>         the shop name printed at the top
  --language auto|en|zh-CN
                        the ticket's labels (default auto: this system's locale)
  -h, --help            show this help`,

  async run(args) {
    const flags = parseFlags(args, {
      printer: { type: 'string' },
      paper: { type: 'string' },
      encoding: { type: 'string' },
      shop: { type: 'string' },
      language: { type: 'string' },
    });
    if (flags.help) return void console.log(this.usage);
    if (flags.printer === undefined) throw new UsageError('--printer is required');
    const transport = printerFlag('--printer', flags.printer);
    const ticket = ticketFlags(flags);
    // A printer failure is an ordinary error: "orderbell: printer … refused the connection", exit 1.
    const result = await transport.send(escposBytes(testPageDocument(ticket), ticket), 1).catch((error: unknown) => {
      if (!(error instanceof PrintError) || !error.problem || error.problem === 'not-reached') throw error;
      const words = printerReason({ state: 'failing', problem: error.problem });
      if (error.problem !== 'no-answer') throw new Error(`${error.message}. ${words}`);
      throw new Error(
        `${transport.name} took the test ticket but never answered the status request. If the ticket came out, this printer does not answer status requests: use ${transport.name}?confirm=write (a ticket then counts as printed once it is sent).`,
      );
    });
    const warning = result ? printerReason({ state: 'idle', ...result }) : undefined;
    if (warning) console.log(warning);
    console.log(`printed a test ticket on ${transport.name}${transport instanceof TcpTransport && transport.confirm === 'write' ? ' (sent; this printer does not confirm: check that it came out)' : ''}`);
  },
};
