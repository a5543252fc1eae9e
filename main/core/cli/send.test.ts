import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../../../test/cli';
import { tempDir } from '../../../test/helpers';
import { startHub, type RunningHub } from '../../../test/hub-harness';

async function sendTo(hub: RunningHub, ...args: string[]) {
  return cli(['send', '--url', hub.info.url, ...args], { env: { ORDERBELL_TOKEN: hub.info.token } });
}

async function storedOrders(hub: RunningHub): Promise<Record<string, unknown>[]> {
  const { orders } = (await hub.get('/api/orders')).body as { orders: { order: Record<string, unknown> }[] };
  return orders.map((stored) => stored.order);
}

async function file(name: string, content: string): Promise<string> {
  const path = join(await tempDir(), name);
  await writeFile(path, content);
  return path;
}

describe('orderbell send', () => {
  it('makes a text order once with --id: a retried send is the same order', async () => {
    const hub = await startHub();
    const first = await sendTo(hub, '--id', 'pos-9', '--text', '2x coffee, table 9');
    const retry = await sendTo(hub, '--id', 'pos-9', '--text', '2x coffee, table 9');
    expect(first).toMatchObject({ code: 0, stdout: '{"id":"pos-9","seq":1,"state":"new"}\n' });
    expect(retry).toMatchObject({ code: 0, stdout: '{"id":"pos-9","seq":1,"duplicate":true,"state":"new"}\n' });
    expect(await storedOrders(hub)).toHaveLength(1);
  });

  it('without an id, each text send is a new order, as its help warns', async () => {
    const hub = await startHub();
    await sendTo(hub, '--text', '2x coffee, table 9');
    await sendTo(hub, '--text', '2x coffee, table 9');
    expect(await storedOrders(hub)).toHaveLength(2);
    expect((await cli(['send', '--help'])).stdout).toMatch(/Without an id .* every send is a\s+new order: a retried send rings twice/s);
  });

  it('gives a JSON order the --id it lacks, and refuses one that contradicts its own id', async () => {
    const hub = await startHub();
    expect(await sendTo(hub, '--id', 'web-7', '--json', '{"table":"3","total":58}')).toMatchObject({
      code: 0,
      stdout: '{"id":"web-7","seq":1,"state":"new"}\n',
    });
    // The same id again, without the total: kept as it was, and the hub says the two differ.
    expect(await sendTo(hub, '--id', 'web-7', '--json', '{"id":"web-7","table":"3"}')).toMatchObject({
      code: 0,
      stdout: '{"id":"web-7","seq":1,"duplicate":true,"differs":true,"state":"new"}\n',
    });
    expect(await sendTo(hub, '--id', 'web-8', '--json', '{"id":"web-7"}')).toMatchObject({
      code: 2,
      stderr: 'orderbell send: --id "web-8" differs from the order\'s own id "web-7"\n',
    });
    expect(await sendTo(hub, '--id', ' ', '--text', 'x')).toMatchObject({ code: 2, stderr: 'orderbell send: --id must not be empty\n' });
  });

  it('refuses a broken .json file with exit 1 naming the error, and posts nothing', async () => {
    const hub = await startHub();
    const broken = await file('broken.json', '{"id":"A-1", "table": ');
    const viaFile = await sendTo(hub, '--file', broken);
    expect(viaFile.code).toBe(1);
    expect(viaFile.stderr).toMatch(new RegExp(`^orderbell send: ${broken} is not valid JSON: .+\\n$`));
    expect((await sendTo(hub, '--json-file', broken)).code).toBe(1);
    const list = await file('list.json', '[{"id":"A-1"}]');
    expect(await sendTo(hub, '--json-file', list)).toMatchObject({
      code: 1,
      stderr: `orderbell send: ${list} must be one JSON object, the order\n`,
    });
    expect(await storedOrders(hub)).toEqual([]);
  });

  it('sends a .json file as JSON and any other file as text, whatever it looks like', async () => {
    const hub = await startHub();
    const json = await file('order.json', '{"id":"A-2","table":"5"}');
    const text = await file('order.txt', '{"looks":"like json"}');
    expect(await sendTo(hub, '--file', json)).toMatchObject({ code: 0, stdout: '{"id":"A-2","seq":1,"state":"new"}\n' });
    expect((await sendTo(hub, '--text-file', text, '--id', 'T-1')).stdout).toBe('{"id":"T-1","seq":2,"state":"new"}\n');
    const orders = await storedOrders(hub);
    expect(orders.find((order) => order.id === 'T-1')).toMatchObject({ text: '{"looks":"like json"}' });
    expect(orders.find((order) => order.id === 'A-2')).toMatchObject({ table: '5' });
  });

  it('names an unreadable file', async () => {
    const hub = await startHub();
    const missing = join(await tempDir(), 'nope.txt');
    expect(await sendTo(hub, '--text-file', missing)).toMatchObject({ code: 1, stderr: `orderbell send: cannot read ${missing}: ENOENT\n` });
  });
});
