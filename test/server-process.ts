/**
 * The real servers the tests and the bench start (Mosquitto, nats-server, redis-server): a free
 * loopback port, a start that waits until the port accepts, and a stop by PID that waits for the
 * exit. No test framework here, so the bench uses it too.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** Whether something listens on this loopback port yet. */
export function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** A loopback port that was free a moment ago, for processes that must restart on the same port. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A server started by `spawnServer`: its process, and the tail of what it printed. */
export interface ServerChild {
  child: ChildProcess;
  log(): string;
}

/** Starts `command` and waits (up to 5 s) until it accepts on `port`; throws with its output if it exits or never does. */
export async function spawnServer(name: string, command: string, args: string[], port: number, cwd?: string): Promise<ServerChild> {
  let log = '';
  const record = (chunk: Buffer | string) => (log = (log + chunk.toString()).slice(-20_000));
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...(cwd ? { cwd } : {}) });
  child.stdout!.on('data', record);
  child.stderr!.on('data', record);
  child.once('error', (error) => record(`\n${error.message}`));
  for (let attempt = 0; attempt < 250; attempt++) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${name} exited with ${child.exitCode ?? child.signalCode}: ${log}`);
    if (await accepts(port)) return { child, log: () => log };
    await sleep(20);
  }
  child.kill('SIGKILL');
  throw new Error(`${name} did not listen on ${port}: ${log}`);
}

/** Signals a server (SIGKILL is a kill -9) and waits for it to exit. */
export async function endProcess(child: ChildProcess | undefined, signal: NodeJS.Signals): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  await exited;
}

