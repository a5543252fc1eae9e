import { closeSync, openSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ByteArena, PieceArena, type Kept } from './byte-arena';
import { frame, framedJson, parseLog, scanFile, type LoadProblem } from './log-lines';
import { tempDir } from '../../../test/helpers';

/** Lines of different lengths, some with multi-byte characters, one longer than the small pieces below. */
const RECORDS = Array.from({ length: 40 }, (_, n) => ({ n, text: '订单'.repeat(n % 7) + 'x'.repeat((n * 13) % 50), ...(n === 17 ? { long: 'y'.repeat(300) } : {}) }));

/** Scans `bytes` as a file in pieces of `pieceBytes`, keeping each line's JSON through a PieceArena the way a journal keeps its orders. */
async function keepAll(bytes: Buffer, pieceBytes: number): Promise<{ kept: Kept[]; problems: LoadProblem[]; goodLength: number; chunks: Set<Buffer> }> {
  const path = join(await tempDir(), 'log');
  await writeFile(path, bytes);
  const kept: Kept[] = [];
  const arena = new PieceArena(new ByteArena(), (piece, own) => {
    for (const one of kept) if (one.chunk === piece) one.chunk = own;
  });
  const fd = openSync(path, 'r');
  try {
    const scanned = scanFile(fd, (json) => kept.push(arena.keep(json)), { pieces: arena, pieceBytes });
    return { kept, ...scanned, chunks: new Set(kept.map((one) => one.chunk)) };
  } finally {
    closeSync(fd);
  }
}

const text = (one: Kept) => one.chunk.toString('utf8', one.start, one.start + one.length);
const jsonOf = (record: unknown) => framedJson(frame(record)).toString('utf8');

describe('PieceArena with scanFile', () => {
  const file = Buffer.concat(RECORDS.map((record) => frame(record)));

  it.each([64, 100, 333, 4096])('keeps every line read in pieces of %i bytes as it was written, lines split over two reads included', async (pieceBytes) => {
    const { kept, problems, goodLength, chunks } = await keepAll(file, pieceBytes);
    expect(problems).toEqual([]);
    expect(goodLength).toBe(file.length);
    expect(kept.map(text)).toEqual(RECORDS.map(jsonOf));
    // Nothing kept points into the piece, which is read over: each piece's strings went to a buffer of their own.
    expect(chunks.size).toBeGreaterThan(pieceBytes < file.length ? 1 : 0);
    for (const chunk of chunks) expect(chunk.length).toBeLessThanOrEqual(Math.max(...kept.map((one) => one.start + one.length)));
  });

  it('drops a torn final line and keeps every line before it', async () => {
    const torn = frame({ n: 'last', text: '最后一单' });
    for (const cut of [1, 9, torn.length - 1]) {
      const { kept, problems, goodLength } = await keepAll(Buffer.concat([file, torn.subarray(0, cut)]), 100);
      expect(kept.map(text)).toEqual(RECORDS.map(jsonOf));
      expect(problems).toEqual([{ line: RECORDS.length + 1, reason: `torn record at the end (${cut} bytes), discarded` }]);
      expect(goodLength).toBe(file.length);
    }
  });

  it('skips a line with a bad checksum in the middle and keeps the ones around it, as parseLog reads them', async () => {
    const damaged = Buffer.from(file);
    const third = frame(RECORDS[0]!).length + frame(RECORDS[1]!).length;
    damaged[third + 12]! ^= 0x01;
    const { kept, problems } = await keepAll(damaged, 64);
    expect(problems).toEqual([{ line: 3, reason: 'corrupt record skipped: checksum mismatch' }]);
    expect(kept.map(text)).toEqual(RECORDS.filter((_, i) => i !== 2).map(jsonOf));
    expect(parseLog(damaged).problems).toEqual(problems);
  });

  it('never moves bytes from outside the piece, even of the same memory, nor onto what it kept: those go to its fallback arena', () => {
    // Both from Node's shared pool: one ArrayBuffer under them.
    const piece = Buffer.from('0123456789');
    const elsewhere = Buffer.from('abc');
    const arena = new PieceArena(new ByteArena(), () => {});
    arena.read(piece);
    const fromPiece = arena.keep(piece.subarray(6, 9));
    const before = arena.keep(piece.subarray(1, 2));
    const outside = arena.keep(elsewhere);
    expect(fromPiece).toMatchObject({ chunk: piece, start: 0, length: 3 });
    expect(before.chunk).not.toBe(piece);
    expect(outside.chunk).not.toBe(piece);
    expect([text(fromPiece), text(outside), piece.toString('latin1', 3)]).toEqual(['678', 'abc', '3456789']);
  });
});
