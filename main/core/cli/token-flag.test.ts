import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { cli, runCli } from '../../../test/cli';
import { tempDir } from '../../../test/helpers';
import { startHub } from '../../../test/hub-harness';
import { hidesProcesses, otherPeople, otherPeopleCanReadCommandLines } from './shared-machine';
import { sourceFromFlags } from './source-flags';

const PASSWD = `root:x:0:0:root:/root:/bin/bash
daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
postgres:x:110:118::/var/lib/postgresql:/bin/bash
shop:x:1000:1000:Shop Till:/home/shop:/bin/bash
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
kiosk:x:1001:1001::/home/kiosk:/usr/sbin/nologin
anna:x:1002:1002::/home/anna:/bin/zsh
`;

async function tokenFile(content: string): Promise<string> {
  const path = join(await tempDir(), 'token');
  await writeFile(path, content, { mode: 0o600 });
  return path;
}

/** Where --token is used, the warning every user of a shared machine should see, once. */
const SHARED_WARNING = /^warning: --token shows the token to every user of this machine \(ps, \/proc\/\d+\/cmdline\); use --token-file or ORDERBELL_TOKEN instead$/m;

describe('who can read a command line', () => {
  it('counts the people with an account and a login shell besides oneself, not root, services or nobody', () => {
    expect(otherPeople(PASSWD, 1000)).toEqual(['anna']);
    expect(otherPeople(PASSWD, 0)).toEqual(['shop', 'anna']);
    expect(otherPeople('root:x:0:0:root:/root:/bin/bash\nshop:x:1000:1000::/home/shop:/bin/bash\n', 1000)).toEqual([]);
  });

  it('knows a /proc that hides other users’ processes', () => {
    expect(hidesProcesses('sysfs /sys sysfs rw 0 0\nproc /proc proc rw,nosuid,relatime,hidepid=invisible 0 0\n')).toBe(true);
    expect(hidesProcesses('proc /proc proc rw,relatime,hidepid=2,gid=4 0 0\n')).toBe(true);
    expect(hidesProcesses('proc /proc proc rw,relatime,hidepid=0 0 0\n')).toBe(false);
    expect(hidesProcesses('proc /proc proc rw,relatime 0 0\n')).toBe(false);
  });
});

describe('the token from a file or the environment', () => {
  it('send takes it from --token-file or ORDERBELL_TOKEN, and warns of --token only where others can read it', async () => {
    const hub = await startHub();
    const args = ['send', '--url', hub.info.url, '--text', 'x'];
    const fromFile = await cli([...args, '--token-file', await tokenFile(`${hub.info.token}\n`)]);
    const fromEnv = await cli(args, { env: { ORDERBELL_TOKEN: hub.info.token } });
    const fromFlag = await cli([...args, '--token', hub.info.token]);
    for (const [run, seq] of [[fromFile, 1], [fromEnv, 2], [fromFlag, 3]] as const) {
      expect(run).toMatchObject({ code: 0, stdout: expect.stringContaining(`"seq":${seq}`) });
    }
    expect(fromFile.stderr + fromEnv.stderr).toBe('');
    if (otherPeopleCanReadCommandLines()) expect(fromFlag.stderr.match(new RegExp(SHARED_WARNING, 'gm'))).toHaveLength(1);
    else expect(fromFlag.stderr).toBe('');
  });

  it('prefers a flag to ORDERBELL_TOKEN', async () => {
    const hub = await startHub();
    const run = await cli(['send', '--url', hub.info.url, '--token-file', await tokenFile(hub.info.token), '--text', 'x'], { env: { ORDERBELL_TOKEN: 'stale-token' } });
    expect(run.code).toBe(0);
  });

  it.each([
    ['both flags', async () => ['--token', 't', '--token-file', await tokenFile('t')], 'orderbell send: give --token or --token-file, not both'],
    ['a missing file', async () => ['--token-file', '/nonexistent/token'], 'orderbell send: --token-file cannot be read: /nonexistent/token: ENOENT'],
    ['an empty file', async () => ['--token-file', await tokenFile('\n')], /^orderbell send: --token-file \S+ is empty$/],
    ['a file of two lines', async () => ['--token-file', await tokenFile('one\ntwo\n')], /^orderbell send: --token-file \S+ must hold the token alone, on one line$/],
    ['no token at all', async () => [], 'orderbell send: --token-file, ORDERBELL_TOKEN or --token is required'],
  ])('send refuses %s with exit code 2 and a line naming it', async (_, flags, error) => {
    const run = await cli(['send', '--url', 'http://127.0.0.1:1', '--text', 'x', ...(await flags())], { env: { ORDERBELL_TOKEN: '' } });
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toMatch(error);
  });

  it('listen takes the hub’s token from --token-file or ORDERBELL_TOKEN, and never shows it', async () => {
    const hub = await startHub({ token: 'Listen-S3cret-Token-0123' });
    await hub.post({ id: 'T-1' });
    const fromFile = runCli(['listen', '--url', hub.wsUrl, '--token-file', await tokenFile(hub.info.token), '--data', await tempDir()]);
    const fromEnv = runCli(['listen', '--url', hub.wsUrl, '--data', await tempDir()], { env: { ORDERBELL_TOKEN: hub.info.token } });
    for (const run of [fromFile, fromEnv]) {
      await run.waitForStdout(/"id":"T-1"/);
      run.kill('SIGTERM');
      await run.exited;
      expect(run.stderr()).not.toContain(hub.info.token);
      expect(run.stderr()).not.toMatch(/warning: --token/);
    }
  });

  it('hub takes its token from --token-file, and says where it came from', async () => {
    const path = await tokenFile('Hub-File-Token-0123456789');
    const hub = runCli(['hub', '--port', '0', '--data', join(await tempDir(), 'hub'), '--token-file', path]);
    const url = (await hub.waitForStdout(/listening on (http:\/\/\S+)/))[1]!;
    // The order screen's line follows the listening line, maybe in a later chunk.
    const origin = `the token given (--token-file ${path})`;
    await hub.waitForStdout(new RegExp(origin.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    expect(hub.stdout()).not.toContain('generated a new token');
    expect((await cli(['send', '--url', url, '--text', 'x'], { env: { ORDERBELL_TOKEN: 'Hub-File-Token-0123456789' } })).code).toBe(0);
    hub.kill('SIGTERM');
    await hub.exited;
  });

  it('gives ORDERBELL_TOKEN, the hub’s, to an OrderBell hub only, never to another kind of server', () => {
    vi.stubEnv('ORDERBELL_TOKEN', 'the-hubs-token');
    expect(sourceFromFlags({ url: 'ws://127.0.0.1:1/ws' })).toMatchObject({ kind: 'orderbell', token: 'the-hubs-token' });
    expect(sourceFromFlags({ source: 'text', url: 'ws://127.0.0.1:1/' })).not.toHaveProperty('token');
    expect(sourceFromFlags({ source: 'centrifugo', url: 'ws://127.0.0.1:1/', channel: 'c' })).not.toHaveProperty('token');
  });
});
