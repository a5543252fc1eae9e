/**
 * A handled record read straight from its line's bytes. A hub's journal holds one for nearly
 * every order (staff mark each done minutes after it came), so opening it reads 100,000 of
 * them: this takes the id as the JSON bytes the journal finds orders by, without parsing the
 * line or making the id a string.
 */

/** A handled record whose id is `line[idFrom, idTo)`, as JSON spelled as JSON.stringify spells it. */
export interface HandledLine {
  k: 'handled-line';
  line: Buffer;
  idFrom: number;
  idTo: number;
  by: string;
  at: string;
}

const PREFIX = Buffer.from('{"k":"handled","id":"');
const BY_KEY = Buffer.from(',"by":"');
const AT_KEY = Buffer.from(',"at":"');
const QUOTE = 0x22;

/**
 * Reads `{"k":"handled","id":"…","by":"…","at":"…"}`, as JSON.stringify writes a handled record,
 * with no escape or control character in its strings. Anything else is undefined: readRecord
 * reads it in full and gives the verdict.
 */
export function readHandledLine(line: Buffer): HandledLine | undefined {
  if (!followedBy(line, 0, PREFIX)) return undefined;
  const idTo = plainStringEnd(line, PREFIX.length);
  const byFrom = idTo + BY_KEY.length;
  const byTo = followedBy(line, idTo, BY_KEY) ? plainStringEnd(line, byFrom) : -1;
  const atFrom = byTo + AT_KEY.length;
  const atTo = followedBy(line, byTo, AT_KEY) ? plainStringEnd(line, atFrom) : -1;
  if (atTo < 0 || atTo + 1 !== line.length || line[atTo] !== 0x7d) return undefined;
  const by = line.toString('utf8', byFrom, byTo - 1);
  return { k: 'handled-line', line, idFrom: PREFIX.length - 1, idTo, by, at: line.toString('utf8', atFrom, atTo - 1) };
}

/** Just past the closing quote of the string whose text starts at `from`; -1 if it has an escape or control character. */
function plainStringEnd(line: Buffer, from: number): number {
  if (from < 0) return -1;
  for (let at = from; at < line.length; at++) {
    const byte = line[at]!;
    if (byte === QUOTE) return at + 1;
    if (byte === 0x5c || byte < 0x20) return -1;
  }
  return -1;
}

/** Whether `key` is at `at`; compared here, not by Buffer#compare: keys are short, and a call into C++ costs more. */
function followedBy(line: Buffer, at: number, key: Buffer): boolean {
  if (at < 0 || at + key.length > line.length) return false;
  for (let i = 0; i < key.length; i++) if (line[at + i] !== key[i]) return false;
  return true;
}
