/**
 * A real nginx with Debian's Nchan module (libnginx-mod-nchan): a temp config and prefix, one
 * ephemeral loopback port, stopped by its PID. Orders are published over HTTP (`POST /pub`),
 * subscribers take `/sub` as an EventSource, with a keep-alive comment every `pingS` seconds and
 * the channel's messages kept for `Last-Event-ID` recovery. No test framework here, so the
 * benchmark can use it too; tests stop it with `defer`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from './loopback-port';

export const NGINX = '/usr/sbin/nginx';
export const NCHAN_MODULE = '/usr/lib/nginx/modules/ngx_nchan_module.so';

export class NchanProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
    private readonly dir: string,
  ) {}

  /** `pingS`: seconds between keep-alive comments on every subscriber's stream (Nchan's own default is none). */
  static async start({ pingS = 5 }: { pingS?: number } = {}): Promise<NchanProcess> {
    const dir = await mkdtemp(join(tmpdir(), 'orderbell-nchan-'));
    await mkdir(join(dir, 'logs'));
    const port = await freePort();
    const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((name) => `  ${name}_temp_path ${join(dir, name)};`).join('\n');
    await writeFile(
      join(dir, 'nginx.conf'),
      `load_module ${NCHAN_MODULE};
daemon off;
master_process off;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'logs', 'error.log')} warn;
events { worker_connections 256; }
http {
  access_log off;
${temp}
  server {
    listen 127.0.0.1:${port};
    location = /pub {
      nchan_publisher;
      nchan_channel_id orders;
      nchan_message_buffer_length 1000;
      nchan_message_timeout 1h;
    }
    location = /sub {
      nchan_subscriber eventsource;
      nchan_channel_id orders;
      nchan_eventsource_ping_interval ${pingS};
    }
  }
}
`,
    );
    const child = spawn(NGINX, ['-p', dir, '-c', join(dir, 'nginx.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const nchan = new NchanProcess(child, port, dir);
    const deadline = Date.now() + 10_000;
    while (!(await accepts(port))) {
      if (child.exitCode !== null || Date.now() > deadline) {
        await nchan.stop();
        const log = await readFile(join(dir, 'logs', 'error.log'), 'utf8').catch(() => '');
        throw new Error(`nginx with Nchan did not start: ${stderr}${log}`);
      }
      await sleep(50);
    }
    return nchan;
  }

  get subscribeUrl(): string {
    return `http://127.0.0.1:${this.port}/sub`;
  }

  /** Publishes one message on the channel, as a shop's backend would: `curl -d … /pub`. */
  async publish(data: string): Promise<void> {
    const response = await fetch(`http://127.0.0.1:${this.port}/pub`, { method: 'POST', body: data, headers: { 'Content-Type': 'application/json' } });
    if (response.status !== 201 && response.status !== 202) throw new Error(`Nchan refused the publish: HTTP ${response.status} ${await response.text()}`);
  }

  /** Kills nginx by its PID and removes its prefix. */
  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise((resolve) => this.child.once('exit', resolve));
      process.kill(this.child.pid!, 'SIGKILL');
      await exited;
    }
    await rm(this.dir, { recursive: true, force: true });
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}
