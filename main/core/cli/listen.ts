import { writeSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Journal } from '../journal';
import { OrderReceiver, type ReceiveMode } from '../receiver';
import type { ConnectionStatus } from '../connection';
import { defaultDataDir } from '../paths';
import { oneLine } from '../untrusted-text';
import { choiceFlag, parseFlags, urlFlag } from './args';
import { shutdownSignal, type Command } from './command';
import { openCliPrinter, parsePrintFlags, PRINT_FLAGS, PRINT_USAGE } from './print-flags';

export const listen: Command = {
  name: 'listen',
  summary: 'connect to a push server or hub and print each new order as a JSON line',
  usage: `Usage: orderbell listen --url <ws-url> [options]

Prints each new order once, as one JSON line on stdout: the order's fields plus "seq" and
"handled" ({"by", "at"} when it was already handled on another device, else null). Status
changes go to stderr. Run again with the same --data to resume without repeats.

The first run (an empty --data) takes the server's unhandled orders and every new one; the
orders it had already handled are stored but neither printed nor sent to --print, so a script
or printer fed from here does not act on old history. --all prints them too.

Options:
  --url <ws-url>        ws://host:port/ws or wss://… (required)
  --token <token>       sent as "Authorization: Bearer <token>" (json mode)
  --mode json|text      json: protocol v1 (default); text: a legacy server that sends plain text
  --hello-text <text>   text mode: sent after every connect; {token} is replaced by the token
  --device <name>       the name reported when this device handles an order
  --data <dir>          where the journal lives (default: ${join(defaultDataDir(), 'listen')})
  --all                 on the first run, print the orders already handled too
${PRINT_USAGE}
  -h, --help            show this help`,

  async run(args) {
    const flags = parseFlags(args, {
      url: { type: 'string' },
      token: { type: 'string' },
      mode: { type: 'string' },
      'hello-text': { type: 'string' },
      device: { type: 'string' },
      data: { type: 'string' },
      all: { type: 'boolean' },
      ...PRINT_FLAGS,
    });
    if (flags.help) return void console.log(this.usage);
    const shutdown = shutdownSignal();
    const url = urlFlag('--url', flags.url, ['ws:', 'wss:']);
    const mode = choiceFlag<ReceiveMode>('--mode', flags.mode, ['json', 'text'], 'json');
    const printing = parsePrintFlags(flags);
    const dataDir = flags.data ?? join(defaultDataDir(), 'listen');
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    const journal = await Journal.open(join(dataDir, 'journal.log'));
    for (const problem of journal.problems) console.error(`journal line ${problem.line}: ${problem.reason}`);
    // History is what a fresh journal's first connection catches up; a later catch-up brings
    // orders that came while this process was running, which are new here.
    let skipHandledHistory = journal.size === 0 && journal.epoch === null && !flags.all;
    let wasOnline = false;
    const printer = printing && (await openCliPrinter(printing, journal, dataDir));

    const receiver = new OrderReceiver({
      url: url.href,
      journal,
      mode,
      ...(flags.token !== undefined ? { token: flags.token } : {}),
      ...(flags['hello-text'] !== undefined ? { helloText: flags['hello-text'] } : {}),
      ...(flags.device !== undefined ? { device: flags.device } : {}),
    });
    const redact = redactor(url, flags.token);
    const report = (line: string) => console.error(redact(line));
    // Written straight to the descriptor, in the same call that stored the order: the gap in
    // which a crash could leave an order stored but not printed is a few microseconds.
    receiver.on('order', (stored, { replayed }) => {
      if (skipHandledHistory && replayed && stored.handled) return;
      writeSync(1, `${JSON.stringify({ ...stored.order, seq: stored.seq, handled: stored.handled ?? null })}\n`);
      printer?.orderArrived(stored);
    });
    receiver.on('handled', (event) => report(`order ${event.id} handled by ${oneLine(event.by)}`));
    receiver.on('warning', (warning) => report(`warning: ${warning}`));
    receiver.on('status', (status) => {
      if (status.state === 'online') wasOnline = true;
      else if (wasOnline) skipHandledHistory = false;
      report(describeStatus(status, url.href));
    });
    printer?.start();
    receiver.start();

    await shutdown;
    await receiver.stop();
    await printer?.close();
    await journal.close();
  },
};

const SECRET_KEY = /^(?:token|access_token|auth|key|secret|password)$/i;
const SECRET_PARAM = /([?&](?:token|access_token|auth|key|secret|password)=)[^&#]*/gi;
/** Shorter values would mask ordinary words in the lines; no real token is that short. */
const MIN_SECRET_LENGTH = 4;

/**
 * Masks the token (from --token, the URL's query or its password) wherever it would appear in
 * a status line: terminals, journald and support tickets keep what is printed.
 */
export function redactor(url: URL, token?: string): (line: string) => string {
  const inQuery = [...url.searchParams].filter(([key]) => SECRET_KEY.test(key)).map(([, value]) => value);
  const secrets = [token, url.password, ...inQuery]
    .filter((secret): secret is string => secret !== undefined && secret.length >= MIN_SECRET_LENGTH)
    .flatMap((secret) => [secret, encodeURIComponent(secret)]);
  return (line) => secrets.reduce((masked, secret) => masked.replaceAll(secret, '***'), line.replace(SECRET_PARAM, '$1***'));
}

export function describeStatus(status: ConnectionStatus, url: string): string {
  switch (status.state) {
    case 'connecting':
      return `connecting to ${url}…`;
    case 'online':
      return `online: ${url}`;
    case 'offline': {
      const retryS = Math.max(0, ((status.nextRetryAt ?? Date.now()) - Date.now()) / 1000);
      return `offline: ${status.lastError ?? 'disconnected'}; retrying in ${retryS.toFixed(1)} s`;
    }
    case 'stopped':
      return 'stopped';
  }
}
