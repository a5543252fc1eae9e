import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEVICE_NAME_MAX, deviceName } from '../orders/device-name';
import { headerDeviceName, LARGEST_HANDLED } from './device-name';

const jsonBytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value));
/** What Node gives for a header sent as raw UTF-8 bytes: each byte one Latin-1 character. */
const asReceived = (name: string) => Buffer.from(name, 'utf8').toString('latin1');

describe('headerDeviceName', () => {
  it.each(['厨房平板', 'Kitchen 🍜', 'מטבח', 'Till 1'])('decodes %s percent-encoded, as the web view sends it', (name) => {
    expect(headerDeviceName(encodeURIComponent(name))).toBe(name);
  });

  it.each(['厨房平板', 'a\u00ae\u2026\u00adxb', 'المطبخ'])('decodes %s sent as raw UTF-8 rather than storing it garbled', (name) => {
    expect(headerDeviceName(asReceived(name))).toBe(deviceName(name));
  });

  it('takes a Latin-1 name, or one with a plain percent sign, as it came', () => {
    expect(headerDeviceName('Caf\u00e9')).toBe('Caf\u00e9');
    expect(headerDeviceName('Bar 100%')).toBe('Bar 100%');
    expect(headerDeviceName('50%zz off')).toBe('50%zz off');
  });

  it('keeps the name by the 64-character rule, and gives none for no header', () => {
    expect(headerDeviceName(encodeURIComponent('厨'.repeat(300)))).toBe('厨'.repeat(DEVICE_NAME_MAX));
    expect(headerDeviceName(encodeURIComponent('line\r\nforged'))).toBe('line forged');
    expect([headerDeviceName(undefined), headerDeviceName(['first', 'second'])]).toEqual(['', 'first']);
  });
});

describe('LARGEST_HANDLED', () => {
  it('is never outgrown, as JSON, by a handled state the hub writes', () => {
    const long = { minLength: DEVICE_NAME_MAX - 4, maxLength: 300 };
    const nasty = fc.string({ unit: fc.constantFrom('\ud800', '\udfff', '"', '\\', '\u0000', '\n', '收', '😀', 'a'), ...long });
    fc.assert(
      fc.property(fc.oneof(fc.string(long), fc.string({ unit: 'grapheme', ...long }), nasty), (sent) => {
        expect(jsonBytes({ by: deviceName(sent), at: new Date().toISOString() })).toBeLessThanOrEqual(jsonBytes(LARGEST_HANDLED));
        expect(jsonBytes({ by: headerDeviceName(encodeURIComponent(sent.replace(/[\ud800-\udfff]/g, ''))), at: new Date().toISOString() })).toBeLessThanOrEqual(jsonBytes(LARGEST_HANDLED));
      }),
    );
  });
});
