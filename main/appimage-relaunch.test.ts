import { spawn } from 'node:child_process';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { defer, tempDir, waitFor } from '../test/helpers';
import { environmentOutsideMount } from './appimage-relaunch';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('relaunching an AppImage after this process exits', () => {
  it('starts the new AppImage only once the app is gone, even when it is killed with -9, outside the old mount', async () => {
    const dir = await tempDir();
    const started = join(dir, 'started');
    const appImage = join(dir, 'OrderBell-1.1.0.AppImage');
    await writeFile(appImage, `#!/bin/sh\necho "$PPID $APPDIR|$LD_LIBRARY_PATH|$(pwd)|$*" > '${started}'\n`);
    await chmod(appImage, 0o755);
    // The "app": a real process that asks for the relaunch and then stays until killed.
    const module = join(dir, 'relaunch.mjs');
    await build({ entryPoints: [join(import.meta.dirname, 'appimage-relaunch.ts')], outfile: module, bundle: true, platform: 'node', format: 'esm', logLevel: 'warning' });
    const script = `import(${JSON.stringify(module)}).then((m) => { m.relaunchAppImageAfterExit(process.argv[1], process.env, process.pid, ['--hidden']); console.log('asked'); setInterval(() => {}, 1000); });`;
    const app = spawn(process.execPath, ['-e', script, appImage], {
      cwd: dir,
      env: { ...process.env, APPDIR: '/tmp/.mount_OrderBXYZ', APPIMAGE: join(dir, 'OrderBell-1.0.0.AppImage'), LD_LIBRARY_PATH: '/tmp/.mount_OrderBXYZ/usr/lib:/opt/lib' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    defer(() => app.kill('SIGKILL'));
    await new Promise<void>((resolve) => app.stdout.on('data', () => resolve()));
    await sleep(500);
    expect(existsSync(started)).toBe(false);
    process.kill(app.pid!, 'SIGKILL');
    await waitFor(() => existsSync(started), 5000, 'the new AppImage to start');
    const [, rest] = (await readFile(started, 'utf8')).trim().split(/ (.*)/s) as [string, string];
    expect(rest).toBe('|/opt/lib|/|--hidden');
  });

  it('leaves out what points into the old mount', () => {
    expect(environmentOutsideMount({ APPDIR: '/tmp/.mount_X', APPIMAGE: '/a', ARGV0: 'x', OWD: '/home', HOME: '/home/shop', LD_LIBRARY_PATH: '/tmp/.mount_X/usr/lib' })).toEqual({ HOME: '/home/shop' });
  });
});
