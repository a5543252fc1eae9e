/**
 * A network receipt printer over raw TCP (port 9100, "JetDirect"). A job counts as printed
 * only when the printer has answered every status request in it (receiptline ends each
 * ticket with GS r 1): bytes accepted by the socket may still sit unread in a stalled
 * printer's buffer, so "written" proves nothing.
 */
import { connect } from 'node:net';
import { PrintError, type PrinterTransport } from './transport';

export interface TcpTransportOptions {
  host: string;
  port: number;
  /** Give up when the printer neither accepts nor answers for this long. Default 10 s. */
  timeoutMs?: number;
}

export const DEFAULT_PRINT_TIMEOUT_MS = 10_000;

export class TcpTransport implements PrinterTransport {
  readonly name: string;
  private readonly timeoutMs: number;

  constructor(private readonly options: TcpTransportOptions) {
    this.name = `tcp://${options.host.includes(':') ? `[${options.host}]` : options.host}:${options.port}`;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_PRINT_TIMEOUT_MS;
  }

  send(job: Buffer, confirmations: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: this.options.host, port: this.options.port });
      let connected = false;
      let answers = 0;
      const finish = (error?: PrintError) => {
        socket.removeAllListeners();
        socket.on('error', () => {});
        if (error) {
          socket.destroy();
          reject(error);
        } else {
          socket.end();
          resolve();
        }
      };
      socket.setNoDelay(true);
      socket.setTimeout(this.timeoutMs);
      socket.on('timeout', () =>
        finish(new PrintError(this.timeoutMessage(connected, answers, confirmations), connected)),
      );
      socket.on('error', (error: NodeJS.ErrnoException) => finish(this.describe(error, connected)));
      socket.on('connect', () => {
        connected = true;
        socket.write(job);
        if (confirmations === 0) finish();
      });
      socket.on('data', (chunk: Buffer) => {
        answers += chunk.length;
        if (answers >= confirmations) finish();
      });
      socket.on('end', () =>
        finish(new PrintError(`printer ${this.name} closed the connection before confirming the ticket`, true)),
      );
    });
  }

  private timeoutMessage(connected: boolean, answers: number, confirmations: number): string {
    const seconds = `${this.timeoutMs / 1000} s`;
    if (!connected) return `printer ${this.name} did not accept a connection within ${seconds}`;
    return `printer ${this.name} took the connection but did not confirm the ticket within ${seconds} (${answers} of ${confirmations} answers; out of paper, cover open, or busy?)`;
  }

  private describe(error: NodeJS.ErrnoException, connected: boolean): PrintError {
    const code = error.code ?? error.message;
    const why: Record<string, string> = {
      ECONNREFUSED: 'refused the connection (is it on, and is this its address?)',
      EHOSTUNREACH: 'is unreachable (no route to it)',
      ENETUNREACH: 'is unreachable (no network)',
      ENOTFOUND: 'has a host name that does not resolve',
      EAI_AGAIN: 'has a host name that does not resolve right now',
      ECONNRESET: 'reset the connection',
      EPIPE: 'closed the connection while the ticket was being sent',
    };
    return new PrintError(`printer ${this.name} ${why[code] ?? `failed: ${code}`}`, connected);
  }
}

