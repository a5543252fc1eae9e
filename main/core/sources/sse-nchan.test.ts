/**
 * The sse source against a real nginx with Debian's Nchan module (test/nchan-process.ts):
 * orders published over HTTP, Nchan's own event ids, `Last-Event-ID` recovery after OrderBell
 * restarts and after a dead link, and Nchan's keep-alive comments keeping a quiet stream alive.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defer, sleep, tempDir } from '../../../test/helpers';
import { NchanProcess } from '../../../test/nchan-process';
import { FaultProxy } from '../../../test/proxy';
import { runSources, stopHarness } from '../../../test/source-harness';
import { SourcePositions } from './positions';
import { SseSource } from './sse';

const backoff = { initialMs: 100, maxMs: 500 };
const ids = (harness: { orders: { stored: { order: { id: string } } }[] }) => harness.orders.map(({ stored }) => stored.order.id);

async function startNchan(): Promise<NchanProcess> {
  const nchan = await NchanProcess.start({ pingS: 2 });
  defer(() => nchan.stop());
  return nchan;
}

describe('sse source (nginx + Nchan)', () => {
  it('takes published orders, and after a restart resumes with Last-Event-ID: the orders published meanwhile, once', async () => {
    const nchan = await startNchan();
    const dataDir = await tempDir();
    const positions = await SourcePositions.open(join(dataDir, 'positions.json'));
    const first = await runSources([new SseSource({ label: 'Nchan', url: nchan.subscribeUrl, positions, backoff })], dataDir);
    await first.waitForState('online');
    await nchan.publish('{"id":"N-1","title":"Table 4"}');
    await nchan.publish('{"id":"N-2"}');
    await first.ordersCount(2);
    await stopHarness(first);

    await nchan.publish('{"id":"N-3"}');
    await nchan.publish('{"id":"N-4"}');
    const second = await runSources([new SseSource({ label: 'Nchan', url: nchan.subscribeUrl, positions: await SourcePositions.open(join(dataDir, 'positions.json')), backoff })], dataDir);
    await second.ordersCount(2);
    await nchan.publish('{"id":"N-5"}');
    await second.ordersCount(3);
    expect(ids(first)).toEqual(['N-1', 'N-2']);
    expect(ids(second)).toEqual(['N-3', 'N-4', 'N-5']);
  });

  it('keep-alive comments keep a quiet stream online; a blackholed one is dead after idleS, and the orders published meanwhile come once', async () => {
    const nchan = await startNchan();
    const proxy = await FaultProxy.start(nchan.port);
    const harness = await runSources([new SseSource({ label: 'Nchan', url: nchan.subscribeUrl.replace(`:${nchan.port}/`, `:${proxy.port}/`), idleS: 5, backoff })]);
    await harness.waitForState('online');
    await sleep(7000);
    expect(harness.statuses.map((status) => status.state)).toEqual(['connecting', 'online']);

    proxy.mode = 'blackhole';
    await nchan.publish('{"id":"DURING"}');
    await harness.waitForState('offline', 8000);
    expect(harness.lastOffline()?.lastError).toMatch(/^no answer from the server for 5\.\d s, connection presumed dead \(not even a keep-alive comment\)$/);
    proxy.mode = 'pass';
    await harness.waitForState('online', 15_000);
    await nchan.publish('{"id":"AFTER"}');
    await harness.ordersCount(2);
    expect(ids(harness)).toEqual(['DURING', 'AFTER']);
  });
});
