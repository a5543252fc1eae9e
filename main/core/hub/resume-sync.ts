/**
 * What a device that resumes after seq `knownUpTo` may have missed of the orders it already
 * had: their handled marks and (v1.1) state changes journalled while it was away, and the
 * kitchen's bumps. The frames come one at a time, with a PAUSE after each stretch of looking,
 * for PacedSend to send without holding up anyone else.
 */
import type { Journal } from '../journal/journal';
import type { HandledMark } from '../journal/mark-pages';
import { encode } from '../link/protocol';
import { LOOK_PAGE, PAUSE } from './paced-send';
import { missedStates } from './session-states';

/**
 * How long before the device's newest order a mark may be dated and still be one it missed.
 * A mark is dated when asked for and reaches the file an fsync (or a stalled loop) later, so an
 * order can be stored between the two; and the hub's clock may be stepped back a little.
 */
export const MARK_SLACK_MS = 10 * 60_000;


export interface MissedOptions {
  /** The seq the device resumed after (its hello's lastSeq, or 0 when it is sent everything). */
  knownUpTo: number;
  /** The seq its replay reached: orders above `knownUpTo` up to this one it was just sent whole. */
  sentUpTo: number;
  /** It takes v1.1 `state` messages. */
  states: boolean;
  /** Bumps are sent for orders received since then, ms. */
  bumpsSince: number;
}

/**
 * Handled marks and state changes carry no seq of their own, and a device says only which
 * order it had last. It had that order, so it was connected when the order was stored or
 * later, and was sent every mark made until then (live, or on that resume by this same rule).
 * So it can have missed only the marks made after its newest order arrived: those dated from
 * that order's `receivedAt` on, less MARK_SLACK_MS. When the hub no longer holds that order
 * (it left retention, or the device names a seq the hub never issued), nothing bounds the
 * time: every mark of an order up to `knownUpTo` is sent.
 */
export function missedSince(journal: Journal, knownUpTo: number): number {
  const [newestKnown] = journal.after(knownUpTo - 1, 1);
  return newestKnown?.seq === knownUpTo ? newestKnown.receivedAt - MARK_SLACK_MS : Number.NEGATIVE_INFINITY;
}

/** Every frame a resuming device is sent after its replay: handled marks, states, bumps. */
export function* missedFrames(journal: Journal, options: MissedOptions): Generator<string | Buffer | typeof PAUSE> {
  // A device resumed from 0 is sent every order whole, its handled state in it.
  const since = options.knownUpTo > 0 ? missedSince(journal, options.knownUpTo) : Number.POSITIVE_INFINITY;
  if (options.knownUpTo > 0) yield* handledSince(journal, options.knownUpTo, since);
  if (options.states) yield* missedStates(journal, options.knownUpTo, options.sentUpTo, since);
  yield* recentBumps(journal, options.bumpsSince);
}

/** The handled marks, dated from `since` on, of orders up to `knownUpTo`. */
function* handledSince(journal: Journal, knownUpTo: number, since: number): Generator<Buffer | typeof PAUSE> {
  for (let after = 0; ; ) {
    const { marks, reached } = journal.handledAfter(after, knownUpTo, since, LOOK_PAGE);
    for (const mark of marks) yield frameOf(mark);
    if (reached === after) return;
    after = reached;
    yield PAUSE;
  }
}

/**
 * The frames of marks devices resuming together share, as they share the marks
 * (journal/mark-pages.ts): as bytes, which ws sends as they are, where it would copy a string.
 */
const handledFrames = new WeakMap<HandledMark, Buffer>();

function frameOf(mark: HandledMark): Buffer {
  let frame = handledFrames.get(mark);
  if (frame === undefined) handledFrames.set(mark, (frame = Buffer.from(encode({ type: 'handled', ...mark }))));
  return frame;
}

/** A device that was away learns the bumps of recent orders whole: what it had may be out of date. */
function* recentBumps(journal: Journal, since: number): Generator<string | typeof PAUSE> {
  for (const [id, bumps] of journal.allBumps()) {
    const stored = journal.get(id);
    if (stored && stored.receivedAt >= since) yield encode({ type: 'bumps', id, bumps });
  }
}
