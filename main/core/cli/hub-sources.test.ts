import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createClient } from '@redis/client';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../test/cli';
import { defer, tempDir } from '../../../test/helpers';
import { RedisProcess } from '../../../test/redis-process';
import { UsageError } from './args';
import { sourcesFromArgs, sourcesFromFile, splitSourceArgs } from './hub-sources';

describe('orderbell hub --source', () => {
  it("splits the hub's flags from each source's", () => {
    const args = ['--port', '0', '--source', 'nats', '--url', 'nats://a:4222', '--source=redis', '--url', 'redis://b:6379'];
    expect(splitSourceArgs(args)).toEqual({
      hubArgs: ['--port', '0'],
      sourceArgs: [
        ['--source', 'nats', '--url', 'nats://a:4222'],
        ['--source=redis', '--url', 'redis://b:6379'],
      ],
    });
    expect(splitSourceArgs(['--port', '0'])).toEqual({ hubArgs: ['--port', '0'], sourceArgs: [] });
  });

  it('reads each source, a cluster of NATS servers included, and names the one that is wrong', () => {
    const configs = sourcesFromArgs([
      ['--source', 'nats', '--url', 'nats://n1:4222, nats://n2:4222', '--stream', 'ORDERS', '--subject', 'orders.s1', '--durable', 's1'],
      ['--source', 'redis', '--url', 'redis://r:6379', '--stream', 'orders:s1', '--group', 's1', '--label', 'backup'],
    ]);
    expect(configs).toEqual([
      { kind: 'nats', label: 'nats', url: 'nats://n1:4222,nats://n2:4222', stream: 'ORDERS', subject: 'orders.s1', durable: 's1' },
      { kind: 'redis', label: 'backup', url: 'redis://r:6379', stream: 'orders:s1', group: 's1' },
    ]);
    expect(() => sourcesFromArgs([['--source', 'redis', '--url', 'redis://r:6379', '--stream', 's', '--group', 'g', '--port', '1']])).toThrow(
      new UsageError('--source redis: unknown flag --port (hub flags go before the first --source)'),
    );
    expect(() => sourcesFromArgs([['--source', 'nats', '--url', 'nats://n1:4222,http://n2', '--stream', 'S', '--subject', 's', '--durable', 'd']])).toThrow(/must start with nats:\/\/ or tls:\/\//);
    expect(() => sourcesFromArgs([['--source', 'nats', '--url', 'nats://n1:4222', '--stream', 'S', '--subject', 's']])).toThrow(/--durable is required with --source nats/);
    const twice = ['--source', 'redis', '--url', 'redis://r:6379', '--stream', 's', '--group', 'g'];
    expect(() => sourcesFromArgs([twice, twice])).toThrow(/two sources are labelled "redis"/);
  });

  it('reads a --sources file as Settings keep the list, and names what is wrong in it', async () => {
    const dir = await tempDir();
    const good = join(dir, 'good.json');
    await writeFile(good, JSON.stringify([{ kind: 'redis', label: 'chain', url: 'redis://r:6379', stream: 'orders:s1', group: 's1' }]));
    expect(await sourcesFromFile(good)).toEqual([{ kind: 'redis', label: 'chain', url: 'redis://r:6379', stream: 'orders:s1', group: 's1' }]);
    const bad = join(dir, 'bad.json');
    await writeFile(bad, JSON.stringify([{ kind: 'nats', label: 'chain', url: 'nats://n:4222', stream: 'ORDERS' }]));
    await expect(sourcesFromFile(bad)).rejects.toThrow(/sources\[0\]\.subject: required.*sources\[0\]\.durable: required/);
    await expect(sourcesFromFile(join(dir, 'missing.json'))).rejects.toThrow(/--sources .*missing\.json: ENOENT/);
  });

  it('a hub started with --sources takes orders from Redis and serves them like POSTed ones', async () => {
    const dir = await tempDir();
    const redis = await RedisProcess.start(dir);
    defer(() => redis.stop());
    const backend = createClient({ url: redis.url });
    await backend.connect();
    defer(() => backend.destroy());
    await backend.xAdd('orders:s1', '*', { order: JSON.stringify({ id: 'R-1', title: 'Table 4' }) });
    const sources = join(dir, 'sources.json');
    await writeFile(sources, JSON.stringify([{ kind: 'redis', label: 'chain', url: redis.url, stream: 'orders:s1', group: 's1' }]));
    const hub = runCli(['hub', '--port', '0', '--data', join(dir, 'hub'), '--token', 'T', '--sources', sources]);
    const url = (await hub.waitForStdout(/listening on (http:\/\/\S+)/))[1]!;
    await hub.waitForStdout(/source chain: online/);
    await hub.waitForStdout(/source chain: order R-1 stored as seq 1/);
    const answer = (await (await fetch(`${url}/api/orders?since=0`, { headers: { Authorization: 'Bearer T' } })).json()) as { orders: { seq: number; order: { id: string; source: string } }[] };
    expect(answer.orders).toEqual([expect.objectContaining({ seq: 1, order: expect.objectContaining({ id: 'R-1', source: 'chain' }) })]);
  });
});
