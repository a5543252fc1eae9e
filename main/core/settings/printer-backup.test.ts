import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, validateSettings, withDefaults } from './settings';

const stations = 'bar: category in [drinks]\nkitchen: default';
const bar = { station: 'bar', address: 'tcp://10.0.0.9', backup: 'tcp://10.0.0.10', backupAfterS: 45 };

function errorsOf(input: unknown) {
  const result = validateSettings(input);
  return result.ok ? [] : result.errors;
}

describe('station and backup printers in settings', () => {
  it('keeps a station printer with its backup and handover time, and the counter printer\'s backup, trimmed', () => {
    const result = validateSettings({
      ...DEFAULT_SETTINGS,
      stations,
      printer: { ...DEFAULT_SETTINGS.printer, address: 'tcp://10.0.0.7', backup: ' cups:Kitchen_Laser ', backupAfterS: 10 },
      stationPrinters: [{ ...bar, station: ' bar ', address: ' tcp://10.0.0.9 ' }, { station: 'kitchen', address: 'system:EPSON', backup: '', backupAfterS: 30 }],
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.printer).toMatchObject({ backup: 'cups:Kitchen_Laser', backupAfterS: 10 });
    expect(result.value.stationPrinters).toEqual([bar, { station: 'kitchen', address: 'system:EPSON', backup: '', backupAfterS: 30 }]);
  });

  it('names each wrong field: an unlisted or repeated station, a missing or bad address, a bad backup, a handover out of range', () => {
    expect(
      errorsOf({
        ...DEFAULT_SETTINGS,
        stations,
        printer: { ...DEFAULT_SETTINGS.printer, backup: 'lpt1', backupAfterS: -1 },
        stationPrinters: [bar, { ...bar, address: '' }, { ...bar, station: 'grill', backup: 'http://x', backupAfterS: 2.5 }, 'bar'],
      }),
    ).toEqual(
      expect.arrayContaining([
        { field: 'printer.backup', code: 'printer-address' },
        { field: 'printer.backupAfterS', code: 'range', params: { min: 0, max: 86_400 } },
        { field: 'stationPrinters[1].station', code: 'duplicate' },
        { field: 'stationPrinters[1].address', code: 'required' },
        { field: 'stationPrinters[2].station', code: 'choice', params: { choices: 'bar, kitchen' } },
        { field: 'stationPrinters[2].backup', code: 'printer-address' },
        { field: 'stationPrinters[2].backupAfterS', code: 'type', params: { want: 'integer' } },
        { field: 'stationPrinters[3].station', code: 'required' },
      ]),
    );
    expect(errorsOf({ ...DEFAULT_SETTINGS, stationPrinters: 'bar @ tcp://10.0.0.9' })).toEqual([{ field: 'stationPrinters', code: 'type', params: { want: 'list' } }]);
  });

  it('a station printer needs its station listed: removing the station while its printer stays is an error, not a silent drop', () => {
    expect(errorsOf({ ...DEFAULT_SETTINGS, stations: 'kitchen: default', stationPrinters: [bar] })).toEqual([
      { field: 'stationPrinters[0].station', code: 'choice', params: { choices: 'kitchen' } },
    ]);
  });

  it('a settings file from before these settings opens with no station printers and no backup, handing over after 30 s', () => {
    const { stationPrinters: _added, ...older } = DEFAULT_SETTINGS;
    const { backup: _b, backupAfterS: _a, ...olderPrinter } = DEFAULT_SETTINGS.printer;
    const result = validateSettings(withDefaults({ ...older, printer: olderPrinter }));
    expect(result).toEqual({ ok: true, value: DEFAULT_SETTINGS });
    expect(DEFAULT_SETTINGS.printer).toMatchObject({ backup: '', backupAfterS: 30 });
  });
});
