/**
 * A real RabbitMQ (Debian's rabbitmq-server 3.10) with its MQTT plugin per test: its own node
 * name, data and config in a temp folder, every listener on loopback, stopped by its process
 * group after the test. RabbitMQ before 3.13 speaks MQTT 3.1.1 only, and closes on an MQTT 5
 * CONNECT without answering. Its Erlang runtime takes many seconds to start on a loaded machine.
 */
import { execFile, spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { defer, tempDir } from './helpers';
import { accepts, endProcess, freePort } from './server-process';

const RABBITMQ_SERVER = '/usr/lib/rabbitmq/bin/rabbitmq-server';
const START_WITHIN_MS = 90_000;

export async function startRabbitMq(): Promise<{ url: string; port: number }> {
  const dir = await tempDir();
  const [amqpPort, mqttPort, distPort, epmdPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
  await writeFile(join(dir, 'enabled_plugins'), '[rabbitmq_mqtt].\n');
  await writeFile(join(dir, 'rabbitmq.conf'), [`listeners.tcp.default = 127.0.0.1:${amqpPort}`, `mqtt.listeners.tcp.default = 127.0.0.1:${mqttPort}`, ''].join('\n'));
  let log = '';
  const child = spawn(RABBITMQ_SERVER, [], {
    // Its own process group: the start script runs the Erlang VM as a child, and both must go.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      RABBITMQ_NODENAME: `orderbell-test-${mqttPort}@localhost`,
      RABBITMQ_DIST_PORT: String(distPort),
      RABBITMQ_MNESIA_BASE: join(dir, 'mnesia'),
      RABBITMQ_LOG_BASE: join(dir, 'log'),
      RABBITMQ_LOGS: '-',
      RABBITMQ_PID_FILE: join(dir, 'rabbitmq.pid'),
      RABBITMQ_ENABLED_PLUGINS_FILE: join(dir, 'enabled_plugins'),
      RABBITMQ_CONFIG_FILE: join(dir, 'rabbitmq'),
      RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS: '-kernel inet_dist_use_interface {127,0,0,1}',
      ERL_EPMD_ADDRESS: '127.0.0.1',
      // Its own epmd on its own port: the runtime starts one as a daemon outside the process
      // group, so the test stops it by name afterwards instead of leaving it on 4369.
      ERL_EPMD_PORT: String(epmdPort),
    },
  });
  for (const stream of [child.stdout!, child.stderr!]) stream.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-20_000)));
  defer(() => stopEpmd(epmdPort));
  defer(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    process.kill(-child.pid!, 'SIGKILL');
    await exited;
  });
  const deadline = Date.now() + START_WITHIN_MS;
  while (!(await accepts(mqttPort))) {
    if (child.exitCode !== null) throw new Error(`rabbitmq-server exited with ${child.exitCode}: ${log}`);
    if (Date.now() > deadline) {
      await endProcess(child, 'SIGKILL');
      throw new Error(`rabbitmq-server did not listen on ${mqttPort} within ${START_WITHIN_MS / 1000} s: ${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { url: `mqtt://127.0.0.1:${mqttPort}`, port: mqttPort };
}

function stopEpmd(port: number): Promise<void> {
  return new Promise((resolve) => execFile('epmd', ['-port', String(port), '-kill'], () => resolve()));
}
