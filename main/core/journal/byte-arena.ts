/**
 * Many small byte strings kept outside the JS heap, packed into shared chunks: a retained
 * order's JSON costs its bytes plus two numbers, and the garbage collector never copies or
 * traces it. A chunk is freed once nothing kept in it is referenced, so `repack` into a new
 * arena (at compaction) bounds what removed entries can pin.
 */
import type { PieceHooks } from './log-lines';

const CHUNK_BYTES = 256 * 1024;
/** Larger pieces get a buffer of their own rather than wasting a chunk's tail. */
const OWN_BUFFER_BYTES = CHUNK_BYTES / 8;

/** Where a kept byte string lives. */
export interface Kept {
  chunk: Buffer;
  start: number;
  length: number;
}

/** Keeps byte strings for as long as what it returns is referenced. */
export interface BytesKeeper {
  keep(bytes: Buffer): Kept;
}

export class ByteArena implements BytesKeeper {
  private chunk = Buffer.allocUnsafeSlow(CHUNK_BYTES);
  private used = 0;

  /** Copies `bytes` into the arena. */
  keep(bytes: Buffer): Kept {
    if (bytes.length >= OWN_BUFFER_BYTES) {
      const own = Buffer.allocUnsafeSlow(bytes.length);
      own.set(bytes);
      return { chunk: own, start: 0, length: bytes.length };
    }
    if (this.used + bytes.length > this.chunk.length) {
      this.chunk = Buffer.allocUnsafeSlow(CHUNK_BYTES);
      this.used = 0;
    }
    const start = this.used;
    // TypedArray#set: a plain memcpy, without Buffer#copy's argument handling.
    this.chunk.set(bytes, start);
    this.used += bytes.length;
    return { chunk: this.chunk, start, length: bytes.length };
  }
}

/**
 * Keeps byte strings that lie in the piece a log is being read into (see PieceHooks) without
 * a call into C++ for each: each is moved down to the piece's front as it comes, and once the
 * piece's lines are visited, that front is copied into a buffer of its own in one go and
 * `moved` is told, so what was kept in the piece can point there instead. A journal's lines
 * are mostly their orders' JSON, so this copies each byte about once, as `ByteArena` does.
 * Strings from elsewhere, or out of order, go to `fallback`.
 */
export class PieceArena implements BytesKeeper, PieceHooks {
  private piece: Buffer | undefined;
  /** The piece's front, [0, packed), holds what was kept from it. */
  private packed = 0;

  constructor(
    private readonly fallback: BytesKeeper,
    private readonly moved: (piece: Buffer, own: Buffer) => void,
  ) {}

  read(piece: Buffer): void {
    this.piece = piece;
    this.packed = 0;
  }

  /** Valid for a string of the piece only while its line is visited, and if nothing after it in the piece was kept. */
  keep(bytes: Buffer): Kept {
    const piece = this.piece;
    const from = piece && bytes.buffer === piece.buffer ? bytes.byteOffset - piece.byteOffset : -1;
    // Moving down onto bytes already visited: never onto what was kept, nor on what is still to be read.
    if (from < this.packed || from + bytes.length > piece!.length) return this.fallback.keep(bytes);
    const start = this.packed;
    piece!.copyWithin(start, from, from + bytes.length);
    this.packed += bytes.length;
    return { chunk: piece!, start, length: bytes.length };
  }

  visited(piece: Buffer): void {
    if (this.packed > 0) {
      const own = Buffer.allocUnsafeSlow(this.packed);
      piece.copy(own, 0, 0, this.packed);
      this.moved(piece, own);
    }
    this.piece = undefined;
    this.packed = 0;
  }
}
