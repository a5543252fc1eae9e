/**
 * What a receipt printer says back. Three kinds of byte arrive on the same socket, told apart
 * by their fixed bits (Epson ESC/POS, followed by the common clones):
 * - the answer to GS r 1 (paper sensors), sent in turn once everything before it is processed:
 *   bits 4 and 7 are 0; bits 0-1 paper near end, bits 2-3 paper end (0x0C; clones send 0x0F);
 * - the answer to DLE EOT 2 (why the printer is offline), sent at once even while offline:
 *   bit 1 and bit 4 are 1, bits 0 and 7 are 0; bit 2 cover open, bit 5 stopped at paper end,
 *   bit 6 error;
 * - Automatic Status Back (ASB), four bytes a printer sends unasked (on connect, or when its
 *   state changes): the first has bit 4 set and bits 0, 1, 7 clear; it answers no request.
 */

/** Why a printer is not printing, in words staff can act on (see ui/strings-*.ts `printerProblem`). */
export type PrinterProblem = 'paper-end' | 'cover-open' | 'printer-error' | 'offline' | 'no-answer' | 'not-reached';

/** The printer printed, but says something staff should know. */
export type PrinterWarning = 'paper-near-end';

export type StatusEvent =
  /** A GS r 1 answer: the ticket before it was processed. */
  | { kind: 'answer'; problem?: PrinterProblem; warning?: PrinterWarning }
  /** A DLE EOT 2 answer: why the printer is offline, if it is. */
  | { kind: 'offline-cause'; problem?: PrinterProblem }
  /** Automatic status: not an answer to anything; only what it reports. */
  | { kind: 'automatic'; problem?: PrinterProblem };

/** DLE EOT 2: "why are you offline?", answered at once even while the printer waits. */
export const OFFLINE_CAUSE_REQUEST = Buffer.from([0x10, 0x04, 0x02]);
/** GS r 1 alone: answered once the printer has processed everything before it. */
export const STATUS_REQUEST = Buffer.from([0x1d, 0x72, 0x01]);

const ASB_LENGTH = 4;

/** Splits the bytes a printer sends into status events; feed it every chunk in order. */
export class StatusReader {
  private asb: number[] = [];

  read(chunk: Buffer): StatusEvent[] {
    const events: StatusEvent[] = [];
    for (const byte of chunk) {
      if (this.asb.length > 0) {
        this.asb.push(byte);
        if (this.asb.length === ASB_LENGTH) {
          events.push(automaticStatus(this.asb));
          this.asb = [];
        }
      } else if ((byte & 0x93) === 0x10) this.asb.push(byte);
      else if ((byte & 0x93) === 0x12) events.push(offlineCause(byte));
      else if ((byte & 0x90) === 0) events.push(paperStatus(byte));
      // Anything else (an echo, line noise) says nothing about the ticket.
    }
    return events;
  }
}

function paperStatus(byte: number): StatusEvent {
  if (byte & 0x0c) return { kind: 'answer', problem: 'paper-end' };
  if (byte & 0x03) return { kind: 'answer', warning: 'paper-near-end' };
  return { kind: 'answer' };
}

function offlineCause(byte: number): StatusEvent {
  if (byte & 0x04) return { kind: 'offline-cause', problem: 'cover-open' };
  if (byte & 0x20) return { kind: 'offline-cause', problem: 'paper-end' };
  if (byte & 0x40) return { kind: 'offline-cause', problem: 'printer-error' };
  return { kind: 'offline-cause' };
}

function automaticStatus([first, errors, paper]: number[]): StatusEvent {
  if (first! & 0x20) return { kind: 'automatic', problem: 'cover-open' };
  if (errors! & 0x6c) return { kind: 'automatic', problem: 'printer-error' };
  if (paper! & 0x0c) return { kind: 'automatic', problem: 'paper-end' };
  if (first! & 0x08) return { kind: 'automatic', problem: 'offline' };
  return { kind: 'automatic' };
}
