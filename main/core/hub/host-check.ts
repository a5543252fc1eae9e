/**
 * Which names the hub answers to. A page on evil.example can rebind its own name to the hub's
 * address (DNS rebinding); the browser then sends `Host: evil.example` and counts the hub as
 * that page's own origin. Answering only the hub's own names shuts that door.
 */
import type { IncomingMessage } from 'node:http';
import { hostname, networkInterfaces } from 'node:os';
import { HttpError } from './http';
import { forLog } from '../orders/untrusted-text';

const ADDRESSES_TTL_MS = 5000;
/** Suffixes home and shop routers give their LAN's names; none can be registered on the internet. */
const LAN_SUFFIXES = ['local', 'lan', 'home', 'home.arpa', 'internal', 'localdomain', 'fritz.box'];

export class HostCheck {
  private readonly allowed: Set<string>;
  private addresses = new Set<string>();
  private addressesReadAt = -Infinity;
  /** The last Host header allowed, while the addresses it may have matched are fresh. */
  private lastAllowed: string | undefined;

  /** `allowedHosts`: names given with --allow-host, besides localhost, this machine's names and addresses. */
  constructor(allowedHosts: readonly string[] = []) {
    const machine = hostname().toLowerCase();
    const machineNames = [machine, ...LAN_SUFFIXES.map((suffix) => `${machine}.${suffix}`)];
    this.allowed = new Set(['localhost', ...machineNames, ...allowedHosts.map(hostName)]);
  }

  /** Refuses, with 421, a request addressed to a name that is not one of the hub's. */
  require(req: IncomingMessage): void {
    const host = req.headers.host;
    // HTTP/1.0 clients may omit Host; browsers never do, so no rebinding rides on that.
    if (host === undefined || this.allows(host)) return;
    throw new HttpError(421, `host ${JSON.stringify(forLog(host, 80))} is not one of this hub's names; add it with --allow-host`);
  }

  allows(hostHeader: string): boolean {
    // A backend posts orders with the same Host header each time: it is not parsed again.
    if (hostHeader === this.lastAllowed && Date.now() - this.addressesReadAt <= ADDRESSES_TTL_MS) return true;
    const name = hostName(hostHeader);
    const allowed = this.allowed.has(name) || name.endsWith('.localhost') || this.ownAddresses().has(name);
    if (allowed) this.lastAllowed = hostHeader;
    return allowed;
  }

  /** The machine's interface addresses, reread now and then: DHCP may hand out a new one. */
  private ownAddresses(): Set<string> {
    const now = Date.now();
    if (now - this.addressesReadAt > ADDRESSES_TTL_MS) {
      this.addressesReadAt = now;
      this.lastAllowed = undefined;
      const interfaces = Object.values(networkInterfaces()).flat();
      this.addresses = new Set(interfaces.map((entry) => normalise(entry!.address.replace(/%.*$/, ''))));
    }
    return this.addresses;
  }
}

/** The name part of a Host header: `[::1]:8083` → `::1`, `Shop-PC.:8083` → `shop-pc`. */
export function hostName(hostHeader: string): string {
  const bracketed = /^\[([^\]]*)\](?::\d*)?$/.exec(hostHeader);
  if (bracketed) return normalise(bracketed[1]!);
  return normalise(hostHeader.replace(/:\d*$/, ''));
}

function normalise(name: string): string {
  return name.trim().toLowerCase().replace(/\.$/, '');
}
