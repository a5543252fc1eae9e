/**
 * The disk's own fdatasync latency, next to the chain's journals: a floor under publish → stored
 * that no code of ours can go below (each order is fdatasync'ed before it is acked).
 */
import { closeSync, fdatasync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { percentiles, type Percentiles } from './report';

const SAMPLES = 100;
const GAP_MS = 20;

/** SAMPLES appends of an order's size, each fdatasync'ed alone, GAP_MS apart, as the shops' journals append at the chain's rate. */
export async function diskSync(dir: string): Promise<Percentiles> {
  const path = join(dir, 'fdatasync-probe.log');
  const fd = openSync(path, 'a');
  const line = Buffer.from(`${'x'.repeat(300)}\n`);
  const times: number[] = [];
  try {
    for (let i = 0; i < SAMPLES; i++) {
      const start = performance.now();
      writeSync(fd, line);
      await new Promise<void>((resolve, reject) => fdatasync(fd, (error) => (error ? reject(error) : resolve())));
      times.push(performance.now() - start);
      await new Promise((resolve) => setTimeout(resolve, GAP_MS));
    }
  } finally {
    closeSync(fd);
    rmSync(path, { force: true });
  }
  return percentiles(times);
}
