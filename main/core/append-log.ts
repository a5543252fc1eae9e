/**
 * A durable append-only log of JSON records, one line each, framed with a CRC-32 so that a
 * torn or corrupt line (power loss mid-write, a bad sector) is detected and skipped while
 * every good line before and after it is kept.
 *
 * fsync policy: an append's promise resolves only after its bytes are written and
 * fdatasync'ed. Appends that arrive while a write is in flight are batched into the next
 * write (group commit), so N concurrent appends cost about two fsyncs, not N.
 */
import { open, rename, type FileHandle } from 'node:fs/promises';
import { constants, openSync, fsyncSync, closeSync } from 'node:fs';
import { dirname } from 'node:path';
import { crc32 } from 'node:zlib';

export interface LoadProblem {
  /** 1-based line number in the file. */
  line: number;
  reason: string;
}

export interface LoadedLog {
  log: AppendLog;
  records: unknown[];
  problems: LoadProblem[];
}

interface PendingAppend {
  line: Buffer;
  /** Runs synchronously once the line is durable, before any later work of the log. */
  commit: () => void;
  resolve: () => void;
  reject: (error: Error) => void;
}

const NEWLINE = 0x0a;
const CRC_HEX = 8;

export function frame(record: unknown): Buffer {
  const json = Buffer.from(JSON.stringify(record), 'utf8');
  const crc = crc32(json).toString(16).padStart(CRC_HEX, '0');
  return Buffer.concat([Buffer.from(`${crc} `, 'latin1'), json, Buffer.from('\n')]);
}

function parseLine(line: Buffer): unknown {
  if (line.length < CRC_HEX + 2 || line[CRC_HEX] !== 0x20) throw new Error('no checksum');
  const json = line.subarray(CRC_HEX + 1);
  const expected = Number.parseInt(line.toString('latin1', 0, CRC_HEX), 16);
  if (crc32(json) !== expected) throw new Error('checksum mismatch');
  return JSON.parse(json.toString('utf8'));
}

/** Splits a log's bytes into records, reporting bad lines and a torn tail. */
export function parseLog(bytes: Buffer): { records: unknown[]; problems: LoadProblem[]; goodLength: number } {
  const records: unknown[] = [];
  const problems: LoadProblem[] = [];
  let start = 0;
  let lineNo = 0;
  while (start < bytes.length) {
    lineNo++;
    const end = bytes.indexOf(NEWLINE, start);
    if (end === -1) {
      problems.push({ line: lineNo, reason: `torn record at the end (${bytes.length - start} bytes), discarded` });
      return { records, problems, goodLength: start };
    }
    try {
      records.push(parseLine(bytes.subarray(start, end)));
    } catch (error) {
      problems.push({ line: lineNo, reason: `corrupt record skipped: ${(error as Error).message}` });
    }
    start = end + 1;
  }
  return { records, problems, goodLength: bytes.length };
}

function fsyncDirectory(path: string): void {
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
  private queue: PendingAppend[] = [];
  private running: Promise<void> | undefined;
  private closed = false;
  private syncs = 0;

  private constructor(
    private readonly path: string,
    private handle: FileHandle,
    private size: number,
  ) {}

  /** Opens (creating if needed) the log at `path` and reads every good record in it. */
  static async open(path: string): Promise<LoadedLog> {
    const handle = await open(path, constants.O_RDWR | constants.O_CREAT, 0o600);
    try {
      const bytes = await handle.readFile();
      const { records, problems, goodLength } = parseLog(bytes);
      if (goodLength < bytes.length) {
        // Cut the torn tail so the next append starts on a clean line.
        await handle.truncate(goodLength);
        await handle.datasync();
      }
      return { log: new AppendLog(path, handle, goodLength), records, problems };
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  get bytes(): number {
    return this.size;
  }

  /** How many write-and-fsync rounds appends have taken so far (group commit makes it far fewer than appends). */
  get syncCount(): number {
    return this.syncs;
  }

  /**
   * Appends one record. `commit` runs synchronously as soon as the record is durable, so the
   * caller's in-memory state can never lag behind what a concurrent rewrite snapshots.
   */
  append(record: unknown, commit: () => void = () => {}): Promise<void> {
    if (this.closed) return Promise.reject(new Error('journal is closed'));
    const line = frame(record);
    return new Promise((resolve, reject) => {
      this.queue.push({ line, commit, resolve, reject });
      this.kick();
    });
  }

  /**
   * Atomically replaces the whole log with `produce()`'s records (compaction). It runs
   * between append batches, so `produce` sees every committed append and none in flight.
   */
  rewrite(produce: () => unknown[]): Promise<void> {
    return this.exclusive(() => this.rewriteNow(produce()));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    while (this.running) await this.running;
    await this.handle.close();
  }

  private kick(): void {
    if (!this.running) this.running = this.drain();
  }

  private async exclusive(task: () => Promise<void>): Promise<void> {
    while (this.running) await this.running;
    let done!: () => void;
    this.running = new Promise((resolve) => (done = resolve));
    try {
      await task();
    } finally {
      this.running = undefined;
      done();
      if (this.queue.length > 0) this.kick();
    }
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0);
      await this.writeBatch(batch);
    }
    this.running = undefined;
  }

  private async writeBatch(batch: PendingAppend[]): Promise<void> {
    const data = Buffer.concat(batch.map((pending) => pending.line));
    try {
      await this.writeFully(data);
      await this.handle.datasync();
      this.syncs++;
    } catch (error) {
      // Drop whatever part of the batch reached the file, so a later good append cannot
      // be glued onto half a record. Appends queued behind the batch fail with it: a caller
      // storing a stream must never see a later record stored after an earlier one was lost.
      await this.handle.truncate(this.size).catch(() => {});
      const reason = new Error(`journal write failed: ${(error as Error).message}`);
      for (const pending of [...batch, ...this.queue.splice(0)]) pending.reject(reason);
      return;
    }
    this.size += data.length;
    for (const pending of batch) pending.commit();
    for (const pending of batch) pending.resolve();
  }

  /** A write may land only partly (a nearly full disk): keep writing, so the error surfaces. */
  private async writeFully(data: Buffer): Promise<void> {
    for (let done = 0; done < data.length; ) {
      const { bytesWritten } = await this.handle.write(data, done, data.length - done, this.size + done);
      done += bytesWritten;
    }
  }

  private async rewriteNow(records: unknown[]): Promise<void> {
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
    const previous = this.handle;
    this.handle = await open(this.path, constants.O_RDWR);
    this.size = data.length;
    await previous.close();
  }
}
