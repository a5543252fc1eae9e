import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, type CliProcess } from '../../../test/cli';
import { tempDir } from '../../../test/helpers';
import { startHub, type RunningHub } from '../../../test/hub-harness';

async function handle(hub: RunningHub, id: string): Promise<void> {
  const response = await fetch(`${hub.info.url}/api/orders/${id}/handled`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${hub.info.token}`, 'X-OrderBell-Device': 'till' },
  });
  expect(response.status).toBe(200);
}

function listen(hub: RunningHub, dataDir: string, ...flags: string[]): CliProcess {
  return runCli(['listen', '--url', hub.wsUrl, '--token', hub.info.token, '--data', dataDir, ...flags]);
}

async function printed(run: CliProcess, count: number): Promise<Record<string, unknown>[]> {
  await run.waitForStdout(new RegExp(`(.*\\n){${count}}`));
  return run.stdoutLines().map((line) => JSON.parse(line) as Record<string, unknown>);
}

async function stop(run: CliProcess): Promise<void> {
  run.child.kill('SIGTERM');
  expect((await run.exited).code).toBe(0);
}

/** A hub with history: handled on the till, A-3 still waiting. */
async function hubWithHistory(): Promise<RunningHub> {
  const hub = await startHub();
  for (const id of ['A-1', 'A-2', 'A-3']) expect((await hub.post({ id, table: '3' })).status).toBe(201);
  await handle(hub, 'A-1');
  await handle(hub, 'A-2');
  return hub;
}

describe('orderbell listen', () => {
  it('backs off on a wrong token towards once a minute, says which token is wrong, and connects at once when its --token-file is fixed', async () => {
    const hub = await hubWithHistory();
    const dir = await tempDir();
    const tokenFile = join(dir, 'hub-token');
    await writeFile(tokenFile, 'a-wrong-token-0123456789\n', { mode: 0o600 });
    const run = runCli(['listen', '--url', hub.wsUrl, '--token-file', tokenFile, '--data', join(dir, 'data')]);
    const refusal = /offline: the server refused the token \(HTTP 401\); retrying in ([\d.]+) s/g;
    await run.waitForStderr(/(the server refused the token[^\n]*\n[^]*){2}/, 30_000);
    // Without the token backoff, every wait is at most 3 s; with it, 4–8 s, then 8–16 s.
    const waits = [...run.stderr().matchAll(refusal)].map((match) => Number(match[1]));
    expect(waits[0]).toBeGreaterThan(3.5);
    expect(waits[1]).toBeGreaterThan(7);
    expect(run.stderr().match(/note: the token from --token-file \S+ is wrong for this server; trying again less and less often, at most once a minute/g)).toHaveLength(1);
    expect(run.stderr()).toContain(`put the right token in ${tokenFile}: it is read again and the connection retried at once`);
    await writeFile(tokenFile, `${hub.info.token}\n`);
    await run.waitForStderr(new RegExp(`${tokenFile} changed: connecting with its token now\n(connecting[^\n]*\n)?online: `), 15_000);
    expect((await printed(run, 1)).map((order) => order.id)).toEqual(['A-3']);
    expect(run.stderr()).not.toContain(hub.info.token);
    await stop(run);
  }, 60_000);

  it("a first run prints the hub's unhandled orders and new ones, not its handled history", async () => {
    const hub = await hubWithHistory();
    const run = listen(hub, join(await tempDir(), 'listen'));
    await run.waitForStderr(/online/);
    await hub.post({ id: 'A-4', table: '9' });
    const lines = await printed(run, 2);
    expect(lines).toEqual([
      { id: 'A-3', table: '3', seq: 3, handled: null, source: 'orderbell' },
      { id: 'A-4', table: '9', seq: 4, handled: null, source: 'orderbell' },
    ]);
    await stop(run);
  });

  it.each([
    ['Chinese', '厨房平板', '厨房平板'],
    ['emoji and right-to-left', 'Bar 🍺 מטבח', 'Bar 🍺 מטבח'],
    ['over 256 characters', '收银台🍜'.repeat(80), `${'收银台🍜'.repeat(12)}收银台`],
  ])('--device with a %s name is taken by the hub, kept to 64 characters, and gets every order', async (_kind, device, kept) => {
    const hub = await hubWithHistory();
    const run = listen(hub, join(await tempDir(), 'listen'), '--device', device);
    expect((await printed(run, 1))[0]).toMatchObject({ id: 'A-3' });
    expect(hub.logs).toContainEqual(expect.stringContaining(`${kept} (127.0.0.1) resumes after seq`));
    expect(hub.logs.join('\n')).not.toMatch(/refused/);
    await stop(run);
  });

  it('escapes control and bidi characters in meta and unknown fields: each line stays one plain JSON line', async () => {
    const hub = await startHub();
    const nasty = { csi: '\u009b31mRED', rlo: 'paid\u202e', isolate: '\u2066x\u2069', separator: 'a\u2028b' };
    await hub.post({ id: 'N-1', meta: nasty, extra: '\u009b2J' });
    const run = listen(hub, join(await tempDir(), 'listen'));
    await run.waitForStdout(/\n/);
    const line = run.stdoutLines()[0]!;
    expect(line).not.toMatch(/[\u0080-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
    expect(line).toContain('\\u009b31mRED');
    expect(JSON.parse(line)).toMatchObject({ id: 'N-1', meta: nasty, extra: '\u009b2J' });
    await stop(run);
  });

  it('--all prints the history too, each line with its handled state', async () => {
    const hub = await hubWithHistory();
    const run = listen(hub, join(await tempDir(), 'listen'), '--all');
    const lines = await printed(run, 3);
    expect(lines.map((line) => [line.id, (line.handled as { by: string } | null)?.by ?? null])).toEqual([
      ['A-1', 'till'],
      ['A-2', 'till'],
      ['A-3', null],
    ]);
    expect(lines[0]!.handled).toMatchObject({ by: 'till', at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    await stop(run);
  });

  it('a resumed run prints what came while it was away, handled or not, and nothing twice', async () => {
    const hub = await hubWithHistory();
    const dataDir = join(await tempDir(), 'listen');
    const first = listen(hub, dataDir);
    await printed(first, 1);
    await stop(first);

    await hub.post({ id: 'B-1' });
    await hub.post({ id: 'B-2' });
    await handle(hub, 'B-1');
    const again = listen(hub, dataDir);
    const lines = await printed(again, 2);
    expect(lines.map((line) => [line.id, line.handled === null ? 'waiting' : 'handled'])).toEqual([
      ['B-1', 'handled'],
      ['B-2', 'waiting'],
    ]);
    await stop(again);
  });
});
