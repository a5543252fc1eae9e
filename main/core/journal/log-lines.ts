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

/** A line's JSON, once its checksum is verified. */
function checkedJson(line: Buffer): Buffer {
  if (line.length < CRC_HEX + 2 || line[CRC_HEX] !== 0x20) throw new Error('no checksum');
  const json = line.subarray(CRC_HEX + 1);
  const expected = Number.parseInt(line.toString('latin1', 0, CRC_HEX), 16);
  if (crc32(json) !== expected) throw new Error('checksum mismatch');
  return json;
}

/** Splits a log's bytes into records, reporting bad lines and a torn tail. */
export function parseLog(bytes: Buffer): { records: unknown[]; problems: LoadProblem[]; goodLength: number } {
  const records: unknown[] = [];
  const scanner = new LogScanner(parsing((record) => records.push(record)));
  scanner.push(bytes);
  return { records, ...scanner.end() };
}

/**
 * Reads a log's bytes piece by piece and hands each good record to `visit` as soon as its
 * line is complete, so neither the file nor its records need be in memory all at once.
 */
class LogScanner {
  private readonly problems: LoadProblem[] = [];
  /** The start of an unfinished line: copies of earlier pieces, joined once its end arrives. */
  private carry: Buffer[] = [];
  private carryLength = 0;
  private lineNo = 0;
  private goodLength = 0;

  constructor(private readonly visit: LineVisitor) {}

  push(piece: Buffer): void {
    let start = 0;
    for (let end = piece.indexOf(NEWLINE); end !== -1; end = piece.indexOf(NEWLINE, start)) {
      const tail = piece.subarray(start, end);
      const line = this.carry.length > 0 ? Buffer.concat([...this.carry, tail]) : tail;
      this.carry = [];
      this.carryLength = 0;
      this.line(line, line.length + 1);
      start = end + 1;
    }
    if (start < piece.length) {
      // Copied: the caller may reuse `piece` for the next read.
      this.carry.push(Buffer.from(piece.subarray(start)));
      this.carryLength += piece.length - start;
    }
  }

  end(): { problems: LoadProblem[]; goodLength: number } {
    if (this.carryLength > 0) {
      this.problems.push({ line: this.lineNo + 1, reason: `torn record at the end (${this.carryLength} bytes), discarded` });
    }
    return { problems: this.problems, goodLength: this.goodLength };
  }

  private line(line: Buffer, size: number): void {
    this.lineNo++;
    this.goodLength += size;
    try {
      this.visit(checkedJson(line), size, this.lineNo);
    } catch (error) {
      this.problems.push({ line: this.lineNo, reason: `corrupt record skipped: ${(error as Error).message}` });
    }
  }
}

/** A line visitor that parses each line's JSON for `visit`. */
export function parsing(visit: RecordVisitor): LineVisitor {
  return (json, bytes, line) => visit(JSON.parse(json.toString('utf8')), bytes, line);
}

const READ_PIECE_BYTES = 1024 * 1024;

export function scanFile(fd: number, visit: LineVisitor): { problems: LoadProblem[]; goodLength: number } {
  const scanner = new LogScanner(visit);
  const piece = Buffer.allocUnsafe(READ_PIECE_BYTES);
  for (let position = 0; ; ) {
    const read = readSync(fd, piece, 0, piece.length, position);
    if (read === 0) return scanner.end();
    scanner.push(piece.subarray(0, read));
    position += read;
  }
}
