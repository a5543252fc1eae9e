/**
 * A pull made for a consumer's new leader can be lost on its way: in a handover (lame duck
 * mode) under load, a server may still route the consumer's pull subject to the old leader,
 * which no longer serves it and drops the request without a word. The client notices only when
 * two idle heartbeats are missed (6 s). The leader says how many pulls it holds
 * (`num_waiting`): until it holds one, pull again, a few times.
 */
import type { Consumer } from '@nats-io/jetstream';
import { setTimeout as sleep } from 'node:timers/promises';

export interface PullUntilHeld {
  consumer: Consumer;
  /** Ends the current pull; the consume loop makes a new one. */
  renew: () => void;
  current: () => boolean;
  /** How long a new pull takes to reach the leader before it is asked. */
  settleMs: number;
  tries: number;
}

/** Pulls again until the consumer's leader holds a pull of ours; resolves to the number of pulls made. */
export async function pullUntilHeld({ consumer, renew, current, settleMs, tries }: PullUntilHeld): Promise<number> {
  for (let pulls = 1; ; pulls++) {
    renew();
    await sleep(settleMs);
    if (!current()) return pulls;
    // A leader that cannot answer yet leaves it to the heartbeats, as before.
    const waiting = await consumer.info(false).then((info) => info.num_waiting, () => undefined);
    if (waiting !== 0 || pulls >= tries) return pulls;
  }
}
