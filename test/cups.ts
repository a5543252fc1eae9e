/**
 * A private CUPS scheduler for tests: Debian's cupsd with its own config, spool and logs in a
 * temp folder, listening on 127.0.0.1 at an ephemeral port, stopped by its PID afterwards.
 */
import { execFile, spawn } from 'node:child_process';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './cli';
import { defer, sleep, tempDir } from './helpers';

export const CUPSD = '/usr/sbin/cupsd';
const run = promisify(execFile);

export interface Cups {
  /** host:port, for `lp -h` and cups://HOST:PORT/QUEUE. */
  server: string;
  /** Adds a raw queue that sends every job to `device` (socket://127.0.0.1:PORT). */
  addRawQueue(name: string, device: string): Promise<void>;
}

export async function startCups(): Promise<Cups> {
  const root = await tempDir();
  // cupsd drops to an unprivileged user for backends; as root that is "lp", who must reach the spool.
  await chmod(root, 0o755);
  const dirs = ['etc', 'spool', 'tmp', 'cache', 'state', 'log'];
  for (const dir of dirs) await mkdir(join(root, dir), { mode: 0o777 });
  for (const dir of dirs.slice(1)) await chmod(join(root, dir), 0o777);
  const asRoot = process.getuid?.() === 0;
  const user = asRoot ? 'lp' : userInfo().username;
  const group = asRoot ? 'lp' : (await run('id', ['-gn'])).stdout.trim();
  const port = await freePort();
  await writeFile(join(root, 'etc', 'cups-files.conf'), [
    `ServerRoot ${root}/etc`, `RequestRoot ${root}/spool`, `TempDir ${root}/tmp`, `CacheDir ${root}/cache`,
    `StateDir ${root}/state`, `ErrorLog ${root}/log/error_log`, `AccessLog ${root}/log/access_log`,
    `PageLog ${root}/log/page_log`, 'ServerBin /usr/lib/cups', 'DataDir /usr/share/cups',
    `User ${user}`, `Group ${group}`, `SystemGroup ${asRoot ? 'root' : group}`, 'FileDevice No', 'Sandboxing Relaxed', '',
  ].join('\n'));
  await writeFile(join(root, 'etc', 'cupsd.conf'), [
    `Listen 127.0.0.1:${port}`, 'LogLevel info', 'WebInterface No', 'Browsing No', 'DefaultAuthType None',
    '<Location />', '  Order allow,deny', '  Allow all', '</Location>',
    '<Policy default>', '  <Limit All>', '    Order deny,allow', '    Allow all', '  </Limit>', '</Policy>', '',
  ].join('\n'));
  const child = spawn(CUPSD, ['-f', '-c', join(root, 'etc', 'cupsd.conf'), '-s', join(root, 'etc', 'cups-files.conf')], { stdio: 'ignore' });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  defer(() => {
    process.kill(child.pid!, 'SIGTERM');
    return exited;
  });
  const server = `127.0.0.1:${port}`;
  const errorLog = () => readFile(join(root, 'log', 'error_log'), 'utf8').catch(() => '');
  const deadline = Date.now() + 10_000;
  while (!(await answers(server))) {
    if (child.exitCode !== null) throw new Error(`cupsd exited ${child.exitCode}:\n${await errorLog()}`);
    if (Date.now() > deadline) throw new Error(`cupsd did not answer within 10 s:\n${await errorLog()}`);
    await sleep(100);
  }
  return {
    server,
    async addRawQueue(name, device) {
      await run('lpadmin', ['-h', server, '-p', name, '-E', '-v', device]);
    },
  };
}

async function answers(server: string): Promise<boolean> {
  try {
    return /is running/.test((await run('lpstat', ['-h', server, '-r'])).stdout);
  } catch {
    return false;
  }
}
