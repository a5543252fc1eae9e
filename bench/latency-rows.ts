/**
 * The latency part's table rows (issue #28): the hub against the floor (bench/relay.ts) and
 * against the Socket.IO 2 server shops run, each repetition measuring all of them in turn.
 */
import { f, fs, summarise, verdict, worst, type Percentiles, type Row } from './report';

export interface LatencyRep {
  hub: Percentiles;
  baseline: Percentiles;
  /** The first orders after the hub's (or the bare server's clients') start. */
  hubCold: Percentiles;
  baselineCold: Percentiles;
  /** POST → 201 at the poster. */
  answered: Percentiles;
  fsync: Percentiles;
  /** The floor: bench/relay.ts, the least a durable hub must do, in the hub's place. */
  relay: Percentiles;
  /** A Socket.IO 2 server used as web-msg-sender is, in the hub's place: it keeps nothing. */
  socketio: Percentiles;
  /** CPU time (user + system) per order, of the hub and of the floor. */
  hubCpuMs: number;
  relayCpuMs: number;
}

/** What the hub's p99 may add to the floor's. */
export const ABOVE_FLOOR_MS = 0.5;
/** What the hub's CPU per order may be, as a multiple of the floor's. */
export const CPU_OVER_FLOOR = 1.2;
/** Client counts at which the hub must be at or below Socket.IO 2's p99. */
const AGAINST_SOCKETIO = new Set([10, 100]);

const row = (metric: string, value: string, baseline = '', ratio = '', target = '', met = ''): Row => ({ metric, value, baseline, ratio, target, met });

export function latencyRows(clients: number, reps: LatencyRep[]): Row[] {
  const rows: Row[] = [];
  for (const p of ['p50', 'p99', 'max'] as const) {
    const hub = summarise(reps.map((rep) => rep.hub[p]));
    const baseline = summarise(reps.map((rep) => rep.baseline[p]));
    rows.push(row(`latency ${clients} clients ${p} (ms), baseline: bare broadcast`, fs(hub), fs(baseline), f(hub.median / baseline.median, 1)));
  }
  rows.push(row(`  POST answered (201), ${clients} clients, p99 (ms)`, fs(summarise(reps.map((rep) => rep.answered.p99)))));
  const relay = summarise(reps.map((rep) => rep.relay.p99));
  const bare = summarise(reps.map((rep) => rep.baseline.p99));
  rows.push(row(`  floor (durable relay), ${clients} clients, p99 (ms), baseline: bare broadcast`, fs(relay), fs(bare), f(relay.median / bare.median, 1)));
  const aboveFloor = reps.map((rep) => rep.hub.p99 - rep.relay.p99);
  const w = worst(aboveFloor);
  const above = summarise(aboveFloor);
  rows.push(row(`  hub p99 − floor p99, ${clients} clients (ms)`, fs(above), '', '', `≤ ${ABOVE_FLOOR_MS}`, verdict(above.median <= ABOVE_FLOOR_MS, aboveFloor.map((d) => d <= ABOVE_FLOOR_MS), w, `${f(aboveFloor[w]!)} ms`)));
  const cpuRatios = reps.map((rep) => rep.hubCpuMs / rep.relayCpuMs);
  const hubCpu = summarise(reps.map((rep) => rep.hubCpuMs));
  const relayCpu = summarise(reps.map((rep) => rep.relayCpuMs));
  const cw = worst(cpuRatios);
  rows.push(row(`  CPU per order, hub / floor, ${clients} clients (ms)`, fs(hubCpu, 3), fs(relayCpu, 3), f(hubCpu.median / relayCpu.median), `≤ ${CPU_OVER_FLOOR} × floor`, verdict(hubCpu.median <= CPU_OVER_FLOOR * relayCpu.median, cpuRatios.map((r) => r <= CPU_OVER_FLOOR), cw, `${f(cpuRatios[cw]!)} ×`)));
  rows.push(...socketioRows(clients, reps));
  const cold = summarise(reps.map((rep) => rep.hubCold.p99));
  const coldBaseline = summarise(reps.map((rep) => rep.baselineCold.p99));
  rows.push(row(`  first orders after start, ${clients} clients, p99 (ms)`, fs(cold), fs(coldBaseline), f(cold.median / coldBaseline.median, 1)));
  return rows;
}

/** OrderBell (durable, fsync before send) beside Socket.IO 2 (keeps nothing), p50 and p99. */
function socketioRows(clients: number, reps: LatencyRep[]): Row[] {
  return (['p50', 'p99'] as const).map((p) => {
    const hub = summarise(reps.map((rep) => rep.hub[p]));
    const io = summarise(reps.map((rep) => rep.socketio[p]));
    const r = row(`  OrderBell / Socket.IO 2 server, ${clients} clients, ${p} (ms)`, fs(hub), fs(io), f(hub.median / io.median));
    if (p === 'p99' && AGAINST_SOCKETIO.has(clients)) {
      const over = reps.map((rep) => rep.hub.p99 - rep.socketio.p99);
      const w = worst(over);
      r.target = '≤ Socket.IO 2';
      r.met = verdict(hub.median <= io.median, over.map((o) => o <= 0), w, `${f(reps[w]!.hub.p99)} vs ${f(reps[w]!.socketio.p99)}`);
    }
    return r;
  });
}
