/**
 * A real nginx with Debian's Nchan module (libnginx-mod-nchan): a temp config and prefix, one
 * ephemeral loopback port, stopped by its PID. Orders are published over HTTP (`POST /pub`),
 * subscribers take `/sub` as an EventSource, with a keep-alive comment every `pingS` seconds and
 * the channel's messages kept for `Last-Event-ID` recovery. No test framework here, so the
 * benchmark can use it too; tests stop it with `defer`.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { endProcess, freePort, spawnServer, type ServerChild } from './server-process';

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
    let server: ServerChild;
    try {
      server = await spawnServer('nginx with Nchan', NGINX, ['-p', dir, '-c', join(dir, 'nginx.conf')], port);
    } catch (error) {
      const log = await readFile(join(dir, 'logs', 'error.log'), 'utf8').catch(() => '');
      await rm(dir, { recursive: true, force: true });
      throw new Error(`${(error as Error).message}${log}`);
    }
    const nchan = new NchanProcess(server.child, port, dir);
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
    await endProcess(this.child, 'SIGKILL');
    await rm(this.dir, { recursive: true, force: true });
  }
}
