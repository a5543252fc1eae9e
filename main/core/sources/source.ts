/**
 * A source is one upstream connection (a push server a shop already runs). Each kind is an
 * adapter in its own module; all of them feed one SourcePipeline, which maps, journals,
 * deduplicates and announces. A source only connects, stays connected, and says what came.
 */
import { EventEmitter } from 'node:events';
import type { ConnectionStatus } from '../link/connection';
import type { StoredOrder } from '../journal/journal';
import type { MapOptions } from '../orders/mapping';
import type { Arrival, HandledEvent } from '../link/receiver';
import { describeTlsFailure } from '../link/tls-failure';
import type { SourceKind } from '../settings/source-config';
import type { Containable } from './containment';

export { SOURCE_KINDS, type SourceKind } from '../settings/source-config';

export interface SourceStatus extends ConnectionStatus {
  /** False when orders sent while this source was offline cannot be fetched again (Pusher without catch-up). */
  recoverable?: boolean;
}

/** One message from upstream, not yet an order. */
export interface SourceMessage {
  /** Text as received, a Buffer, or JSON the client library already parsed. */
  payload: unknown;
  /** Sent in a catch-up after a connect: it was missed while away. */
  replayed?: boolean;
  /**
   * Runs once the pipeline is done with the message: durable in the journal, known there
   * already, or rejected for good (garbage, over the size limit). The source may now ack it
   * or persist its resume position. Never runs when storing failed: then it must come again.
   */
  settled?: () => void;
}

export interface SourceEvents {
  status: [SourceStatus];
  /** A message to map into an order. */
  message: [SourceMessage];
  /** An order this source journaled itself (protocol v1 keeps seq and acks tied to the journal). */
  order: [StoredOrder, Arrival];
  handled: [HandledEvent];
  /** Something upstream sent was wrong, or a retry is due; the source goes on. */
  warning: [string];
}

export abstract class Source extends EventEmitter<SourceEvents> implements Containable {
  private current: SourceStatus = { state: 'offline' };

  constructor(
    readonly kind: SourceKind,
    /** Shown on this source's orders' cards and in its status. */
    readonly label: string,
    /** How its payloads become orders: field paths, HTML unescaping. */
    readonly mapOptions: MapOptions = {},
  ) {
    super();
  }

  get status(): SourceStatus {
    return this.current;
  }

  abstract start(): void;
  /** Closes for good; resolves once the connection is gone. */
  abstract stop(): Promise<void>;
  /** Redial at once: the system woke up or the network changed. */
  abstract reconnectNow(): void;
  /** Its client library threw (see containment.ts): drop the connection with `why` as its status, and redial with backoff. */
  abstract crashed(why: string): void;
  /** This device handled an order: tell upstream, where the kind can. */
  handle?(id: string): void;
  /**
   * A state change of an order (JSON), back to the server where the kind can and the settings
   * name where (`replyTo`); resolves once the server took it, rejects with why otherwise.
   */
  publishReply?(payload: string): Promise<void>;

  protected setStatus(status: SourceStatus): void {
    if (this.current.state === 'stopped' && status.state !== 'stopped') return;
    this.current = status;
    this.emit('status', status);
  }
}

/** Words for a client library's error, without a stack. */
export function describeFailure(error: unknown): string {
  const value = error as { code?: string; message?: string } | undefined;
  // fetch (the sse kind) names the refusal only inside its message.
  if (value?.code === 'ECONNREFUSED' || /\bECONNREFUSED\b/.test(value?.message ?? '')) return 'connection refused (is the server running?)';
  if (value?.code === 'ENOTFOUND') return 'host not found';
  // fetch's words for a response the server ended early ("TypeError: terminated: other side closed").
  if (/\bother side closed\b/.test(value?.message ?? '')) return 'the server closed the connection';
  return describeTlsFailure(error) ?? value?.message ?? String(error);
}
