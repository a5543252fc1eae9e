/**
 * The embedded LAN hub: one HTTP server that takes orders from the shop's backend, stores
 * them durably, and pushes them to every device over protocol v1.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { Journal, OrderRefused, type JournalOptions } from '../journal/journal';
import { sameOrder, type Order } from '../orders/order';
import { queryHistory } from '../orders/views';
import { encode, MAX_MESSAGE_BYTES } from '../link/protocol';
import { forLog } from '../orders/untrusted-text';
import { answerClientError, checkOrigin, wasCutOff } from './admission';
import { historyQuery, listQuery, withinBudget } from './api-queries';
import { loadOrCreateToken, TokenCheck } from './auth';
import { ConnectionGuard, connectionBudget, type ConnectionBudget } from './connection-guard';
import { headerDeviceName, LARGEST_HANDLED } from './device-name';
import { HostCheck } from './host-check';
import { screenLinks } from './screen-links';
import { clientAddress, decodeSegment, HttpError, KEEP_ALIVE_HEADER, readBody, rejectUpgrade, sendError, sendJson, sendOrderAnswer, serverTimeouts } from './http';
import { parseOrder } from './order-body';
import { ANONYMOUS_RATE_LIMIT, DEFAULT_RATE_LIMIT, RateLimiter, type RateLimitOptions } from './rate-limit';
import { RefusalLog } from './refusal-log';
import { answerReport, printReport, type SummaryPrinter } from './reports-route';
import { ReportOrders } from '../reports/report-orders';
import { readyReports } from '../reports/reports-ahead';
import { machineTimeZone } from '../reports/local-time';
import { SEQ_FLOOR_FILE, SeqFloor } from './seq-floor';
import { Sessions } from './sessions';
import { Answers } from './answers';
import type { AutoAcceptRule } from '../orders/auto-accept';
import { getOrder, orderWithState, postState } from './answer-routes';
import { Kitchen } from './kitchen';
import type { Station } from '../orders/stations';
import { serveStatic } from './static';

export interface HubOptions {
  dataDir: string;
  host?: string;
  /** 0 picks a free port. Default 8083. */
  port?: number;
  /** Without one, a token is generated on first start and kept in the data directory. */
  token?: string;
  /** Origins allowed to open the WebSocket from a browser, besides the hub's own. */
  allowedOrigins?: string[];
  /** Names the hub answers to, besides localhost and this machine's name and addresses. */
  allowedHosts?: string[];
  maxClients?: number;
  /** The open-file limit to share out; default: the process's own (`ulimit -n`). */
  fdLimit?: number;
  /** A request's headers must arrive within this, its whole body within `requestTimeoutMs`. */
  headersTimeoutMs?: number;
  requestTimeoutMs?: number;
  rateLimit?: Omit<RateLimitOptions, 'now'>;
  maxBufferedBytes?: number;
  pingIntervalMs?: number;
  /** The protocol heartbeat's interval, ms; default HEARTBEAT_INTERVAL_MS. */
  heartbeatIntervalMs?: number;
  journal?: JournalOptions;
  /** The shop's time zone for `GET /api/reports` (IANA); default the machine's. */
  reportTimeZone?: string;
  /** Orders from these channels or sources, in these hours, are accepted at once (orders/auto-accept.ts). */
  autoAccept?: AutoAcceptRule;
  /** Folder of the built web view; a status page is served where it is missing. */
  webRoot?: string;
  log?: (line: string) => void;
  /** The hub prints (`hub --print`): queue a reprint of the order; false when it has no such order. */
  reprint?: (id: string) => Promise<boolean>;
  /** The hub prints: the end-of-day summary (POST /api/reports/print). */
  printSummary?: SummaryPrinter;
  /** The kitchen display's stations (orders/stations.ts), sent to every device. */
  stations?: Station[];
}

export interface HubInfo {
  url: string;
  port: number;
  token: string;
  tokenCreated: boolean;
  epoch: string;
}

export const DEFAULT_HUB_PORT = 8083;
export const JOURNAL_FILE = 'hub-journal.log';

export class Hub {
  private journal!: Journal;
  private reportOrders: ReportOrders | undefined;
  private stopReadying: (() => void) | undefined;
  private seqFloor!: SeqFloor;
  private sessions!: Sessions;
  private answering!: Answers;
  private server!: Server;
  private tokenCheck!: TokenCheck;
  private startedAt = 0;
  private stopping = false;
  /** A start under way: a stop waits for it (the app may quit while the hub is still opening). */
  private starting: Promise<unknown> | undefined;
  // Protocol v1 has no subprotocol: one a client offers is never selected.
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES, perMessageDeflate: false, handleProtocols: () => false });
  private readonly limiter: RateLimiter;
  private readonly anonymousLimiter = new RateLimiter(ANONYMOUS_RATE_LIMIT);
  private readonly log: (line: string) => void;
  private readonly refusals: RefusalLog;
  private readonly hosts: HostCheck;
  private readonly budget: ConnectionBudget;
  private guard!: ConnectionGuard;
  private kitchenDisplay!: Kitchen;

  constructor(private readonly options: HubOptions) {
    this.limiter = new RateLimiter(options.rateLimit ?? DEFAULT_RATE_LIMIT);
    this.log = options.log ?? (() => {});
    this.refusals = new RefusalLog(this.log);
    // The name it was told to listen on is one of its own too (`--host shop-pc.lan`).
    this.hosts = new HostCheck([...(options.allowedHosts ?? []), ...(options.host ? [options.host] : [])]);
    this.budget = connectionBudget(options.maxClients ?? 500, options.fdLimit);
  }

  start(): Promise<HubInfo> {
    const started = this.open();
    this.starting = started.catch(() => undefined);
    return started;
  }

  private async open(): Promise<HubInfo> {
    await mkdir(this.options.dataDir, { recursive: true, mode: 0o700 });
    await this.openJournal();
    const { token, created } = this.options.token
      ? { token: this.options.token, created: false }
      : await loadOrCreateToken(this.options.dataDir);
    this.tokenCheck = new TokenCheck(token);
    this.answering = new Answers(this.journal, this.options.autoAccept ? { autoAccept: this.options.autoAccept } : {});
    this.kitchenDisplay = new Kitchen(this.journal, this.options.stations ?? []);
    this.kitchenDisplay.onOrderReady((id) => void this.answering.readyFromKitchen(id));
    this.sessions = new Sessions(this.journal, {
      answers: this.answering,
      kitchen: this.kitchenDisplay,
      maxBufferedBytes: this.options.maxBufferedBytes ?? 8 * 1024 * 1024,
      pingIntervalMs: this.options.pingIntervalMs ?? 30_000,
      ...(this.options.heartbeatIntervalMs ? { heartbeatIntervalMs: this.options.heartbeatIntervalMs } : {}),
      bumpsWindowMs: 24 * 3600 * 1000,
      log: this.log,
    });
    this.server = createServer(serverTimeouts(this.options), (req, res) => void this.onRequest(req, res));
    this.server.on('upgrade', (req, socket) => this.onUpgrade(req, socket));
    this.server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => answerClientError(error, socket, this.refusals));
    this.guard = new ConnectionGuard(this.server, this.budget, (address, line) => this.refusals.refused(address, line));
    const port = this.options.port ?? DEFAULT_HUB_PORT;
    try {
      await new Promise<void>((resolve, reject) => {
        this.server.once('error', reject);
        this.server.listen(port, this.options.host ?? '127.0.0.1', () => resolve());
      });
    } catch (error) {
      await this.sessions.closeAll(1001, 'hub not started');
      await this.closeJournal();
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE') throw new Error(`port ${port} is already in use; choose another port`);
      if (code === 'EACCES') throw new Error(`not allowed to listen on port ${port}; choose a port above 1023`);
      throw error;
    }
    // Accept can fail later (out of descriptors); that must be a log line, never a crash.
    this.server.on('error', (error) => this.log(`accepting connections failed: ${error.message}`));
    this.startedAt = Date.now();
    this.stopReadying = readyReports(this.journal, this.options.reportTimeZone ?? machineTimeZone());
    const address = this.server.address() as { port: number; address: string };
    const host = address.address.includes(':') ? `[${address.address}]` : address.address;
    return { url: `http://${host}:${address.port}`, port: address.port, token, tokenCreated: created, epoch: this.journal.epoch! };
  }

  /**
   * Stops taking connections, lets in-flight requests finish (for up to `graceMs`), and closes
   * devices with a close frame.
   */
  async stop(graceMs = 3000): Promise<void> {
    this.stopping = true;
    await this.starting;
    // Never started, or its start failed and closed what it had opened.
    if (!this.server?.listening) return;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeIdleConnections();
    await this.sessions.closeAll(1001, 'hub shutting down');
    const grace = setTimeout(() => this.server.closeAllConnections(), graceMs);
    await closed;
    clearTimeout(grace);
    this.refusals.summarise();
    await this.closeJournal();
  }

  private async openJournal(): Promise<void> {
    const { dataDir } = this.options;
    this.reportOrders = undefined;
    this.journal = await Journal.open(join(dataDir, JOURNAL_FILE), {
      ...this.options.journal,
      log: this.log,
      reserveSeq: (seq) => this.seqFloor.reserve(seq),
      refuse: tooLargeForDevices,
    });
    for (const problem of this.journal.problems) this.log(`journal line ${problem.line}: ${problem.reason}`);
    this.seqFloor = await SeqFloor.open(join(dataDir, SEQ_FLOOR_FILE), this.journal, this.log);
  }

  private async closeJournal(): Promise<void> {
    this.stopReadying?.();
    await this.journal.close();
    try {
      this.seqFloor.settle(this.journal.lastSeq);
    } catch (error) {
      this.log(`could not record the last seq in ${SEQ_FLOOR_FILE} (${(error as Error).message}); the next start skips the rest of its reserved block`);
    }
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // An order's POST, the hub's hot path, reads its whole body before any answer but an error.
    const postedOrder = isOrderPost(req);
    if (!postedOrder) {
      closeUnreadBody(req, res);
      // Set here, Node's own header (its real, longer timeout) is left out: see KEEP_ALIVE_GRACE_S.
      res.setHeader('Keep-Alive', KEEP_ALIVE_HEADER);
    }
    try {
      this.hosts.require(req);
      await (postedOrder ? this.ingest(req, res) : this.route(req, res));
    } catch (error) {
      if (postedOrder) closeUnreadBody(req, res);
      if (error instanceof HttpError) {
        // A missing page file (a browser's /favicon.ico) is no refusal worth a log line.
        const missingFile = error.status === 404 && !pathOf(req).startsWith('/api/');
        if (!wasCutOff(req.socket) && !missingFile) this.refuse(req, `${req.method} ${pathOf(req)}`, error);
        return sendError(res, error);
      }
      this.log(`internal error on ${forLog(`${req.method} ${pathOf(req)}`)}: ${(error as Error).stack}`);
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
      else res.destroy();
    }
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://hub.invalid');
    const path = url.pathname;
    if (path === '/api/health') {
      allow(req, 'GET', 'HEAD');
      return sendJson(res, 200, this.health());
    }
    if (path === '/api/orders') {
      allow(req, 'GET', 'POST');
      if (req.method === 'POST') return this.ingest(req, res, url);
      this.authorize(req, url);
      return this.list(url, res);
    }
    if (path === '/api/history') {
      allow(req, 'GET');
      this.authorize(req, url);
      return this.history(url, res);
    }
    if (path === '/api/reports') {
      allow(req, 'GET');
      this.authorize(req, url);
      return answerReport(url, (this.reportOrders ??= new ReportOrders(this.journal)), res, this.options.reportTimeZone);
    }
    if (path === '/api/reports/print') {
      allow(req, 'POST');
      this.authorize(req, url);
      return printReport(url, (this.reportOrders ??= new ReportOrders(this.journal)), res, this.options.printSummary, this.options.reportTimeZone);
    }
    const answer = /^\/api\/orders\/([^/]+)(\/state)?$/.exec(path);
    if (answer) {
      allow(req, answer[2] ? 'POST' : 'GET');
      this.authorize(req, url);
      const id = decodeSegment(answer[1]!);
      return answer[2] ? postState(this.answering, req, res, id) : getOrder(this.journal, res, id);
    }
    const handled = /^\/api\/orders\/([^/]+)\/handled$/.exec(path);
    if (handled) {
      allow(req, 'POST');
      this.authorize(req, url);
      return this.markHandled(req, res, decodeSegment(handled[1]!));
    }
    if (path === '/api/screens') {
      allow(req, 'GET');
      this.authorize(req, url);
      return sendJson(res, 200, { links: screenLinks(this.options.host ?? '127.0.0.1', (this.server.address() as { port: number }).port) });
    }
    const print = /^\/api\/orders\/([^/]+)\/print$/.exec(path);
    if (print) {
      allow(req, 'POST');
      this.authorize(req, url);
      return this.reprint(res, decodeSegment(print[1]!));
    }
    const bump = /^\/api\/orders\/([^/]+)\/bump$/.exec(path);
    if (bump) {
      allow(req, 'POST');
      this.authorize(req, url);
      const by = headerDeviceName(req.headers['x-orderbell-device']) || `api@${clientAddress(req)}`;
      return sendJson(res, 200, await this.kitchenDisplay.bumpRequest(req, decodeSegment(bump[1]!), by));
    }
    if (path === '/ws') throw new HttpError(426, 'this endpoint takes WebSocket connections only', { Upgrade: 'websocket' });
    if (path.startsWith('/api/')) throw new HttpError(404, `no such endpoint: ${req.method} ${path}`);
    allow(req, 'GET', 'HEAD');
    return serveStatic(req, res, path, this.options.webRoot);
  }

  /** The token, proven, also takes the connection out of the caps on anonymous ones. `url`: none for a request without a query. */
  private authorize(req: IncomingMessage, url: URL | undefined): void {
    try {
      this.tokenCheck.require(req, url);
    } catch (error) {
      const waitS = this.anonymousLimiter.take(clientAddress(req));
      // The refusal's log line names the peer: the message does not again.
      if (waitS > 0) throw new HttpError(429, `too many requests without the right token; retry in ${waitS} s`, { 'Retry-After': String(waitS) });
      throw error;
    }
    this.guard.trust(req.socket);
  }

  /** One log line per refusal (rate-limited), with the peer; never the query, which may hold a token. */
  private refuse(req: IncomingMessage, what: string, error: HttpError): void {
    this.refusals.refused(clientAddress(req), forLog(`${what}: ${error.status} ${error.message}`, 240));
  }

  /** Answers orders as devices and the API do; its `state` events are every durable state change (the outbox's hook). */
  get answers(): Answers {
    return this.answering;
  }

  /** Orders appended here (seq 'next') are numbered and sent to every device, as if posted. */
  get orderJournal(): Journal {
    return this.journal;
  }

  /** Stations, bumps and the orders every station has finished. */
  get kitchen(): Kitchen {
    return this.kitchenDisplay;
  }

  health(): { ok: true; clients: number; lastSeq: number; epoch: string; uptimeS: number; prints: boolean } {
    return {
      ok: true,
      // Whether screens may ask it to print (hub --print): the web view then offers Print.
      prints: this.options.reprint !== undefined,
      clients: this.sessions.devices,
      lastSeq: this.journal.lastSeq,
      epoch: this.journal.epoch!,
      uptimeS: Math.round((Date.now() - this.startedAt) / 1000),
    };
  }

  /** POST /api/orders; `url` only where it has a query (else routed before its URL is parsed: isOrderPost). */
  private async ingest(req: IncomingMessage, res: ServerResponse, url?: URL): Promise<void> {
    this.authorize(req, url);
    const address = clientAddress(req);
    const waitS = this.limiter.take(address);
    if (waitS > 0) throw new HttpError(429, `too many orders; retry in ${waitS} s`, { 'Retry-After': String(waitS) });
    const order = parseOrder(req, await readBody(req, MAX_MESSAGE_BYTES));
    let result;
    try {
      result = await this.journal.append(order, 'next');
    } catch (error) {
      if (error instanceof OrderRefused) throw new HttpError(413, error.message);
      throw new HttpError(503, `could not store the order, nothing was sent to devices; retry later (${(error as Error).message})`, {
        'Retry-After': '5',
      });
    }
    const { id } = result.stored;
    const seq = result.stored.seq;
    if (result.duplicate) {
      // An id reused for another order: the backend should hear it, and the log keeps it.
      const differs = !sameOrder(result.stored.order, order);
      this.log(`order ${id} posted again from ${address}; already stored as seq ${seq}${differs ? '; this post differs from it and was not taken' : ''}`);
      return sendOrderAnswer(res, 200, { id, seq, duplicate: true, ...(differs ? { differs: true } : {}) });
    }
    sendOrderAnswer(res, 201, { id, seq });
    // After the answer: the line's write to a pipe is synchronous, and the backend need not wait for it.
    this.log(`order ${id} stored as seq ${seq} from ${address}, sent to ${this.sessions.devices} device(s)`);
  }

  /** Orders after a seq, one page: `more` says whether orders after its last one exist. */
  private list(url: URL, res: ServerResponse): void {
    const { since, limit } = listQuery(url);
    const found = this.journal.after(since, limit + 1);
    const orders = withinBudget(found.slice(0, limit).map((stored) => orderWithState(this.journal, stored)));
    sendJson(res, 200, { orders, more: orders.length < found.length, lastSeq: this.journal.lastSeq, epoch: this.journal.epoch });
  }

  /** Every retained order, searched: newest first, one page, with the number that matched. */
  private history(url: URL, res: ServerResponse): void {
    const query = historyQuery(url);
    const page = queryHistory(this.journal.all(), query);
    const orders = withinBudget(page.orders.map((stored) => orderWithState(this.journal, stored)));
    sendJson(res, 200, { orders, total: page.total, more: query.offset + orders.length < page.total });
  }

  private async markHandled(req: IncomingMessage, res: ServerResponse, id: string): Promise<void> {
    const stored = this.journal.get(id);
    if (!stored) throw new HttpError(404, `no order with id ${JSON.stringify(id)}`);
    const by = headerDeviceName(req.headers['x-orderbell-device']) || `api@${clientAddress(req)}`;
    try {
      await this.journal.markHandled(id, by, new Date().toISOString());
    } catch (error) {
      throw new HttpError(503, `could not store the handled state; retry later (${(error as Error).message})`);
    }
    // Got again: what the journal gives is the order as it was then, before this change.
    sendJson(res, 200, { id, seq: stored.seq, handled: this.journal.get(id)?.handled ?? null });
  }

  private async reprint(res: ServerResponse, id: string): Promise<void> {
    if (!this.options.reprint) throw new HttpError(404, 'this hub does not print; start it with --print');
    if (!(await this.options.reprint(id))) throw new HttpError(404, `no order with id ${JSON.stringify(id)}`);
    sendJson(res, 202, { id, queued: true });
  }

  private onUpgrade(req: IncomingMessage, socket: Duplex): void {
    socket.on('error', () => {});
    try {
      const url = new URL(req.url ?? '/', 'http://hub.invalid');
      if (url.pathname !== '/ws') throw new HttpError(404, `no WebSocket endpoint at ${url.pathname}; use /ws`);
      this.hosts.require(req);
      checkOrigin(req, this.options.allowedOrigins);
      this.tokenCheck.require(req, url);
      if (this.stopping) throw new HttpError(503, 'the hub is shutting down', { 'Retry-After': '5' });
      const maxClients = this.budget.devices;
      if (this.sessions.count >= maxClients) {
        throw new HttpError(503, `the hub already serves ${maxClients} devices`, { 'Retry-After': '30' });
      }
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      this.refuse(req, `WebSocket ${pathOf(req)}`, error);
      return rejectUpgrade(socket, error);
    }
    this.guard.trust(req.socket);
    this.wss.handleUpgrade(req, socket, Buffer.alloc(0), (ws) => {
      // A handshake that completed while the hub began stopping is closed like the others.
      if (this.stopping) ws.close(1001, 'hub shutting down');
      else this.sessions.add(ws, clientAddress(req));
    });
  }

}

/** POST /api/orders without a query (a token in the query takes the general route). */
function isOrderPost(req: IncomingMessage): boolean {
  return req.url === '/api/orders' && req.method === 'POST';
}

/** A body nobody asked for, still trickling in after the answer, would hold the connection. */
function closeUnreadBody(req: IncomingMessage, res: ServerResponse): void {
  res.once('finish', () => {
    if (!req.complete) req.socket.destroy();
  });
}

/** The path of a request without its query, which may carry ?token=. */
function pathOf(req: IncomingMessage): string {
  return (req.url ?? '/').split('?')[0]!;
}

function allow(req: IncomingMessage, ...methods: string[]): void {
  if (!methods.includes(req.method ?? '')) {
    throw new HttpError(405, `${req.method} is not allowed here; use ${methods.join(' or ')}`, { Allow: methods.join(', ') });
  }
}

/** An order message's bytes besides the order's own: the largest seq, a receivedAt, the largest handled state. */
const FRAME_OVERHEAD_BYTES = Buffer.byteLength(encode({ type: 'order', seq: Number.MAX_SAFE_INTEGER, order: {} as Order, receivedAt: new Date(0).toISOString(), handled: LARGEST_HANDLED })) - '{}'.length;

/**
 * Why an order cannot go to devices, if it cannot: sized as a device may get it, replayed
 * once handled with its handled state, it must fit one message. Its JSON is measured, not
 * made again: the journal made it once.
 */
function tooLargeForDevices(_order: Order, orderBytes: number): string | undefined {
  const framed = orderBytes + FRAME_OVERHEAD_BYTES;
  if (framed <= MAX_MESSAGE_BYTES) return undefined;
  return `order is ${framed} bytes once framed for devices with its handled state; the limit is ${MAX_MESSAGE_BYTES}`;
}
