/**
 * The `redis` kind: a shop's orders from a Redis stream, through Redis' official client
 * (@redis/client). The shop reads in a consumer group (`XREADGROUP`), so the server keeps
 * which entries were delivered and not yet acknowledged; each entry is `XACK`ed only once its
 * order is durable in the journal. On every connect the consumer first reads its own pending
 * entries again (it may have died before acking them), then claims what a dead consumer of the
 * same group left pending (`XAUTOCLAIM`), then reads new entries. The journal drops whatever it
 * already holds by the order's id.
 *
 * An entry's order is its `order` field (JSON or text) when it has one, else all its fields as
 * one JSON object.
 */
import { createClient, type RedisClientType } from '@redis/client';
import { DEAD_AFTER_MS } from '../link/dead-link';
import type { OrderMapping } from '../orders/mapping-fields';
import { RedialingSource, type RedialOptions } from './redial';
import { describeFailure } from './source';

/** How long one read waits for new entries, ms: also how soon a stop or a dead server is noticed. */
const BLOCK_MS = 5_000;
/** Entries another consumer left unacknowledged this long are taken over, ms. */
const CLAIM_IDLE_MS = 60_000;
const BATCH = 100;

export interface RedisStreamSourceOptions {
  label: string;
  /** redis://[user:password@]host:6379[/db] or rediss:// */
  url: string;
  stream: string;
  group: string;
  consumer: string;
  username?: string;
  password?: string;
  /** The stream each state change of an order is added to (XADD, field `event`: the JSON). */
  replyTo?: string;
  mapping?: Partial<OrderMapping>;
  backoff?: RedialOptions;
  /** A read the server leaves unanswered this long (it answers a blocked read every 5 s) is a dead link, seconds; default 20. */
  deadAfterS?: number;
  /** Entries pending on a dead consumer this long are claimed; default 60 s. */
  claimIdleMs?: number;
}

interface StreamEntry {
  id: string;
  message: Record<string, string>;
}

type Client = RedisClientType;

export class RedisStreamSource extends RedialingSource {
  /** Acks and the group's set-up; `reader` waits in XREADGROUP's BLOCK, which holds its connection. */
  private client: Client | undefined;
  private reader: Client | undefined;

  constructor(private readonly options: RedisStreamSourceOptions) {
    super('redis', options.label, options.mapping ? { mapping: options.mapping } : {}, options.backoff, true);
  }

  /** Resolves once Redis added the entry. */
  override async publishReply(payload: string): Promise<void> {
    if (!this.options.replyTo) throw new Error('no reply stream is set');
    if (!this.client?.isReady || this.status.state !== 'online') throw new Error('not connected to Redis');
    await this.client.xAdd(this.options.replyTo, '*', { event: payload });
  }

  protected open(): void {
    if (this.client || this.status.state === 'stopped') return;
    const client = createClient({
      url: this.options.url,
      ...(this.options.username !== undefined ? { username: this.options.username } : {}),
      ...(this.options.password !== undefined ? { password: this.options.password } : {}),
      // Redials are ours, with backoff; the client's own would queue commands while away.
      socket: { reconnectStrategy: false, connectTimeout: 10_000 },
      disableOfflineQueue: true,
    }) as Client;
    const reader = client.duplicate();
    this.client = client;
    this.reader = reader;
    // Reported by the command that fails, once.
    client.on('error', () => undefined);
    reader.on('error', () => undefined);
    this.dial((current) => this.read(client, reader, current), (error) => describeRedisFailure(error, this.options));
  }

  protected close(): void {
    for (const client of [this.client, this.reader]) if (client?.isOpen) client.destroy();
    this.client = undefined;
    this.reader = undefined;
  }

  private async read(client: Client, reader: Client, current: () => boolean): Promise<void> {
    await client.connect();
    await reader.connect();
    await this.ensureGroup(client);
    this.online();
    // What this consumer was given before and never acked: it may have died mid-order.
    for (let after = '0'; current(); ) {
      const entries = await this.readGroup(reader, after, false);
      if (entries.length === 0) break;
      for (const entry of entries) this.deliver(client, entry, true);
      after = entries.at(-1)!.id;
    }
    await this.claimAbandoned(client, current);
    while (current()) {
      for (const entry of await this.readGroup(reader, '>', true)) this.deliver(client, entry, false);
    }
  }

  /**
   * The group is made at the stream's start the first time, so the shop gets every order in it.
   * The stream itself is the backend's: a missing one is said (a mistyped name would otherwise
   * wait for ever) and tried again with backoff, so the group starts with the shop's first order.
   */
  private async ensureGroup(client: Client): Promise<void> {
    try {
      await client.xGroupCreate(this.options.stream, this.options.group, '0');
    } catch (error) {
      const message = (error as Error).message;
      if (/requires the key to exist/.test(message)) throw new Error(`the stream "${this.options.stream}" does not exist on the server (yet)`);
      if (!/^BUSYGROUP/.test(message)) throw error;
    }
  }

  private async readGroup(client: Client, after: string, block: boolean): Promise<StreamEntry[]> {
    const read = client.xReadGroup(this.options.group, this.options.consumer, { key: this.options.stream, id: after }, { COUNT: BATCH, ...(block ? { BLOCK: BLOCK_MS } : {}) });
    const reply = await answeredWithin(read, (this.options.deadAfterS ?? DEAD_AFTER_MS / 1000) * 1000);
    const streams = (reply ?? []) as { messages: (StreamEntry | null)[] }[];
    return streams.flatMap((stream) => stream.messages.filter((entry): entry is StreamEntry => entry !== null));
  }

  private async claimAbandoned(client: Client, current: () => boolean): Promise<void> {
    const idle = this.options.claimIdleMs ?? CLAIM_IDLE_MS;
    for (let start = '0-0'; current(); ) {
      const claimed = await client.xAutoClaim(this.options.stream, this.options.group, this.options.consumer, idle, start, { COUNT: BATCH });
      for (const entry of claimed.messages) if (entry) this.deliver(client, entry as StreamEntry, true);
      if (claimed.nextId === '0-0') return;
      start = claimed.nextId;
    }
  }

  private deliver(client: Client, entry: StreamEntry, replayed: boolean): void {
    this.emit('message', {
      payload: entry.message.order ?? JSON.stringify(entry.message),
      replayed,
      // An ack lost with the connection leaves the entry pending: read again on the next connect.
      settled: () => {
        void client.xAck(this.options.stream, this.options.group, entry.id).catch(() => undefined);
        this.delivered();
      },
    });
  }
}

/** The reply, or a dead link when the server has said nothing for `ms` (a half-open TCP connection). */
async function answeredWithin<T>(reply: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const silence = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from the server for ${(ms / 1000).toFixed(1)} s`)), ms);
  });
  try {
    return await Promise.race([reply, silence]);
  } finally {
    clearTimeout(timer);
  }
}

/** Words for what stopped the source, naming the login or the stream where that is it. */
function describeRedisFailure(error: unknown, options: RedisStreamSourceOptions): string {
  const message = (error as Error | undefined)?.message ?? String(error);
  if (/^(WRONGPASS|NOAUTH)/.test(message)) return `the server refused the login: ${message}`;
  if (/^NOPERM/.test(message)) return `no permission on "${options.stream}": ${message}`;
  if (/^WRONGTYPE/.test(message)) return `"${options.stream}" is not a stream: ${message}`;
  return describeFailure(error);
}
