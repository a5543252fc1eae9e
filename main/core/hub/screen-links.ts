/** Where phones and tablets open the hub's order screen. */
import { lanAddresses } from '../ui/lan';

const WILDCARDS = new Set(['0.0.0.0', '::', '']);

/**
 * The order screen's address for each way a device can reach the hub: every LAN address when
 * it listens on all of them, else the one it listens on. With a token, the link carries it
 * after `#`, which browsers never send to a server, and the page keeps it.
 */
export function screenLinks(host: string, port: number, token?: string, lan: string[] = lanAddresses()): string[] {
  const hosts = WILDCARDS.has(host) ? (lan.length > 0 ? lan : ['127.0.0.1']) : [host];
  const fragment = token === undefined ? '' : `#token=${encodeURIComponent(token)}`;
  return hosts.map((address) => `http://${address.includes(':') ? `[${address}]` : address}:${port}/${fragment}`);
}
