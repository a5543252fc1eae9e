/**
 * Settings → Printer's station printers and backup printers: a printer per kitchen station
 * (it prints only that station's items), and for the counter's printer and each station's a
 * backup that takes the tickets once the printer has been in alarm for the handover time. The
 * same printing `--station-printer`, `--backup` and `--backup-after-s` set on the command line.
 * Pure TypeScript: the order screen checks the form with it as the user types.
 */
import { parsePrinterAddress } from './printer-address';
import type { SettingsError } from './settings-error';

/** A printer's backup: '' = none. */
export interface BackupSetting {
  backup: string;
  /** Seconds in alarm before the backup takes the tickets. */
  backupAfterS: number;
}

export interface StationPrinterSetting extends BackupSetting {
  /** One of the settings' stations. */
  station: string;
  address: string;
}

export const DEFAULT_BACKUP_AFTER_S = 30;
export const BACKUP_AFTER_S_MAX = 86_400;
export const STATION_PRINTERS_MAX = 20;
export const PRINTER_ADDRESS_MAX = 512;

type Fail = (field: string, code: SettingsError['code'], params?: SettingsError['params']) => void;

/** A printer address as typed, trimmed; '' stays '' unless `required`. */
export function checkPrinterAddress(value: unknown, field: string, fail: Fail, required = false): string {
  if (value !== undefined && typeof value !== 'string') return (fail(field, 'type', { want: 'text' }), '');
  const address = (value ?? '').trim();
  if (address === '') {
    if (required) fail(field, 'required');
    return '';
  }
  if (address.length > PRINTER_ADDRESS_MAX) return (fail(field, 'too-long', { max: PRINTER_ADDRESS_MAX }), '');
  try {
    parsePrinterAddress(address);
  } catch {
    fail(field, 'printer-address');
  }
  return address;
}

/** A backup and its handover time, at `prefix` (e.g. "printer", "stationPrinters[0]"). */
export function checkBackup(input: Record<string, unknown>, prefix: string, fail: Fail): BackupSetting {
  const backup = checkPrinterAddress(input.backup, `${prefix}.backup`, fail);
  const afterS = input.backupAfterS ?? DEFAULT_BACKUP_AFTER_S;
  if (typeof afterS !== 'number' || !Number.isInteger(afterS)) fail(`${prefix}.backupAfterS`, 'type', { want: 'integer' });
  else if (afterS < 0 || afterS > BACKUP_AFTER_S_MAX) fail(`${prefix}.backupAfterS`, 'range', { min: 0, max: BACKUP_AFTER_S_MAX });
  return { backup, backupAfterS: Number(afterS) };
}

/** The station printers, each for one of `stationNames` and at most one per station. */
export function checkStationPrinters(input: unknown, stationNames: readonly string[]): { value?: StationPrinterSetting[]; errors: SettingsError[] } {
  const errors: SettingsError[] = [];
  const fail: Fail = (field, code, params) => void errors.push(params ? { field, code, params } : { field, code });
  if (input === undefined) return { value: [], errors };
  if (!Array.isArray(input)) return { errors: [{ field: 'stationPrinters', code: 'type', params: { want: 'list' } }] };
  if (input.length > STATION_PRINTERS_MAX) return { errors: [{ field: 'stationPrinters', code: 'too-long', params: { max: STATION_PRINTERS_MAX } }] };
  const value = input.map((entry: unknown, index): StationPrinterSetting => {
    const field = `stationPrinters[${index}]`;
    const record = (typeof entry === 'object' && entry !== null && !Array.isArray(entry) ? entry : {}) as Record<string, unknown>;
    const station = typeof record.station === 'string' ? record.station.trim() : '';
    if (station === '') fail(`${field}.station`, 'required');
    else if (!stationNames.includes(station)) fail(`${field}.station`, 'choice', { choices: stationNames.join(', ') || '—' });
    const address = checkPrinterAddress(record.address, `${field}.address`, fail, true);
    return { station, address, ...checkBackup(record, field, fail) };
  });
  value.forEach(({ station }, index) => {
    if (station && value.findIndex((other) => other.station === station) !== index) fail(`stationPrinters[${index}].station`, 'duplicate');
  });
  return errors.length > 0 ? { errors } : { value, errors };
}
