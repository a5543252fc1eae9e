/**
 * Real NATS servers (Debian's nats-server) with JetStream: one (optionally with its MQTT
 * listener), or a cluster of three whose streams are replicated by RAFT. Each node listens on loopback ports of its own, keeps its
 * store in a folder of its own (a restart finds its streams), and is stopped by its PID:
 * `kill(index)` is a `kill -9`. No test framework here, so the benchmark can use it too.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ClusterInfo, JetStreamManager } from '@nats-io/jetstream';
import { endProcess, freePort, spawnServer, type ServerChild } from './server-process';

export const NATS_SERVER = '/usr/sbin/nats-server';

export interface NatsClusterOptions {
  /** 1 (default) or 3 nodes. */
  nodes?: 1 | 3;
  /** Lines added inside each node's config, e.g. an `authorization { … }` block. */
  extraConfig?: string;
  /**
   * An MQTT listener (one node only): MQTT 3.1.1, sessions and QoS 1 messages kept in JetStream.
   * An unacked QoS 1 message comes again after 1 s (the server's default is 30 s).
   */
  mqtt?: boolean;
}

interface NatsNode {
  name: string;
  port: number;
  mqttPort?: number;
  routePort: number;
  store: string;
  config: string;
  server?: ServerChild;
}

export class NatsCluster {
  private constructor(private readonly nodes: NatsNode[]) {}

  static async start(dir: string, options: NatsClusterOptions = {}): Promise<NatsCluster> {
    const count = options.nodes ?? 1;
    const nodes: NatsNode[] = [];
    for (let index = 0; index < count; index++) {
      nodes.push({ name: `n${index + 1}`, port: await freePort(), routePort: await freePort(), store: join(dir, `n${index + 1}`), config: '' });
    }
    if (options.mqtt) {
      if (count > 1) throw new Error('an MQTT listener is set up on a single node only');
      nodes[0]!.mqttPort = await freePort();
    }
    for (const node of nodes) {
      await mkdir(node.store, { recursive: true });
      const routes = nodes.filter((other) => other !== node).map((other) => `nats-route://127.0.0.1:${other.routePort}`);
      const lines = [
        `server_name: ${node.name}`,
        `listen: 127.0.0.1:${node.port}`,
        `jetstream { store_dir: "${node.store}", max_memory_store: 64MB, max_file_store: 1GB }`,
        ...(count > 1 ? [`cluster { name: orders, listen: 127.0.0.1:${node.routePort}, routes: [${routes.join(', ')}] }`] : []),
        ...(node.mqttPort ? [`mqtt { listen: 127.0.0.1:${node.mqttPort}, ack_wait: "1s" }`] : []),
        options.extraConfig ?? '',
      ];
      node.config = join(dir, `${node.name}.conf`);
      await writeFile(node.config, `${lines.join('\n')}\n`);
    }
    const cluster = new NatsCluster(nodes);
    await Promise.all(nodes.map((_, index) => cluster.run(index)));
    return cluster;
  }

  /** Every running node's client URL, comma-separated, as a source takes them. */
  get url(): string {
    return this.nodes.map((node) => `nats://127.0.0.1:${node.port}`).join(',');
  }

  /** The MQTT listener's URL (with `mqtt`). */
  get mqttUrl(): string {
    return `mqtt://127.0.0.1:${this.nodes[0]!.mqttPort}`;
  }

  get mqttPort(): number {
    return this.nodes[0]!.mqttPort!;
  }

  urlOf(index: number): string {
    return `nats://127.0.0.1:${this.nodes[index]!.port}`;
  }

  indexOf(name: string): number {
    return this.nodes.findIndex((node) => node.name === name);
  }

  /** Starts a node (again) on its ports and store. */
  async run(index: number): Promise<void> {
    const node = this.nodes[index]!;
    // Its own folder as the working directory: a file it writes by a relative path stays in there.
    node.server = await spawnServer(`nats-server ${node.name}`, NATS_SERVER, ['-c', node.config], node.port, node.store);
  }

  /** kill -9: no goodbye to clients or peers, whatever was in flight is where it was. */
  async kill(index: number): Promise<void> {
    await this.end(index, 'SIGKILL');
  }

  /**
   * Lame duck mode (SIGUSR2), as a planned restart begins: the node hands each RAFT group it
   * leads to a follower, then closes its clients over its lame_duck_duration; `kill` ends it.
   */
  lameDuck(index: number): void {
    this.nodes[index]!.server?.child.kill('SIGUSR2');
  }

  async stop(): Promise<void> {
    await Promise.all(this.nodes.map((_, index) => this.end(index, 'SIGTERM')));
  }

  isRunning(index: number): boolean {
    const child = this.nodes[index]!.server?.child;
    return child !== undefined && child.exitCode === null && child.signalCode === null;
  }

  logOf(index: number): string {
    return this.nodes[index]!.server?.log() ?? '';
  }

  private async end(index: number, signal: NodeJS.Signals): Promise<void> {
    const node = this.nodes[index]!;
    await endProcess(node.server?.child, signal);
  }

}

/** Retries what a cluster refuses while it elects its leaders (a stream, a publish, an info). */
export async function whileElecting<T>(attempt: () => Promise<T>, timeoutMs = 30_000, retryMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(retryMs);
    }
  }
}

/**
 * Waits until the stream and every consumer of it has a leader and all its replicas current:
 * a node started again has caught up. Until then the cluster is busier than in its steady state,
 * and a further kill may take the quorum of what the restarted node has not caught up with.
 */
export async function whenWhole(manager: JetStreamManager, stream: string, replicas: number, timeoutMs = 120_000): Promise<void> {
  const whole = (cluster?: ClusterInfo) => !!cluster?.leader && cluster.replicas?.length === replicas - 1 && cluster.replicas.every((peer) => peer.current && !peer.offline);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ready = await (async () => {
      if (!whole((await manager.streams.info(stream)).cluster)) return false;
      for await (const consumer of manager.consumers.list(stream)) if (!whole(consumer.cluster)) return false;
      return true;
    })().catch(() => false);
    if (ready) return;
    if (Date.now() > deadline) throw new Error(`the stream ${stream} and its consumers were not whole again within ${timeoutMs / 1000} s`);
    await sleep(500);
  }
}
