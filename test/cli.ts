/** Running the built `orderbell` CLI as a real child process. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { defer, waitFor } from './helpers';

export const CLI = join(import.meta.dirname, '..', 'dist', 'cli.js');

export interface CliProcess {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  stdoutLines: () => string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  waitForStdout(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  waitForStderr(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
}

/** `openFiles` runs the CLI under `ulimit -n openFiles`, as an init system with a low limit would. */
export function runCli(args: string[], { openFiles }: { openFiles?: number } = {}): CliProcess {
  const command = openFiles === undefined
    ? [process.execPath, CLI, ...args]
    : ['sh', '-c', 'ulimit -n "$0" && exec "$@"', String(openFiles), process.execPath, CLI, ...args];
  const child = spawn(command[0]!, command.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })),
  );
  defer(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    return exited;
  });
  const waitForIn = async (read: () => string, pattern: RegExp, timeoutMs = 10_000) => {
    await waitFor(() => pattern.test(read()), timeoutMs, `${pattern} in the CLI output; got:\n${read()}`);
    return pattern.exec(read())!;
  };
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    stdoutLines: () => out.split('\n').filter(Boolean),
    exited,
    waitForStdout: (pattern, timeoutMs) => waitForIn(() => out, pattern, timeoutMs),
    waitForStderr: (pattern, timeoutMs) => waitForIn(() => err, pattern, timeoutMs),
  };
}

/** Runs the CLI to completion. */
export async function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const run = runCli(args);
  const { code } = await run.exited;
  return { code, stdout: run.stdout(), stderr: run.stderr() };
}

/** A loopback port that was free a moment ago, for processes that must restart on the same port. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
