/**
 * Issue #10 section 5, measured the same way for the desktop app and the web view: time to
 * ring, time to notice a silent link, time to recover once it is back. Each device talks to
 * a real `orderbell hub` process, the link ones through their own fault proxy.
 */
import { sized } from './mode';
import { FaultProxy } from '../test/fault-proxy';
import { HubProcess, sleep, tempData } from './processes';
import { percentiles, type Percentiles } from './report';

/** A device that says when an order's frame came in and when the first sound after it started (performance.now, ms). */
export interface RingingDevice {
  arrivedAt: Map<string, number>;
  rangAt: Map<string, number>;
  isOnline(): boolean;
  stop(): Promise<void> | void;
}

export interface LinkedDevice {
  isOnline(): boolean;
  has(id: string): boolean;
  /** The platform's network-change signal: `online` in a browser, resume in the desktop shell. */
  reconnectNow(): void;
  stop(): Promise<void> | void;
}

export interface TimingFigures {
  /** Frame arrival to first sound, ms. */
  ring: Percentiles;
  /** Link goes silent to the device saying offline, s. */
  notice: Percentiles;
  /** Link back to online with the missed order stored, s; without and with a network-change signal. */
  recover: Percentiles;
  recoverSignalled: Percentiles;
  /** Bytes per second per idle device, both ways, as TCP payload: on its WebSocket (keep-alive), and in all. */
  keepAliveBytesPerS: number;
  idleBytesPerS: number;
}

const RING_ORDERS = sized(15, 5);
/** Orders further apart than the alert policy's burst gap (1 s): each rings on its own. */
const RING_SPACING_MS = 1300;
const LINK_DEVICES = sized(20, 10);
/** A dead link's outage lasts at least this, and up to this plus the spread (random, ms). */
const OUTAGE_MS = sized(3000, 1000);
const OUTAGE_SPREAD_MS = sized(7000, 3000);
/** Blackholes start at a random point of one heartbeat interval. */
const HEARTBEAT_MS = 6_000;
/** Keep-alive traffic is counted over whole heartbeat intervals: a quick run takes one. */
const IDLE_WINDOW_MS = sized(3 * HEARTBEAT_MS, HEARTBEAT_MS);

/** The order id in a protocol frame, without parsing all of it. */
export function frameOrderId(text: string): string | undefined {
  const at = text.indexOf('"id":"');
  return text.startsWith('{"type":"order"') && at >= 0 ? text.slice(at + 6, text.indexOf('"', at + 6)) : undefined;
}

/** Notes, for every order that came in and has not rung yet, that the first sound after it started now. */
export function noteRing(arrivedAt: Map<string, number>, rangAt: Map<string, number>): void {
  const now = performance.now();
  for (const id of arrivedAt.keys()) if (!rangAt.has(id)) rangAt.set(id, now);
}

async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(2);
  }
}

/**
 * `alongsideLinks`: more work started as the ringing is over, while the links are measured:
 * their figures are whole seconds of waiting for heartbeats, which a page ringing beside them
 * cannot move.
 */
export async function timingFigures(
  where: string,
  makeRinging: (wsUrl: string, origin: string) => Promise<RingingDevice>,
  makeLinked: (wsUrl: string, origin: string) => Promise<LinkedDevice>,
  alongsideLinks: () => Promise<void> = async () => {},
): Promise<TimingFigures> {
  const dataDir = await tempData('timing');
  const started = performance.now();
  const hub = await HubProcess.start(dataDir);
  const phase = (name: string) => console.error(`  timing ${where}: ${name} by ${((performance.now() - started) / 1000).toFixed(1)} s`);
  try {
    phase('hub up');
    const ring = await ringTimes(hub, makeRinging);
    phase('rung');
    const [links] = await Promise.all([linkTimes(hub, makeLinked, phase), alongsideLinks()]);
    return { ring, ...links };
  } finally {
    await hub.stop();
  }
}

async function ringTimes(hub: HubProcess, make: (wsUrl: string, origin: string) => Promise<RingingDevice>): Promise<Percentiles> {
  const device = await make(hub.wsUrl, hub.url);
  await until(() => device.isOnline(), 10_000, 'the ringing device to connect');
  const times: number[] = [];
  for (let i = 0; i < RING_ORDERS; i++) {
    const id = `ring-${i}`;
    await hub.post({ id, table: String(i) });
    await until(() => device.rangAt.has(id), 10_000, `a ring for ${id}`);
    times.push(device.rangAt.get(id)! - device.arrivedAt.get(id)!);
    await sleep(RING_SPACING_MS);
  }
  await device.stop();
  return percentiles(times);
}

async function linkTimes(hub: HubProcess, make: (wsUrl: string, origin: string) => Promise<LinkedDevice>, phase: (name: string) => void): Promise<Omit<TimingFigures, 'ring'>> {
  const port = Number(new URL(hub.url).port);
  const links = await Promise.all(
    Array.from({ length: LINK_DEVICES }, async () => {
      const proxy = await FaultProxy.listen(port);
      const device = await make(`ws://127.0.0.1:${proxy.port}/ws`, `http://127.0.0.1:${proxy.port}`);
      return { proxy, device };
    }),
  );
  try {
    await until(() => links.every(({ device }) => device.isOnline()), 10_000, 'every device to connect');
    await sleep(1000); // the page's first HTTP calls are over: what follows is keep-alive only
    const before = links.map(({ proxy }) => ({ all: proxy.bytes, webSocket: proxy.webSocketBytes }));
    await sleep(IDLE_WINDOW_MS);
    phase('idle traffic counted');
    const perDeviceAndSecond = (bytes: number) => bytes / links.length / (IDLE_WINDOW_MS / 1000);
    const idleBytes = links.reduce((sum, { proxy }, i) => sum + proxy.bytes - before[i]!.all, 0);
    const keepAliveBytes = links.reduce((sum, { proxy }, i) => sum + proxy.webSocketBytes - before[i]!.webSocket, 0);

    const notice = await Promise.all(
      links.map(async ({ proxy, device }) => {
        await sleep(Math.random() * HEARTBEAT_MS);
        const start = performance.now();
        proxy.mode = 'blackhole';
        await until(() => !device.isOnline(), 120_000, 'a silent link to be noticed');
        return (performance.now() - start) / 1000;
      }),
    );

    phase('noticed');
    const missed = 'missed-while-offline';
    await hub.post({ id: missed });
    const recover = await Promise.all(
      links.map(async ({ proxy, device }, i) => {
        // Outages of random length: the link returns at a random point of the redial schedule.
        await sleep(OUTAGE_MS + Math.random() * OUTAGE_SPREAD_MS);
        const start = performance.now();
        proxy.mode = 'pass';
        if (i % 2 === 1) device.reconnectNow();
        await until(() => device.isOnline() && device.has(missed), 60_000, 'a device to recover');
        return { signalled: i % 2 === 1, seconds: (performance.now() - start) / 1000 };
      }),
    );
    phase('recovered');
    return {
      notice: percentiles(notice),
      recover: percentiles(recover.filter((r) => !r.signalled).map((r) => r.seconds)),
      recoverSignalled: percentiles(recover.filter((r) => r.signalled).map((r) => r.seconds)),
      keepAliveBytesPerS: perDeviceAndSecond(keepAliveBytes),
      idleBytesPerS: perDeviceAndSecond(idleBytes),
    };
  } finally {
    for (const { proxy, device } of links) {
      await device.stop();
      await proxy.stop();
    }
  }
}
