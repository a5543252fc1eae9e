/**
 * A client library that throws from its own callbacks or timers (centrifuge-js meeting a server
 * of another protocol version, say) would end the process, and with it every other source.
 * Each source starts and redials inside its own async context, so whatever the library does
 * later (socket events, timers, promises) still knows whose it is: such an exception ends that
 * source's connection with a clear status, and the source redials with backoff.
 *
 * An exception no source owns is left as the runtime leaves it when no other handler is there:
 * plain Node prints it and ends with code 1; Electron's main process reports it and goes on.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export interface Containable {
  readonly label: string;
  /** A library threw on this source's behalf: drop the connection, say why, redial with backoff. */
  crashed(why: string): void;
}

const owner = new AsyncLocalStorage<Containable>();
let running = 0;

/** Runs `work` (a start, a redial) as `source`'s: what it sets going stays attributed to it. */
export function contain<T>(source: Containable, work: () => T): T {
  return owner.run(source, work);
}

/** Catches what contained sources throw while at least one pipeline runs; call the result to stop. */
export function catchSourceCrashes(): () => void {
  if (running++ === 0) {
    process.on('uncaughtException', onUncaught);
    process.on('unhandledRejection', onUnhandled);
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (--running > 0) return;
    process.off('uncaughtException', onUncaught);
    process.off('unhandledRejection', onUnhandled);
  };
}

/** Words for an exception thrown inside a client library: what it said, and the likely reason. */
export function describeCrash(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return `the client library failed on what the server sent (${text}): the server may speak a protocol version this client does not`;
}

function onUncaught(error: unknown): void {
  const source = owner.getStore();
  if (source) return source.crashed(describeCrash(error));
  if (process.listenerCount('uncaughtException') > 1) return;
  process.stderr.write(`Uncaught exception: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  if (!process.versions.electron) process.exit(1);
}

function onUnhandled(reason: unknown): void {
  const source = owner.getStore();
  if (source) return source.crashed(describeCrash(reason));
  if (process.listenerCount('unhandledRejection') > 1) return;
  throw reason;
}
