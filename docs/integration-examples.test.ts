import { spawn } from 'node:child_process';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI } from '../test/cli';
import { tempDir } from '../test/helpers';
import { startHub, type RunningHub } from '../test/hub-harness';

// Every example a shop's developer pastes from docs/integration.md runs here, as written,
// against a real hub on 127.0.0.1: the PHP ones under Debian's php-cli, the shell ones under bash
// with `orderbell` on PATH. Only the setup blocks (the export line, starting the hub) are left out.

interface Example {
  language: string;
  code: string;
}

async function examples(language: string): Promise<Example[]> {
  const markdown = await readFile(join(import.meta.dirname, 'integration.md'), 'utf8');
  return [...markdown.matchAll(/^ *```(\w+)\n([\s\S]*?)^ *```$/gm)]
    .map((match) => ({ language: match[1]!, code: match[2]! }))
    .filter((example) => example.language === language);
}

const isSetup = (example: Example) => /^export ORDERBELL_URL=|orderbell hub/m.test(example.code);

async function run(command: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, stdout, stderr };
}

async function environment(hub: RunningHub): Promise<Record<string, string>> {
  const bin = await tempDir();
  await writeFile(join(bin, 'orderbell'), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`);
  await chmod(join(bin, 'orderbell'), 0o755);
  return { ORDERBELL_URL: hub.info.url, ORDERBELL_TOKEN: hub.info.token, PATH: `${bin}:${process.env.PATH}` };
}

async function storedIds(hub: RunningHub): Promise<string[]> {
  const { orders } = (await hub.get('/api/orders')).body as { orders: { order: { id: string } }[] };
  return orders.map((stored) => stored.order.id);
}

describe('docs/integration.md examples', () => {
  it('has the setup line the examples rely on', async () => {
    expect((await examples('sh')).filter(isSetup).map((example) => example.code)).toContainEqual(
      expect.stringMatching(/^export ORDERBELL_URL=\S+\n(export )?ORDERBELL_TOKEN=\S+/m),
    );
  });

  it('runs every PHP example as written, each posting its order once', async () => {
    const php = await examples('php');
    expect(php.length).toBeGreaterThanOrEqual(2);
    const hub = await startHub();
    const env = await environment(hub);
    for (const example of php) {
      const file = join(await tempDir(), 'example.php');
      await writeFile(file, example.code);
      const result = await run('php', [file], env);
      expect(result, example.code).toMatchObject({ code: 0, stderr: '' });
      expect(result.stdout).toMatch(/^OrderBell has order web-\d+ as seq \d+\n$/);
      const again = await run('php', [file], env);
      expect(again.code).toBe(0);
    }
    const ids = await storedIds(hub);
    expect(ids).toEqual(['web-10044', 'web-10045']);
    const stored = (await hub.get('/api/orders')).body.orders as { order: Record<string, unknown> }[];
    expect(stored[0]!.order.items).toEqual([{ name: '牛肉面', qty: 2, price: 29 }]);
  });

  it('loses no order of a POS flushing its queue into a hub that answers 429: every PHP example waits and posts the same id again', async () => {
    // Far below the default limit, so that the 429s come however fast or slow PHP runs here.
    const hub = await startHub({ rateLimit: { perSecond: 20, burst: 10 } });
    const env = await environment(hub);
    for (const [index, example] of (await examples('php')).entries()) {
      const sender = example.code.slice(0, example.code.indexOf('\n}\n') + 3);
      const flush = `${sender}\nfor ($i = 0; $i < 60; $i++) orderbell_send(['id' => "flush-${index}-$i"]);\necho "done\\n";\n`;
      const file = join(await tempDir(), 'flush.php');
      await writeFile(file, flush);
      expect(await run('php', [file], env), sender).toMatchObject({ code: 0, stdout: 'done\n', stderr: '' });
    }
    expect((await hub.get('/api/health')).body.lastSeq).toBe(120); // each order once, none lost
    expect(hub.logs.some((line) => line.includes(': 429 too many orders'))).toBe(true); // the hub did say 429
  });

  it('runs every shell example as written', async () => {
    const shell = (await examples('sh')).filter((example) => !isSetup(example));
    expect(shell.map((example) => example.code)).toContainEqual(expect.stringContaining('curl'));
    const hub = await startHub();
    const env = await environment(hub);
    for (const example of shell) {
      const result = await run('bash', ['-euo', 'pipefail', '-c', example.code], env);
      expect(result, example.code).toMatchObject({ code: 0 });
      expect(result.stdout, example.code).toMatch(/"id":"web-\d+",.*"seq":\d+/);
    }
    expect(await storedIds(hub)).toEqual(['web-10042', 'web-10043']);
  });

  it('a PHP example says clearly when the hub refuses it', async () => {
    const hub = await startHub();
    const [example] = await examples('php');
    const file = join(await tempDir(), 'example.php');
    await writeFile(file, example!.code);
    const result = await run('php', [file], { ...(await environment(hub)), ORDERBELL_TOKEN: 'wrong' });
    expect(result.code).toBe(255);
    expect(result.stderr + result.stdout).toContain('OrderBell refused the order (401): wrong token');
  });
});
