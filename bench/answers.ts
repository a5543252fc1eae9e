/**
 * Issue #23: the time from a state change on one device to every other device. A real
 * `orderbell hub` process and DEVICES protocol v1.1 devices (`states: true`); the first device
 * answers each of ORDERS orders in turn (Accept, 10 min), and the time is until the last of the
 * others has the `state` message. `BENCH_ONLY=answers npm run bench` runs this part alone.
 */
import { rm } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { HubProcess, tempData, TOKEN } from './processes';
import { fs, percentiles, repeat, summarise, verdict, worst, f, type Percentiles, type Row } from './report';
import { sized } from './mode';

const DEVICES = 5;
const ORDERS = sized(200, 50);
const TARGET_P99_MS = 50;

type Device = { socket: WebSocket; onState: (listener: (id: string) => void) => void };

async function device(hub: HubProcess, name: string): Promise<Device> {
  const socket = new WebSocket(hub.wsUrl, { headers: { Authorization: `Bearer ${TOKEN}` } });
  await new Promise((resolve, reject) => (socket.once('open', resolve), socket.once('error', reject)));
  socket.send(JSON.stringify({ type: 'hello', epoch: null, lastSeq: 0, device: name, states: true }));
  let listener: (id: string) => void = () => {};
  socket.on('message', (data) => {
    const message = JSON.parse(data.toString()) as { type: string; change?: { id: string } };
    if (message.type === 'state') listener(message.change!.id);
  });
  return { socket, onState: (next) => (listener = next) };
}

/** One repetition: each order answered on device 0, timed until every other device has the change. */
async function once(): Promise<Percentiles> {
  const dataDir = await tempData('answers');
  const hub = await HubProcess.start(dataDir);
  try {
    const ids = Array.from({ length: ORDERS }, (_, i) => `ans-${i}`);
    for (const id of ids) await fetch(`${hub.url}/api/orders`, { method: 'POST', headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ id }) });
    const devices = await Promise.all(Array.from({ length: DEVICES }, (_, i) => device(hub, `device ${i}`)));
    await hub.waitClients(DEVICES);
    const others = devices.slice(1);
    const times: number[] = [];
    for (const id of ids) {
      const started = performance.now();
      let waiting = others.length;
      const arrived = new Promise<void>((resolve) => {
        for (const other of others) other.onState((changed) => changed === id && --waiting === 0 && resolve());
      });
      devices[0]!.socket.send(JSON.stringify({ type: 'answer', id, state: 'accepted', readyInMin: 10 }));
      await arrived;
      times.push(performance.now() - started);
    }
    for (const each of devices) each.socket.terminate();
    return percentiles(times);
  } finally {
    await hub.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

export async function answerRows(results: Record<string, unknown>): Promise<Row[]> {
  const reps = await repeat(`a state change to ${DEVICES - 1} other devices, ${ORDERS} orders`, once);
  results.answers = { devices: DEVICES, orders: ORDERS, reps };
  return (['p50', 'p99', 'max'] as const).map((p) => {
    const summary = summarise(reps.map((rep) => rep[p]));
    const row: Row = { metric: `state change to every other device (${DEVICES - 1}) ${p} (ms)`, value: fs(summary), baseline: '', ratio: '', target: '', met: '' };
    if (p === 'p99') {
      const w = worst(reps.map((rep) => rep.p99));
      row.target = `< ${TARGET_P99_MS}`;
      row.met = verdict(summary.median < TARGET_P99_MS, reps.map((rep) => rep.p99 < TARGET_P99_MS), w, f(reps[w]!.p99));
    }
    return row;
  });
}
