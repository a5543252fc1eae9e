/**
 * Where sources that can resume (SSE's last event id, Centrifugo's offset and epoch) keep their
 * position across restarts: one small JSON file beside the journal, replaced atomically. A
 * position is saved only after the orders up to it are durable in the journal, so a crash
 * can repeat an order (the journal drops it by id) but never skip one.
 */
import { open, readFile, rename } from 'node:fs/promises';

export type Position = Record<string, string | number>;

export class SourcePositions {
  private writing: Promise<void> = Promise.resolve();

  private constructor(
    private readonly path: string,
    private readonly positions: Record<string, Position>,
  ) {}

  /** A missing or unreadable file is no position: sources then start from what the server offers. */
  static async open(path: string): Promise<SourcePositions> {
    let positions: Record<string, Position> = {};
    try {
      const parsed: unknown = JSON.parse(await readFile(path, 'utf8'));
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) positions = parsed as Record<string, Position>;
    } catch {
      /* first run, or a torn file: start without positions */
    }
    return new SourcePositions(path, positions);
  }

  get(key: string): Position | undefined {
    const position = this.positions[key];
    return typeof position === 'object' && position !== null ? position : undefined;
  }

  /** Records a position; writes are queued so the file always holds the latest. */
  set(key: string, position: Position): Promise<void> {
    this.positions[key] = position;
    this.writing = this.writing.then(() => this.write()).catch(() => this.write());
    return this.writing;
  }

  private async write(): Promise<void> {
    const temporary = `${this.path}.tmp`;
    const file = await open(temporary, 'w', 0o600);
    try {
      await file.writeFile(JSON.stringify(this.positions));
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temporary, this.path);
  }
}

/**
 * One source's position in the shared file, under its key. A failed save is a warning, not a
 * crash: after a restart the source resumes from an older position, repeating orders (the
 * journal drops them by id), never skipping one.
 */
export class SavedPosition {
  private saving: Promise<void> = Promise.resolve();

  constructor(
    private readonly positions: SourcePositions | undefined,
    private readonly key: string,
    private readonly warn: (message: string) => void,
  ) {}

  /** The position saved by an earlier run, if any. */
  read(): Position | undefined {
    return this.positions?.get(this.key);
  }

  save(position: Position): void {
    const saved = this.positions?.set(this.key, position) ?? Promise.resolve();
    this.saving = saved.catch((error: Error) => this.warn(`could not save the stream position: ${error.message}`));
  }

  /** Resolves once the latest save is written or has warned: a stopping source waits for it. */
  settled(): Promise<void> {
    return this.saving;
  }
}
