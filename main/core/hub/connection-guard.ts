/**
 * Keeps connections that have not yet shown the token (HTTP clients, devices before their
 * upgrade, anyone probing) to a share of the process's file descriptors, per address and in
 * total, so a flood of slow or idle connections cannot leave the shop's devices, the journal
 * or the backend's next POST without a descriptor. When a cap is reached, the idlest connection
 * of the address holding the most makes room: the newcomer, likely a quick legitimate request,
 * is served, a request being answered is never cut, and a quiet client's connection is not
 * the one to go.
 */
import { readFileSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export interface ConnectionBudget {
  /** Connections without a proven token, all addresses together. */
  untrusted: number;
  /** Connections without a proven token from one address. */
  perAddress: number;
  /** WebSocket devices. */
  devices: number;
  /** Every connection: Node refuses more at accept, before a descriptor runs out. */
  total: number;
}

/** Descriptors kept for the process itself: the journal, stdio, the event loop, DNS, logs. */
const RESERVED_FDS = 64;
const UNKNOWN_FD_LIMIT = 1024;
const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/** How the descriptors left after the reserve are shared: a quarter for untrusted connections. */
export function connectionBudget(maxClients: number, fdLimit = openFileLimit()): ConnectionBudget {
  const total = Math.max(64, fdLimit - RESERVED_FDS);
  const untrusted = Math.min(1024, Math.max(16, Math.floor(total / 4)));
  return {
    untrusted,
    perAddress: Math.min(32, Math.max(4, Math.floor(untrusted / 2))),
    devices: Math.max(1, Math.min(maxClients, total - untrusted)),
    total,
  };
}

/** The soft limit on open files (`ulimit -n`), where the system tells it (Linux /proc). */
export function openFileLimit(): number {
  try {
    const line = /^Max open files\s+(\d+|unlimited)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
    if (line?.[1] === 'unlimited') return Number.MAX_SAFE_INTEGER;
    if (line) return Number(line[1]);
  } catch {
    // Not Linux: fall through to a common default.
  }
  return UNKNOWN_FD_LIMIT;
}

/** An untrusted connection, and when it last showed a sign of life (bytes that arrived, an answer sent). */
interface Untrusted {
  address: string;
  activeAt: number;
  /** `socket.bytesRead` when last looked at: a change since means bytes arrived meanwhile. */
  bytesRead: number;
}

export class ConnectionGuard {
  /** In arrival order, so among equally idle ones the first is the oldest. */
  private readonly untrusted = new Map<Socket, Untrusted>();
  private readonly perAddress = new Map<string, number>();
  /** Connections that sent a whole request head whose answer is not finished: never evicted. */
  private readonly answering = new Set<Socket>();

  constructor(
    server: Server,
    private readonly budget: ConnectionBudget,
    /** Told each connection closed or refused for the caps, as a line for the refusal log. */
    private readonly onRefused: (address: string, line: string) => void,
    private readonly now: () => number = performance.now.bind(performance),
  ) {
    server.maxConnections = budget.total;
    server.on('connection', (socket: Socket) => this.admit(socket));
    server.on('request', (req: IncomingMessage, res: ServerResponse) => this.answer(req.socket, res));
    // Over maxConnections Node closes a new connection at once and says so with 'drop'.
    server.on('drop', (peer?: { remoteAddress?: string }) => onRefused(peer?.remoteAddress ?? 'unknown', `a connection: the hub already holds ${budget.total}`));
  }

  /** The connection showed the token (or became a device): it no longer counts against the caps. */
  trust(socket: Socket): void {
    this.forget(socket);
  }

  private answer(socket: Socket, res: ServerResponse): void {
    this.answering.add(socket);
    res.once('close', () => {
      this.answering.delete(socket);
      const entry = this.untrusted.get(socket);
      if (entry) entry.activeAt = this.now();
    });
  }

  private forget(socket: Socket): void {
    const address = this.untrusted.get(socket)?.address;
    if (address === undefined) return;
    this.untrusted.delete(socket);
    const left = (this.perAddress.get(address) ?? 1) - 1;
    if (left > 0) this.perAddress.set(address, left);
    else this.perAddress.delete(address);
  }

  private admit(socket: Socket): void {
    const address = socket.remoteAddress ?? 'unknown';
    // The hub's own machine (a POS or shop site beside it) may burst; it still counts in the total.
    if (!LOOPBACK.has(address) && (this.perAddress.get(address) ?? 0) >= this.budget.perAddress) {
      this.evictIdlest(address, `${this.budget.perAddress} connections without a token from this address`);
    } else if (this.untrusted.size >= this.budget.untrusted) {
      this.evictIdlest(undefined, `${this.budget.untrusted} connections without a token in total`);
    }
    this.untrusted.set(socket, { address, activeAt: this.now(), bytesRead: 0 });
    this.perAddress.set(address, (this.perAddress.get(address) ?? 0) + 1);
    socket.once('close', () => this.forget(socket));
  }

  /**
   * Closes a connection of `from`, or at the total cap of the address holding the most: a flood
   * from a few machines pays for itself, not the shop's other clients. Of those, the one silent
   * the longest goes (a flood's or a slowloris's kind, or a keep-alive idle between requests),
   * never one whose request is being answered: a page load or a health probe that has sent its
   * head is served. With every one being answered, the newcomer simply joins them.
   */
  private evictIdlest(from: string | undefined, why: string): void {
    const victimAddress = from ?? this.busiestAddress();
    const now = this.now();
    let victim: Socket | undefined;
    let idlestAt = Number.POSITIVE_INFINITY;
    for (const [socket, entry] of this.untrusted) {
      if (entry.address !== victimAddress || this.answering.has(socket)) continue;
      if (socket.bytesRead !== entry.bytesRead) {
        entry.bytesRead = socket.bytesRead;
        entry.activeAt = now;
      }
      if (entry.activeAt < idlestAt) [victim, idlestAt] = [socket, entry.activeAt];
    }
    if (!victim) return;
    this.forget(victim);
    victim.destroy();
    this.onRefused(victimAddress!, `a connection: ${why}; closed the idlest`);
  }

  private busiestAddress(): string | undefined {
    let busiest: string | undefined;
    for (const [address, count] of this.perAddress) if (busiest === undefined || count > this.perAddress.get(busiest)!) busiest = address;
    return busiest;
  }
}
