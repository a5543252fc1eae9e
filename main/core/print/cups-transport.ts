/**
 * A system printer through CUPS: the ticket's bytes go to `lp -o raw`, so a receipt printer
 * set up as a raw queue gets the ESC/POS exactly as for tcp://. A job counts as printed once
 * the spooler has accepted it (lp exits 0): from then on CUPS owns it, keeps it across its
 * own restarts and retries the printer itself. CUPS holds what the printer answers, so the
 * status requests in the job confirm nothing here.
 */
import { spawn } from 'node:child_process';
import { PrintError, type PrinterTransport, type SendHooks } from './transport';

export interface CupsTransportOptions {
  queue: string;
  /** host:port of the CUPS server; default the one this computer uses. */
  server?: string;
  /** The `lp` program; default `lp` on PATH. */
  lp?: string;
  timeoutMs?: number;
}

const DEFAULT_LP_TIMEOUT_MS = 30_000;
const STDERR_MAX = 2000;

export class CupsTransport implements PrinterTransport {
  readonly name: string;

  constructor(private readonly options: CupsTransportOptions) {
    this.name = options.server ? `cups://${options.server}/${options.queue}` : `cups:${options.queue}`;
  }

  async send(job: Buffer, _confirmations = 0, hooks: SendHooks = {}): Promise<void> {
    await hooks.beforeWrite?.();
    const args = [...(this.options.server ? ['-h', this.options.server] : []), '-d', this.options.queue, '-o', 'raw', '-t', 'OrderBell ticket'];
    return new Promise((resolve, reject) => {
      const child = spawn(this.options.lp ?? 'lp', args, { stdio: ['pipe', 'ignore', 'pipe'] });
      let stderr = '';
      let settled = false;
      const fail = (message: string, mayHavePrinted: boolean) => {
        if (settled) return;
        settled = true;
        reject(new PrintError(`printer ${this.name}: ${message}`, mayHavePrinted));
      };
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        fail(`lp did not finish within ${(this.options.timeoutMs ?? DEFAULT_LP_TIMEOUT_MS) / 1000} s`, true);
      }, this.options.timeoutMs ?? DEFAULT_LP_TIMEOUT_MS);
      child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-STDERR_MAX)));
      child.stdin!.on('error', () => {});
      child.on('error', (error: NodeJS.ErrnoException) =>
        fail(error.code === 'ENOENT' ? 'the lp command is not installed (install CUPS)' : `cannot run lp: ${error.message}`, false),
      );
      child.on('close', (code) => {
        clearTimeout(timer);
        if (code === 0 && !settled) {
          settled = true;
          resolve();
        } else fail(`lp failed (exit ${code}): ${stderr.trim() || 'no message'}`, false);
      });
      child.stdin!.end(job);
    });
  }
}
