/**
 * Settings → Kitchen printer's backup and station printers: a backup for the counter's printer,
 * and per kitchen station a printer for its items with a backup of its own, each backup taking
 * the tickets after its printer has been in alarm for the handover time. The printers offered
 * are the main printer's (`listId`: the system's printers).
 */
import type { Settings } from '../../preload/api';
import { stationNames } from '../../main/core/orders/stations';
import { DEFAULT_BACKUP_AFTER_S, STATION_PRINTERS_MAX, type BackupSetting, type StationPrinterSetting } from '../../main/core/settings/printer-backup';
import { t } from '../../main/core/ui/i18n';
import { el } from '../dom';
import { field } from './form-field';

const seconds = (control: HTMLInputElement): number | string => (control.value.trim() === '' ? '' : Number(control.value));

function printerInput(value: string, listId: string, placeholder = ''): HTMLInputElement {
  const input = el('input', { type: 'text', value, placeholder });
  input.setAttribute('list', listId);
  return input;
}

/** A backup printer and its handover time at `path` ("printer", "stationPrinters[0]"). */
function backupFields(row: BackupSetting, path: string, listId: string): { elements: HTMLElement[]; collect(): { backup: string; backupAfterS: number | string } } {
  const backup = printerInput(row.backup, listId);
  const after = el('input', { type: 'number', min: 0, value: String(row.backupAfterS) });
  return {
    elements: [field('printerBackup', backup, `${path}.backup`), field('printerBackupAfter', after, `${path}.backupAfterS`)],
    collect: () => ({ backup: backup.value.trim(), backupAfterS: seconds(after) }),
  };
}

export function printerBackupFields(printer: BackupSetting, listId: string): { element: HTMLElement; collect(): { backup: string; backupAfterS: number | string } } {
  const fields = backupFields(printer, 'printer', listId);
  return { element: el('div', { className: 'printer-backup' }, ...fields.elements, el('p', { className: 'hint' }, t('printerBackupHint'))), collect: fields.collect };
}

export function stationPrintersEditor(settings: Settings, listId: string, changed: () => void): { element: HTMLElement; collect(): unknown[] } {
  const names = stationNames(settings.stations);
  const rows: { station: HTMLSelectElement; address: HTMLInputElement; backup: ReturnType<typeof backupFields> }[] = [];
  const list = el('div', { className: 'station-printers' });
  const add = el('button', { type: 'button', className: 'secondary', onClick: () => (addRow(), render(), changed()) }, t('stationPrinterAdd'));

  function addRow(entry?: StationPrinterSetting): void {
    const free = names.find((name) => !rows.some((row) => row.station.value === name)) ?? names[0] ?? '';
    const station = el('select', {}, ...names.map((name) => el('option', { value: name }, name)));
    // A saved station no longer listed stays chosen, so its error says so rather than the row changing station.
    if (entry && !names.includes(entry.station)) station.append(el('option', { value: entry.station }, entry.station));
    station.value = entry?.station ?? free;
    rows.push({ station, address: printerInput(entry?.address ?? '', listId, 'tcp://192.168.1.51:9100'), backup: backupFields(entry ?? { backup: '', backupAfterS: DEFAULT_BACKUP_AFTER_S }, `stationPrinters[${rows.length}]`, listId) });
  }

  function render(): void {
    list.replaceChildren(
      ...rows.map((row, index) => {
        const remove = el('button', { type: 'button', className: 'secondary', onClick: () => (rows.splice(index, 1), rebuild(), changed()) }, t('webhookRemove'));
        return el(
          'fieldset',
          { className: 'station-printer-row' },
          field('stationPrinterStation', row.station, `stationPrinters[${index}].station`),
          field('stationPrinterAddress', row.address, `stationPrinters[${index}].address`),
          ...row.backup.elements,
          remove,
        );
      }),
    );
    add.hidden = names.length === 0 || rows.length >= STATION_PRINTERS_MAX;
  }

  /** Rows after a removed one move up: their fields' paths follow. */
  function rebuild(): void {
    const kept = collect() as StationPrinterSetting[];
    rows.length = 0;
    kept.forEach((entry) => addRow(entry));
    render();
  }

  function collect(): unknown[] {
    return rows.map((row) => ({ station: row.station.value, address: row.address.value.trim(), ...row.backup.collect() }));
  }

  settings.stationPrinters.forEach((entry) => addRow(entry));
  render();
  const hint = el('p', { className: 'hint' }, names.length === 0 ? t('stationPrintersNoStations') : t('stationPrintersHint'));
  return { element: el('div', {}, el('h3', {}, t('stationPrintersTitle')), hint, list, add), collect };
}
