import { join } from 'node:path';
import { HubPrinter } from './hub-printer';
import { parsePrintFlags, PRINT_FLAGS, PRINT_USAGE, type PrintSettings } from './print-flags';
import { printSummary } from '../print/summary-print';
import type { SummaryPrinter } from '../hub/reports-route';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DEFAULT_HUB_PORT, Hub, type HubInfo } from '../hub/hub';
import { DEFAULT_RATE_LIMIT } from '../hub/rate-limit';
import { screenLinks } from '../hub/screen-links';
import { stationLink } from '../hub/station-link';
import { DEFAULT_MAX_AGE_MS, DEFAULT_MAX_BYTES, DEFAULT_MAX_ORDERS } from '../journal/journal';
import { HubOutbox } from '../outbox/hub-outbox';
import { WebhookTarget } from '../outbox/webhook';
import { replyTargets } from '../outbox/reply-targets';
import type { Upstreams } from '../sources/upstreams';
import { timeZoneProblem } from '../reports/local-time';
import { defaultDataDir } from '../settings/data-dir';
import { qrTerminal } from '../ui/qr';
import { DAY_MS, parseFlags, portFlag, positiveFlag, UsageError } from './args';
import { shutdownSignal, type Command } from './command';
import { HUB_SOURCES_USAGE, sourcesFromArgs, sourcesFromFile, splitSourceArgs, startHubSources } from './hub-sources';
import { TOKEN_ENV, TOKEN_FLAGS, tokenFlag, tokenOrigin } from './token-flag';
import { WEBHOOK_FLAGS, WEBHOOK_USAGE, webhooksFromFlags } from './webhook-flags';
import { ANSWER_FLAGS, ANSWER_FLAGS_USAGE, answerOptions, unansweredAfterS } from './answer-flags';
import { STATION_FLAGS, STATION_USAGE, stationsFromFlags } from './station-flags';
import { stationNames, type Station } from '../orders/stations';

/** The end-of-day summary on the counter's printer, now, outside the kitchen tickets' queue. */
function summaryPrinter({ transport, ticket }: PrintSettings): SummaryPrinter {
  return async (report) => {
    await printSummary(report, transport, ticket);
    return transport.name;
  };
}

/** The web view built beside this CLI (dist/renderer), if there is one. */
function bundledWebRoot(): string | undefined {
  const root = fileURLToPath(new URL('./renderer/', import.meta.url));
  return existsSync(join(root, 'index.html')) ? root : undefined;
}


function timeZoneFlag(zone: string): string {
  const problem = timeZoneProblem(zone);
  if (problem) throw new UsageError(`--time-zone: ${problem}`);
  return zone;
}

const BYTE_UNITS: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/** A size in bytes, with an optional binary unit: 500000, 512k, 64m, 1g. */
function bytesFlag(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const match = /^(\d+)([kmg]?)(i?b)?$/i.exec(value.trim());
  const bytes = match ? Number(match[1]) * BYTE_UNITS[match[2]!.toLowerCase()]! : NaN;
  if (!Number.isSafeInteger(bytes) || bytes <= 0) throw new UsageError(`${name} must be a positive size such as 500000, 512k, 64m or 1g, got "${value}"`);
  return bytes;
}

function rateLimitFlag(value: string | undefined): { perSecond: number; burst: number } {
  if (value === undefined) return DEFAULT_RATE_LIMIT;
  const perSecond = Number(value);
  if (!Number.isFinite(perSecond) || perSecond <= 0) {
    throw new UsageError(`--rate-limit must be a positive number of orders per second, got "${value}"`);
  }
  return { perSecond, burst: Math.ceil(perSecond * 4) };
}

function timestamped(line: string): void {
  // One line per order: written as it is, without console.log's formatting.
  process.stdout.write(`${new Date().toISOString()} ${line}\n`);
}

/**
 * Where phones open the order screen. The links carry the token, with a QR code each, only
 * where a person reads them (a terminal) or when the token was just made and printed anyway;
 * a service's log gets the addresses alone.
 */
function announceOrderScreen(host: string, info: HubInfo, whereTheTokenIs: string, stations: Station[]): void {
  const interactive = process.stdout.isTTY === true;
  const withToken = interactive || info.tokenCreated;
  const loopback = host === 'localhost' || host === '::1' || host.startsWith('127.');
  timestamped(`order screen ${loopback ? 'on this PC only' : 'for phones and tablets'}${withToken ? '' : ` (the page asks for ${whereTheTokenIs})`}:`);
  for (const link of screenLinks(host, info.port, withToken ? info.token : undefined)) {
    console.log(`  ${link}`);
    if (interactive && !loopback) console.log(qrTerminal(link));
    for (const station of stationNames(stations)) console.log(`  station ${station}: ${stationLink(link, station)}`);
  }
  if (loopback) {
    timestamped(`phones cannot open ${host}: to let them, start the hub on the shop's network with --host 0.0.0.0 (npm start -- --host 0.0.0.0)`);
  }
}

export const hub: Command = {
  name: 'hub',
  summary: 'run the embedded LAN hub: take orders over HTTP, push them to every device',
  usage: `Usage: orderbell hub [options] [--source <kind> <source options>]…

Takes orders on POST /api/orders and pushes them to every OrderBell, phone and tablet
connected to /ws. Logs one line per connection and order. Ctrl-C stops it cleanly.

Options:
  --host <addr>           address to listen on (default 127.0.0.1; 0.0.0.0 for the shop's LAN)
  --port <n>              port (default ${DEFAULT_HUB_PORT}; 0 picks a free one)
  --token-file <path>     a file holding the shared secret (or set ${TOKEN_ENV}); without
                          either, one is generated once and kept in --data
  --token <token>         the shared secret; every user of this machine can read it in \`ps\`
  --data <dir>            where the journal and token live (default: ${join(defaultDataDir(), 'hub')})
  --allow-origin <url>    also accept browser connections from this origin (repeatable)
  --allow-host <name>     also answer requests addressed to this name, e.g. a DNS name for the
                          hub; localhost, this machine's name and its addresses always work (repeatable)
  --rate-limit <n>        orders per second one client with the token may post, bursts of 4×n
                          (default ${DEFAULT_RATE_LIMIT.perSecond}, bursts of ${DEFAULT_RATE_LIMIT.burst})
  --keep-orders <n>       retain at most this many orders (default 20000)
  --keep-bytes <size>     retain at most this much order data, e.g. 512m (default ${DEFAULT_MAX_BYTES / 1024 ** 2}m);
                          count and size limits drop the oldest orders, handled or not
  --keep-days <n>         forget handled orders older than this many days (default 30);
                          unhandled orders are never forgotten for their age; raise it
                          (and --keep-orders) for reports further back
  --time-zone <zone>      the shop's time zone for reports, e.g. Asia/Shanghai (default: this machine's)
${PRINT_USAGE}
                        (the hub prints each order it stores, as listen --print does; POST
                        /api/orders/ID/print reprints one, POST /api/reports/print prints
                        the summary of the days asked for on --print)
${ANSWER_FLAGS_USAGE}
  -h, --help              show this help

${WEBHOOK_USAGE}
${STATION_USAGE}

${HUB_SOURCES_USAGE}`,

  async run(args) {
    const { hubArgs, sourceArgs } = splitSourceArgs(args);
    const flags = parseFlags(hubArgs, {
      host: { type: 'string' },
      port: { type: 'string' },
      ...TOKEN_FLAGS,
      data: { type: 'string' },
      'allow-origin': { type: 'string', multiple: true },
      'allow-host': { type: 'string', multiple: true },
      'rate-limit': { type: 'string' },
      'keep-orders': { type: 'string' },
      'keep-bytes': { type: 'string' },
      'keep-days': { type: 'string' },
      'time-zone': { type: 'string' },
      sources: { type: 'string' },
      ...WEBHOOK_FLAGS,
      ...PRINT_FLAGS,
      ...ANSWER_FLAGS,
      ...STATION_FLAGS,
    });
    if (flags.help) return void console.log(this.usage);
    const sources = [...sourcesFromArgs(sourceArgs), ...(flags.sources !== undefined ? await sourcesFromFile(flags.sources) : [])];
    const token = tokenFlag(flags, true);
    const webhooks = webhooksFromFlags(flags);
    const unansweredS = unansweredAfterS(flags);
    const printing = parsePrintFlags(flags);
    const stations = await stationsFromFlags(flags);
    const shutdown = shutdownSignal();
    const dataDir = flags.data ?? join(defaultDataDir(), 'hub');
    const webRoot = bundledWebRoot();
    const host = flags.host ?? '127.0.0.1';
    const hubServer = new Hub({
      dataDir,
      host,
      port: portFlag(flags.port, DEFAULT_HUB_PORT),
      ...(token !== undefined ? { token } : {}),
      ...(flags['allow-origin'] ? { allowedOrigins: flags['allow-origin'] } : {}),
      ...(flags['allow-host'] ? { allowedHosts: flags['allow-host'] } : {}),
      rateLimit: rateLimitFlag(flags['rate-limit']),
      journal: {
        maxOrders: positiveFlag('--keep-orders', flags['keep-orders'], DEFAULT_MAX_ORDERS),
        maxBytes: bytesFlag('--keep-bytes', flags['keep-bytes'], DEFAULT_MAX_BYTES),
        maxAgeMs: positiveFlag('--keep-days', flags['keep-days'], DEFAULT_MAX_AGE_MS / DAY_MS) * DAY_MS,
        // This process only relays orders, each sent on only once durable: its loop can wait
        // for the disk (see AppendLogOptions). The desktop app's hub, beside a window, does not.
        syncOnLoop: true,
      },
      ...(webRoot ? { webRoot } : {}),
      ...(flags['time-zone'] !== undefined ? { reportTimeZone: timeZoneFlag(flags['time-zone']) } : {}),
      ...answerOptions(flags),
      stations,
      log: timestamped,
      ...(printing ? { reprint: (id: string) => printer?.reprintById(id) ?? Promise.resolve(false), printSummary: summaryPrinter(printing) } : {}),
    });
    let printer: HubPrinter | undefined;
    let upstreams: Upstreams | undefined;
    const replies = replyTargets(sources, (label, payload) => upstreams?.publishReply(label, payload) ?? Promise.reject(new Error('the sources have not started yet')));
    const targets = [...webhooks.map((webhook) => new WebhookTarget(webhook)), ...replies];
    if (unansweredS > 0 && targets.length === 0) throw new UsageError('--unanswered-after tells a --webhook or a source with --reply-to: give one');
    const outbox = targets.length > 0 ? await HubOutbox.open(dataDir, targets, timestamped) : undefined;
    const info = await hubServer.start();
    outbox?.attach(hubServer.orderJournal);
    if (printing) printer = await HubPrinter.open(printing, hubServer.orderJournal, dataDir);
    outbox?.watchUnanswered(unansweredS);
    timestamped(`OrderBell hub listening on ${info.url} (data: ${dataDir}, epoch ${info.epoch})`);
    if (info.tokenCreated) {
      timestamped(`generated a new token, saved in ${join(dataDir, 'token')}; give it to your backend and devices:`);
      console.log(info.token);
    } else if (token === undefined) {
      timestamped(`using the token saved in ${join(dataDir, 'token')}`);
    }
    for (const target of targets) timestamped(`telling ${target.name} each state change of an order`);
    announceOrderScreen(host, info, token === undefined ? `the token in ${join(dataDir, 'token')}` : `the token given (${tokenOrigin(flags)})`, stations);
    upstreams = sources.length > 0 ? await startHubSources(hubServer, sources, dataDir, timestamped) : undefined;
    upstreams?.on('online', (label) => outbox?.outbox.linkUp(label));
    await shutdown;
    timestamped('shutting down…');
    // Sources first: what they were storing reaches the journal (and is acked) before it closes.
    await upstreams?.stop();
    await hubServer.stop();
    await outbox?.close();
    await printer?.close();
    timestamped('stopped');
  },
};
