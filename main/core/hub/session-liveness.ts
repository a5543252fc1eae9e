/**
 * Whether the hub's devices are still there: a WebSocket ping for those that did not ask for
 * the heartbeat (one that missed the previous pong is dropped), protocol v1's `ping` for those
 * that did (2.5 intervals of silence drop one). Each timer runs only while a device needs it:
 * a hub with no such device is not woken for nothing.
 */
import type WebSocket from 'ws';
import { encode } from '../link/protocol';

export interface WatchedSession {
  readonly socket: WebSocket;
  readonly device: string;
  readonly address: string;
  /** It asked for the heartbeat in hello: the protocol's ping replaces WebSocket pings. */
  heartbeat: boolean;
  /** It answered the last WebSocket ping. */
  alive: boolean;
  lastHeardAt: number;
}

export interface LivenessOptions {
  pingIntervalMs: number;
  heartbeatIntervalMs: number;
  log: (line: string) => void;
}

export class SessionLiveness {
  private pingTimer: NodeJS.Timeout | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly sessions: Iterable<WatchedSession>,
    private readonly options: LivenessOptions,
  ) {}

  /** Starts the WebSocket ping or the heartbeat, as `session` needs now; each stops itself once no session does. */
  watch(session: WatchedSession): void {
    if (session.heartbeat) this.heartbeatTimer ??= setInterval(() => this.heartbeatAll(), this.options.heartbeatIntervalMs).unref();
    else this.pingTimer ??= setInterval(() => this.pingAll(), this.options.pingIntervalMs).unref();
  }

  stop(): void {
    clearInterval(this.pingTimer);
    clearInterval(this.heartbeatTimer);
    this.pingTimer = this.heartbeatTimer = undefined;
  }

  private pingAll(): void {
    let needed = false;
    for (const session of this.sessions) {
      if (session.heartbeat) continue;
      needed = true;
      if (!session.alive) {
        this.options.log(`${session.device} (${session.address}) stopped answering pings; disconnected`);
        session.socket.terminate();
        continue;
      }
      session.alive = false;
      session.socket.ping();
    }
    if (needed) return;
    clearInterval(this.pingTimer);
    this.pingTimer = undefined;
  }

  /** Protocol-level liveness, both ways: the device hears `ping`, the hub hears the device's answers. */
  private heartbeatAll(): void {
    const ping = Buffer.from(encode({ type: 'ping' }));
    const deadAfterMs = 2.5 * this.options.heartbeatIntervalMs;
    let needed = false;
    for (const session of this.sessions) {
      if (!session.heartbeat) continue;
      needed = true;
      const silentMs = Date.now() - session.lastHeardAt;
      if (silentMs >= deadAfterMs) {
        this.options.log(`${session.device} (${session.address}) silent for ${(silentMs / 1000).toFixed(1)} s; disconnected`);
        session.socket.terminate();
        continue;
      }
      session.socket.send(ping, { binary: false });
    }
    if (needed) return;
    clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = undefined;
  }
}
