/**
 * `node report-first-probe.js <cli.js> [<cli.js> …]`: starts each built `orderbell hub`
 * in turn (PROBE_ROUNDS rounds, alternating, so old and new builds share the same minutes of a
 * shared machine) on a copy of the bench's 30-day journal, asks one report the moment it listens,
 * then again at once (warm). Prints each time with the load average. PROBE_FLAGS (e.g.
 * "--cpu-prof --cpu-prof-dir=/tmp/prof") go to node. Build it with esbuild as `npm run build` builds the
 * bench (bundled, ESM, platform node); each cli.js needs a node_modules above its folder.
 */
import { spawn } from 'node:child_process';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { busyMonthWithStates, writeJournalLines } from '../test/report-journal';
import { warmFetch } from './processes';

const ORDERS = Number(process.env.PROBE_ORDERS ?? 30_000);
const ROUNDS = Number(process.env.PROBE_ROUNDS ?? 3);
const TOKEN = 'probe-token-0123456789';
const clis = process.argv.slice(2);
const start = Date.parse('2026-11-01T00:00:00Z');
const query = '/api/reports?from=2026-11-01&to=2026-11-30&by=day';

async function timedReport(url: string): Promise<number> {
  const began = performance.now();
  const response = await fetch(url + query, { headers: { Authorization: `Bearer ${TOKEN}` } });
  const report = (await response.json()) as { all: { orders: number } };
  if (report.all.orders !== ORDERS) throw new Error(`counted ${report.all.orders}`);
  return performance.now() - began;
}

async function firstReport(cli: string, journal: string): Promise<[number, number]> {
  const dir = await mkdtemp(join(tmpdir(), 'first-probe-'));
  try {
    await copyFile(journal, join(dir, 'hub-journal.log'));
    const flags = (process.env.PROBE_FLAGS ?? '').split(' ').filter(Boolean);
    const child = spawn(process.execPath, [...flags, cli, 'hub', '--port', '0', '--data', dir, '--token', TOKEN, '--keep-days', '3650', '--keep-orders', '1000000', '--time-zone', 'UTC'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const url = await new Promise<string>((resolve, reject) => {
      let output = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
        if (match) resolve(match[1]!);
      });
      child.once('exit', (code) => reject(new Error(`hub exited ${code}: ${output}`)));
    });
    const first = await timedReport(url);
    const warm = await timedReport(url);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    return [first, warm];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const dir = await mkdtemp(join(tmpdir(), 'first-probe-journal-'));
try {
  const journal = join(dir, 'hub-journal.log');
  await writeJournalLines(journal, busyMonthWithStates(ORDERS, start, 30));
  await warmFetch();
  for (let round = 0; round < ROUNDS; round++) {
    for (const cli of clis) {
      const [first, warm] = await firstReport(cli, journal);
      console.log(`${new Date().toISOString().slice(11, 19)} load ${loadavg().map((l) => l.toFixed(1)).join(' ')}  ${cli}: first ${first.toFixed(0)} ms, warm ${warm.toFixed(0)} ms`);
    }
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
