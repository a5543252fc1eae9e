/**
 * A network receipt printer over raw TCP (port 9100, "JetDirect"). By default a job counts as
 * printed only when the printer has answered every status request in it (receiptline ends each
 * ticket with GS r 1) with a good status: bytes accepted by the socket may still sit unread in a
 * stalled printer's buffer, so "written" proves nothing, and a printer out of paper answers too.
 * A printer that never answers status requests is set to confirm by write instead: the job
 * counts as printed once its bytes are written and the socket drained (a printer out of paper
 * then swallows tickets unseen; docs/printing.md).
 */
import { connect } from 'node:net';
import { OFFLINE_CAUSE_REQUEST, STATUS_REQUEST, StatusReader, type PrinterProblem, type PrinterWarning } from './escpos-status';
import { PrintError, type PrinterTransport, type SendHooks, type SendResult } from './transport';

export type ConfirmBy = 'status' | 'write';

export interface TcpTransportOptions {
  host: string;
  port: number;
  /** Give up when the printer neither accepts nor answers for this long. Default 10 s. */
  timeoutMs?: number;
  /** How a job counts as printed (see above). Default status. */
  confirm?: ConfirmBy;
}

export const DEFAULT_PRINT_TIMEOUT_MS = 10_000;
/** How long a printer that did not answer in time gets to say why (DLE EOT is answered at once). */
const OFFLINE_CAUSE_WAIT_MS = 2000;

const PROBLEM_TEXT: Record<PrinterProblem, string> = {
  'paper-end': 'is out of paper',
  'cover-open': 'has its cover open',
  'printer-error': 'reports an error (paper jam, cutter or overheating)',
  offline: 'is offline',
  'no-answer': 'did not answer the status request',
  'not-reached': 'could not be reached',
};

export class TcpTransport implements PrinterTransport {
  readonly name: string;
  readonly confirm: ConfirmBy;
  private readonly timeoutMs: number;

  constructor(private readonly options: TcpTransportOptions) {
    const host = options.host.includes(':') ? `[${options.host}]` : options.host;
    this.confirm = options.confirm ?? 'status';
    this.name = `tcp://${host}:${options.port}${this.confirm === 'write' ? '?confirm=write' : ''}`;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_PRINT_TIMEOUT_MS;
  }

  send(job: Buffer, confirmations: number, hooks: SendHooks = {}): Promise<SendResult> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: this.options.host, port: this.options.port });
      const reader = new StatusReader();
      let connected = false;
      let written = false;
      let askedWhy = false;
      let answers = 0;
      let warning: PrinterWarning | undefined;
      /** What the printer said unasked (automatic status), the likely reason if it goes quiet. */
      let heard: PrinterProblem | undefined;
      let done = false;
      const finish = (error?: PrintError) => {
        if (done) return;
        done = true;
        socket.removeAllListeners();
        socket.on('error', () => {});
        if (error) {
          socket.destroy();
          reject(error);
        } else {
          socket.end();
          resolve(warning ? { warning } : {});
        }
      };
      const fail = (problem: PrinterProblem | undefined, message: string) => finish(new PrintError(message, written, problem));
      socket.setNoDelay(true);
      socket.setTimeout(this.timeoutMs);
      socket.on('timeout', () => {
        if (!written) return fail('not-reached', this.timeoutMessage(connected, answers, confirmations));
        if (this.confirm === 'status' && !askedWhy) {
          askedWhy = true;
          socket.setTimeout(Math.min(this.timeoutMs, OFFLINE_CAUSE_WAIT_MS));
          return void socket.write(OFFLINE_CAUSE_REQUEST);
        }
        fail(heard ?? 'no-answer', `${this.timeoutMessage(connected, answers, confirmations)}${heard ? `; it says it ${PROBLEM_TEXT[heard]}` : ''}`);
      });
      socket.on('error', (error: NodeJS.ErrnoException) => finish(this.describe(error, written)));
      socket.on('connect', () => {
        connected = true;
        Promise.resolve(hooks.beforeWrite?.()).then(
          () => {
            if (done) return;
            written = true;
            socket.write(job, (error) => {
              if (!error && (this.confirm === 'write' || confirmations === 0)) finish();
            });
          },
          (error: Error) => finish(new PrintError(`printer ${this.name}: the ticket was not sent: ${error.message}`, false)),
        );
      });
      socket.on('data', (chunk: Buffer) => {
        for (const event of reader.read(chunk)) {
          if (event.kind === 'automatic') heard = event.problem;
          else if (event.problem) return fail(event.problem, `printer ${this.name} ${PROBLEM_TEXT[event.problem]}`);
          else if (event.kind === 'answer' && written) {
            warning = event.warning ?? warning;
            if (++answers >= confirmations) return finish();
          }
        }
      });
      socket.on('end', () => fail(undefined, `printer ${this.name} closed the connection before confirming the ticket`));
    });
  }

  /** A status request alone: resolves once the printer answers a good status. */
  async probe(): Promise<void> {
    if (this.confirm === 'write') throw new PrintError(`printer ${this.name} confirms by write and answers no status request`, false, 'no-answer');
    await this.send(STATUS_REQUEST, 1);
  }

  private timeoutMessage(connected: boolean, answers: number, confirmations: number): string {
    const seconds = `${this.timeoutMs / 1000} s`;
    if (!connected) return `printer ${this.name} did not accept a connection within ${seconds}`;
    if (this.confirm === 'write') return `printer ${this.name} took the connection but did not take the whole ticket within ${seconds}`;
    return `printer ${this.name} took the connection but did not confirm the ticket within ${seconds} (${answers} of ${confirmations} answers; out of paper, cover open, or busy?)`;
  }

  private describe(error: NodeJS.ErrnoException, written: boolean): PrintError {
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
    return new PrintError(`printer ${this.name} ${why[code] ?? `failed: ${code}`}`, written, written ? undefined : 'not-reached');
  }
}
