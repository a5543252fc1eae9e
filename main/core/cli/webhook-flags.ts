/**
 * `orderbell hub --webhook URL --webhook-secret-file PATH` (each repeatable: the n-th secret
 * file goes with the n-th webhook, or one file with every webhook), or `--webhooks FILE`, a
 * JSON list of `{ "url": …, "secret": … }`. Secrets come from files only, as the token does
 * (token-flag.ts): a command line is readable by every user of the machine.
 */
import { readFileSync } from 'node:fs';
import type { WebhookConfig } from '../outbox/webhook';
import { UsageError, urlFlag } from './args';

export const WEBHOOK_FLAGS = {
  webhook: { type: 'string', multiple: true },
  'webhook-secret-file': { type: 'string', multiple: true },
  webhooks: { type: 'string' },
} as const;

export const WEBHOOK_USAGE = `Webhooks (each state change of an order POSTed to the shop's backend, signed; docs/integration.md):
  --webhook <url>             an http:// or https:// URL to tell (repeatable)
  --webhook-secret-file <p>   a file holding the webhook's signing secret: one per --webhook,
                              in the same order, or one for all of them
  --webhooks <file>           a JSON list of webhooks: [{"url": "https://…", "secret": "…"}]`;

export interface WebhookFlags {
  webhook?: string[];
  'webhook-secret-file'?: string[];
  webhooks?: string;
}

export function webhooksFromFlags(flags: WebhookFlags): WebhookConfig[] {
  const urls = flags.webhook ?? [];
  const secretFiles = flags['webhook-secret-file'] ?? [];
  if (urls.length === 0 && secretFiles.length > 0) throw new UsageError('--webhook-secret-file needs a --webhook');
  if (urls.length > 0 && secretFiles.length === 0) throw new UsageError('--webhook needs --webhook-secret-file: the receiver checks each post with that secret');
  if (secretFiles.length > 1 && secretFiles.length !== urls.length) {
    throw new UsageError(`give one --webhook-secret-file per --webhook (${urls.length}), or one for all; got ${secretFiles.length}`);
  }
  const secrets = secretFiles.map(readSecretFile);
  const fromFlags = urls.map((url, n) => ({ url: urlFlag('--webhook', url, ['http:', 'https:']).href, secret: secrets[n] ?? secrets[0]! }));
  const fromFile = flags.webhooks !== undefined ? webhooksFile(flags.webhooks) : [];
  const all = [...fromFlags, ...fromFile];
  const seen = new Set<string>();
  for (const { url } of all) {
    if (seen.has(url)) throw new UsageError(`the webhook ${url} is given twice`);
    seen.add(url);
  }
  return all;
}

function readSecretFile(path: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`--webhook-secret-file cannot be read: ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const secret = text.trim();
  if (secret === '') throw new UsageError(`--webhook-secret-file ${path} is empty`);
  if (/\s/.test(secret)) throw new UsageError(`--webhook-secret-file ${path} must hold the secret alone, on one line`);
  return secret;
}

function webhooksFile(path: string): WebhookConfig[] {
  let list: unknown;
  try {
    list = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`--webhooks ${path}: ${(error as Error).message}`);
  }
  if (!Array.isArray(list)) throw new UsageError(`--webhooks ${path} must hold a JSON list of {"url", "secret"}`);
  return list.map((item: unknown, n) => {
    const { url, secret } = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
    const where = `--webhooks ${path}, entry ${n + 1}`;
    if (typeof url !== 'string') throw new UsageError(`${where}: "url" must be a URL`);
    if (typeof secret !== 'string' || secret.trim() === '') throw new UsageError(`${where}: "secret" must be a non-empty string`);
    try {
      return { url: urlFlag('"url"', url, ['http:', 'https:']).href, secret: secret.trim() };
    } catch (error) {
      throw new UsageError(`${where}: ${(error as Error).message}`);
    }
  });
}
