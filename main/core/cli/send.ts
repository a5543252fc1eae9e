import { readFile } from 'node:fs/promises';
import { parseFlags, UsageError, urlFlag } from './args';
import type { Command } from './command';

/** Sending failed after a well-formed call: printed as one line, exit code 1. */
export class SendError extends Error {}

export const send: Command = {
  name: 'send',
  summary: 'post one order to a hub and print its {id, seq}',
  usage: `Usage: orderbell send --url http://host:port --token <token> (--text <text> | --json <json> | --file <path>)

Posts one order to the hub's POST /api/orders and prints its answer, {"id", "seq"}.
A re-sent id is answered with the original seq and rings nowhere.

Options:
  --url <url>       the hub, e.g. http://127.0.0.1:8083 (required)
  --token <token>   the hub's token (required)
  --text <text>     an order that is just text
  --json <json>     an order as JSON, e.g. '{"id":"A-1001","table":"3","total":58}'
  --file <path>     an order from a file: JSON if it parses as a JSON object, else text
  -h, --help        show this help`,

  async run(args) {
    const flags = parseFlags(args, {
      url: { type: 'string' },
      token: { type: 'string' },
      text: { type: 'string' },
      json: { type: 'string' },
      file: { type: 'string' },
    });
    if (flags.help) return void console.log(this.usage);
    const url = urlFlag('--url', flags.url, ['http:', 'https:']);
    if (flags.token === undefined) throw new UsageError('--token is required');
    const sources = (['text', 'json', 'file'] as const).filter((name) => flags[name] !== undefined);
    if (sources.length !== 1) throw new UsageError('give exactly one of --text, --json, --file');
    const body = await orderBody(flags);
    const endpoint = new URL('/api/orders', url);
    let response: Response;
    try {
      response = await fetch(endpoint, {
        method: 'POST',
        headers: { Authorization: `Bearer ${flags.token}`, 'Content-Type': body.type },
        body: body.text,
        signal: AbortSignal.timeout(15_000),
      });
    } catch (error) {
      const cause = (error as Error & { cause?: { code?: string } }).cause;
      throw new SendError(`cannot reach ${endpoint.origin}: ${cause?.code ?? (error as Error).message}`);
    }
    const answer = await response.text();
    if (!response.ok) {
      let message = answer;
      try {
        message = (JSON.parse(answer) as { error?: string }).error ?? answer;
      } catch {
        /* not JSON: show it as it came */
      }
      throw new SendError(`HTTP ${response.status}: ${message}`);
    }
    console.log(answer);
  },
};

async function orderBody(flags: { text?: string; json?: string; file?: string }): Promise<{ type: string; text: string }> {
  if (flags.text !== undefined) return { type: 'text/plain; charset=utf-8', text: flags.text };
  if (flags.json !== undefined) {
    try {
      JSON.parse(flags.json);
    } catch (error) {
      throw new UsageError(`--json is not valid JSON: ${(error as Error).message}`);
    }
    return { type: 'application/json', text: flags.json };
  }
  let text: string;
  try {
    text = await readFile(flags.file!, 'utf8');
  } catch (error) {
    throw new UsageError(`--file: cannot read ${flags.file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return isJsonObject(text) ? { type: 'application/json', text } : { type: 'text/plain; charset=utf-8', text };
}

function isJsonObject(text: string): boolean {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
  } catch {
    return false;
  }
}
