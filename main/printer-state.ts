/**
 * What a system printer says about itself in webContents.getPrintersAsync(). Electron's print()
 * reports only whether the spooler took the job (Chromium's OnJobDone says succeeded for a paused
 * or offline printer too), so the printer's own state is read before and after each ticket.
 * CUPS (Linux, macOS) gives IPP's attributes in `options`; Windows gives PRINTER_INFO_2's Status
 * flags in `status` (winspool.h).
 */
import type { PrinterInfo } from 'electron';

/** IPP printer-state 5 is "stopped" (RFC 8011, 5.4.11). */
const IPP_STOPPED = '5';
/** printer-state-reasons that mean nothing will come out (RFC 8011, 5.4.12; CUPS adds the -error/-warning suffixes). */
const IPP_FAULTS: [RegExp, string][] = [
  [/^paused/, 'paused'],
  [/^offline/, 'offline'],
  [/^media-(empty|needed)/, 'out of paper'],
  [/^media-jam/, 'paper jam'],
  [/^(door|cover)-open/, 'cover open'],
];
/** winspool.h PRINTER_STATUS_* flags that mean nothing will come out. */
const WINDOWS_FAULTS: [number, string][] = [
  [0x00000001, 'paused'],
  [0x00000080, 'offline'],
  [0x00000010, 'out of paper'],
  [0x00000008, 'paper jam'],
  [0x00400000, 'cover open'],
  [0x00000002, 'in error'],
  [0x00000400, 'not available'],
];

/** Why `name` will not print now, in a few words; null when it says nothing is wrong. */
export function printerFault(printers: readonly PrinterInfo[], name: string, platform: NodeJS.Platform): string | null {
  const printer = printers.find((candidate) => candidate.name === name);
  if (!printer) return 'not installed on this computer';
  if (platform === 'win32') {
    const status = (printer as PrinterInfo & { status?: number }).status ?? 0;
    return WINDOWS_FAULTS.find(([flag]) => (status & flag) !== 0)?.[1] ?? null;
  }
  const options = (printer.options ?? {}) as Record<string, string>;
  const reasons = (options['printer-state-reasons'] ?? '').split(',').map((reason) => reason.trim());
  for (const [pattern, words] of IPP_FAULTS) if (reasons.some((reason) => pattern.test(reason))) return words;
  return options['printer-state'] === IPP_STOPPED ? 'stopped' : null;
}
