/**
 * `node dist/bench-load.js <journal file>`: opens a hub journal and prints how long that took
 * (wall and CPU) and the process's memory, as JSON. A process of its own, importing nothing
 * but the journal, so its resident set is the journal's and not the bench's libraries'.
 */
import { Journal } from '../main/core/journal/journal';

const file = process.argv[2]!;
const maxOrders = Number(process.argv[3]);
global.gc?.();
const before = process.memoryUsage();
const start = process.hrtime.bigint();
const cpuBefore = process.cpuUsage();
const journal = await Journal.open(file, { maxOrders });
const loadMs = Number(process.hrtime.bigint() - start) / 1e6;
// On a busy machine the wall time is mostly waiting for a core; the CPU time is the load's own.
const cpu = process.cpuUsage(cpuBefore);
const after = process.memoryUsage();
process.stdout.write(JSON.stringify({ loadMs, cpuMs: (cpu.user + cpu.system) / 1000, orders: journal.size, rssMiB: after.rss / 2 ** 20, heapMiB: (after.heapUsed - before.heapUsed) / 2 ** 20 }));
await journal.close();
