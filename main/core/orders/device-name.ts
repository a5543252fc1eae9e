/**
 * The name a device goes by: in handled states, which every screen shows, and in log lines.
 * Every path a name travels (the hub's hello and HTTP header, a device naming itself) keeps
 * it by the same rule, so a device and the hub agree on who handled an order.
 */
import { oneLine } from './untrusted-text';

/** Characters (UTF-16 code units) a device name keeps. */
export const DEVICE_NAME_MAX = 64;

/** One plain line of at most DEVICE_NAME_MAX characters, never a half of an emoji; '' for none. */
export function deviceName(sent: string | undefined): string {
  const line = oneLine(sent ?? '').trim();
  if (line.length <= DEVICE_NAME_MAX) return line;
  const cut = line.slice(0, DEVICE_NAME_MAX);
  return (/[\ud800-\udbff]$/.test(cut) ? cut.slice(0, -1) : cut).trimEnd();
}
