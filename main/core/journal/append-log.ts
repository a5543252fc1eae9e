/**
 * A durable append-only log of JSON records, one line each, in the CRC-framed format of
 * log-lines.ts.
 *
 * Write and fsync policy (group commit):
 * - Each append is written at once, synchronously, even while an fsync is in flight: the
 *   write only touches the page cache and takes microseconds (measured here: no slower
 *   during an fdatasync than outside one; a device that needs stable pages would make it
 *   wait for the pages under writeback, which is no longer than waiting for the fsync). From
 *   then on a crash of this process cannot lose it, and its `written` hook runs in the same
 *   call, so "stored" and "announced" are never more than microseconds apart, whatever the
 *   disk is doing.
 * - An append's promise resolves, and its `commit` hook runs, only after an fdatasync that
 *   began after its write. Appends written while one is in flight share the next one: N
 *   concurrent appends cost about two fsyncs, not N.
 * - Where the fdatasync runs is the owner's choice (`syncOnLoop`). By default it runs in
 *   libuv's thread pool, so the event loop stays free while the disk works: right for a
 *   process with a UI to keep answering. With `syncOnLoop` it runs on the loop's own thread,
 *   once per loop turn, after every append of that turn was written (the check phase), as
 *   Redis does with `appendfsync always`: a process whose next step waits for the commit
 *   anyway (the hub sends an order to devices only once it is durable) saves the hand-over
 *   to a pool thread and back, two wake-ups per order, at the price of a loop that stands
 *   still while the disk syncs.
 */
import { open, rename } from 'node:fs/promises';
import { closeSync, constants, fdatasync, fdatasyncSync, fstatSync, fsyncSync, ftruncateSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { frame, parsing, scanFile, type LineVisitor, type LoadProblem, type PieceHooks, type RecordVisitor } from './log-lines';

export interface AppendLogOptions {
  /** fdatasync on the event loop's thread, once per loop turn, instead of in the thread pool (see above). */
  syncOnLoop?: boolean;
}

export interface LoadedLog {
  log: AppendLog;
  /** Every good record, in order; empty when a visitor took them one by one. */
  records: unknown[];
  problems: LoadProblem[];
}

/** Callbacks run synchronously at each stage of one append, in append order. */
export interface AppendHooks {
  /**
   * The line is in the file (the OS has it, so it survives a crash of this process) but not
   * yet fsync'ed. Side effects that must not be lost to a process crash, like printing or
   * alerting, belong here: after a power loss they may happen twice, never zero times.
   */
  written?: () => void;
  /** The line is durable. State that others rely on (acks, 201s) belongs here. */
  commit?: () => void;
}

interface PendingAppend extends AppendHooks {
  line: Buffer;
  resolve: () => void;
  reject: (error: Error) => void;
}

/** Makes a rename of the file at `path` durable. */
export function fsyncDirectory(path: string): void {
  // Makes a rename durable. Not all platforms allow opening a directory; there the rename
  // is as durable as the OS makes it.
  try {
    const fd = openSync(dirname(path), constants.O_RDONLY);
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    /* see above */
  }
}

export class AppendLog {
  /** Appends waiting for a rewrite to finish before they are written. */
  private queue: PendingAppend[] = [];
  /** Appends written since the fsync in flight (if any) began: the next fsync's batch. */
  private unsynced: PendingAppend[] = [];
  private syncing: Promise<void> | undefined;
  private rewriting: Promise<void> | undefined;
  private closed = false;
  private syncs = 0;
  private failures = 0;

  private constructor(
    private readonly path: string,
    private fd: number,
    private size: number,
    private readonly options: AppendLogOptions,
  ) {}

  /**
   * Opens (creating if needed) the log at `path` and reads every good record in it, handing
   * each to `visit` if given (then `records` stays empty).
   */
  static async open(path: string, visit?: RecordVisitor, options: AppendLogOptions = {}): Promise<LoadedLog> {
    const records: unknown[] = [];
    return AppendLog.load(path, parsing(visit ?? ((record) => records.push(record))), records, options);
  }

  /** `open` for a reader that parses each line's JSON itself (and may keep parts of the pieces read: see PieceHooks). */
  static openLines(path: string, visit: LineVisitor, options: AppendLogOptions = {}, pieces?: PieceHooks): Promise<LoadedLog> {
    return AppendLog.load(path, visit, [], options, pieces);
  }

  private static async load(path: string, visit: LineVisitor, records: unknown[], options: AppendLogOptions, pieces?: PieceHooks): Promise<LoadedLog> {
    const fd = openSync(path, constants.O_RDWR | constants.O_CREAT, 0o600);
    try {
      const { problems, goodLength } = scanFile(fd, visit, { pieces });
      if (goodLength < fstatSync(fd).size) {
        // Cut the torn tail so the next append starts on a clean line.
        ftruncateSync(fd, goodLength);
        await datasync(fd);
      }
      return { log: new AppendLog(path, fd, goodLength, options), records, problems };
    } catch (error) {
      closeSync(fd);
      throw error;
    }
  }

  /** How many fsyncs appends have taken so far (group commit makes it far fewer than appends). */
  get syncCount(): number {
    return this.syncs;
  }

  /** How many appends failed to write or sync. A stream writer compares it to notice a gap at once. */
  get failureCount(): number {
    return this.failures;
  }

  /** The file's length in bytes. */
  get bytes(): number {
    return this.size;
  }

  /**
   * Appends one record; resolves once it is durable. Its hooks run synchronously, in append
   * order: `written` when it reached the file, `commit` when it is fsync'ed.
   */
  append(record: unknown, hooks: AppendHooks = {}): Promise<void> {
    return this.appendFramed(frame(record), hooks);
  }

  /** `append` for a line already made by `frame`, for a caller that needs its length. */
  appendFramed(line: Buffer, hooks: AppendHooks = {}): Promise<void> {
    if (this.closed) return Promise.reject(new Error('journal is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ line, ...hooks, resolve, reject });
      if (!this.rewriting) this.writeQueued();
    });
  }

  /**
   * Atomically replaces the whole log with `produce()`'s records (compaction). Appends wait
   * meanwhile; `produce` runs once every earlier append is committed, so it sees them all.
   */
  rewrite(produce: () => unknown[]): Promise<void> {
    if (this.rewriting) return Promise.reject(new Error('a rewrite is already under way'));
    this.rewriting = (async () => {
      try {
        while (this.syncing) await this.syncing;
        await this.replaceWith(produce());
      } finally {
        this.rewriting = undefined;
        if (this.queue.length > 0) this.writeQueued();
      }
    })();
    return this.rewriting;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.rewriting?.catch(() => {});
    while (this.syncing) await this.syncing;
    closeSync(this.fd);
  }

  private writeQueued(): void {
    const batch = this.queue.splice(0);
    const data = batch.length === 1 ? batch[0]!.line : Buffer.concat(batch.map((pending) => pending.line));
    try {
      this.writeFully(data);
    } catch (error) {
      // Drop whatever part reached the file, so a later append cannot be glued onto half a record.
      try {
        ftruncateSync(this.fd, this.size);
      } catch {
        /* the next write reports the disk's state */
      }
      this.failures += batch.length;
      const reason = new Error(`journal write failed: ${(error as Error).message}`);
      for (const pending of batch) pending.reject(reason);
      return;
    }
    this.size += data.length;
    // Indexed loops on the success paths: a for-of made an iterator result per append.
    for (let index = 0; index < batch.length; index++) batch[index]!.written?.();
    this.unsynced.push(...batch);
    if (!this.syncing) this.syncUnsynced();
  }

  private syncUnsynced(): void {
    this.syncing = this.options.syncOnLoop ? this.syncThisTurn() : this.syncInPool(this.unsynced.splice(0));
  }

  /** A write may land only partly (a nearly full disk): keep writing, so the error surfaces. */
  private writeFully(data: Buffer): void {
    for (let done = 0; done < data.length; ) {
      done += writeSync(this.fd, data, done, data.length - done, this.size + done);
    }
  }

  private syncInPool(batch: PendingAppend[]): Promise<void> {
    return datasync(this.fd).then(
      () => this.settle(batch, undefined),
      (error: unknown) => this.settle(batch, error),
    );
  }

  /** In this loop turn's check phase, so that every append written in the turn shares it. */
  private syncThisTurn(): Promise<void> {
    return new Promise((resolve) => {
      setImmediate(() => {
        const batch = this.unsynced.splice(0);
        let failure: unknown;
        try {
          fdatasyncSync(this.fd);
        } catch (error) {
          failure = error;
        }
        this.settle(batch, failure);
        resolve();
      });
    });
  }

  /**
   * Commits and resolves a synced batch, or rejects it (a failed sync, a commit hook that
   * threw); then syncs what was written meanwhile. Never throws.
   */
  private settle(batch: PendingAppend[], failure: unknown): void {
    try {
      if (failure !== undefined) throw failure;
      this.syncs++;
      for (let index = 0; index < batch.length; index++) batch[index]!.commit?.();
      for (let index = 0; index < batch.length; index++) batch[index]!.resolve();
    } catch (error) {
      this.failures += batch.length;
      const reason = new Error(`journal sync failed: ${error instanceof Error ? error.message : String(error)}`);
      for (const pending of batch) pending.reject(reason);
    } finally {
      this.syncing = undefined;
      if (this.unsynced.length > 0) this.syncUnsynced();
    }
  }

  private async replaceWith(records: unknown[]): Promise<void> {
    const temporary = `${this.path}.compact`;
    const data = Buffer.concat(records.map(frame));
    const out = await open(temporary, 'w', 0o600);
    try {
      await out.write(data, 0, data.length, 0);
      await out.datasync();
    } finally {
      await out.close();
    }
    await rename(temporary, this.path);
    fsyncDirectory(this.path);
    const previous = this.fd;
    this.fd = openSync(this.path, constants.O_RDWR);
    this.size = data.length;
    closeSync(previous);
  }
}

function datasync(fd: number): Promise<void> {
  return new Promise((resolve, reject) => fdatasync(fd, (error) => (error ? reject(error) : resolve())));
}
