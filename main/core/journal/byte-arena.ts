/**
 * Many small byte strings kept outside the JS heap, packed into shared chunks: a retained
 * order's JSON costs its bytes plus two numbers, and the garbage collector never copies or
 * traces it. A chunk is freed once nothing kept in it is referenced, so `repack` into a new
 * arena (at compaction) bounds what removed entries can pin.
 */
const CHUNK_BYTES = 256 * 1024;
/** Larger pieces get a buffer of their own rather than wasting a chunk's tail. */
const OWN_BUFFER_BYTES = CHUNK_BYTES / 8;

/** Where a kept byte string lives. */
export interface Kept {
  chunk: Buffer;
  start: number;
  length: number;
}

export class ByteArena {
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
