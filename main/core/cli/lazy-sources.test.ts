/**
 * The built CLI loads a push server's client library only for a source of that kind: `hub`
 * and `send` start without MQTT.js, pusher-js, centrifuge, socket.io-client or eventsource.
 * Watched with a module resolution hook (test/import-log.mjs) in the real child process.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort, runCli } from '../../../test/cli';
import { tempDir } from '../../../test/helpers';

const CLIENT_LIBRARIES = ['mqtt', 'pusher-js', 'centrifuge', 'socket.io-client', 'eventsource'];
const HOOK = join(import.meta.dirname, '..', '..', '..', 'test', 'import-log.mjs');

async function packagesImported(args: string[], until: (run: ReturnType<typeof runCli>) => Promise<unknown>): Promise<string[]> {
  const dir = await tempDir();
  const log = join(dir, 'imports.log');
  const run = runCli([...args, '--data', dir], { node: ['--import', HOOK], env: { ORDERBELL_IMPORT_LOG: log } });
  await until(run);
  run.kill('SIGTERM');
  await run.exited;
  return (await readFile(log, 'utf8')).split('\n').filter(Boolean);
}

describe('client libraries load with their kind only', () => {
  it('hub starts without any; listen --source mqtt loads MQTT.js and no other', async () => {
    const hub = await packagesImported(['hub', '--port', '0'], (run) => run.waitForStdout(/hub listening on/));
    expect(hub).toContain('ws');
    expect(hub.filter((name) => CLIENT_LIBRARIES.includes(name))).toEqual([]);

    const dead = await freePort();
    const listen = await packagesImported(['listen', '--source', 'mqtt', '--url', `mqtt://127.0.0.1:${dead}`, '--topic', 'orders'], (run) => run.waitForStderr(/offline/));
    expect([...new Set(listen.filter((name) => CLIENT_LIBRARIES.includes(name)))]).toEqual(['mqtt']);
  });
});
