/**
 * The timeline of one failover of the NATS chain (the stream's leader killed with -9), split
 * where the time goes: the servers' election, the backend's publish getting through again, the
 * first order stored; and each consumer whose leader died electing its own.
 */
import type { ChainBackend, Published } from './chain-backend-process';

export interface Failover {
  /** The longest time, after the kill, in which orders were published but none was stored (s). */
  nothingStoredS: number;
  /** The longest an order published after the kill waited to be stored (s). */
  longestWaitS: number;
  /** Kill → the servers announce the stream's new leader (s). */
  electedS?: number;
  /** The new leader announced → the first publish made after the kill acked by the stream (s). */
  acceptedAfterElectionS?: number;
  /** The new leader announced → the first order published after the kill stored in its shop (s). */
  storedAfterElectionS?: number;
  /** Consumers that elected a leader after the kill (their leader was on the killed node), and the last election, s after the kill. */
  consumersMoved: number;
  lastConsumerElectedS?: number;
  /**
   * For the shops whose consumer elected a new leader: the longest from that announcement (or
   * from the stream's ack, if later) to the shop's order stored (s). Our part once the servers
   * are done: the shop's pull again after LEADER_SETTLE_MS, the delivery, the journal.
   */
  storedAfterConsumerElectedS?: number;
  /** The backend's connection was on the killed node: reconnected this long after the kill (s). */
  backendReconnectedS?: number;
}

export interface StoredTimes {
  storedAt: Map<string, number>;
}

/** Longer than the shop's pull again after LEADER_SETTLE_MS (250 ms) and its journal on a loaded machine. */
const SLOW_AFTER_CONSUMER_ELECTED_MS = 1000;
const seconds = (ms: number | undefined) => (ms === undefined || !Number.isFinite(ms) ? undefined : ms / 1000);

export function failoverOf(killedAt: number, backend: ChainBackend, published: Published, chain: StoredTimes, shopOf: (id: string) => string): Failover {
  const afterKill = published.ids.filter((id) => (published.sentAt.get(id) ?? -Infinity) >= killedAt);
  const elected = backend.elections.find((election) => election.what === 'stream' && election.at >= killedAt)?.at;
  const accepted = Math.min(...afterKill.map((id) => published.ackedAt.get(id) ?? Infinity));
  const stored = Math.min(...afterKill.map((id) => chain.storedAt.get(id) ?? Infinity));
  const consumers = backend.elections.filter((election) => election.what === 'consumer' && election.at >= killedAt);
  const reconnected = backend.links.find((link) => link.what === 'reconnect' && link.at >= killedAt)?.at;
  return {
    nothingStoredS: storedGap(chain, published.ids, killedAt),
    longestWaitS: longestWait(chain, published, afterKill),
    electedS: seconds(elected === undefined ? undefined : elected - killedAt),
    acceptedAfterElectionS: seconds(elected === undefined ? undefined : accepted - elected),
    storedAfterElectionS: seconds(elected === undefined ? undefined : stored - elected),
    consumersMoved: new Set(consumers.map((election) => election.name)).size,
    lastConsumerElectedS: seconds(consumers.length > 0 ? consumers[consumers.length - 1]!.at - killedAt : undefined),
    storedAfterConsumerElectedS: storedAfterConsumerElected(consumers, afterKill, published, chain, shopOf),
    backendReconnectedS: seconds(reconnected === undefined ? undefined : reconnected - killedAt),
  };
}

/** One line for the bench's log; `how` the leader went (kill -9, lame duck). */
export function describeFailover(failover: Failover, how: string): string {
  const s = (value: number | undefined) => (value === undefined ? '?' : `${value.toFixed(2)} s`);
  const backend = failover.backendReconnectedS === undefined ? '' : `; the backend's connection was on it, reconnected after ${s(failover.backendReconnectedS)}`;
  return (
    `${how}: → stream's new leader announced ${s(failover.electedS)} → first publish acked +${s(failover.acceptedAfterElectionS)}, first order stored +${s(failover.storedAfterElectionS)}; ` +
    `nothing stored for ${s(failover.nothingStoredS)}; ${failover.consumersMoved} consumers elected new leaders, the last after ${s(failover.lastConsumerElectedS)}, their shops' orders stored at most ${s(failover.storedAfterConsumerElectedS)} after; ` +
    `the longest wait of an order ${s(failover.longestWaitS)}${backend}`
  );
}

function storedAfterConsumerElected(consumers: { name?: string; at: number }[], afterKill: string[], published: Published, chain: StoredTimes, shopOf: (id: string) => string): number | undefined {
  const electedAt = new Map(consumers.map((election) => [election.name, election.at]));
  const waits = afterKill.flatMap((id) => {
    const elected = electedAt.get(shopOf(id));
    const stored = chain.storedAt.get(id);
    const acked = published.ackedAt.get(id);
    if (elected === undefined || stored === undefined || acked === undefined || stored < elected) return [];
    return [stored - Math.max(elected, acked)];
  });
  if (waits.length === 0) return undefined;
  const slow = waits.filter((wait) => wait > SLOW_AFTER_CONSUMER_ELECTED_MS).length;
  if (slow > 0) console.error(`${slow} of ${waits.length} orders of shops whose consumer moved stored more than ${SLOW_AFTER_CONSUMER_ELECTED_MS / 1000} s after its new leader was announced`);
  return Math.max(...waits) / 1000;
}

function storedGap(chain: StoredTimes, ids: string[], killedAt: number): number {
  const stored = ids.flatMap((id) => chain.storedAt.get(id) ?? []).filter((t) => t >= killedAt).sort((a, b) => a - b);
  let gap = stored.length > 0 ? stored[0]! - killedAt : 0;
  for (let i = 1; i < stored.length; i++) gap = Math.max(gap, stored[i]! - stored[i - 1]!);
  return gap / 1000;
}

/** What a shop whose consumer lost its leader waits: its consumer's own election. */
function longestWait(chain: StoredTimes, published: Published, afterKill: string[]): number {
  const waits = afterKill.map((id) => (chain.storedAt.get(id) ?? Infinity) - published.sentAt.get(id)!);
  return Math.max(0, ...waits) / 1000;
}
