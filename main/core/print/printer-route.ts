/**
 * Which printer the next ticket goes to: the printer itself, or its backup once it has been in
 * alarm for longer than the backup delay (default 30 s). While its tickets go to the backup the
 * printer is asked now and then whether it is back (a bare status request, printing nothing);
 * once it answers, the tickets go back to it. Each ticket goes to one printer at a time, from one
 * queue, so a ticket prints on both only when its first try may have reached the first printer,
 * and is then marked POSSIBLE DUPLICATE by the queue.
 */
import type { PrinterTransport } from './transport';

export interface BackupPrinter {
  transport: PrinterTransport;
  /** How long the printer is in alarm before its tickets go to the backup. Default 30 s. */
  afterMs?: number;
  /** The printer the tickets were meant for, as printed on each ticket the backup prints. */
  meantFor?: string;
}

export interface Target {
  transport: PrinterTransport;
  /** Set when the backup prints: the printer the ticket was meant for. */
  meantFor?: string;
}

export const DEFAULT_BACKUP_AFTER_MS = 30_000;
/** How often a printer whose tickets go to the backup is asked whether it is back. */
const RECHECK_MS = 5000;

export class PrinterRoute {
  private downSince: number | undefined;
  private onBackup = false;
  private checkedAt = 0;

  constructor(
    private readonly primary: PrinterTransport,
    private readonly backup: BackupPrinter | undefined,
    private readonly now: () => number,
  ) {}

  /** The name of the backup while it prints this printer's tickets. */
  get backupInUse(): string | undefined {
    return this.onBackup ? this.backup?.transport.name : undefined;
  }

  /** The printer for the next ticket; asks the printer first when it may be back. */
  async next(): Promise<Target> {
    if (this.onBackup && this.now() - this.checkedAt >= RECHECK_MS) {
      this.checkedAt = this.now();
      if (await this.primaryAnswers()) this.handBack();
    }
    if (!this.onBackup || !this.backup) return { transport: this.primary };
    return { transport: this.backup.transport, meantFor: this.backup.meantFor ?? this.primary.name };
  }

  /** A send to `transport` failed: after the delay, the printer's tickets go to the backup. */
  failed(transport: PrinterTransport): void {
    if (transport !== this.primary || !this.backup) return;
    this.downSince ??= this.now();
    if (this.now() - this.downSince >= (this.backup.afterMs ?? DEFAULT_BACKUP_AFTER_MS)) {
      this.onBackup = true;
      this.checkedAt = this.now();
    }
  }

  succeeded(transport: PrinterTransport): void {
    if (transport === this.primary) this.downSince = undefined;
  }

  /** Staff pressed Retry: the printer itself gets the next ticket. */
  handBack(): void {
    this.onBackup = false;
    this.downSince = undefined;
  }

  private async primaryAnswers(): Promise<boolean> {
    if (!this.primary.probe) return false;
    return this.primary.probe().then(
      () => true,
      () => false,
    );
  }
}
