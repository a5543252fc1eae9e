/**
 * Reads an ESC/POS byte stream back into what the paper would show: tickets (split at each
 * cut), each a list of text lines, text in double-byte mode decoded as GB18030. It knows the
 * commands receiptline emits; anything else throws, so a change in the bytes fails a test
 * instead of passing unread.
 */
import iconv from 'iconv-lite';

export interface DecodedStream {
  /** Tickets that ended in a cut: what came off the printer. */
  tickets: string[][];
  /** Lines after the last cut: a ticket still being printed, or cut off. */
  unfinished: string[];
  /** GS r requests: each wants one status byte back, once everything before it is processed. */
  statusRequests: number;
  /** DLE EOT requests, answered at once (even by a printer that is offline): their n, in order. */
  realtimeRequests: number[];
}

/** Fixed parameter lengths after ESC c, FS c, GS c. */
const ESC_ARGS: Record<string, number> = { '@': 0, '2': 0, M: 1, ' ': 1, '3': 1, '{': 1, '-': 1, E: 1, a: 1, t: 1, d: 1, J: 1, R: 1, '!': 1, G: 1, V: 1, $: 2, '\\': 2 };
const FS_ARGS: Record<string, number> = { '.': 0, '&': 0, S: 2, '-': 1, C: 1 };
const GS_ARGS: Record<string, number> = { a: 1, B: 1, '!': 1, L: 2, W: 2, w: 1, h: 1, H: 1, f: 1, r: 1, b: 1, P: 2, I: 1, $: 2 };

class Truncated extends Error {}

export function decodeEscPos(bytes: Buffer): DecodedStream {
  const tickets: string[][] = [];
  let lines: string[] = [];
  let text: number[] = [];
  let line = '';
  let doubleByte = false;
  let statusRequests = 0;
  const realtimeRequests: number[] = [];
  let i = 0;
  const need = (n: number) => {
    if (i + n > bytes.length) throw new Truncated();
  };
  const flushText = () => {
    if (text.length === 0) return;
    const chunk = Buffer.from(text);
    line += doubleByte ? iconv.decode(chunk, 'gb18030') : [...chunk].map((b) => (b < 0x80 ? String.fromCharCode(b) : '-')).join('');
    text = [];
  };
  const columnBreak = () => {
    flushText();
    if (line !== '' && !line.endsWith(' ')) line += ' ';
  };
  const endLine = () => {
    flushText();
    lines.push(line.trimEnd());
    line = '';
  };
  try {
    while (i < bytes.length) {
      const byte = bytes[i]!;
      if (byte === 0x0a) {
        i++;
        endLine();
      } else if (byte === 0x1b || byte === 0x1c || byte === 0x1d || byte === 0x10) {
        need(2);
        const command = String.fromCharCode(bytes[i + 1]!);
        if (byte === 0x10) {
          need(3);
          realtimeRequests.push(bytes[i + 2]!);
          i += 3;
        } else if (byte === 0x1b) {
          i = skipFixed(ESC_ARGS, command, 'ESC', i, need);
          if (command === '$' || command === '\\') columnBreak();
        } else if (byte === 0x1c) {
          if (command === '(') i = skipSized(bytes, i, need);
          else i = skipFixed(FS_ARGS, command, 'FS', i, need);
          if (command === '&' || command === '.') {
            flushText();
            doubleByte = command === '&';
          }
        } else {
          const result = skipGs(bytes, i, need);
          i = result.next;
          if (command === 'r') statusRequests++;
          if (command === 'V') {
            if (line !== '') endLine();
            tickets.push(lines);
            lines = [];
          }
        }
      } else if (byte < 0x20) {
        throw new Error(`unexpected control byte 0x${byte.toString(16)} at ${i}`);
      } else {
        text.push(byte);
        i++;
      }
    }
  } catch (error) {
    if (!(error instanceof Truncated)) throw error;
  }
  if (line !== '' || text.length) endLine();
  return { tickets, unfinished: lines, statusRequests, realtimeRequests };
}

function skipFixed(table: Record<string, number>, command: string, prefix: string, i: number, need: (n: number) => void): number {
  const args = table[command];
  if (args === undefined) throw new Error(`unknown command ${prefix} ${JSON.stringify(command)} at ${i}`);
  need(2 + args);
  return i + 2 + args;
}

/** `c ( X pL pH data`: a two-byte length. */
function skipSized(bytes: Buffer, i: number, need: (n: number) => void): number {
  need(5);
  const data = bytes[i + 3]! + bytes[i + 4]! * 256;
  need(5 + data);
  return i + 5 + data;
}

function skipGs(bytes: Buffer, i: number, need: (n: number) => void): { next: number } {
  const command = String.fromCharCode(bytes[i + 1]!);
  switch (command) {
    case '(':
      return { next: skipSized(bytes, i, need) };
    case '8': {
      need(7);
      const size = bytes[i + 3]! + bytes[i + 4]! * 0x100 + bytes[i + 5]! * 0x10000 + bytes[i + 6]! * 0x1000000;
      need(7 + size);
      return { next: i + 7 + size };
    }
    case 'v': {
      need(8);
      const size = (bytes[i + 4]! + bytes[i + 5]! * 256) * (bytes[i + 6]! + bytes[i + 7]! * 256);
      need(8 + size);
      return { next: i + 8 + size };
    }
    case 'k': {
      need(3);
      const m = bytes[i + 2]!;
      if (m >= 65) {
        need(4);
        need(4 + bytes[i + 3]!);
        return { next: i + 4 + bytes[i + 3]! };
      }
      const end = bytes.indexOf(0, i + 3);
      if (end === -1) throw new Truncated();
      return { next: end + 1 };
    }
    case 'V': {
      need(3);
      return { next: i + (bytes[i + 2]! >= 65 ? 4 : 3) };
    }
    default:
      return { next: skipFixed(GS_ARGS, command, 'GS', i, need) };
  }
}

/** Lines with runs of spaces made one, for matching column layouts loosely. */
export function squeeze(lines: string[]): string[] {
  return lines.map((line) => line.replace(/ +/g, ' ').trim()).filter(Boolean);
}
