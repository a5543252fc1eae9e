/**
 * The outbox (issue #23, "Telling the backend"): the time from a state change (an order marked
 * handled in the hub's journal, fsync'ed) to its webhook's delivery at a receiver on loopback,
 * beside a bare keep-alive POST of the same body to the same receiver at the same rate; and how
 * many state changes a second the outbox delivers when they come all at once.
 */
import { createServer, request, Agent } from 'node:http';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Journal } from '../main/core/journal/journal';
import { HubOutbox } from '../main/core/outbox/hub-outbox';
import { WebhookTarget } from '../main/core/outbox/webhook';
import { sleep, tempData } from './processes';
import { f, fs, percentiles, repeat, summarise, verdict, worst, type Percentiles, type Row } from './report';
import { sized } from './mode';

const CHANGES = Number(process.env.BENCH_OUTBOX_CHANGES ?? sized(500, 100));
const RATE = 100;
const RUSH = Number(process.env.BENCH_OUTBOX_RUSH ?? sized(3000, 500));
const TARGET_P99_MS = 50;
const now = () => process.hrtime.bigint();
const ms = (ns: bigint) => Number(ns) / 1e6;

/** A receiver that answers 204 and notes when each order's change arrived. */
async function receiver(): Promise<{ url: string; arrived: Map<string, bigint>; close: () => Promise<void> }> {
  const arrived = new Map<string, bigint>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      arrived.set((JSON.parse(Buffer.concat(chunks).toString()) as { id: string }).id, now());
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/hook`,
    arrived,
    close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

async function waitAll(ids: string[], arrived: Map<string, bigint>): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (ids.some((id) => !arrived.has(id))) {
    if (Date.now() > deadline) throw new Error(`${ids.filter((id) => !arrived.has(id)).length} changes never arrived`);
    await sleep(5);
  }
}

/** A hub's journal and outbox on disk, one webhook; orders stored, ready to be handled. */
async function hubWithOutbox(url: string, ids: string[]) {
  const dir = await tempData('outbox');
  const journal = await Journal.open(join(dir, 'hub-journal.log'));
  for (const id of ids) await journal.append({ id }, 'next');
  const outbox = await HubOutbox.open(dir, [new WebhookTarget({ url, secret: 'bench-secret' })], () => {});
  outbox.attach(journal);
  return {
    journal,
    async close() {
      await outbox.close();
      await journal.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

interface OutboxRun {
  outbox: Percentiles;
  bare: Percentiles;
  perSecond: number;
}

async function once(rep: number): Promise<OutboxRun> {
  const target = await receiver();
  // The floor: the same body POSTed on a keep-alive connection, at the same rate.
  const agent = new Agent({ keepAlive: true });
  const bareSent = new Map<string, bigint>();
  const start = Date.now();
  for (let i = 0; i < CHANGES; i++) {
    const wait = start + (i * 1000) / RATE - Date.now();
    if (wait > 0) await sleep(wait);
    const id = `bare-${rep}-${i}`;
    const body = JSON.stringify({ event: 'order.state', id, state: 'done', by: 'Till 1', at: new Date().toISOString(), seq: i });
    bareSent.set(id, now());
    request(target.url, { method: 'POST', agent, headers: { 'Content-Type': 'application/json' } }).end(body);
  }
  await waitAll([...bareSent.keys()], target.arrived);
  agent.destroy();

  const ids = Array.from({ length: CHANGES }, (_, i) => `ob-${rep}-${i}`);
  const hub = await hubWithOutbox(target.url, ids);
  const changedAt = new Map<string, bigint>();
  const begin = Date.now();
  for (const [i, id] of ids.entries()) {
    const wait = begin + (i * 1000) / RATE - Date.now();
    if (wait > 0) await sleep(wait);
    changedAt.set(id, now());
    void hub.journal.appendState({ id, state: 'done', by: 'Till 1', at: new Date().toISOString(), seq: 1 });
  }
  await waitAll(ids, target.arrived);
  await hub.close();

  // Throughput: a rush of changes at once, until the last one is delivered.
  const rush = Array.from({ length: RUSH }, (_, i) => `rush-${rep}-${i}`);
  const rushHub = await hubWithOutbox(target.url, rush);
  const t0 = now();
  await Promise.all(rush.map((id) => rushHub.journal.appendState({ id, state: 'done', by: 'Till 1', at: new Date().toISOString(), seq: 1 })));
  await waitAll(rush, target.arrived);
  const perSecond = RUSH / (ms(now() - t0) / 1000);
  await rushHub.close();
  await target.close();
  return {
    outbox: percentiles(ids.map((id) => ms(target.arrived.get(id)! - changedAt.get(id)!))),
    bare: percentiles([...bareSent].map(([id, t]) => ms(target.arrived.get(id)! - t))),
    perSecond,
  };
}

export async function outboxRows(results: Record<string, unknown>): Promise<Row[]> {
  const reps = await repeat(`outbox: ${CHANGES} state changes at ${RATE}/s to a webhook, then a rush of ${RUSH}`, once);
  results.outbox = reps;
  const rows: Row[] = [];
  for (const p of ['p50', 'p99', 'max'] as const) {
    const ours = summarise(reps.map((rep) => rep.outbox[p]));
    const bare = summarise(reps.map((rep) => rep.bare[p]));
    const row: Row = { metric: `state change → webhook delivered ${p} (ms)`, value: fs(ours), baseline: fs(bare), ratio: f(ours.median / bare.median, 1), target: '', met: '' };
    if (p === 'p99') {
      const w = worst(reps.map((rep) => rep.outbox.p99));
      row.target = `< ${TARGET_P99_MS}`;
      row.met = verdict(ours.median < TARGET_P99_MS, reps.map((rep) => rep.outbox.p99 < TARGET_P99_MS), w, f(reps[w]!.outbox.p99));
    }
    rows.push(row);
  }
  const throughput = summarise(reps.map((rep) => rep.perSecond));
  rows.push({ metric: `outbox throughput, ${RUSH} changes at once (changes/s)`, value: fs(throughput, 0), baseline: '', ratio: '', target: '', met: '' });
  return rows;
}
