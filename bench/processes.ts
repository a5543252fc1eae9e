/** The benchmark's processes: a real `orderbell hub`, the device process, and the bare ws baseline. */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { Agent, createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocketServer, WebSocket } from 'ws';
import type { Command, Reply, StartCommand } from './messages';

const here = import.meta.dirname;
const CLI = join(here, 'cli.js');
const CLIENTS = join(here, 'bench-clients.js');
const RELAY = join(here, 'bench-relay.js');
const SOCKETIO = join(here, 'bench-socketio.js');
export const TOKEN = 'bench-token-0123456789';

export const sleep = (time: number) => new Promise((resolve) => setTimeout(resolve, time));

export class Clients {
  private constructor(private readonly child: ChildProcess) {}

  static async start(url: string, count: number, options: Pick<StartCommand, 'hello' | 'resume' | 'socketio'>): Promise<Clients> {
    const child = fork(CLIENTS, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const clients = new Clients(child);
    try {
      await clients.ask({ kind: 'start', url, count, token: TOKEN, ...options }, 'started');
    } catch (error) {
      child.kill();
      throw error;
    }
    return clients;
  }

  private ask<K extends Reply['kind']>(command: Command, answer: K): Promise<Extract<Reply, { kind: K }>> {
    return new Promise((resolve, reject) => {
      const done = () => (this.child.off('message', onMessage), this.child.off('exit', onExit));
      const onMessage = (message: Reply) => {
        if (message.kind === answer) {
          done();
          resolve(message as Extract<Reply, { kind: K }>);
        } else if (message.kind === 'error') reject(new Error(message.message));
      };
      // A devices' process that died (a crash, its file gone) answers nothing: say so, never wait.
      const onExit = (code: number | null) => (done(), reject(new Error(`the devices' process exited with ${code}`)));
      if (this.child.exitCode !== null) return onExit(this.child.exitCode);
      this.child.on('message', onMessage);
      this.child.on('exit', onExit);
      this.child.send(command);
    });
  }

  /** Order id → [clients that have it, ns when the last one got it]. */
  async arrivals(): Promise<Map<string, [number, bigint]>> {
    const report = await this.ask({ kind: 'report' }, 'report');
    return new Map(report.arrivals.map(([id, count, last]) => [id, [count, BigInt(last)]]));
  }

  /** Waits until every one of `ids` reached all `count` clients. */
  async waitAll(ids: string[], count: number, timeoutMs = 120_000): Promise<Map<string, [number, bigint]>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const arrivals = await this.arrivals();
      if (ids.every((id) => arrivals.get(id)?.[0] === count)) return arrivals;
      if (Date.now() > deadline) {
        const missing = ids.filter((id) => arrivals.get(id)?.[0] !== count).length;
        throw new Error(`${missing} of ${ids.length} orders did not reach all ${count} clients`);
      }
      await sleep(50);
    }
  }

  close(): void {
    this.child.send({ kind: 'close' });
  }
}

export interface PostAnswer {
  status: number;
  body: string;
  /** Sent a second time after a reset of a reused connection. */
  retried: boolean;
}

class ReusedSocketReset extends Error {}

/** POSTs reset on a reused kept-alive connection and sent again, in this whole run. */
export const resets = { retried: 0, last: '' };

/** Whether an answer to `post` means the order is stored: a retry may find it stored already. */
export const stored = (answer: PostAnswer): boolean => answer.status === 201 || (answer.retried && answer.status === 200);

export class HubProcess {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 64 });

  private constructor(
    readonly child: ChildProcess,
    readonly url: string,
  ) {}

  static start(dataDir: string, extra: string[] = []): Promise<HubProcess> {
    return HubProcess.launch([CLI, 'hub'], dataDir, extra);
  }

  /** The floor to judge the hub by (bench/relay.ts), started and driven like the hub. */
  static relay(dataDir: string): Promise<HubProcess> {
    return HubProcess.launch([RELAY], dataDir, (process.env.BENCH_RELAY_FLAGS ?? '').split(' ').filter(Boolean));
  }

  /** The Socket.IO 2 server shops run (bench/socketio-server.ts), started and driven like the hub. */
  static socketio(dataDir: string): Promise<HubProcess> {
    return HubProcess.launch([SOCKETIO], dataDir, []);
  }

  private static async launch(command: string[], dataDir: string, extra: string[]): Promise<HubProcess> {
    // BENCH_HUB_FLAGS (e.g. "--cpu-prof --trace-gc") and BENCH_HUB_LOG (a file for its output) are for profiling.
    const flags = (process.env.BENCH_HUB_FLAGS ?? '').split(' ').filter(Boolean);
    const child = spawn(process.execPath, [...flags, ...command, '--port', '0', '--data', dataDir, '--token', TOKEN, '--rate-limit', '1000000', ...extra], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    if (process.env.BENCH_HUB_LOG) child.stdout!.pipe(createWriteStream(process.env.BENCH_HUB_LOG, { flags: 'a' }));
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      const onData = (chunk: Buffer): void => {
        output += chunk.toString();
        const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
        if (!match) return;
        // From now on the hub's log lines are drained unread, costing the benchmark nothing.
        child.stdout!.off('data', onData);
        child.stdout!.resume();
        resolve(match[1]!);
      };
      child.stdout!.on('data', onData);
      child.on('exit', () => reject(new Error(`hub exited:\n${output}`)));
    });
    return new HubProcess(child, url);
  }

  get wsUrl(): string {
    return `${this.url.replace('http', 'ws')}/ws`;
  }

  async health(): Promise<{ clients: number; lastSeq: number; epoch: string }> {
    return (await (await fetch(`${this.url}/api/health`)).json()) as { clients: number; lastSeq: number; epoch: string };
  }

  async waitClients(count: number, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (let clients = 0; (clients = (await this.health()).clients) < count; await sleep(20)) {
      if (Date.now() > deadline) throw new Error(`only ${clients} of ${count} devices counted by ${this.url} after ${timeoutMs / 1000} s`);
    }
  }

  /** Resident memory, MiB. */
  async rssMiB(): Promise<number> {
    const status = await readFile(`/proc/${this.child.pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
  }

  /** User + system CPU seconds so far. */
  async cpuSeconds(): Promise<number> {
    const fields = (await readFile(`/proc/${this.child.pid}/stat`, 'utf8')).split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  }

  /**
   * POSTs one order over a kept-alive connection with node:http, whose client costs far less
   * CPU than fetch(): on two cores, the load generator's own work would otherwise show up as
   * the hub's latency. A reset of a reused connection (the server closed it as this request
   * left) is tried once more on a new one, and counted: posting an order again is safe, the hub
   * answers 200 `duplicate` for one it already stored.
   */
  async post(body: unknown): Promise<PostAnswer> {
    const payload = JSON.stringify(body);
    try {
      return await this.postOnce(payload);
    } catch (error) {
      if (!(error instanceof ReusedSocketReset)) throw error;
      resets.retried++;
      resets.last = error.message;
      return { ...(await this.postOnce(payload)), retried: true };
    }
  }

  private postOnce(payload: string): Promise<PostAnswer> {
    return new Promise((resolve, reject) => {
      const request = httpRequest(`${this.url}/api/orders`, {
        method: 'POST',
        agent: this.agent,
        headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) },
      });
      request.on('response', (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode!, body: text, retried: false }));
      });
      request.on('error', (error: NodeJS.ErrnoException) => {
        const reset = request.reusedSocket && (error.code === 'ECONNRESET' || error.code === 'EPIPE');
        reject(reset ? new ReusedSocketReset(`${error.code} on a reused connection to ${this.url}`) : error);
      });
      request.end(payload);
    });
  }

  /** Stops the process; at once if it has already exited (a restart that failed leaves the old one here, stopped). */
  stop(): Promise<void> {
    this.agent.destroy();
    if (this.child.exitCode !== null || this.child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.kill('SIGTERM');
    });
  }
}

/** A bare ws server: no HTTP ingest, no journal, no protocol. The baseline. */
export async function bareServer(): Promise<{ server: WebSocketServer; url: string; broadcast(text: string): void }> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
  await new Promise((resolve) => server.once('listening', resolve));
  const url = `ws://127.0.0.1:${(server.address() as { port: number }).port}`;
  return {
    server,
    url,
    broadcast: (text) => {
      for (const client of server.clients) if (client.readyState === WebSocket.OPEN) client.send(text);
    },
  };
}

export async function tempData(name: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `orderbell-bench-${name}-`));
}

// ---- figures ---------------------------------------------------------------------------

/**
 * Makes this process's fetch() ready: its first request loads undici and compiles its HTTP
 * parser, about 60 ms here. Done against a server of its own, so a timed first request to a hub
 * measures the hub, and the hub gets no head start.
 */
export async function warmFetch(): Promise<void> {
  const server = createServer((_, res) => res.end('ok'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await (await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`)).text();
  } finally {
    server.closeAllConnections();
    server.close();
  }
}
