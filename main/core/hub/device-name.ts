/** The name a device goes by on the hub: in handled states, which every screen shows, and in log lines. */
import type { HandledState } from '../orders/order';
import { DEVICE_NAME_MAX } from '../settings/settings';
import { oneLine } from '../orders/untrusted-text';

/** One plain line of at most DEVICE_NAME_MAX characters, as the device sent it (hello) or named itself (HTTP); '' for none. */
export function deviceName(sent: string | undefined): string {
  return oneLine(sent ?? '').trim().slice(0, DEVICE_NAME_MAX);
}

/**
 * The longest handled state the hub writes, for sizing frames: a full-length name of
 * characters JSON spells as six bytes each (a lone surrogate, `\ud800`), and the hub's own time.
 */
export const LARGEST_HANDLED: HandledState = { by: '\ud800'.repeat(DEVICE_NAME_MAX), at: new Date(0).toISOString() };
