/** The name a device goes by on the hub, as its HTTP header carries it, and the frame budget for it. */
import type { HandledState } from '../orders/order';
import { DEVICE_NAME_MAX, deviceName } from '../orders/device-name';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The `X-OrderBell-Device` header as a name. A header can only carry bytes: the web view sends
 * the name percent-encoded (UTF-8), other callers may send raw UTF-8, which Node reads as
 * Latin-1. Both are decoded; what decodes neither way is taken as it came.
 */
export function headerDeviceName(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined) return '';
  return deviceName(percentDecoded(utf8Decoded(value)));
}

function utf8Decoded(latin1: string): string {
  // eslint-disable-next-line no-control-regex
  if (!/[\x80-\xff]/.test(latin1) || /[^\x00-\xff]/.test(latin1)) return latin1;
  try {
    return strictUtf8.decode(Buffer.from(latin1, 'latin1'));
  } catch {
    return latin1; // really Latin-1
  }
}

function percentDecoded(value: string): string {
  if (!/%[0-9a-f]{2}/i.test(value)) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value; // a name with a plain '%' in it
  }
}

/**
 * The longest handled state the hub writes, for sizing frames: a full-length name of
 * characters JSON spells as six bytes each (a lone surrogate, `\ud800`), and the hub's own time.
 */
export const LARGEST_HANDLED: HandledState = { by: '\ud800'.repeat(DEVICE_NAME_MAX), at: new Date(0).toISOString() };
