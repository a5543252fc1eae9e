import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parseFlags, UsageError, urlFlag } from './args';
import type { Command } from './command';
import { TOKEN_ENV, TOKEN_FLAGS, tokenFlag } from './token-flag';

/** Sending failed after a well-formed call, or its file could not be used: one line, exit code 1. */
export class SendError extends Error {}

const TEXT = 'text/plain; charset=utf-8';
const JSON_TYPE = 'application/json';
const BODY_FLAGS = ['text', 'json', 'text-file', 'json-file', 'file'] as const;

interface SendFlags {
  id?: string;
  text?: string;
  json?: string;
  'text-file'?: string;
  'json-file'?: string;
  file?: string;
}

export interface OrderBody {
  type: string;
  text: string;
  headers: Record<string, string>;
}

export const send: Command = {
  name: 'send',
  summary: 'post one order to a hub and print its {id, seq, state}',
  usage: `Usage: orderbell send --url http://host:port --token-file <path> [--id <id>]
                      (--text <text> | --json <json> | --text-file <path> | --json-file <path> | --file <path>)

Posts one order to the hub's POST /api/orders and prints its answer, {"id", "seq"}, with the
order's state at the hub ("state": new, accepted, rejected, ready or done).
An id the hub already has is answered with the original seq and rings nowhere, so a send
retried with the same id is safe. Without an id (no --id, none in the JSON) every send is a
new order: a retried send rings twice.

Options:
  --url <url>         the hub, e.g. http://127.0.0.1:8083 (required)
  --token-file <path> a file holding the hub's token (or set ${TOKEN_ENV}; one of them is required)
  --token <token>     the hub's token; every user of this machine can read it in \`ps\`
  --id <id>           the order's id (for a JSON order, the same as its "id" or in its place)
  --text <text>       an order that is just text
  --json <json>       an order as a JSON object, e.g. '{"id":"A-1001","table":"3","total":58}'
  --text-file <path>  an order that is the text of a file
  --json-file <path>  an order from a file holding one JSON object
  --file <path>       a .json file as --json-file, any other file as --text-file
  -h, --help          show this help`,

  async run(args) {
    const flags = parseFlags(args, {
      url: { type: 'string' },
      ...TOKEN_FLAGS,
      id: { type: 'string' },
      text: { type: 'string' },
      json: { type: 'string' },
      'text-file': { type: 'string' },
      'json-file': { type: 'string' },
      file: { type: 'string' },
    });
    if (flags.help) return void console.log(this.usage);
    const url = urlFlag('--url', flags.url, ['http:', 'https:']);
    const token = tokenFlag(flags, true);
    if (token === undefined) throw new UsageError(`--token-file, ${TOKEN_ENV} or --token is required`);
    if (flags.id !== undefined && flags.id.trim() === '') throw new UsageError('--id must not be empty');
    const given = BODY_FLAGS.filter((name) => flags[name] !== undefined);
    if (given.length !== 1) throw new UsageError(`give exactly one of ${BODY_FLAGS.map((name) => `--${name}`).join(', ')}`);
    const body = await orderBody(flags);
    const answer = JSON.parse(await callHub(new URL('/api/orders', url), token, body)) as { id: string };
    console.log(JSON.stringify({ ...answer, state: await stateOf(url, token, answer.id) }));
  },
};

/** The order's state as the hub has it now (a repeated id may have been answered long ago). */
async function stateOf(hub: URL, token: string, id: string): Promise<string> {
  const order = JSON.parse(await callHub(new URL(`/api/orders/${encodeURIComponent(id)}`, hub), token)) as { state: string };
  return order.state;
}

/** One request to the hub's API, its answer's text; an error answer or no answer is a SendError. */
export async function callHub(endpoint: URL, token: string, body?: OrderBody): Promise<string> {
  let response: Response;
  try {
    response = await fetch(endpoint, {
      method: body ? 'POST' : 'GET',
      headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': body.type, ...body.headers } : {}) },
      ...(body ? { body: body.text } : {}),
      signal: AbortSignal.timeout(15_000),
    });
  } catch (error) {
    const cause = (error as Error & { cause?: { code?: string } }).cause;
    throw new SendError(`cannot reach ${endpoint.origin}: ${cause?.code ?? (error as Error).message}`);
  }
  const answer = await response.text();
  if (!response.ok) throw new SendError(`HTTP ${response.status}: ${errorOf(answer)}`);
  return answer;
}

function errorOf(answer: string): string {
  try {
    return (JSON.parse(answer) as { error?: string }).error ?? answer;
  } catch {
    return answer; // not JSON: show it as it came
  }
}

async function orderBody(flags: SendFlags): Promise<OrderBody> {
  if (flags.text !== undefined) return textBody(flags.text, flags.id);
  if (flags.json !== undefined) return jsonBody(flags.json, (why) => new UsageError(`--json ${why}`), flags.id);
  const jsonFile = flags['json-file'] ?? (flags.file !== undefined && extname(flags.file).toLowerCase() === '.json' ? flags.file : undefined);
  if (jsonFile !== undefined) {
    return jsonBody(await readOrderFile(jsonFile), (why) => new SendError(`${jsonFile} ${why}`), flags.id);
  }
  return textBody(await readOrderFile((flags['text-file'] ?? flags.file)!), flags.id);
}

function textBody(text: string, id: string | undefined): OrderBody {
  return { type: TEXT, text, headers: id === undefined ? {} : { 'Idempotency-Key': id } };
}

/** The JSON goes as it was written, unless --id adds the id it lacks. */
function jsonBody(text: string, failure: (why: string) => Error, id: string | undefined): OrderBody {
  const order = parseObject(text, failure);
  if (id === undefined || order.id === id) return { type: JSON_TYPE, text, headers: {} };
  if (order.id !== undefined) throw new UsageError(`--id "${id}" differs from the order's own id ${JSON.stringify(order.id)}`);
  return { type: JSON_TYPE, text: JSON.stringify({ ...order, id }), headers: {} };
}

function parseObject(text: string, failure: (why: string) => Error): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw failure(`is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw failure('must be one JSON object, the order');
  return parsed as Record<string, unknown>;
}

async function readOrderFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new SendError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}
