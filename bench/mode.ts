/**
 * How this run of the bench is sized, read by every part from here alone. A full run measures
 * each figure BENCH_REPS (≥ 5) times with every order; quick mode (`npm run bench -- --quick`,
 * or BENCH_QUICK=1) measures each once with fewer orders, to see in minutes that every part
 * still works and roughly where the figures stand. A quick figure meets no target: it is one
 * repetition.
 */
export const QUICK = process.argv.includes('--quick') || process.env.BENCH_QUICK === '1';
// The parts run in child processes (bench-web.js) read their size here too: `--quick` reaches them through the environment.
if (QUICK) process.env.BENCH_QUICK = '1';

/** How many times each figure is measured: at least 5 for a target to count; once when quick. */
export const REPS = QUICK ? 1 : Math.max(1, Number(process.env.BENCH_REPS ?? 5));

/** `full` in a full run, `quick` in quick mode: a part's size (orders, shops, seconds). */
export const sized = (full: number, quick: number): number => (QUICK ? quick : full);

/** The table's title. */
export const TITLE = QUICK ? 'OrderBell benchmark, quick (one repetition, fewer orders: no target counts)' : `OrderBell benchmark, full (${REPS} repetitions)`;
