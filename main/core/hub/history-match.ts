/**
 * Log matching, as replicated logs do it (Raft): a device that resumes names the order it
 * holds at its lastSeq, and resumes only if this hub's journal holds that very order there.
 * Otherwise the two histories differ — the hub's files were restored from an older copy, or
 * replaced by another hub's — and seqs the device passed may since have been issued anew.
 */
import type { Journal } from '../journal/journal';

/** Why a device holding `id` at `seq` does not share this hub's history; undefined when it does. */
export function historyMismatch(journal: Journal, seq: number, id: string): string | undefined {
  const [held] = journal.after(seq - 1, 1);
  if (held?.seq === seq) return held.id === id ? undefined : `this hub's order at seq ${seq} is ${JSON.stringify(held.id)}`;
  if (seq > journal.lastSeq) return `this hub has issued seqs only up to ${journal.lastSeq}`;
  // Left retention: nothing to compare with, and every order the hub holds comes after it anyway.
  const [oldest] = journal.after(0, 1);
  if (oldest === undefined || seq < oldest.seq!) return undefined;
  return `this hub holds no order at seq ${seq}`;
}
