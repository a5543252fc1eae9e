/**
 * A real Mosquitto broker: its own config in a given folder, a loopback port, disk persistence
 * (a restart keeps sessions and queued messages), stopped by its PID. No test framework here,
 * so the benchmark uses it too; tests use test/mosquitto.ts, which cleans up after them.
 */
import { spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { endProcess, freePort, spawnServer, type ServerChild } from './server-process';

export const MOSQUITTO = '/usr/sbin/mosquitto';

export interface BrokerOptions {
  /** Require this user and password (anonymous logins are refused). */
  user?: { name: string; password: string };
  /** Grant no subscription above this QoS (Mosquitto's max_qos). */
  maxQos?: 0 | 1;
  /** A second listener, mqtts:// on `tlsPort`, serving this certificate (PEM files). */
  tls?: { caFile: string; certFile: string; keyFile: string };
}

export class MosquittoProcess {
  private server: ServerChild | undefined;

  private constructor(
    readonly port: number,
    private readonly dir: string,
    /** The mqtts:// listener's port (0 without `tls`). */
    readonly tlsPort = 0,
  ) {}

  /** Writes the config into `dir` (which must exist) and starts the broker. */
  static async start(dir: string, options: BrokerOptions = {}): Promise<MosquittoProcess> {
    const port = await freePort();
    const lines = [`listener ${port} 127.0.0.1`, 'persistence true', `persistence_location ${dir}/`, 'log_dest stderr', 'log_type error', 'log_type warning'];
    // Run as root, Mosquitto would switch to its own user, which cannot read the folder.
    if (process.getuid?.() === 0) lines.push('user root');
    if (options.maxQos !== undefined) lines.push(`max_qos ${options.maxQos}`);
    const tlsPort = options.tls ? await freePort() : 0;
    if (options.tls) lines.push(`listener ${tlsPort} 127.0.0.1`, `cafile ${options.tls.caFile}`, `certfile ${options.tls.certFile}`, `keyfile ${options.tls.keyFile}`);
    if (options.user) {
      const passwords = join(dir, 'passwords');
      spawnSync('/usr/bin/mosquitto_passwd', ['-c', '-b', passwords, options.user.name, options.user.password]);
      lines.push('allow_anonymous false', `password_file ${passwords}`);
    } else {
      lines.push('allow_anonymous true');
    }
    await writeFile(join(dir, 'mosquitto.conf'), `${lines.join('\n')}\n`);
    const broker = new MosquittoProcess(port, dir, tlsPort);
    await broker.run();
    return broker;
  }

  get url(): string {
    return `mqtt://127.0.0.1:${this.port}`;
  }

  get tlsUrl(): string {
    return `mqtts://127.0.0.1:${this.tlsPort}`;
  }

  /** Starts the broker (again) on the same port and persistence folder. */
  async run(): Promise<void> {
    this.server = await spawnServer('mosquitto', MOSQUITTO, ['-c', join(this.dir, 'mosquitto.conf')], this.port);
  }

  /** SIGTERM (Mosquitto writes its persistence file on the way out), then waits for the exit. */
  async stop(): Promise<void> {
    const child = this.server?.child;
    this.server = undefined;
    await endProcess(child, 'SIGTERM');
  }

  /** What the broker printed (its errors and warnings). */
  get log(): string {
    return this.server?.log() ?? '';
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.run();
  }
}
