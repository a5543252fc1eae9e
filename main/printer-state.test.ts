import { describe, expect, it } from 'vitest';
import type { PrinterInfo } from 'electron';
import { printerFault } from './printer-state';

const cups = (options: Record<string, string>) => [{ name: 'Kitchen', displayName: 'Kitchen', description: '', options }] as unknown as PrinterInfo[];
const windows = (status: number) => [{ name: 'Kitchen', displayName: 'Kitchen', description: '', options: {}, status }] as unknown as PrinterInfo[];

describe("a system printer's own state", () => {
  it.each([
    [{ 'printer-state': '3', 'printer-state-reasons': 'none' }, null],
    [{ 'printer-state': '4', 'printer-state-reasons': 'none' }, null],
    [{ 'printer-state': '5', 'printer-state-reasons': 'paused' }, 'paused'],
    [{ 'printer-state': '5', 'printer-state-reasons': 'none' }, 'stopped'],
    [{ 'printer-state': '3', 'printer-state-reasons': 'offline-report' }, 'offline'],
    [{ 'printer-state': '3', 'printer-state-reasons': 'toner-low-warning,media-empty-error' }, 'out of paper'],
    [{ 'printer-state': '3', 'printer-state-reasons': 'media-jam-error' }, 'paper jam'],
    [{}, null],
  ])('CUPS %j: %s', (options, fault) => {
    expect(printerFault(cups(options), 'Kitchen', 'linux')).toBe(fault);
  });

  it.each([
    [0, null],
    [0x1, 'paused'],
    [0x80, 'offline'],
    [0x10, 'out of paper'],
    [0x400 | 0x80, 'offline'],
  ])('Windows status 0x%s', (status, fault) => {
    expect(printerFault(windows(status), 'Kitchen', 'win32')).toBe(fault);
  });

  it('a printer missing from the list is not installed', () => {
    expect(printerFault(cups({}), 'Bar', 'darwin')).toBe('not installed on this computer');
  });
});
