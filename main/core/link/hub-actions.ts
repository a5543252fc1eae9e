/**
 * Acting on a hub elsewhere (another PC's) over its HTTP API, as a device of it: the token the
 * device's link already holds, the device's name in `X-OrderBell-Device`. One function per
 * action; each says precisely why it did not happen, and never pretends it did.
 */
import type { BumpAction, OrderBumps } from '../orders/bumps';
import type { AnswerRequest, StateChange } from '../orders/order-life';
import { readStateChange } from '../orders/order-life';

/** A hub as its devices reach it: the address of its link (ws://host:port/ws) and its token. */
export interface RemoteHub {
  linkUrl: string;
  token: string;
}

export type HubActionRefusal = 'unreachable' | 'token-refused' | 'unknown-order' | 'answered-already' | 'not-allowed' | 'bad-request' | 'storage' | 'unexpected';
export type HubActionResult<T> = { ok: true; value: T } | { ok: false; code: HubActionRefusal; error: string };

/** Long enough for a loaded hub that fsyncs before it answers; short enough for a cashier waiting. */
const ACTION_TIMEOUT_MS = 10_000;

/** The hub's HTTP address from its link's: the same host and port, http(s) for ws(s), without the `/ws`. */
export function hubHttpUrl(linkUrl: string): string {
  const url = new URL(linkUrl);
  url.protocol = url.protocol === 'wss:' ? 'https:' : 'http:';
  url.pathname = url.pathname.replace(/\/ws\/?$/, '');
  url.search = '';
  return url.toString().replace(/\/$/, '');
}

/** Answers an order at the hub (POST /api/orders/:id/state); the change the hub made, or why not. */
export async function answerAtHub(hub: RemoteHub, id: string, request: AnswerRequest, device: string): Promise<HubActionResult<StateChange>> {
  const result = await postToHub(hub, `/api/orders/${encodeURIComponent(id)}/state`, request, device);
  if (!result.ok) return result;
  const change = readStateChange(result.value);
  return typeof change === 'string' ? { ok: false, code: 'unexpected', error: `the hub answered something else than a state change (${change})` } : { ok: true, value: change };
}

/** Bumps an order on a station at the hub (POST /api/orders/:id/bump); the order's bumps as the hub now holds them, or why not. */
export async function bumpAtHub(hub: RemoteHub, id: string, action: BumpAction, device: string): Promise<HubActionResult<Record<string, OrderBumps[string]>>> {
  const result = await postToHub(hub, `/api/orders/${encodeURIComponent(id)}/bump`, action, device);
  if (!result.ok) return result;
  const bumps = (result.value as { bumps?: unknown } | undefined)?.bumps;
  return bumps !== null && typeof bumps === 'object' ? { ok: true, value: bumps as OrderBumps } : { ok: false, code: 'unexpected', error: 'the hub answered a bump without the order\'s bumps' };
}

async function postToHub(hub: RemoteHub, path: string, body: unknown, device: string): Promise<HubActionResult<unknown>> {
  const base = hubHttpUrl(hub.linkUrl);
  let response: Response;
  try {
    response = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${hub.token}`,
        'Content-Type': 'application/json',
        'X-OrderBell-Device': encodeURIComponent(device), // a header carries Latin-1 only; the hub decodes it
      },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(ACTION_TIMEOUT_MS),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const why = (error as Error).name === 'TimeoutError' ? `no answer in ${ACTION_TIMEOUT_MS / 1000} s` : (cause?.code ?? cause?.message ?? (error as Error).message);
    return { ok: false, code: 'unreachable', error: `the hub at ${base} is unreachable (${why})` };
  }
  const text = await response.text().catch(() => '');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (response.ok) return { ok: true, value: parsed };
  const said = (parsed as { error?: unknown } | undefined)?.error;
  // A hub says why in JSON; anything else is some other server (a push server with no answer API, a proxy's page).
  if (typeof said !== 'string') return { ok: false, code: 'unexpected', error: `${base} answered HTTP ${response.status}, not as an OrderBell hub does` };
  if (said.startsWith('no such endpoint')) return { ok: false, code: 'unexpected', error: `the hub at ${base} is too old to answer orders (${said}); update OrderBell there` };
  return { ok: false, code: refusalOf(response.status, said), error: said };
}

function refusalOf(status: number, said: string): HubActionRefusal {
  if (status === 401 || status === 403 || status === 429) return 'token-refused';
  if (status === 404) return 'unknown-order';
  if (status === 409) return /^already /.test(said) ? 'answered-already' : 'not-allowed';
  if (status === 400) return 'bad-request';
  if (status === 503) return 'storage';
  return 'unexpected';
}
