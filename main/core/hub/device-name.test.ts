import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEVICE_NAME_MAX } from '../settings/settings';
import { deviceName, LARGEST_HANDLED } from './device-name';

const jsonBytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

describe('deviceName', () => {
  it('keeps one plain line of at most 64 characters, trimmed', () => {
    expect(deviceName('  Till 1\r\nkitchen\t ')).toBe('Till 1 kitchen');
    expect(deviceName('收银台'.repeat(30))).toBe('收银台'.repeat(30).slice(0, DEVICE_NAME_MAX));
    expect(deviceName('\u202eevil\u0007')).toBe('evil');
  });

  it('gives an empty name for none, or one of only blanks and control characters', () => {
    expect([deviceName(undefined), deviceName(''), deviceName(' \u0000\n ')]).toEqual(['', '', '']);
  });

  it('never makes a handled state longer, as JSON, than LARGEST_HANDLED', () => {
    const long = { minLength: DEVICE_NAME_MAX - 4, maxLength: 300 };
    const nasty = fc.string({ unit: fc.constantFrom('\ud800', '\udfff', '"', '\\', '\u0000', '\n', '收', '😀', 'a'), ...long });
    fc.assert(
      fc.property(fc.oneof(fc.string(long), fc.string({ unit: 'grapheme', ...long }), nasty), (sent) => {
        expect(jsonBytes({ by: deviceName(sent), at: new Date().toISOString() })).toBeLessThanOrEqual(jsonBytes(LARGEST_HANDLED));
      }),
    );
  });
});
