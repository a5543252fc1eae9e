/**
 * Sends queued tickets to the printer one at a time, oldest first. A ticket that fails stays
 * at the head of the queue (later ones wait behind it, so paper order is queue order) and is
 * retried with backoff; meanwhile the queue reports the printer alarm. A ticket whose bytes may
 * have reached the printer is sent again only once the printer answers a bare status request,
 * or staff press Retry: never by a timeout alone, which would print it again and again on a
 * printer that prints but never answers.
 */
import { EventEmitter } from 'node:events';
import { BacklogGate, type BacklogChoice, type BacklogOptions } from './backlog';
import type { PrinterProblem, PrinterWarning } from './escpos-status';
import type { PrintJob, PrintLedger } from './print-ledger';
import { PrinterRoute, type BackupPrinter, type Target } from './printer-route';
import { PrintError, type PrinterTransport } from './transport';

export interface PrinterStatus {
  /** idle: nothing waiting; printing: sending now; failing: the printer alarm. */
  state: 'idle' | 'printing' | 'failing';
  /** Tickets waiting, including the one being sent. */
  queued: number;
  lastError?: string;
  /** Why, in words staff can act on (ui strings `printerProblem…`), when the printer said or it is known. */
  problem?: PrinterProblem;
  /** The printer prints but says something staff should know. */
  warning?: PrinterWarning;
  /** The backup printer printing this printer's tickets while it is in alarm. */
  backup?: string;
  /** Old tickets waiting for staff to choose: print all, only the last hour's, or skip (print/backlog.ts). */
  backlog?: number;
  /** When the alarm started, ms since the epoch. */
  failingSince?: number;
  nextRetryAt?: number;
}

export interface PrintQueueOptions {
  ledger: PrintLedger;
  transport: PrinterTransport;
  /** Takes the tickets while `transport` is in alarm past its delay. */
  backup?: BackupPrinter;
  backlog?: BacklogOptions;
  /** The job's bytes for the printer it goes to, and how many status requests they carry. */
  render: (job: PrintJob, target: Target) => { bytes: Buffer; confirmations: number };
  retry?: { firstMs?: number; maxMs?: number };
  now?: () => number;
}

interface PrintQueueEvents {
  status: [PrinterStatus];
  printed: [PrintJob];
  /** Old tickets the backlog answer said not to print. */
  skipped: [PrintJob[]];
}

const DEFAULT_FIRST_RETRY_MS = 1000;
const DEFAULT_MAX_RETRY_MS = 30_000;

export class PrintQueue extends EventEmitter<PrintQueueEvents> {
  private running: Promise<void> | undefined;
  private stopped = false;
  private failures = 0;
  private current: PrinterStatus = { state: 'idle', queued: 0 };
  private wake: (() => void) | undefined;
  /** The head ticket may have reached this printer: ask it before sending the ticket to it again. */
  private probeFirst: PrinterTransport | undefined;
  /** Staff pressed Retry: send the head ticket again without asking the printer first. */
  private retryAsked = false;
  private warning: PrinterWarning | undefined;
  private readonly now: () => number;
  private readonly route: PrinterRoute;
  private readonly backlog: BacklogGate;

  constructor(private readonly options: PrintQueueOptions) {
    super();
    this.now = options.now ?? Date.now;
    this.route = new PrinterRoute(options.transport, options.backup, this.now);
    this.backlog = new BacklogGate(options.backlog ?? {}, this.now);
  }

  get status(): PrinterStatus {
    return this.current;
  }

  /** Starts sending whatever the ledger has pending; a running queue picks new tickets up itself. */
  kick(): void {
    if (this.stopped) return;
    this.setStatus({ ...this.current, queued: this.options.ledger.pending().length });
    if (this.running) return;
    this.running = this.drain().finally(() => {
      this.running = undefined;
      if (!this.stopped && this.options.ledger.pending().length > 0) this.kick();
    });
  }

  /** Retries a failing printer at once (the user pressed "Retry", or the printer is known to be back). */
  retryNow(): void {
    this.retryAsked = true;
    this.route.handBack();
    this.wake?.();
  }

  /** Staff answered the backlog question. */
  answerBacklog(choice: BacklogChoice): void {
    this.backlog.answered(choice);
    this.wake?.();
  }

  /** Stops after the ticket being sent, if any. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.running;
  }

  private async drain(): Promise<void> {
    for (let job = this.next(); job && !this.stopped; job = this.next()) {
      if (!(await this.backlogAllows())) continue;
      const queued = this.options.ledger.pending().length;
      this.setStatus(this.current.state === 'failing' ? { ...this.current, queued } : this.working('printing', queued));
      const target = await this.route.next();
      try {
        if (this.probeFirst === target.transport && !this.retryAsked) await this.probe(target.transport);
        this.probeFirst = undefined;
        this.retryAsked = false;
        await this.printOne(job, target);
        this.failures = 0;
        this.route.succeeded(target.transport);
        this.setStatus(this.working('printing', this.options.ledger.pending().length));
        this.emit('printed', job);
      } catch (error) {
        const failure = error instanceof PrintError ? error : new PrintError((error as Error).message, false);
        if (failure.mayHavePrinted) {
          job.possibleDuplicate = true;
          this.probeFirst = target.transport;
        }
        this.route.failed(target.transport);
        await this.backOff(failure);
      }
    }
    if (!this.stopped) this.setStatus(this.working('idle', 0));
  }

  /** Settles a backlog before the next ticket: false when the queue should look again. */
  private async backlogAllows(): Promise<boolean> {
    const step = this.backlog.step(this.options.ledger.pending());
    if (step.kind === 'print') return true;
    if (step.kind === 'skip') {
      for (const job of step.jobs) await this.options.ledger.markSkipped(job);
      this.emit('skipped', step.jobs);
      return false;
    }
    this.setStatus({ ...this.current, queued: this.options.ledger.pending().length, backlog: step.old });
    await this.sleep(DEFAULT_MAX_RETRY_MS);
    return false;
  }

  private next(): PrintJob | undefined {
    return this.options.ledger.pending()[0];
  }

  private async printOne(job: PrintJob, target: Target): Promise<void> {
    const { bytes, confirmations } = this.options.render(job, target);
    const ledger = this.options.ledger;
    const result = await target.transport.send(bytes, confirmations, { beforeWrite: () => ledger.markSending(job) });
    this.warning = result?.warning;
    await ledger.markSent(job);
  }

  /** Asks the printer whether it is ready again; a printer with no status request waits for staff. */
  private async probe(transport: PrinterTransport): Promise<void> {
    if (!transport.probe) throw new PrintError(`printer ${transport.name} did not take the whole ticket; press Retry to print it again (marked POSSIBLE DUPLICATE)`, false, 'no-answer');
    await transport.probe();
  }

  private working(state: 'idle' | 'printing', queued: number): PrinterStatus {
    const backup = this.route.backupInUse;
    return { state, queued, ...(this.warning ? { warning: this.warning } : {}), ...(backup ? { backup } : {}) };
  }

  private async backOff(error: PrintError): Promise<void> {
    const first = this.options.retry?.firstMs ?? DEFAULT_FIRST_RETRY_MS;
    const max = this.options.retry?.maxMs ?? DEFAULT_MAX_RETRY_MS;
    const delay = Math.min(max, first * 2 ** this.failures++);
    this.setStatus({
      state: 'failing',
      queued: this.options.ledger.pending().length,
      lastError: error.message,
      ...(error.problem ? { problem: error.problem } : {}),
      failingSince: this.current.failingSince ?? this.now(),
      nextRetryAt: this.now() + delay,
    });
    await this.sleep(delay);
  }

  /** Waits `ms`, or less when retryNow, a backlog answer or stop wakes the queue. */
  private async sleep(ms: number): Promise<void> {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.wake = undefined;
  }

  private setStatus(next: PrinterStatus): void {
    if (JSON.stringify(next) === JSON.stringify(this.current)) return;
    this.current = next;
    this.emit('status', next);
  }
}
