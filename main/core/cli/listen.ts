import { writeSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_MAX_AGE_MS, Journal } from '../journal/journal';
import type { ConnectionStatus } from '../link/connection';
import { defaultDataDir } from '../settings/data-dir';
import { oneLine, terminalJson } from '../orders/untrusted-text';
import { createSource } from '../sources/create';
import { SourcePipeline } from '../sources/pipeline';
import { SourcePositions } from '../sources/positions';
import { DAY_MS, parseFlags, positiveFlag } from './args';
import { shutdownSignal, type Command } from './command';
import { CliPrinting } from './cli-printing';
import { parsePrintFlags, PRINT_FLAGS, PRINT_USAGE } from './print-flags';
import { SOURCE_FLAGS, sourceFromFlags } from './source-flags';
import { TOKEN_ENV } from './token-flag';
import { TokenFix } from './token-fix';

export const listen: Command = {
  name: 'listen',
  summary: 'connect to a push server, hub or broker and print each new order as a JSON line',
  usage: `Usage: orderbell listen [--source <kind>] --url <url> [options]

Prints each new order once, as one JSON line on stdout: the order's fields plus "seq",
"source" (the --label) and "handled" ({"by", "at"} when it was already handled on another
device, else null). Status changes go to stderr. Run again with the same --data to resume
without repeats.

The first run (an empty --data) takes the server's unhandled orders and every new one; the
orders it had already handled are stored but neither printed nor sent to --print, so a script
or printer fed from here does not act on old history. --all prints them too.

Kinds (--source, default orderbell):
  orderbell   an OrderBell hub or protocol-v1 push server (ws://, wss://)
  text        GatewayWorker, Workerman, classic PHP WebSocket servers (ws://, wss://)
  socketio    web-msg-sender, PHPSocket.IO, Socket.IO 2 servers (http://, https://)
  pusher      Laravel Reverb, Soketi, Pusher (ws://host:port, wss://…)
  centrifugo  Centrifugo (ws://host:8000/connection/websocket)
  mqtt        Mosquitto, EMQX (mqtt://, mqtts://, ws://, wss://)
  sse         Mercure or any text/event-stream (http://, https://)
  nats        NATS JetStream (nats://, tls://; a cluster's servers comma-separated)
  redis       Redis Streams (redis://, rediss://)

A server whose certificate is self-signed or from the shop's own CA: name that CA's PEM file
in NODE_EXTRA_CA_CERTS, e.g. NODE_EXTRA_CA_CERTS=shop-ca.pem orderbell listen --url wss://…

Options:
  --url <url>             where the server is (required, except for pusher with --cluster)
  --label <name>          shown with each order as "source" (default: the kind)
  --mode json|text        older spelling of --source orderbell|text
  --token-file <path>     a file holding the token: orderbell: sent as "Authorization: Bearer"
                          (or set ${TOKEN_ENV}); text: replaces {token}; centrifugo: the connection JWT; nats: the server's token
  --token <token>         the same, but every user of this machine can read it in \`ps\`
  --hello-text <text>     text: sent after every connect
  --heartbeat-text <text> text: sent every --heartbeat-s seconds (GatewayWorker: {"type":"ping"})
  --heartbeat-s <s>       text: seconds between heartbeats
  --ignore <regex>        text: frames that are never orders (default: JSON objects whose
                          "type" is ping, pong, init, ack or heartbeat)
  --uid <uid>             socketio: sent with "login" on every connect
  --event <name>          socketio, pusher, sse: an event that carries orders (repeatable)
  --key <key>             pusher: the app key
  --cluster <name>        pusher: Pusher's cluster (default mt1); without --url, the
                          source connects to wss://ws-<name>.pusher.com
  --channel <name>        pusher, centrifugo: the channel (pusher: private-… needs --auth-endpoint)
  --auth-endpoint <url>   pusher: authorises private channels (e.g. /broadcasting/auth)
  --catch-up-url <url>    pusher: JSON list of recent orders, fetched after every subscribe
  --header "Name: value"  pusher (auth and catch-up requests), sse: a request header (repeatable)
  --idle-s <s>            sse: no byte (comments included) for this long is a dead stream (default 45)
  --dead-after-s <s>      a link silent this long, pings unanswered, is dead and redialled
                          (default 20; orderbell 15)
  --topic <topic>         mqtt: the topic to subscribe to, QoS 1 (required)
  --client-id <id>        mqtt: the session's id (default: stable for this computer and --data)
  --username <name>       mqtt, nats, redis
  --password <password>   mqtt, nats, redis
  --mqtt-version <v>      mqtt: 5, 3.1.1 or auto (default: 5, or 3.1.1 when the broker refuses 5)
  --stream <name>         nats, redis: the stream (required)
  --subject <subject>     nats: this shop's subject, e.g. orders.shop-17 (required)
  --durable <name>        nats: this shop's durable consumer, made on first use (required)
  --creds <file>          nats: a .creds file (user JWT and NKey seed)
  --nkey-seed-file <file> nats: a file holding a user NKey seed (SU…)
  --group <name>          redis: this shop's consumer group, made on first use (required)
  --consumer <name>       redis: this device in the group (default: stable for this computer and --data)
  --reply-to <name>       socketio, mqtt, nats, redis: with orderbell hub, send each state change
                          of an order back here (an event, a topic, a JetStream subject, a stream)
  --device <name>         the name reported when this device handles an order
  --data <dir>            where the journal lives (default: ${join(defaultDataDir(), 'listen')})
  --all                   on the first run, print the orders already handled too
  --keep-days <n>         forget handled orders older than this many days (default 30); raise it for reports further back
${PRINT_USAGE}
  -h, --help              show this help`,

  async run(args) {
    const flags = parseFlags(args, { ...SOURCE_FLAGS, ...PRINT_FLAGS, device: { type: 'string' }, data: { type: 'string' }, all: { type: 'boolean' }, 'keep-days': { type: 'string' } });
    if (flags.help) return void console.log(this.usage);
    const { device, data, all, 'keep-days': keepDays, help: _help, ...sourceFlags } = flags;
    const dataDir = data ?? join(defaultDataDir(), 'listen');
    const config = sourceFromFlags(sourceFlags);
    const printing = parsePrintFlags(flags);
    const shutdown = shutdownSignal();
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    const journal = await Journal.open(join(dataDir, 'journal.log'), { maxAgeMs: positiveFlag('--keep-days', keepDays, DEFAULT_MAX_AGE_MS / DAY_MS) * DAY_MS });
    for (const problem of journal.problems) console.error(`journal line ${problem.line}: ${problem.reason}`);
    const positions = await SourcePositions.open(join(dataDir, 'positions.json'));
    // History is what a fresh journal's first connection catches up; a later catch-up brings
    // orders that came while this process was running, which are new here.
    let skipHandledHistory = journal.size === 0 && journal.epoch === null && !all;
    let wasOnline = false;
    const printer = printing && (await CliPrinting.open(printing, journal, dataDir));

    const pipeline = new SourcePipeline({ journal });
    const source = await createSource(config, { journal, positions, dataDir, ...(device !== undefined ? { device } : {}) });
    pipeline.add(source);
    // Written straight to the descriptor, in the same call that stored the order: the gap in
    // which a crash could leave an order stored but not printed is a few microseconds.
    pipeline.on('order', (stored, arrival) => {
      if (skipHandledHistory && arrival.replayed && stored.handled) return;
      writeSync(1, `${terminalJson({ ...stored.order, seq: stored.seq, source: arrival.source, handled: stored.handled ?? null })}\n`);
      printer?.orderArrived(stored);
    });
    const headerValues = (sourceFlags.header ?? []).map((line) => line.slice(line.indexOf(':') + 1).trim());
    const token = 'token' in config ? config.token : undefined;
    const redact = redactor(new URL(config.url), [token, sourceFlags.password, ...headerValues]);
    // Status and warnings quote what servers said: one plain line each, secrets masked.
    const report = (line: string) => console.error(redact(oneLine(line)));
    pipeline.on('handled', (event) => report(`order ${event.id} handled by ${event.by}`));
    pipeline.on('warning', (_source, warning) => report(`warning: ${warning}`));
    let warnedUnrecoverable = false;
    const tokenFix = new TokenFix(sourceFlags, token, source, report);
    pipeline.on('status', (source, status) => {
      tokenFix.statusChanged(status);
      if (status.state === 'online') wasOnline = true;
      else if (wasOnline) skipHandledHistory = false;
      report(describeStatus(status, config.url));
      if (status.recoverable === false && status.state === 'online' && !warnedUnrecoverable) {
        warnedUnrecoverable = true;
        report(`note: ${source.label} keeps no history: orders sent while this is offline cannot be recovered from it`);
      }
    });
    printer?.start();
    pipeline.start();

    await shutdown;
    tokenFix.stop();
    await pipeline.stop();
    await printer?.close();
    await journal.close();
  },
};

const SECRET_KEY = /^(?:token|access_token|auth|key|secret|password)$/i;
const SECRET_PARAM = /([?&](?:token|access_token|auth|key|secret|password)=)[^&#]*/gi;
/** Shorter values would mask ordinary words in the lines; no real token is that short. */
const MIN_SECRET_LENGTH = 4;

/**
 * Masks secrets (--token, --password, --header values, the URL's password and token-like
 * query values) wherever they would appear in a status line: terminals, journald and support
 * tickets keep what is printed.
 */
export function redactor(url: URL, given: (string | undefined)[] = []): (line: string) => string {
  const inQuery = [...url.searchParams].filter(([key]) => SECRET_KEY.test(key)).map(([, value]) => value);
  const secrets = [...given, url.password, ...inQuery]
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
      const why = `offline: ${status.lastError ?? 'disconnected'}`;
      if (status.nextRetryAt === undefined) return `${why}; retrying`;
      return `${why}; retrying in ${(Math.max(0, status.nextRetryAt - Date.now()) / 1000).toFixed(1)} s`;
    }
    case 'stopped':
      return 'stopped';
  }
}
