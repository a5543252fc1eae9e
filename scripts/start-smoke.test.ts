/**
 * Start-up smoke test: the BUILT main bundle runs under Node with `electron` resolved to a
 * built copy of the shared fake (test/electron-fake-loader.mjs), in the development layout and
 * in the packaged one (resources/app plus extraResources), and walks start → test order →
 * notification → window hidden → renderer crash and recovery → quit. Any missing file, API
 * used before ready, or unclean exit fails it. Needs `npm run build` first (npm test does).
 */
import { spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../main/core/settings';
import { freePort } from '../test/cli';
import { tempDir } from '../test/helpers';

const root = join(import.meta.dirname, '..');
let tools: string;

beforeAll(async () => {
  if (!existsSync(join(root, 'dist', 'main', 'main.js'))) throw new Error('dist/main/main.js is missing: run `npm run build` first');
  tools = await mkdtemp(join(tmpdir(), 'orderbell-smoke-'));
  const common = { bundle: true, platform: 'node', target: 'node20', logLevel: 'warning' } as const;
  await build({ ...common, entryPoints: [join(root, 'test', 'electron-mock.ts')], outfile: join(tools, 'electron-fake.cjs'), format: 'cjs' });
  await build({
    ...common,
    entryPoints: [join(root, 'test', 'start-smoke-driver.ts')],
    outfile: join(tools, 'driver.mjs'),
    format: 'esm',
    // The driver must drive the very fake the bundle gets: its import of the fake becomes 'electron'.
    plugins: [{ name: 'fake-is-electron', setup: (b) => b.onResolve({ filter: /electron-mock$/ }, () => ({ path: 'electron', external: true })) }],
  });
});

afterAll(() => rm(tools, { recursive: true, force: true }));

/** What electron-builder.yml puts in a package: `files` under resources/app, `extraResources` beside it. */
async function packagedLayout(): Promise<{ main: string; resources: string }> {
  const resources = join(await tempDir(), 'resources');
  const app = join(resources, 'app');
  await mkdir(app, { recursive: true });
  await cp(join(root, 'dist'), join(app, 'dist'), {
    recursive: true,
    filter: (source) => !/\.map$|[\\/]dist[\\/](cli|bench[^\\/]*)\.js$/.test(source),
  });
  await cp(join(root, 'package.json'), join(app, 'package.json'));
  await symlink(join(root, 'node_modules'), join(app, 'node_modules'), 'dir');
  for (const folder of ['sounds', 'icons']) await cp(join(root, 'assets', folder), join(resources, 'assets', folder), { recursive: true });
  return { main: join(app, 'dist', 'main', 'main.js'), resources };
}

interface Run {
  code: number | null;
  steps: Record<string, unknown>[];
  report: { missingFiles: string[]; emptyImages: string[]; sendErrors: string[]; errorBoxes: unknown[]; exit: number[] } | undefined;
  stderr: string;
}

async function runApp(main: string, env: Record<string, string>): Promise<Run> {
  const userData = await tempDir();
  const settings = { ...DEFAULT_SETTINGS, source: { kind: 'hub', port: await freePort(), token: 'smoke-token-0123456789', lan: false } };
  await writeFile(join(userData, 'settings.json'), JSON.stringify(settings));
  const child = spawn(process.execPath, ['--import', join(root, 'test', 'electron-fake-loader.mjs'), join(tools, 'driver.mjs')], {
    env: { ...process.env, ...env, ORDERBELL_ELECTRON_FAKE: join(tools, 'electron-fake.cjs'), ORDERBELL_USER_DATA: userData, SMOKE_MAIN: main },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearTimeout(killer);
  const lines = stdout.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Record<string, unknown>);
  return { code, stderr, steps: lines.filter((line) => line.step), report: lines.find((line) => line.report)?.report as Run['report'] };
}

function expectCleanRun(run: Run): void {
  expect(run.stderr, 'stderr').toBe('');
  expect(run.steps.map((s) => s.step)).toEqual(['started', 'test order', 'hidden', 'recovered']);
  expect(run.steps[0]).toMatchObject({ visible: true });
  expect(run.steps[1]).toMatchObject({ notification: expect.stringMatching(/^New order #test-\d+ · test$/) });
  expect(run.steps[2]).toEqual({ step: 'hidden', prevented: true, visible: false });
  expect(run.report).toEqual({ missingFiles: [], emptyImages: [], sendErrors: [], errorBoxes: [], exit: [0] });
  expect(run.code).toBe(0);
}

describe('the built app starts, rings, survives a renderer crash and quits (Electron faked)', () => {
  it('in the development layout (dist/ and assets/)', async () => {
    expectCleanRun(await runApp(join(root, 'dist', 'main', 'main.js'), {}));
  }, 90_000);

  it('in the packaged layout (resources/app + extraResources), where start at login is written too', async () => {
    const { main, resources } = await packagedLayout();
    const config = await tempDir();
    const run = await runApp(main, { SMOKE_RESOURCES: resources, XDG_CONFIG_HOME: config });
    expectCleanRun(run);
    expect(await readFile(join(config, 'autostart', 'orderbell.desktop'), 'utf8')).toMatch(/^Exec=env ORDERBELL_USER_DATA=\S+ \S+ --hidden$/m);
  }, 90_000);
});
