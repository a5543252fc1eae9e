/**
 * A real Redis server (Debian's redis-server) on a loopback port, with its append-only file in
 * a folder of its own (`appendfsync always` by default: every write is on disk before it is
 * answered), so a restart after `kill -9` finds every entry it acknowledged. Stopped by its PID.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { accepts, freePort } from './ports';

export const REDIS_SERVER = '/usr/bin/redis-server';

export interface RedisOptions {
  appendfsync?: 'always' | 'everysec';
  /** Require this password for the default user. */
  password?: string;
}

export class RedisProcess {
  private child: ChildProcess | undefined;
  log = '';

  private constructor(
    readonly port: number,
    private readonly args: string[],
  ) {}

  static async start(dir: string, options: RedisOptions = {}): Promise<RedisProcess> {
    const port = await freePort();
    const args = [
      '--port', String(port),
      '--bind', '127.0.0.1',
      '--dir', dir,
      '--appendonly', 'yes',
      '--appendfsync', options.appendfsync ?? 'always',
      '--save', '',
      '--protected-mode', 'no',
      ...(options.password ? ['--requirepass', options.password] : []),
    ];
    const server = new RedisProcess(port, args);
    await server.run();
    return server;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async run(): Promise<void> {
    const child = spawn(REDIS_SERVER, this.args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const record = (chunk: Buffer) => (this.log = (this.log + chunk.toString()).slice(-20_000));
    child.stdout!.on('data', record);
    child.stderr!.on('data', record);
    child.once('error', (error) => (this.log += `\n${error.message}`));
    this.child = child;
    for (let attempt = 0; attempt < 250; attempt++) {
      if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}: ${this.log}`);
      if (await accepts(this.port)) return;
      await sleep(20);
    }
    throw new Error(`redis-server did not listen on ${this.port}: ${this.log}`);
  }

  async kill(): Promise<void> {
    await this.end('SIGKILL');
  }

  async stop(): Promise<void> {
    await this.end('SIGTERM');
  }

  private async end(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  }
}
