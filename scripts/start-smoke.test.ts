/**
 * Start-up smoke test: the BUILT main bundle runs under Node with `electron` resolved to a
 * built copy of the shared fake (test/electron-fake-loader.mjs), in the development layout and
 * in the packaged one (resources/app plus extraResources), and walks start → test order →
 * notification → window hidden → hidden page hung (watchdog → reload) → renderer crash with an
 * order ringing through the alarm window → recovery → quit. Any missing file, API
 * used before ready, or unclean exit fails it. Each run also has the updater check a local
 * feed (ORDERBELL_UPDATE_DEV_FEED, first check at once): up to date, hanging while the app
 * starts and quits, or down. Needs `npm run build` first (npm test does).
 */
import { spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../main/core/settings/settings';
import { freePort } from '../test/cli';
import { tempDir, waitFor } from '../test/helpers';
import { UpdateServer } from '../test/update-server';

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
  /** What the app logged (its stdout lines that are not the driver's JSON). */
  log: string[];
  report: { missingFiles: string[]; emptyImages: string[]; sendErrors: string[]; errorBoxes: unknown[]; exit: number[] } | undefined;
  stderr: string;
}

async function runApp(main: string, env: Record<string, string>): Promise<Run> {
  const userData = await tempDir();
  const settings = { ...DEFAULT_SETTINGS, source: { kind: 'hub', port: await freePort(), token: 'smoke-token-0123456789', lan: false } };
  await writeFile(join(userData, 'settings.json'), JSON.stringify(settings));
  const child = spawn(process.execPath, ['--import', join(root, 'test', 'electron-fake-loader.mjs'), join(tools, 'driver.mjs')], {
    env: { ...process.env, ...env, ORDERBELL_ELECTRON_FAKE: join(tools, 'electron-fake.cjs'), ORDERBELL_USER_DATA: userData, SMOKE_MAIN: main, ORDERBELL_DEV_WATCHDOG_MS: '200' },
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
  const log = stdout.split('\n').filter((line) => line && !line.startsWith('{'));
  return { code, stderr, log, steps: lines.filter((line) => line.step), report: lines.find((line) => line.report)?.report as Run['report'] };
}

const { version } = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { version: string };

/** The dev feed, checked at once; the driver waits for Settings → Updates to show `state`. */
function updateEnv(feedUrl: string, state: 'up-to-date' | 'checking' | 'failed'): Record<string, string> {
  return { ORDERBELL_UPDATE_DEV_FEED: feedUrl, ORDERBELL_UPDATE_DEV_FIRST_CHECK_MS: '0', SMOKE_UPDATE: state };
}

/** A feed whose latest-linux.yml is this very version. */
async function feedOfThisVersion(): Promise<UpdateServer> {
  const server = await UpdateServer.start();
  server.release = { version, channelFile: 'latest-linux.yml', fileName: `OrderBell-${version}.AppImage`, artifact: Buffer.alloc(1024, 1) };
  return server;
}

/** electron-updater asks for latest-linux.yml with a query against caches. */
const feedRequest = (feedUrl: string) => expect.stringMatching(new RegExp(`^GET ${feedUrl.replace(/[.]/g, '\\.')}latest-linux\\.yml\\?noCache=\\w+$`));

function expectCleanRun(run: Run): void {
  expect(run.stderr, 'stderr').toBe('');
  expect(run.steps.map((s) => s.step)).toEqual(['started', 'update', 'test order', 'hidden', 'watchdog', 'alarm', 'recovered']);
  expect(run.steps[0]).toMatchObject({ visible: true });
  expect(run.steps[2]).toMatchObject({ notification: expect.stringMatching(/^New order #test-\d+ · test$/) });
  expect(run.steps[3]).toEqual({ step: 'hidden', prevented: true, visible: false });
  expect(run.steps[4]).toEqual({ step: 'watchdog', reloads: 1, crashed: false });
  expect(run.log).toContain('order screen: no answer to the watchdog within 200 ms');
  expect(run.steps[5]).toMatchObject({ page: expect.stringMatching(/[\\/]renderer[\\/]alarm\.html$/), visible: false, ring: { action: { kind: 'sound', sound: 'new-order' }, sound: 'chime' }, pageRang: false });
  expect(run.steps[6]).toEqual({ step: 'recovered', reloads: 2 });
  expect(run.report).toEqual({ missingFiles: [], emptyImages: [], sendErrors: [], errorBoxes: [], exit: [0] });
  expect(run.code).toBe(0);
}

describe('the built app starts, checks for updates, rings, survives a hung and a crashed renderer and quits (Electron faked)', () => {
  it('in the development layout (dist/ and assets/), its feed saying it is up to date', async () => {
    const server = await feedOfThisVersion();
    const run = await runApp(join(root, 'dist', 'main', 'main.js'), updateEnv(server.url, 'up-to-date'));
    expectCleanRun(run);
    expect(run.steps[1]).toMatchObject({ state: { kind: 'up-to-date' }, requests: [feedRequest(server.url)] });
    expect(server.requests).toEqual(['/orderbell/latest-linux.yml']);
    expect(run.log).toContain(`update: version ${version} is up to date`);
  }, 90_000);

  it('in the packaged layout (resources/app + extraResources), where start at login is written too; quit while the feed has not answered', async () => {
    const server = await feedOfThisVersion();
    server.stalled = true;
    const { main, resources } = await packagedLayout();
    const config = await tempDir();
    const run = await runApp(main, { ...updateEnv(server.url, 'checking'), SMOKE_RESOURCES: resources, XDG_CONFIG_HOME: config });
    // Start-up, the test order, the crash and the quit all happened while the check hung.
    expectCleanRun(run);
    expect(run.steps[1]).toMatchObject({ state: { kind: 'checking' }, requests: [feedRequest(server.url)] });
    await waitFor(() => server.requests.length > 0, 5000, 'the feed request to arrive');
    expect(server.requests).toEqual(['/orderbell/latest-linux.yml']);
    expect(await readFile(join(config, 'autostart', 'orderbell.desktop'), 'utf8')).toMatch(/^Exec=env ORDERBELL_USER_DATA=\S+ \S+ --hidden$/m);
  }, 90_000);

  it('with its update feed down: the failure is logged and shown, start-up and quit go on as usual', async () => {
    const feed = `http://127.0.0.1:${await freePort()}/orderbell/`;
    const run = await runApp(join(root, 'dist', 'main', 'main.js'), updateEnv(feed, 'failed'));
    expectCleanRun(run);
    const error = 'the update server cannot be reached (net::ERR_CONNECTION_REFUSED)';
    expect(run.steps[1]).toMatchObject({ state: { kind: 'failed', error }, requests: [feedRequest(feed)] });
    expect(run.log).toContainEqual(expect.stringMatching(new RegExp(`^update: ${error.replace(/[()]/g, '\\$&')}; the running version carries on, next try in \\d+ min$`)));
  }, 90_000);
});
