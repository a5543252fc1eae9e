/**
 * The hub's seq high-water mark, kept in a file of its own beside the journal: the highest
 * seq the hub may have issued in its epoch. It is fsync'ed before a seq above it is handed
 * out, so when the journal comes back shorter — a restored copy, a replaced file — the hub
 * still knows which seqs devices may already hold, and numbers new orders after them.
 *
 * Seqs are reserved a block at a time so that most orders cost no extra fsync; after a crash
 * the hub skips the rest of the block (seqs have gaps, never repeats). A clean stop writes
 * the exact last seq, so an ordinary restart leaves no gap.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { fsyncDirectory } from '../journal/append-log';
import type { Journal } from '../journal/journal';

export const SEQ_FLOOR_FILE = 'hub-seq.json';
const RESERVE_BLOCK = 1000;

export interface SeqMark {
  epoch: string;
  seq: number;
}

/** The mark on disk; null when there is no file; a string says why it cannot be read. */
export function readSeqMark(path: string): SeqMark | null | string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    return (error as Error).message;
  }
  try {
    const mark = JSON.parse(text) as Partial<SeqMark>;
    if (typeof mark.epoch === 'string' && Number.isSafeInteger(mark.seq) && mark.seq! >= 0) return { epoch: mark.epoch, seq: mark.seq! };
  } catch {
    /* reported below */
  }
  return `not a seq mark: ${JSON.stringify(text.slice(0, 80))}`;
}

export class SeqFloor {
  /**
   * Reads the mark at `path` against the hub's journal (giving it an epoch if it has none)
   * and makes the journal's numbering safe to continue.
   */
  static async open(path: string, journal: Journal, log: (line: string) => void): Promise<SeqFloor> {
    await continueAfterMark(journal, readSeqMark(path), log);
    return new SeqFloor(path, journal.epoch!, journal.lastSeq);
  }

  constructor(
    private readonly path: string,
    private readonly epoch: string,
    /** Seqs up to this one are covered by the mark on disk. */
    private reserved: number,
  ) {}

  /** Makes `seq` safe to issue: throws if the mark cannot be stored (the order is then refused). */
  reserve(seq: number): void {
    if (seq <= this.reserved) return;
    this.write(seq + RESERVE_BLOCK - 1);
  }

  /** Writes the exact last seq (at a clean stop), so the next start continues without a gap. */
  settle(lastSeq: number): void {
    this.write(lastSeq);
  }

  /** Atomically replaces the mark: a torn write cannot leave a lower one behind. */
  private write(seq: number): void {
    const temporary = `${this.path}.tmp`;
    writeFileSync(temporary, JSON.stringify({ epoch: this.epoch, seq } satisfies SeqMark), { mode: 0o600, flush: true });
    renameSync(temporary, this.path);
    fsyncDirectory(this.path);
    this.reserved = seq;
  }
}

/**
 * A device may hold any seq up to the mark. Where the journal ends below it (a crash inside a
 * reserved block, or a journal restored from an older copy), new orders are numbered after
 * the mark, so no device resumes past a new order. Where the mark cannot vouch for the
 * journal, a new epoch makes every device fetch the whole history again.
 */
async function continueAfterMark(journal: Journal, mark: SeqMark | null | string, log: (line: string) => void): Promise<void> {
  const { epoch, lastSeq } = journal;
  let doubt: string | undefined;
  if (epoch === null) doubt = '';
  else if (typeof mark === 'string') doubt = `${SEQ_FLOOR_FILE} cannot be read (${mark})`;
  else if (mark === null) doubt = lastSeq > 0 ? `there is no ${SEQ_FLOOR_FILE} beside the journal (an older version, or a restored or moved data directory)` : undefined;
  else if (mark.epoch !== epoch) doubt = `${SEQ_FLOOR_FILE} belongs to epoch ${mark.epoch}, the journal to epoch ${epoch}`;
  else if (mark.seq > lastSeq) {
    log(`the journal ends at seq ${lastSeq} but seqs up to ${mark.seq} may have been issued (the hub stopped abruptly, or the journal was restored from a copy); new orders continue after seq ${mark.seq}`);
    return journal.skipTo(mark.seq);
  }
  if (doubt === undefined) return;
  const newEpoch = randomBytes(8).toString('hex');
  if (doubt) log(`${doubt}: starting epoch ${newEpoch}, so every device fetches the hub's whole history again`);
  // Numbering goes on after the journal's last seq: the hub's seqs ascend across epochs.
  await journal.resetEpoch(newEpoch, lastSeq);
}
