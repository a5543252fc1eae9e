/** Reading JSON as `JSON.stringify` writes it straight from its bytes, for the journal's hot paths. */

const QUOTE = 0x22;

/** Whether `key` is at `at`; compared here, not by Buffer#compare: keys are short, and a call into C++ costs more. */
export function startsAt(json: Buffer, at: number, key: Buffer): boolean {
  if (at < 0 || at + key.length > json.length) return false;
  for (let i = 0; i < key.length; i++) if (json[at + i] !== key[i]) return false;
  return true;
}

/**
 * The closing quote of the JSON string whose text starts at `from`, if its bytes are all
 * ≤ `highest` with no escape or control character (its text is then those bytes); else -1.
 */
export function plainStringEnd(json: Buffer, from: number, highest = 0xff): number {
  for (let at = from; at < json.length; at++) {
    const byte = json[at]!;
    if (byte === QUOTE) return at;
    if (byte === 0x5c || byte < 0x20 || byte > highest) return -1;
  }
  return -1;
}
