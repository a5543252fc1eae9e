/**
 * The desktop side of the timing figures (in this process: the Station and the receiver the
 * Electron app and `orderbell listen` run), and the web view's (in a child process, see
 * web-view.ts), each beside issue #10's targets.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Journal } from '../main/core/journal/journal';
import { OrderReceiver } from '../main/core/link/receiver';
import { DEFAULT_SETTINGS } from '../main/core/settings/settings';
import type { OrderbellSource } from '../main/core/sources/orderbell';
import { Station } from '../main/core/station';
import { TOKEN, tempData } from './processes';
import type { ChromiumRing } from './chromium-ring';
import { f, type Percentiles, type Row } from './report';
import { frameOrderId, noteRing, timingFigures, type LinkedDevice, type RingingDevice, type TimingFigures } from './timing-scenarios';

const here = import.meta.dirname;

async function desktopRinging(wsUrl: string): Promise<RingingDevice> {
  const settings = { ...DEFAULT_SETTINGS, source: { kind: 'push-server' as const, url: wsUrl, token: TOKEN, mode: 'json' as const, helloText: '' } };
  const station = new Station({ dataDir: await tempData('station'), settings, device: 'bench till' });
  const arrivedAt = new Map<string, number>();
  const rangAt = new Map<string, number>();
  station.on('alert', (action) => action.kind === 'sound' && action.sound === 'new-order' && noteRing(arrivedAt, rangAt));
  await station.start();
  // The frame's arrival, seen where the receiver sees it (the Station keeps its connection to itself).
  (station['own']!.adapter as OrderbellSource).receiver.connection.prependListener('message', (data) => {
    const id = frameOrderId(data.toString());
    if (id && !arrivedAt.has(id)) arrivedAt.set(id, performance.now());
  });
  return { arrivedAt, rangAt, isOnline: () => station.status().connection.state === 'online', stop: () => station.stop() };
}

async function desktopLinked(wsUrl: string): Promise<LinkedDevice> {
  const journal = await Journal.open(join(await tempData('device'), 'journal.log'));
  const receiver = new OrderReceiver({ url: wsUrl, token: TOKEN, journal, device: 'bench till' });
  receiver.start();
  return {
    isOnline: () => receiver.connection.status.state === 'online',
    has: (id) => journal.has(id),
    reconnectNow: () => receiver.reconnectNow(),
    stop: async () => {
      await receiver.stop();
      await journal.close();
    },
  };
}

export function desktopTiming(): Promise<TimingFigures> {
  return timingFigures('desktop', desktopRinging, desktopLinked);
}

/** The web view's figures, from bench-web.js in its own process. */
export function webTiming(): Promise<TimingFigures & { chromium: ChromiumRing }> {
  const child = spawn(process.execPath, [join(here, 'bench-web.js')], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(output) as TimingFigures & { chromium: ChromiumRing }) : reject(new Error(`bench-web exited with ${code}`))));
  });
}

export function chromiumRows({ play, playing, postToCard }: ChromiumRing): Row[] {
  const row = (metric: string, value: Percentiles | null, limitMs: number): Row => ({
    metric: `web view in Chromium: ${metric} p50 / max (ms)`,
    value: value ? `${f(value.p50, 1)} / ${f(value.max, 1)}` : 'never',
    baseline: '',
    ratio: '',
    target: `≤ ${limitMs} ms`,
    met: value !== null && value.max <= limitMs ? 'yes' : 'NO',
  });
  return [
    row('frame to play()', play, 100),
    row('frame to sound playing', playing, 100),
    row('POST to the hub → card on screen, first order on a fresh page included', postToCard, 1000),
  ];
}

export function timingRows(where: string, figures: TimingFigures): Row[] {
  const row = (metric: string, value: string, target: string, met: boolean | null): Row => ({ metric: `${where}: ${metric}`, value, baseline: '', ratio: '', target, met: met === null ? '' : met ? 'yes' : 'NO' });
  const { ring, notice, recover, recoverSignalled } = figures;
  return [
    row('time to ring p50 / max (ms)', `${f(ring.p50)} / ${f(ring.max)}`, '≤ 100 ms', ring.max <= 100),
    row('time to notice p50 / max (s)', `${f(notice.p50, 1)} / ${f(notice.max, 1)}`, '≤ 20 s', notice.max <= 20),
    row('keep-alive traffic on the WebSocket (B/s)', f(figures.keepAliveBytesPerS, 1), 'a few B/s', figures.keepAliveBytesPerS <= 10),
    row('all idle traffic, with HTTP status polls (B/s)', f(figures.idleBytesPerS, 1), '', null),
    row('time to recover p50 / max (s)', `${f(recover.p50, 1)} / ${f(recover.max, 1)}`, '≤ 3 s at p50', recover.p50 <= 3),
    row('… with network-change signal p50 / max (s)', `${f(recoverSignalled.p50, 2)} / ${f(recoverSignalled.max, 2)}`, '≤ 3 s at p50', recoverSignalled.p50 <= 3),
  ];
}
