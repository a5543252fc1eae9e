/**
 * Acting on another PC's hub from this device: a POST to the hub's HTTP API (docs/integration.md)
 * with the token this device connects with, signed with this device's name. The hub is named by
 * the address the device's link dials (ws://HOST:PORT/ws), so no second address is set.
 */

/** The hub refused or could not be asked; the message is the hub's own when it gave one. */
export class HubActionError extends Error {}

const TIMEOUT_MS = 10_000;

/** The hub's HTTP origin from its WebSocket address: ws → http, wss → https, the path dropped. */
export function hubOrigin(socketUrl: string): string {
  const url = new URL(socketUrl);
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') throw new HubActionError(`not a hub's address: ${socketUrl}`);
  return `${url.protocol === 'wss:' ? 'https:' : 'http:'}//${url.host}`;
}

export interface HubAddress {
  /** ws(s)://HOST:PORT/ws, as the device's link dials it. */
  socketUrl: string;
  token: string;
  /** This device's name, as the hub records who did it. */
  device: string;
}

/** POSTs `body` as JSON to `path` on the hub; resolves to its JSON answer, rejects with its error. */
export async function postToHub<T>(hub: HubAddress, path: string, body: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(new URL(path, hubOrigin(hub.socketUrl)), {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        ...(hub.token ? { Authorization: `Bearer ${hub.token}` } : {}),
        // A header carries Latin-1 only; the hub decodes it.
        'X-OrderBell-Device': encodeURIComponent(hub.device),
      },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    if (error instanceof HubActionError) throw error;
    const cause = (error as Error & { cause?: { code?: string } }).cause?.code;
    throw new HubActionError(`the main computer cannot be reached (${cause ?? (error as Error).message})`);
  }
  const text = await response.text();
  if (!response.ok) {
    let said: unknown;
    try {
      said = (JSON.parse(text) as { error?: unknown }).error;
    } catch {
      said = undefined;
    }
    throw new HubActionError(typeof said === 'string' && said ? said : `the main computer answered HTTP ${response.status}`);
  }
  return JSON.parse(text) as T;
}
