/**
 * The log's line format: one JSON record a line, framed with a CRC-32 so that a torn or corrupt
 * line (power loss mid-write, a bad sector) is detected and skipped while every good line before
 * and after it is kept; and the scanner that reads a log back piece by piece.
 */
import { readSync } from 'node:fs';
import { crc32 } from 'node:zlib';

export interface LoadProblem {
  /** 1-based line number in the file. */
  line: number;
  reason: string;
}

/** Takes each good record as it is read, with its line's length in bytes (newline included). */
export type RecordVisitor = (record: unknown, bytes: number, line: number) => void;

/**
 * Takes the JSON of each line whose checksum matches (valid only during the call: copy what is
 * kept), for a reader that parses it itself. An exception from it marks the line corrupt.
 */
export type LineVisitor = (json: Buffer, bytes: number, line: number) => void;

/** A record whose JSON is already at hand (read back and unchanged): framed without serialising it again. */
export class RawRecord {
  constructor(readonly json: Buffer) {}
}

const NEWLINE = 0x0a;
const CRC_HEX = 8;

export function frame(record: unknown): Buffer {
  if (!(record instanceof RawRecord)) return frameJsonText(JSON.stringify(record));
  const line = Buffer.allocUnsafe(CRC_HEX + 2 + record.json.length);
  record.json.copy(line, CRC_HEX + 1);
  return checksummed(line);
}

/**
 * `frame` of a record given as its JSON text, in parts written one after the other, each
 * encoded straight into the line: no Buffer of its own to copy, and no string of the parts
 * joined (V8 would flatten one, copying the whole record once more).
 */
export function frameJsonText(...parts: string[]): Buffer {
  // Indexed loops: a for-of made an iterator result per part, on every order's append.
  let bytes = 0;
  for (let index = 0; index < parts.length; index++) bytes += Buffer.byteLength(parts[index]!, 'utf8');
  const line = Buffer.allocUnsafe(CRC_HEX + 2 + bytes);
  let at = CRC_HEX + 1;
  for (let index = 0; index < parts.length; index++) at += line.write(parts[index]!, at, 'utf8');
  return checksummed(line);
}

/** Fills in the checksum, the space after it and the newline around a line's JSON. */
function checksummed(line: Buffer): Buffer {
  const end = line.length - 1;
  line.write(crc32(line.subarray(CRC_HEX + 1, end)).toString(16).padStart(CRC_HEX, '0'), 0, 'latin1');
  line[CRC_HEX] = 0x20;
  line[end] = NEWLINE;
  return line;
}

/** The JSON of a line made by `frame`, without its checksum and newline. */
export function framedJson(line: Buffer): Buffer {
  return line.subarray(CRC_HEX + 1, line.length - 1);
}

/** Reads the 8 hex digits of a line's checksum from its bytes; NaN if they are not all hex. */
function checksumAt(piece: Buffer, from: number): number {
  let value = 0;
  for (let at = from; at < from + CRC_HEX; at++) {
    const byte = piece[at]!;
    const digit = byte >= 0x30 && byte <= 0x39 ? byte - 0x30 : byte >= 0x61 && byte <= 0x66 ? byte - 0x57 : byte >= 0x41 && byte <= 0x46 ? byte - 0x37 : -1;
    if (digit < 0) return Number.NaN;
    value = value * 16 + digit;
  }
  return value;
}

/** Cuts pieces of a log into lines, checks each line's checksum and hands its JSON to `visit`. */
class LineCutter {
  readonly problems: LoadProblem[] = [];
  lineNo = 0;
  goodLength = 0;

  constructor(private readonly visit: LineVisitor) {}

  /** Visits the lines that end in `piece[from, to)`, each JSON a view of `piece`; returns where the first unfinished line starts. */
  cut(piece: Buffer, from: number, to: number): number {
    let start = from;
    for (let end = piece.indexOf(NEWLINE, start); end !== -1 && end < to; end = piece.indexOf(NEWLINE, start)) {
      this.line(piece, start, end);
      start = end + 1;
    }
    return start;
  }

  end(tornBytes: number): { problems: LoadProblem[]; goodLength: number } {
    if (tornBytes > 0) this.problems.push({ line: this.lineNo + 1, reason: `torn record at the end (${tornBytes} bytes), discarded` });
    return { problems: this.problems, goodLength: this.goodLength };
  }

  private line(piece: Buffer, start: number, end: number): void {
    this.lineNo++;
    this.goodLength += end + 1 - start;
    try {
      if (end - start < CRC_HEX + 2 || piece[start + CRC_HEX] !== 0x20) throw new Error('no checksum');
      const json = piece.subarray(start + CRC_HEX + 1, end);
      if (crc32(json) !== checksumAt(piece, start)) throw new Error('checksum mismatch');
      this.visit(json, end + 1 - start, this.lineNo);
    } catch (error) {
      this.problems.push({ line: this.lineNo, reason: `corrupt record skipped: ${(error as Error).message}` });
    }
  }
}

/** Splits a log's bytes into records, reporting bad lines and a torn tail. */
export function parseLog(bytes: Buffer): { records: unknown[]; problems: LoadProblem[]; goodLength: number } {
  const records: unknown[] = [];
  const cutter = new LineCutter(parsing((record) => records.push(record)));
  const torn = bytes.length - cutter.cut(bytes, 0, bytes.length);
  return { records, ...cutter.end(torn) };
}

/** A line visitor that parses each line's JSON for `visit`. */
export function parsing(visit: RecordVisitor): LineVisitor {
  return (json, bytes, line) => visit(JSON.parse(json.toString('utf8')), bytes, line);
}

/**
 * Told of each piece `scanFile` reads the file into: `read` once the piece holds new bytes,
 * `visited` once every line ending in it was visited, before its bytes are moved or read over.
 * Lines never span two pieces: an unfinished one moves to the front of the next.
 */
export interface PieceHooks {
  read(piece: Buffer): void;
  visited(piece: Buffer): void;
}

/** One buffer, read into again and again: a bigger one is resident memory until the collector frees it after the load. */
const READ_PIECE_BYTES = 1024 * 1024;

/**
 * Reads a log from `fd` piece by piece, handing each good line's JSON to `visit` as a view of
 * the piece (valid only during the call), so neither the file nor its records need be in
 * memory all at once.
 */
export function scanFile(fd: number, visit: LineVisitor, { pieces, pieceBytes = READ_PIECE_BYTES }: { pieces?: PieceHooks; pieceBytes?: number } = {}): { problems: LoadProblem[]; goodLength: number } {
  const cutter = new LineCutter(visit);
  let piece: Buffer = Buffer.allocUnsafeSlow(pieceBytes);
  /** Bytes at the piece's front: the start of a line whose end is not read yet. */
  let unfinished = 0;
  for (let position = 0; ; ) {
    if (unfinished === piece.length) piece = grown(piece);
    const read = readSync(fd, piece, unfinished, piece.length - unfinished, position);
    if (read === 0) return cutter.end(unfinished);
    position += read;
    const filled = unfinished + read;
    pieces?.read(piece);
    const next = cutter.cut(piece, 0, filled);
    pieces?.visited(piece);
    piece.copyWithin(0, next, filled);
    unfinished = filled - next;
  }
}

/** A piece twice as big, for a line longer than a piece, its bytes so far kept. */
function grown(piece: Buffer): Buffer {
  const bigger = Buffer.allocUnsafeSlow(piece.length * 2);
  piece.copy(bigger);
  return bigger;
}
