/**
 * The hub's WebSocket side of protocol v1: one session per connected device. A session
 * waits for hello, replays what the device missed, then goes live. Live orders reach a
 * session only once its replay has caught up, so nothing is sent twice or skipped.
 */
import WebSocket from 'ws';
import type { Journal, KeptOrder } from '../journal/journal';
import { decodeClientMessage, encode, HEARTBEAT_INTERVAL_MS, HELLO_REFUSED_CLOSE, type ClientMessage, type ServerMessage } from '../link/protocol';
import { deviceName } from '../orders/device-name';
import type { StateChange } from '../orders/order-life';
import { historyMismatch } from './history-match';
import { SessionLiveness, type WatchedSession } from './session-liveness';
import type { Answers } from './answers';
import { answerRefusal, stateFrame } from './session-states';
import { PacedSend } from './paced-send';
import { missedFrames } from './resume-sync';
import { orderFrame, orderFrameBytes } from './order-frame';
import type { OrderBumps } from '../orders/bumps';
import { BumpRefused, type Kitchen } from './kitchen';

export interface SessionOptions {
  /** A device whose unsent data exceeds this many bytes is cut off; it catches up by resume. */
  maxBufferedBytes: number;
  /** Ping every device this often, ms; one that missed the previous pong is dropped. */
  pingIntervalMs: number;
  /** Devices that asked for the heartbeat get `ping` this often, ms; 2.5 intervals of silence drop one. */
  heartbeatIntervalMs?: number;
  /** After replay, a device is sent the bumps of orders received this long back, ms. */
  bumpsWindowMs: number;
  log: (line: string) => void;
  now?: () => number;
  /** Answers devices' `answer` messages (v1.1). */
  answers?: Answers;
  /** The kitchen display's stations and bumps: sent to each device after its hello. */
  kitchen?: Kitchen;
}

const REPLAY_CHUNK = 256;

type Phase = 'awaiting-hello' | 'replaying' | 'live';

class Session implements WatchedSession {
  phase: Phase = 'awaiting-hello';
  device = 'unknown device';
  /** Highest seq sent to this device. */
  cursor = 0;
  ackedSeq = 0;
  alive = true;
  /** It asked for the heartbeat in hello: the protocol's ping replaces WebSocket pings. */
  heartbeat = false;
  /** v1.1: it takes `state` messages. */
  states = false;
  lastHeardAt = Date.now();
  /** What it missed of the orders it had, still being sent after its replay: live changes wait behind it. */
  catchingUp: PacedSend | undefined;

  constructor(
    readonly socket: WebSocket,
    readonly address: string,
  ) {}

  send(message: ServerMessage, done?: (error?: Error) => void): void {
    this.sendText(encode(message), done);
  }

  sendText(text: string, done?: (error?: Error) => void): void {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(text, done);
    else done?.(new Error('closed'));
  }
}

export class Sessions {
  private readonly sessions = new Set<Session>();
  private readonly liveness: SessionLiveness;
  private readonly now: () => number;

  constructor(
    private readonly journal: Journal,
    private readonly options: SessionOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.liveness = new SessionLiveness(this.sessions, { pingIntervalMs: options.pingIntervalMs, heartbeatIntervalMs: options.heartbeatIntervalMs ?? HEARTBEAT_INTERVAL_MS, log: options.log });
    journal.on('order', (stored) => this.broadcastOrder(stored));
    journal.on('handled', (stored) => this.broadcastHandled(stored));
    journal.on('state', (change) => this.broadcastState(change));
    journal.on('bumps', (id, bumps) => this.broadcastBumps(id, bumps));
  }

  /** Open connections, greeted or not: what the hub's limit on devices counts. */
  get count(): number {
    return this.sessions.size;
  }

  /** Devices whose hello the hub took: those that receive orders. */
  get devices(): number {
    let greeted = 0;
    for (const session of this.sessions) if (session.phase !== 'awaiting-hello') greeted++;
    return greeted;
  }

  add(socket: WebSocket, address: string): void {
    const session = new Session(socket, address);
    this.sessions.add(session);
    this.options.log(`device connected from ${address} (${this.sessions.size} connected)`);
    socket.on('message', (data, isBinary) => {
      session.lastHeardAt = Date.now();
      this.onFrame(session, data as Buffer, isBinary);
    });
    socket.on('pong', () => (session.alive = true));
    socket.on('error', () => {});
    socket.on('close', (code) => {
      session.catchingUp?.stop();
      this.sessions.delete(session);
      this.options.log(
        `${session.device} (${address}) disconnected, code ${code}, acked up to seq ${session.ackedSeq} (${this.sessions.size} connected)`,
      );
    });
    session.send({ type: 'welcome', epoch: this.journal.epoch!, lastSeq: this.journal.lastSeq });
    this.liveness.watch(session);
  }

  /** Closes every session with a close frame, for shutdown. */
  closeAll(code: number, reason: string): Promise<void> {
    this.liveness.stop();
    const closed = [...this.sessions].map(
      (session) =>
        new Promise<void>((resolve) => {
          session.socket.once('close', () => resolve());
          session.socket.close(code, reason);
          setTimeout(() => session.socket.terminate(), 2000).unref();
        }),
    );
    return Promise.all(closed).then(() => {});
  }

  private onFrame(session: Session, data: Buffer, isBinary: boolean): void {
    if (isBinary) return session.send({ type: 'error', code: 'bad-message', message: 'binary frames are not part of protocol v1' });
    const decoded = decodeClientMessage(data.toString('utf8'));
    if (!decoded.ok && session.phase === 'awaiting-hello') return this.refuseHello(session, decoded.error);
    if (!decoded.ok) return session.send({ type: 'error', code: 'bad-message', message: decoded.error });
    this.onMessage(session, decoded.value);
  }

  private onMessage(session: Session, message: ClientMessage): void {
    switch (message.type) {
      case 'hello':
        if (session.phase !== 'awaiting-hello') {
          return session.send({ type: 'error', code: 'bad-message', message: 'hello: sent twice' });
        }
        // The name goes into log lines and every screen's handled.by: it must stay one plain line.
        session.device = deviceName(message.device) || session.device;
        session.heartbeat = message.heartbeat === true;
        this.liveness.watch(session);
        session.states = message.states === true;
        session.cursor = this.resumePoint(session, message);
        this.options.log(`${session.device} (${session.address}) resumes after seq ${session.cursor} of ${this.journal.lastSeq}`);
        session.phase = 'replaying';
        // Changes of orders it is replayed wait for what it missed: none may overtake an older one.
        session.catchingUp = new PacedSend(session.socket);
        // Only a hub with stations says so: a device that hears none has no station to show.
        if (this.options.kitchen?.stations.length) session.send({ type: 'stations', stations: [...this.options.kitchen.stations] });
        return void this.replay(session, session.cursor);
      case 'ack':
        return this.ack(session, message.seq);
      case 'handle':
        return void this.handle(session, message.id);
      case 'answer':
        return void this.answer(session, message);
      case 'bump':
        return void this.bump(session, message);
      case 'pong':
        return; // heard: lastHeardAt is set for every frame
    }
  }

  /**
   * Where a device's replay starts: after its lastSeq if it shares this hub's history, else
   * from the beginning (it takes what it already has by id). Only a device that names its
   * order at lastSeq can be checked, and only such a device is told of a mismatch.
   */
  private resumePoint(session: Session, hello: Extract<ClientMessage, { type: 'hello' }>): number {
    if (hello.epoch !== this.journal.epoch) return 0;
    if (hello.lastId === undefined) return hello.lastSeq;
    const mismatch = historyMismatch(this.journal, hello.lastSeq, hello.lastId);
    if (mismatch === undefined) return hello.lastSeq;
    this.options.log(
      `${session.device} (${session.address}) holds order ${JSON.stringify(hello.lastId)} at seq ${hello.lastSeq}, but ${mismatch}: its history is not this hub's (the hub's files were restored or replaced); sending it all ${this.journal.size} retained orders, known ones to be dropped by id`,
    );
    session.send({ type: 'mismatch', seq: hello.lastSeq });
    return 0;
  }

  /** A device the hub cannot take is told why and let go, rather than left connected and fed nothing. */
  private refuseHello(session: Session, error: string): void {
    this.options.log(`refused the hello of the device at ${session.address}: ${error}`);
    session.send({ type: 'error', code: 'hello-refused', message: error });
    let reason = `hello refused: ${error}`;
    while (Buffer.byteLength(reason) > 123) reason = reason.slice(0, -1); // a close reason's limit
    session.socket.close(HELLO_REFUSED_CLOSE, reason);
  }

  /** An ack is believed only for a seq this connection was sent (or had before its hello). */
  private ack(session: Session, seq: number): void {
    if (session.phase === 'awaiting-hello') {
      return session.send({ type: 'error', code: 'bad-message', message: 'ack: sent before hello' });
    }
    // A hello may claim a lastSeq the hub never reached; that claim is no proof of delivery.
    const sentUpTo = Math.min(session.cursor, this.journal.lastSeq);
    if (seq > sentUpTo) {
      const message = `ack: seq ${seq} was never sent on this connection (sent up to ${sentUpTo})`;
      return session.send({ type: 'error', code: 'bad-message', message });
    }
    session.ackedSeq = Math.max(session.ackedSeq, seq);
  }

  private async handle(session: Session, id: string): Promise<void> {
    if (!this.journal.get(id)) {
      return session.send({ type: 'error', code: 'unknown-order', message: `handle: no order with id ${JSON.stringify(id)}` });
    }
    try {
      await this.journal.markHandled(id, session.device, new Date(this.now()).toISOString());
    } catch (error) {
      session.send({ type: 'error', code: 'storage', message: `handle: could not store: ${(error as Error).message}` });
    }
  }

  private async answer(session: Session, message: Extract<ClientMessage, { type: 'answer' }>): Promise<void> {
    if (session.phase === 'awaiting-hello') return session.send({ type: 'error', code: 'bad-message', message: 'answer: sent before hello' });
    const { type: _type, id, ...request } = message;
    if (!this.options.answers) return session.send({ type: 'error', code: 'bad-message', message: 'answer: this server does not take answers' });
    const result = await this.options.answers.answer(id, request, session.device);
    if (!result.ok) session.send(answerRefusal(id, result));
  }

  private async bump(session: Session, message: Extract<ClientMessage, { type: 'bump' }>): Promise<void> {
    if (session.phase === 'awaiting-hello' || !this.options.kitchen) {
      return session.send({ type: 'error', code: 'bad-message', message: 'bump: sent before hello' });
    }
    const { type: _type, id, ...action } = message;
    try {
      await this.options.kitchen.bump(id, action, session.device);
    } catch (error) {
      const code = error instanceof BumpRefused ? 'bump-refused' : 'storage';
      session.send({ type: 'error', code, message: `bump: ${(error as Error).message}` });
    }
  }

  /** Sends everything after `cursor` in chunks, each after the previous one left the socket. */
  private async replay(session: Session, knownUpTo: number): Promise<void> {
    for (;;) {
      const chunk = this.journal.after(session.cursor, REPLAY_CHUNK);
      if (chunk.length === 0) break;
      const sent = await new Promise<boolean>((resolve) => {
        chunk.forEach((stored, index) => {
          session.sendText(orderFrame(stored), index === chunk.length - 1 ? (error) => resolve(!error) : undefined);
        });
        session.cursor = chunk[chunk.length - 1]!.seq!;
      });
      if (!sent) return;
    }
    // No await between the last empty chunk and here: no order can slip in unsent.
    session.phase = 'live';
    this.sendMissed(session, knownUpTo);
  }

  /** What the device missed of the orders it had, paced so that it cannot hold up anyone else. */
  private sendMissed(session: Session, knownUpTo: number): void {
    const frames = missedFrames(this.journal, { knownUpTo, sentUpTo: session.cursor, states: session.states, bumpsSince: this.now() - this.options.bumpsWindowMs });
    void session.catchingUp!.run(frames);
  }

  /** A change of an order the device has: behind what it is still being sent of what it missed, else at once. */
  private sendChange(session: Session, message: Buffer): void {
    if (session.catchingUp && !session.catchingUp.done) session.catchingUp.queue(message);
    else if (this.keepsUp(session)) session.socket.send(message, { binary: false });
  }

  private broadcastBumps(id: string, bumps: OrderBumps): void {
    const seq = this.journal.get(id)?.seq ?? 0;
    const message = Buffer.from(encode({ type: 'bumps', id, bumps }));
    for (const session of this.sessions) {
      // A device still being replayed to gets the order's bumps once its replay is done.
      if (session.phase !== 'live' || seq! > session.cursor) continue;
      this.sendChange(session, message);
    }
  }

  private broadcastOrder(stored: KeptOrder): void {
    // Encoded once for every device, not once per device.
    const message = orderFrameBytes(stored);
    for (const session of this.sessions) {
      if (session.phase !== 'live') continue;
      if (!this.keepsUp(session)) continue;
      session.socket.send(message, { binary: false });
      session.cursor = stored.seq!;
    }
  }

  private broadcastHandled(stored: KeptOrder): void {
    const message = Buffer.from(encode({ type: 'handled', id: stored.id, ...stored.handled! }));
    for (const session of this.sessions) {
      // An order not yet replayed to a session will carry its handled state when it is.
      if (session.phase === 'awaiting-hello' || stored.seq! > session.cursor) continue;
      this.sendChange(session, message);
    }
  }

  private broadcastState(change: StateChange): void {
    const message = Buffer.from(stateFrame(change));
    const seq = this.journal.get(change.id)?.seq ?? Number.MAX_SAFE_INTEGER;
    for (const session of this.sessions) {
      // An order not yet replayed to a session gets its states after the replay.
      if (!session.states || session.phase === 'awaiting-hello' || seq > session.cursor) continue;
      this.sendChange(session, message);
    }
  }

  /** A device too far behind is cut off rather than let the hub's memory grow; it resumes later. */
  private keepsUp(session: Session): boolean {
    if (session.socket.bufferedAmount <= this.options.maxBufferedBytes) return true;
    this.options.log(`${session.device} (${session.address}) is too far behind; disconnected, it will catch up on reconnect`);
    session.socket.terminate();
    this.sessions.delete(session);
    return false;
  }
}
