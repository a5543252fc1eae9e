/**
 * Settings → Webhooks: where the desktop app's hub tells the shop's backend each state change
 * of an order (main/core/outbox/), each with its signing secret. Pure TypeScript: the order
 * screen checks the form with it as the user types.
 */
import type { SettingsError } from './settings-error';

export interface WebhookSetting {
  url: string;
  /** HMAC-SHA256 key the backend checks each post with (docs/integration.md). */
  secret: string;
}

export const MAX_WEBHOOKS = 5;
export const WEBHOOK_URL_MAX = 2048;
export const WEBHOOK_SECRET_MAX = 256;
const HTTP_URL = /^https?:\/\/[^\s/]+\S*$/i;

export function checkWebhooks(input: unknown): { value?: WebhookSetting[]; errors: SettingsError[] } {
  const errors: SettingsError[] = [];
  const fail = (field: string, code: SettingsError['code'], params?: SettingsError['params']) => void errors.push(params ? { field, code, params } : { field, code });
  if (!Array.isArray(input)) return { errors: [{ field: 'webhooks', code: 'type', params: { want: 'list' } }] };
  if (input.length > MAX_WEBHOOKS) return { errors: [{ field: 'webhooks', code: 'too-long', params: { max: MAX_WEBHOOKS } }] };
  const value = input.map((entry: unknown, index): WebhookSetting => {
    const field = `webhooks[${index}]`;
    const { url, secret } = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
    if (typeof url !== 'string' || url.trim() === '') fail(`${field}.url`, 'required');
    else if (url.length > WEBHOOK_URL_MAX) fail(`${field}.url`, 'too-long', { max: WEBHOOK_URL_MAX });
    else if (!HTTP_URL.test(url.trim())) fail(`${field}.url`, 'http-url');
    if (typeof secret !== 'string' || secret.trim() === '') fail(`${field}.secret`, 'required');
    else if (secret.length > WEBHOOK_SECRET_MAX) fail(`${field}.secret`, 'too-long', { max: WEBHOOK_SECRET_MAX });
    return { url: String(url ?? '').trim(), secret: String(secret ?? '').trim() };
  });
  const urls = value.map(({ url }) => url);
  urls.forEach((url, index) => {
    if (url && urls.indexOf(url) !== index) fail(`webhooks[${index}].url`, 'duplicate');
  });
  return errors.length > 0 ? { errors } : { value, errors };
}
