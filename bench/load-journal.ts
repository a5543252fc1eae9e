/**
 * `node dist/bench-load.js <journal file>`: opens a hub journal and prints how long that took
 * and the process's memory, as JSON. A process of its own, importing nothing but the journal,
 * so its resident set is the journal's and not the bench's libraries'.
 */
import { Journal } from '../main/core/journal/journal';

const file = process.argv[2]!;
const maxOrders = Number(process.argv[3]);
global.gc?.();
const before = process.memoryUsage();
const start = process.hrtime.bigint();
const journal = await Journal.open(file, { maxOrders });
const loadMs = Number(process.hrtime.bigint() - start) / 1e6;
const after = process.memoryUsage();
process.stdout.write(JSON.stringify({ loadMs, orders: journal.size, rssMiB: after.rss / 2 ** 20, heapMiB: (after.heapUsed - before.heapUsed) / 2 ** 20 }));
await journal.close();
