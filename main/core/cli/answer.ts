import { parseFlags, UsageError, urlFlag } from './args';
import type { Command } from './command';
import { callHub } from './send';
import { TOKEN_ENV, TOKEN_FLAGS, tokenFlag } from './token-flag';
import type { AnswerRequest } from '../orders/order-life';

/** What each verb asks the hub for: `reopen` sets the order back to new. */
const VERBS: Record<string, AnswerRequest['state']> = { accept: 'accepted', reject: 'rejected', ready: 'ready', done: 'done', reopen: 'new' };

export const answer: Command = {
  name: 'answer',
  summary: 'answer an order at a hub: accept, reject, ready, done or reopen',
  usage: `Usage: orderbell answer <id> accept --ready <minutes> | reject --reason <reason> | ready | done | reopen
                        --url http://host:port --token-file <path> [--device <name>]

Sets the order's state at the hub (POST /api/orders/<id>/state) and prints the change,
{"id", "state", "at", "by", "seq", "readyAt"?, "reason"?}. A refusal (the order is unknown, already
answered by another device, or the answer lacks what it needs) is printed with exit code 1.

Options:
  --url <url>         the hub, e.g. http://127.0.0.1:8083 (required)
  --token-file <path> a file holding the hub's token (or set ${TOKEN_ENV}; one of them is required)
  --token <token>     the hub's token; every user of this machine can read it in \`ps\`
  --ready <minutes>   accept: ready in this many minutes
  --ready-at <time>   accept: ready at this ISO 8601 time, e.g. 2026-12-06T12:40:00+08:00
  --reason <reason>   reject: sold-out, too-busy, closed, or any words
  --device <name>     who answers, as every screen shows it (default: the hub names the caller)
  -h, --help          show this help`,

  async run(args) {
    // The id and the verb come first, as the usage shows them; the flags follow.
    const [id, verb] = args[0]?.startsWith('-') ? [] : args;
    const flags = parseFlags(args.slice(id === undefined ? 0 : 2), {
      url: { type: 'string' },
      ...TOKEN_FLAGS,
      ready: { type: 'string' },
      'ready-at': { type: 'string' },
      reason: { type: 'string' },
      device: { type: 'string' },
    });
    if (flags.help) return void console.log(this.usage);
    if (id === undefined || verb === undefined || verb.startsWith('-')) throw new UsageError('give the order id and one of accept, reject, ready, done, reopen');
    const state = VERBS[verb];
    if (state === undefined) throw new UsageError(`unknown answer "${verb}"; use accept, reject, ready, done or reopen`);
    const url = urlFlag('--url', flags.url, ['http:', 'https:']);
    const token = tokenFlag(flags, true);
    if (token === undefined) throw new UsageError(`--token-file, ${TOKEN_ENV} or --token is required`);
    const request: AnswerRequest = { state };
    if (flags.ready !== undefined) {
      if (!/^\d+$/.test(flags.ready)) throw new UsageError('--ready must be a whole number of minutes');
      request.readyInMin = Number(flags.ready);
    }
    if (flags['ready-at'] !== undefined) request.readyAt = flags['ready-at'];
    if (flags.reason !== undefined) request.reason = flags.reason;
    const headers: Record<string, string> = flags.device ? { 'X-OrderBell-Device': encodeURIComponent(flags.device) } : {};
    const endpoint = new URL(`/api/orders/${encodeURIComponent(id)}/state`, url);
    console.log(await callHub(endpoint, token, { type: 'application/json', text: JSON.stringify(request), headers }));
  },
};
