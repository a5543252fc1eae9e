/** The benchmark's repetitions, arithmetic and table. */
import { REPS } from './mode';

export { REPS };

export async function repeat<T>(what: string, run: (rep: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let rep = 0; rep < REPS; rep++) {
    console.error(`${what}, repetition ${rep + 1} of ${REPS}…`);
    results.push(await run(rep));
  }
  return results;
}

/**
 * Runs each of `runs` once, repetition `rep` starting with a different one, so a slowdown that
 * builds up within a repetition (a disk's write-back, a busy neighbour) falls on each in turn.
 */
export async function inTurn<T extends Record<string, () => Promise<unknown>>>(rep: number, runs: T): Promise<{ [K in keyof T]: Awaited<ReturnType<T[K]>> }> {
  const names = Object.keys(runs);
  const results: Record<string, unknown> = {};
  for (let i = 0; i < names.length; i++) {
    const name = names[(rep + i) % names.length]!;
    results[name] = await runs[name]!();
  }
  return results as { [K in keyof T]: Awaited<ReturnType<T[K]>> };
}

/** `yes`/`NO` for the median, how many repetitions met it, and the worst one. */
export function verdict(medianMet: boolean, perRep: boolean[], worstRep: number, worstText: string): string {
  const met = perRep.filter(Boolean).length;
  return `${medianMet ? 'yes' : 'NO'}; ${met}/${perRep.length} reps; worst #${worstRep + 1}: ${worstText}`;
}

export interface Percentiles {
  p50: number;
  p99: number;
  max: number;
}

export function percentiles(values: number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
  return { p50: at(50), p99: at(99), max: sorted[sorted.length - 1]! };
}

/** One figure over its repetitions: the median counts, the range shows how far a run can stray. */
export interface Summary {
  median: number;
  min: number;
  max: number;
  reps: number[];
}

export function summarise(reps: number[]): Summary {
  const sorted = [...reps].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]!, reps };
}

/** The index of the repetition with the largest (worst) value of `score`. */
export function worst(scores: number[]): number {
  return scores.reduce((worstAt, score, i) => (score > scores[worstAt]! ? i : worstAt), 0);
}

export interface Row {
  metric: string;
  value: string;
  baseline: string;
  ratio: string;
  target: string;
  met: string;
}

export const f = (value: number, digits = 2) => value.toFixed(digits);

/** `median (min–max)`. */
export const fs = (summary: Summary, digits = 2) => `${f(summary.median, digits)} (${f(summary.min, digits)}–${f(summary.max, digits)})`;

export function table(rows: Row[]): string {
  const headers: Row = { metric: 'metric', value: 'OrderBell', baseline: 'baseline', ratio: 'ratio', target: 'target', met: 'met' };
  const all = [headers, ...rows];
  const widths = (Object.keys(headers) as (keyof Row)[]).map((key) => Math.max(...all.map((row) => row[key].length)));
  const line = (row: Row) => `| ${(Object.keys(headers) as (keyof Row)[]).map((key, i) => row[key].padEnd(widths[i]!)).join(' | ')} |`;
  return [line(headers), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}
