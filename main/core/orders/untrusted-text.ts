/**
 * Text from backends, devices and the network, made safe to show on a screen or write into
 * a log line: control characters could forge log lines or drive a terminal (CR, LF, ESC,
 * C1 CSI), and bidi overrides could make "paid" read as "diap".
 */

const LINE_BREAKS = /\r\n|[\n\r\v\f\u0085\u2028\u2029]/g;
/** C0 and C1 controls except tab and line breaks, DEL, and bidi embeddings, overrides and isolates. */
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u0008\u000e-\u001f\u007f-\u0084\u0086-\u009f\u202a-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
// eslint-disable-next-line no-control-regex
const UNSAFE_ALL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** Zero-width space, non-joiner and joiner, word joiner, and the BOM: invisible, so "A-1" and "A-1\u200b" look alike. */
const ZERO_WIDTH = /[\u200b-\u200d\u2060\ufeff]/g;

export function hasZeroWidth(value: string): boolean {
  ZERO_WIDTH.lastIndex = 0;
  return ZERO_WIDTH.test(value);
}

export function withoutZeroWidth(value: string): string {
  return value.replace(ZERO_WIDTH, '');
}

/** For a one-line field: line breaks and tabs become spaces, other unsafe characters go. */
export function oneLine(value: string): string {
  return value.replace(LINE_BREAKS, ' ').replace(/\t/g, ' ').replace(INVISIBLE, '');
}

/** For a text field: line breaks become `\n`, tabs stay, other unsafe characters go. */
export function multiLine(value: string): string {
  return value.replace(LINE_BREAKS, '\n').replace(INVISIBLE, '');
}

/** Whether a value holds any control, line-break or bidi-control character. */
export function hasUnsafeChars(value: string): boolean {
  return UNSAFE.test(value);
}

/** A value quoted for a log line: unsafe characters escaped as \uXXXX, at most `max` characters. */
export function forLog(value: string, max = 120): string {
  const cut = value.length > max ? `${value.slice(0, max)}…` : value;
  return cut.replace(UNSAFE_ALL, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
