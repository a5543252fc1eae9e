export interface Command {
  name: string;
  summary: string;
  usage: string;
  run(args: string[]): Promise<void>;
}

/** Resolves once SIGINT or SIGTERM arrived and `close` finished: the command then exits 0. */
export function onShutdown(close: () => Promise<void>): Promise<void> {
  return new Promise((resolve, reject) => {
    let closing = false;
    const handler = (): void => {
      if (closing) return;
      closing = true;
      close().then(resolve, reject);
    };
    process.once('SIGINT', handler);
    process.once('SIGTERM', handler);
  });
}
