import { escposBytes } from '../print/escpos';
import { testPageDocument } from '../print/ticket';
import { parseFlags, UsageError } from './args';
import type { Command } from './command';
import { printerFlag, ticketFlags } from './print-flags';

export const printTest: Command = {
  name: 'print-test',
  summary: 'print a test ticket, to check a printer, its paper width and its Chinese font',
  usage: `Usage: orderbell print-test --printer <printer> [options]

Prints one test ticket and exits 0 once the printer confirmed it, 1 if it could not.

Options:
  --printer <printer>   tcp://HOST[:9100] (network receipt printer) or cups:QUEUE (required)
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
    await transport.send(escposBytes(testPageDocument(ticket), ticket), 1);
    console.log(`printed a test ticket on ${transport.name}`);
  },
};
