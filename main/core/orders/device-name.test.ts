import { describe, expect, it } from 'vitest';
import { DEVICE_NAME_MAX, deviceName } from './device-name';

describe('deviceName', () => {
  it('keeps one plain line of at most 64 characters, trimmed', () => {
    expect(deviceName('  Till 1\r\nkitchen\t ')).toBe('Till 1 kitchen');
    expect(deviceName('收银台'.repeat(30))).toBe('收银台'.repeat(30).slice(0, DEVICE_NAME_MAX));
    expect(deviceName('\u202eevil\u0007')).toBe('evil');
  });

  it('keeps Chinese, emoji and right-to-left names as they are', () => {
    for (const name of ['厨房平板', 'Kitchen 🍜🔔', 'מטבח ראשי', 'المطبخ ١', '👨‍🍳 chef']) expect(deviceName(name)).toBe(name);
  });

  it('shortens any name, however long, without cutting an emoji in half', () => {
    const emoji = 'a' + '🍜'.repeat(300); // the 64th code unit is the first half of an emoji
    const kept = deviceName(emoji);
    expect(kept).toBe('a' + '🍜'.repeat(31));
    expect(kept).not.toMatch(/[\ud800-\udbff]$/);
    expect(deviceName('x'.repeat(100_000))).toBe('x'.repeat(DEVICE_NAME_MAX));
    expect(deviceName(`${'y'.repeat(63)} and more`)).toBe('y'.repeat(63));
  });

  it('gives an empty name for none, or one of only blanks and control characters', () => {
    expect([deviceName(undefined), deviceName(''), deviceName(' \u0000\n ')]).toEqual(['', '', '']);
  });
});
