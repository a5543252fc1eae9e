/**
 * A handled record read straight from its line's bytes. A hub's journal holds one for nearly
 * every order (staff mark each done minutes after it came), so opening it reads 100,000 of
 * them: this takes the id as the JSON bytes the journal finds orders by, without parsing the
 * line or making the id a string.
 */
import { plainStringEnd, startsAt } from './json-bytes';

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
const BY_KEY = Buffer.from('","by":"');
const AT_KEY = Buffer.from('","at":"');
const END = Buffer.from('"}');

/**
 * Reads `{"k":"handled","id":"…","by":"…","at":"…"}`, as JSON.stringify writes a handled record,
 * with no escape or control character in its strings. Anything else is undefined: readRecord
 * reads it in full and gives the verdict.
 */
export function readHandledLine(line: Buffer): HandledLine | undefined {
  if (!startsAt(line, 0, PREFIX)) return undefined;
  const idEnd = plainStringEnd(line, PREFIX.length);
  if (!startsAt(line, idEnd, BY_KEY)) return undefined;
  const byFrom = idEnd + BY_KEY.length;
  const byEnd = plainStringEnd(line, byFrom);
  if (!startsAt(line, byEnd, AT_KEY)) return undefined;
  const atFrom = byEnd + AT_KEY.length;
  const atEnd = plainStringEnd(line, atFrom);
  if (!startsAt(line, atEnd, END) || atEnd + END.length !== line.length) return undefined;
  return { k: 'handled-line', line, idFrom: PREFIX.length - 1, idTo: idEnd + 1, by: line.toString('utf8', byFrom, byEnd), at: line.toString('utf8', atFrom, atEnd) };
}
