/**
 * `npm start` (scripts/start.mjs) with and without Electron's binary. ELECTRON_OVERRIDE_DIST_PATH
 * (honoured by the electron package) points at a folder that has, or lacks, an `electron`, so
 * both cases run here whatever node_modules/electron holds. Needs `npm run build` first.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { freePort } from '../test/cli';
import { defer, tempDir, waitFor } from '../test/helpers';

const root = join(import.meta.dirname, '..');

function start(args: string[], electronDist: string) {
  const child = spawn(process.execPath, [join(root, 'scripts', 'start.mjs'), ...args], {
    env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: electronDist },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let stderr = '';
  createInterface({ input: child.stdout }).on('line', (line) => lines.push(line));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  defer(() => child.exitCode === null && child.kill('SIGKILL'));
  return { child, lines, stderr: () => stderr, exited };
}

describe('npm start', () => {
  it('without Electron\'s binary says so in one line and serves the order screen in the browser, with its token', async () => {
    const pathFile = join(root, 'node_modules', 'electron', 'path.txt');
    const hadPathFile = existsSync(pathFile);
    const port = await freePort();
    const app = start(['--port', String(port), '--data', await tempDir()], await tempDir());
    const link = new RegExp(`^\\s+(http://127\\.0\\.0\\.1:${port})/#token=([\\w-]+)$`);
    await waitFor(() => app.lines.some((line) => link.test(line)), 15_000, 'the order screen address');
    expect(app.lines[0]).toBe("OrderBell: Electron's binary is not installed here (node_modules/electron has no dist/), so the order screen runs in your browser instead; open the address below.");
    const [, page, token] = link.exec(app.lines.find((line) => link.test(line))!) as unknown as [string, string, string];
    expect(await (await fetch(`${page}/`)).text()).toContain('<html');
    // The main job: an order posted to this hub is there for the screen.
    const posted = await fetch(`${page}/api/orders`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ id: 'B-1' }) });
    expect(posted.status).toBe(201);
    const listed = (await (await fetch(`${page}/api/orders`, { headers: { Authorization: `Bearer ${token}` } })).json()) as unknown;
    expect(JSON.stringify(listed)).toContain('"B-1"');
    app.child.kill('SIGINT');
    expect(await app.exited).toBe(0);
    expect(app.stderr()).toBe('');
    expect(app.lines.join('\n')).not.toMatch(/Downloading|Error|    at /);
    expect(existsSync(pathFile), 'no download was started').toBe(hadPathFile);
  });

  it('says why when the hub stops by itself: its own reason, then that the order screen gets no orders', async () => {
    const port = await freePort();
    const taken = createServer().listen(port, '127.0.0.1');
    defer(() => new Promise((resolve) => taken.close(resolve)));
    const app = start(['--port', String(port), '--data', await tempDir()], await tempDir());
    expect(await app.exited).toBe(1);
    expect(app.stderr()).toContain(`port ${port} is already in use; choose another port`);
    expect(app.stderr()).toMatch(/OrderBell: the hub stopped, so the order screen gets no orders: it exited with code 1; its last line above says why\.\n$/);
  });

  it('with Electron\'s binary runs Electron on this app, as before, and ends with its exit code', async () => {
    const dist = await tempDir();
    const record = join(dist, 'ran');
    await writeFile(join(dist, 'electron'), `#!/bin/sh\nprintf '%s\\n' "$PWD" "$@" > '${record}'\nexit 3\n`, { mode: 0o755 });
    const app = start(['--trace-warnings'], dist);
    expect(await app.exited).toBe(3);
    expect((await readFile(record, 'utf8')).split('\n')).toEqual([root, '.', '--trace-warnings', '']);
    expect(app.lines).toEqual([]);
  });
});
