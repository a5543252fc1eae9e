import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, validateSettings, withDefaults } from '../settings/settings';
import { parsePrinterAddress } from '../settings/printer-address';

const withPrinter = (printer: Record<string, unknown>) => ({ ...DEFAULT_SETTINGS, printer: { ...DEFAULT_SETTINGS.printer, ...printer } });

describe('printer settings', () => {
  it('default to no printer, 80 mm, GB18030, one copy, printing new orders once a printer is chosen', () => {
    expect(DEFAULT_SETTINGS.printer).toEqual({ address: '', paper: 80, encoding: 'gb18030', copies: 1, autoPrint: true, shopName: '', channels: [], backup: '', backupAfterS: 30 });
    // Settings stored before printing existed get the defaults.
    const { printer: _none, ...older } = DEFAULT_SETTINGS;
    expect(validateSettings(withDefaults(older))).toEqual({ ok: true, value: DEFAULT_SETTINGS });
  });

  it('accept each kind of printer and trim channel names', () => {
    for (const address of ['tcp://192.168.1.50:9100', 'tcp://printer.local', 'cups:Kitchen_1', 'cups://127.0.0.1:631/bar', 'system:EPSON TM-T20III Receipt']) {
      expect(validateSettings(withPrinter({ address })).ok, address).toBe(true);
    }
    const result = validateSettings(withPrinter({ channels: [' delivery ', 'delivery', '外卖', ''] }));
    expect(result.ok && result.value.printer.channels).toEqual(['delivery', '外卖']);
  });

  it('report each bad field', () => {
    const result = validateSettings(withPrinter({ address: 'lpt1', paper: 76, encoding: 'utf8', copies: 10, autoPrint: 'yes', channels: 'delivery' }));
    expect(result).toEqual({
      ok: false,
      errors: [
        { field: 'printer.address', code: 'printer-address' },
        { field: 'printer.paper', code: 'choice', params: { choices: '58, 80' } },
        { field: 'printer.encoding', code: 'choice', params: { choices: 'gb18030, multilingual' } },
        { field: 'printer.copies', code: 'range', params: { min: 1, max: 9 } },
        { field: 'printer.autoPrint', code: 'type', params: { want: 'boolean' } },
        { field: 'printer.channels', code: 'type', params: { want: 'list' } },
      ],
    });
  });

  it.each([
    ['tcp://10.0.0.7', { kind: 'tcp', host: '10.0.0.7', port: 9100, confirm: 'status' }],
    ['tcp://[::1]:9101', { kind: 'tcp', host: '::1', port: 9101, confirm: 'status' }],
    ['tcp://10.0.0.7?confirm=write', { kind: 'tcp', host: '10.0.0.7', port: 9100, confirm: 'write' }],
    ['cups:kitchen', { kind: 'cups', queue: 'kitchen' }],
    ['cups://127.0.0.1:631/bar%2Dtwo', { kind: 'cups', server: '127.0.0.1:631', queue: 'bar-two' }],
    ['system:Star TSP100', { kind: 'system', name: 'Star TSP100' }],
  ])('parse %s', (address, parsed) => {
    expect(parsePrinterAddress(address)).toEqual(parsed);
  });

  it.each([
    ['http://x', 'printer must start with tcp://, cups: or system:, got "http://x"'],
    ['tcp://x/path', 'printer tcp://x/path: a tcp printer takes no path'],
    ['tcp://x?confirm=never', 'printer tcp://x?confirm=never: the only option of a tcp printer is ?confirm=write'],
    ['tcp://x?timeout=3', 'printer tcp://x?timeout=3: the only option of a tcp printer is ?confirm=write'],
    ['cups:../etc', 'printer cups:../etc: a CUPS queue name is letters, digits, "-", "_" and "." only'],
    ['cups:a b', 'printer cups:a b: a CUPS queue name is letters, digits, "-", "_" and "." only'],
    ['system: ', 'printer "system: ": a system printer needs its name, as the system lists it'],
  ])('reject %s', (address, message) => {
    expect(() => parsePrinterAddress(address)).toThrow(message);
  });
});
