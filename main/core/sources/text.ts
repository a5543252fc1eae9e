/**
 * The `text` kind: GatewayWorker, Workerman and the classic PHP WebSocket servers, which push
 * plain text or their own JSON. A link silent for deadAfterS is dead: a WebSocket ping goes out
 * after half of it (GatewayWorker and Workerman answer it), and the echo of the optional
 * heartbeat text (`{"type":"ping"}`) or any other frame counts as well, so a server that never
 * answers pings is still watched.
 * Frames matching the ignore pattern (pings, acks, `init`) are never orders.
 */
import { Connection, type ConnectionOptions } from '../link/connection';
import type { OrderMapping } from '../orders/mapping-fields';
import { MAX_MESSAGE_BYTES } from '../link/protocol';
import { DEAD_AFTER_MS } from '../link/dead-link';
import { TextFrames } from '../link/text-frames';
import { Source } from './source';

const HOUSEKEEPING_TYPES = new Set(['ping', 'pong', 'init', 'ack', 'heartbeat']);

/** GatewayWorker's and Workerman's housekeeping frames: a JSON object whose own `type` is one of these, wherever the key stands. */
export function isHousekeeping(text: string): boolean {
  // Most frames are not: skip parsing them.
  if (!/"type"\s*:\s*"(?:ping|pong|init|ack|heartbeat)"/.test(text)) return false;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && HOUSEKEEPING_TYPES.has((value as { type?: unknown }).type as string);
  } catch {
    return false;
  }
}

export interface TextSourceOptions {
  label: string;
  url: string;
  token?: string;
  /** Sent after every connect; `{token}` is replaced by the token. */
  helloText?: string;
  heartbeatText?: string;
  /** Seconds between heartbeats; 0 or absent sends none. */
  heartbeatS?: number;
  /** Frames that are never orders; default: isHousekeeping. */
  ignore?: RegExp;
  /** Where a JSON frame's order fields are; replaces the defaults of the fields it names. */
  mapping?: Partial<OrderMapping>;
  textSettleMs?: number;
  /** Silence after which the link is dead and redialled, seconds; default 20. */
  deadAfterS?: number;
  connection?: Omit<ConnectionOptions, 'url' | 'headers' | 'rawText'>;
}

export class TextSource extends Source {
  readonly connection: Connection;
  private frames: TextFrames | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private readonly ignore: (text: string) => boolean;

  constructor(private readonly options: TextSourceOptions) {
    super('text', options.label, options.mapping ? { mapping: options.mapping } : {});
    const { ignore } = options;
    this.ignore = ignore ? (text) => ignore.test(text) : isHousekeeping;
    this.connection = new Connection({
      ...options.connection,
      url: options.url,
      rawText: true,
      deadAfterMs: options.deadAfterS !== undefined ? options.deadAfterS * 1000 : DEAD_AFTER_MS,
      // A frame may overrun the limit a little; the pipeline rejects the message, not the link.
      maxPayload: MAX_MESSAGE_BYTES * 2,
    });
    this.connection.on('status', (status) => this.setStatus({ ...status, ...this.advice(status.lastError), recoverable: false }));
    this.connection.on('open', () => this.onOpen());
    this.connection.on('message', (data, isBinary) => this.onFrame(data, isBinary));
    this.connection.on('close', () => this.onClose());
  }

  start(): void {
    this.connection.start();
  }

  async stop(): Promise<void> {
    clearInterval(this.heartbeat);
    await this.connection.stop();
  }

  reconnectNow(): void {
    this.connection.reconnectNow();
  }

  crashed(why: string): void {
    this.connection.drop(why);
  }

  /** GatewayWorker and Workerman cut a client that sends nothing (no close frame: 1006); a heartbeat keeps it. */
  private advice(lastError: string | undefined): { lastError?: string } {
    if (!lastError || this.options.heartbeatS || !/\(1006\)/.test(lastError)) return {};
    // Right after the (1006) it explains: a later cause ("; now: …") follows the advice, not the other way round.
    return { lastError: lastError.replace('(1006)', `(1006): servers such as GatewayWorker cut clients that send nothing; set a heartbeat (--heartbeat-s 25 --heartbeat-text '{"type":"ping"}')`) };
  }

  private onOpen(): void {
    this.frames = new TextFrames({
      onMessage: (text) => this.onText(text),
      ...(this.options.textSettleMs !== undefined ? { settleMs: this.options.textSettleMs } : {}),
    });
    const { helloText, heartbeatText, heartbeatS } = this.options;
    if (helloText) this.connection.send(helloText.replaceAll('{token}', this.options.token ?? ''));
    if (heartbeatText && heartbeatS && heartbeatS > 0) {
      this.heartbeat = setInterval(() => this.connection.send(heartbeatText), heartbeatS * 1000);
    }
  }

  private onClose(): void {
    clearInterval(this.heartbeat);
    this.frames?.flush();
  }

  private onFrame(data: Buffer, isBinary: boolean): void {
    if (isBinary) this.emit('warning', 'ignored a binary frame: text mode takes text frames only');
    else this.frames?.push(data);
  }

  private onText(text: string): void {
    if (this.ignore(text)) return;
    this.emit('message', { payload: text });
  }
}
