/**
 * A real NATS server (Debian's nats-server 2.9) with its MQTT listener, which speaks MQTT 3.1.1
 * only and keeps sessions and QoS 1 messages in JetStream (so it needs JetStream and a
 * server_name). Both listeners on ephemeral loopback ports, a temp config and store folder
 * given by the caller, stopped by its PID. No test framework here; tests use startNats().
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { accepts, freePort } from './loopback-port';

export const NATS_SERVER = '/usr/sbin/nats-server';

export class NatsProcess {
  private child: ChildProcess | undefined;
  log = '';

  private constructor(
    /** The MQTT listener's port. */
    readonly mqttPort: number,
    private readonly config: string,
  ) {}

  /** Writes the config into `dir` (which must exist) and starts the server. */
  static async start(dir: string): Promise<NatsProcess> {
    const [natsPort, mqttPort] = [await freePort(), await freePort()];
    const config = join(dir, 'nats.conf');
    const lines = [
      `listen: "127.0.0.1:${natsPort}"`,
      'server_name: orderbell-test',
      `jetstream { store_dir: ${JSON.stringify(join(dir, 'jetstream'))} }`,
      // An unacked QoS 1 message comes again after ack_wait (30 s by default): 1 s keeps tests short.
      `mqtt { listen: "127.0.0.1:${mqttPort}", ack_wait: "1s" }`,
    ];
    await writeFile(config, `${lines.join('\n')}\n`);
    const server = new NatsProcess(mqttPort, config);
    await server.run();
    return server;
  }

  get url(): string {
    return `mqtt://127.0.0.1:${this.mqttPort}`;
  }

  /** Starts the server (again) with the same ports and JetStream store. */
  async run(): Promise<void> {
    const child = spawn(NATS_SERVER, ['-c', this.config], { stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr!.on('data', (chunk: Buffer) => (this.log += chunk.toString()));
    this.child = child;
    for (let attempt = 0; attempt < 250; attempt++) {
      if (child.exitCode !== null) throw new Error(`nats-server exited with ${child.exitCode}: ${this.log}`);
      if (await accepts(this.mqttPort)) return;
      await sleep(20);
    }
    throw new Error(`nats-server did not listen on ${this.mqttPort}: ${this.log}`);
  }

  /** SIGTERM by PID, then waits for the exit. */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    process.kill(child.pid!, 'SIGTERM');
    await exited;
  }
}
