/**
 * How long a journal retains orders: a count, a byte size and an age. Count and size are hard
 * bounds on memory (RetainedOrders.trim applies them); age only ever removes orders that were
 * handled and whose date the clock can vouch for.
 */
import type { RetainedOrders } from './retained-orders';

/** An order dated this far ahead of the clock means the clock went back (or was ahead then). */
export const FUTURE_DOUBT_MS = 3600 * 1000;
/** An order this much older than its retention age means the clock jumped forward, more likely than a hub left off that long. */
export const PAST_DOUBT_MS = 365 * 24 * 3600 * 1000;

export type AgeVerdict = 'young' | 'expired' | 'future' | 'ancient';

/** How old an order looks against `now`, and whether that age can be trusted. */
export function ageVerdict(receivedAt: number, now: number, maxAgeMs: number): AgeVerdict {
  if (receivedAt > now + FUTURE_DOUBT_MS) return 'future';
  const age = now - receivedAt;
  if (age > maxAgeMs + PAST_DOUBT_MS) return 'ancient';
  return age > maxAgeMs ? 'expired' : 'young';
}

/**
 * Removes handled orders older than `maxAgeMs`. Unhandled orders stay, and so does any order
 * whose date the clock cannot vouch for — dated ahead of it, or years past its retention age:
 * the clock jumped (a CMOS reset, a restored VM), and trusting it would empty the journal.
 * Returns how many of those there are.
 */
export function expireByAge(retained: RetainedOrders<unknown>, now: number, maxAgeMs: number): { future: number; ancient: number } {
  let future = 0;
  let ancient = 0;
  retained.removeWhere((receivedAt, handled) => {
    const verdict = ageVerdict(receivedAt, now, maxAgeMs);
    if (verdict === 'future') future++;
    if (verdict === 'ancient') ancient++;
    return verdict === 'expired' && handled;
  });
  return { future, ancient };
}
