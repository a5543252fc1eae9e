/** The NATS chain bench's backend process (chain-backend.ts), driven over IPC: what it published, when the stream acked it, what the servers announced. */
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export type BackendCommand =
  | { kind: 'paced'; prefix: string; count: number; rate: number; shops: number }
  | { kind: 'burst'; prefix: string; count: number; shops: number }
  | { kind: 'stop' };

export type BackendReply =
  | { kind: 'ready' }
  | { kind: 'published' }
  | { kind: 'acked'; id: string; sentAt: number; ackedAt: number }
  | { kind: 'election'; what: 'stream' | 'consumer'; name?: string; at: number }
  | { kind: 'link'; what: 'disconnect' | 'reconnect'; server: string; at: number };

/** Orders published, each with when it was first sent and when the stream acked it (monotonic ms). */
export interface Published {
  ids: string[];
  sentAt: Map<string, number>;
  ackedAt: Map<string, number>;
}

export interface Publisher {
  /** `count` orders at `rate` a second, to the shops in turn; resolves once each is acked (or given up). */
  paced(prefix: string, count: number, rate: number): Promise<Published>;
  /** `count` orders at once. */
  burst(prefix: string, count: number): Promise<Published>;
}

export class ChainBackend implements Publisher {
  /** Every leader election the servers announced, in order. */
  readonly elections: Extract<BackendReply, { kind: 'election' }>[] = [];
  /** The backend connection's disconnects and reconnects. */
  readonly links: Extract<BackendReply, { kind: 'link' }>[] = [];
  private readonly sentAt = new Map<string, number>();
  private readonly ackedAt = new Map<string, number>();

  private constructor(
    private readonly child: ChildProcess,
    private readonly shops: number,
  ) {
    child.on('message', (reply: BackendReply) => {
      if (reply.kind === 'acked') {
        this.sentAt.set(reply.id, reply.sentAt);
        this.ackedAt.set(reply.id, reply.ackedAt);
      } else if (reply.kind === 'election') this.elections.push(reply);
      else if (reply.kind === 'link') this.links.push(reply);
    });
  }

  static async start(url: string, stream: string, subjectPrefix: string, shops: number): Promise<ChainBackend> {
    const child = fork(join(import.meta.dirname, 'bench-chain-backend.js'), [url, stream, subjectPrefix], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const backend = new ChainBackend(child, shops);
    await backend.until('ready');
    return backend;
  }

  async paced(prefix: string, count: number, rate: number): Promise<Published> {
    this.child.send({ kind: 'paced', prefix, count, rate, shops: this.shops } satisfies BackendCommand);
    await this.until('published');
    return this.published(prefix, count);
  }

  async burst(prefix: string, count: number): Promise<Published> {
    this.child.send({ kind: 'burst', prefix, count, shops: this.shops } satisfies BackendCommand);
    await this.until('published');
    return this.published(prefix, count);
  }

  async stop(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.send({ kind: 'stop' } satisfies BackendCommand);
    await exited;
  }

  private published(prefix: string, count: number): Published {
    const ids = Array.from({ length: count }, (_, i) => `${prefix}-${i}`);
    return { ids, sentAt: this.sentAt, ackedAt: this.ackedAt };
  }

  private until(kind: 'ready' | 'published'): Promise<void> {
    return new Promise((resolve, reject) => {
      const onMessage = (reply: BackendReply) => reply.kind === kind && (done(), resolve());
      const onExit = (code: number | null) => (done(), reject(new Error(`the chain backend process exited (${code})`)));
      const done = () => (this.child.off('message', onMessage), this.child.off('exit', onExit));
      this.child.on('message', onMessage);
      this.child.on('exit', onExit);
    });
  }
}
