/**
 * JSON.parse that keeps every digit of a big integer. PHP's json_encode sends a BIGINT order
 * number as a bare number (`{"order_sn":2024120512345678901}`), which a double cannot hold: it
 * would become 2024120512345678800 and two orders one id. Here an integer a double cannot hold
 * becomes a string of its own digits; every other value parses as JSON.parse parses it.
 */

/** A JSON number token, read where one starts. */
const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

export function parseExactJson(text: string): unknown {
  return JSON.parse(quoteBigIntegers(text));
}

/** The same JSON text with each integer a double cannot hold in quotes, for a parser of its own. */
export function quoteBigIntegers(text: string): string {
  // Most payloads have no run of 16 digits at all: nothing to rewrite.
  if (!/\d{16}/.test(text)) return text;
  let out = '';
  let copied = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === QUOTE) {
      for (i++; i < text.length && text.charCodeAt(i) !== QUOTE; i++) if (text.charCodeAt(i) === BACKSLASH) i++;
      continue;
    }
    if (code !== 0x2d && (code < 0x30 || code > 0x39)) continue;
    NUMBER.lastIndex = i;
    const match = NUMBER.exec(text);
    if (!match) continue;
    const [token, fraction, exponent] = match;
    // Beyond 2^53 a double keeps some integers exactly (2^53 itself): only those it would change are quoted.
    if (fraction === undefined && exponent === undefined && token.length >= 16 && String(Number(token)) !== token) {
      out += `${text.slice(copied, i)}"${token}"`;
      copied = i + token.length;
    }
    i += token.length - 1;
  }
  return out + text.slice(copied);
}
