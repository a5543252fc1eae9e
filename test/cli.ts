/** Running the built `orderbell` CLI as a real child process. */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { defer, waitFor } from './helpers';

export const CLI = join(import.meta.dirname, '..', 'dist', 'cli.js');

export interface CliProcess {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  stdoutLines: () => string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Signals the CLI (and, when it runs under faketime, faketime too). */
  kill(signal: NodeJS.Signals): void;
  waitForStdout(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  waitForStderr(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
}

/**
 * `openFiles` runs the CLI under `ulimit -n openFiles`, as an init system with a low limit would.
 * `faketime` runs it under faketime with these arguments, e.g. `['2020-01-01 00:00:00']` or
 * `['-f', '+10h']`: only the wall clock is moved. libfaketime 0.9.10 otherwise also sets the
 * monotonic clock to the faked wall clock, and a thread of Node's that waits on a condition
 * with a monotonic deadline then sleeps for decades: the CLI stalls now and then, printing
 * nothing (libfaketime issues #419 and #469). The wrapper forks the CLI and passes no signals
 * on, so both run in a process group of their own and are signalled together. `node` adds options for Node itself (e.g. --import a hook), `env` variables.
 */
export function runCli(
  args: string[],
  { openFiles, faketime, node: nodeOptions = [], env = {} }: { openFiles?: number; faketime?: string[]; node?: string[]; env?: Record<string, string> } = {},
): CliProcess {
  const node = [process.execPath, ...nodeOptions, CLI, ...args];
  const limited = openFiles === undefined ? node : ['sh', '-c', 'ulimit -n "$0" && exec "$@"', String(openFiles), ...node];
  const grouped = faketime !== undefined;
  const command = grouped ? ['faketime', ...faketime, ...limited] : limited;
  const clockEnv = grouped ? { FAKETIME_DONT_FAKE_MONOTONIC: '1' } : {};
  const child = spawn(command[0]!, command.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], detached: grouped, env: { ...process.env, ...clockEnv, ...env } });
  const kill = (signal: NodeJS.Signals) => {
    if (grouped) process.kill(-child.pid!, signal);
    else child.kill(signal);
  };
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })),
  );
  let closed = false;
  void exited.then(() => (closed = true));
  defer(() => {
    if (!closed) kill('SIGKILL');
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
    kill,
    waitForStdout: (pattern, timeoutMs) => waitForIn(() => out, pattern, timeoutMs),
    waitForStderr: (pattern, timeoutMs) => waitForIn(() => err, pattern, timeoutMs),
  };
}

/** Runs the CLI to completion. */
export async function cli(args: string[], options: Parameters<typeof runCli>[1] = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const run = runCli(args, options);
  const { code } = await run.exited;
  return { code, stdout: run.stdout(), stderr: run.stderr() };
}

export { freePort } from './server-process';
