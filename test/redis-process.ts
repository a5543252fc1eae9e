/**
 * A real Redis server (Debian's redis-server) on a loopback port, with its append-only file in
 * a folder of its own (`appendfsync always` by default: every write is on disk before it is
 * answered), so a restart after `kill -9` finds every entry it acknowledged. Stopped by its PID.
 */
import { endProcess, freePort, spawnServer, type ServerChild } from './server-process';

export const REDIS_SERVER = '/usr/bin/redis-server';

export interface RedisOptions {
  appendfsync?: 'always' | 'everysec';
  /** Require this password for the default user. */
  password?: string;
}

export class RedisProcess {
  private server: ServerChild | undefined;

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
    this.server = await spawnServer('redis-server', REDIS_SERVER, this.args, this.port);
  }

  async kill(): Promise<void> {
    await endProcess(this.server?.child, 'SIGKILL');
  }

  async stop(): Promise<void> {
    await endProcess(this.server?.child, 'SIGTERM');
  }
}
