/**
 * Sending one device a long run of frames without starving the others: a batch at a time,
 * the next only once the previous one has left the socket and the event loop has had a turn,
 * so upgrades, POSTs and other devices' orders are served between batches. Live messages that
 * must not overtake the run (a later state of an order whose earlier one is still queued) wait
 * behind it and go out, in order, when it is done.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import WebSocket from 'ws';

/** Frames per batch: one batch is a few milliseconds of the hub's time, even on a loaded machine. */
export const PACED_BATCH = 256;

/** Orders a frame source looks at between two pauses. */
export const LOOK_PAGE = 512;

/** Yielded by a frame source after a stretch of work that sent nothing: the batch ends there too. */
export const PAUSE = null;

export class PacedSend {
  private readonly waiting: (string | Buffer)[] = [];
  private stopped = false;
  private finished = false;

  constructor(private readonly socket: WebSocket) {}

  /** A live message for this device: sent after everything the run holds, once it runs. */
  queue(message: string | Buffer): void {
    this.waiting.push(message);
  }

  stop(): void {
    this.stopped = true;
  }

  /** Everything was sent, or the socket went: a live message now goes out at once. */
  get done(): boolean {
    return this.finished || this.stopped;
  }

  /** Sends `frames`, then the queued live messages; resolves once all are sent, or the socket went. */
  async run(frames: Iterator<string | Buffer | typeof PAUSE>): Promise<void> {
    let sourceDone = false;
    for (;;) {
      const batch: (string | Buffer)[] = [];
      while (!sourceDone && batch.length < PACED_BATCH) {
        const next = frames.next();
        if (next.done) sourceDone = true;
        else if (next.value === PAUSE) break;
        else batch.push(next.value);
      }
      if (sourceDone) batch.push(...this.waiting.splice(0, PACED_BATCH - batch.length));
      // Nothing left to send: done in the same turn as the last check, so no live message is left behind.
      if (sourceDone && batch.length === 0) {
        this.finished = true;
        return;
      }
      if (!(await this.send(batch))) return this.stop();
      await nextTurn();
      if (this.stopped) return;
    }
  }

  /** Sends a batch; resolves once its last frame left the socket (ws reports a closed socket as an error). */
  private send(batch: (string | Buffer)[]): Promise<boolean> {
    if (batch.length === 0) return Promise.resolve(this.socket.readyState === WebSocket.OPEN);
    return new Promise((resolve) => {
      batch.forEach((frame, index) => {
        this.socket.send(frame, { binary: false }, index === batch.length - 1 ? (error) => resolve(!error) : undefined);
      });
    });
  }
}
