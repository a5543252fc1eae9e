/** The transport for a printer address (see transport.ts for the address forms). */
import { CupsTransport } from './cups-transport';
import { TcpTransport } from './tcp-transport';
import { parsePrinterAddress } from '../settings/printer-address';
import type { PrinterTransport } from './transport';

/** Prints through the operating system (the desktop app's Electron shell supplies it). */
export type SystemPrinter = (name: string) => PrinterTransport;

export function transportFor(address: string, options: { timeoutMs?: number; system?: SystemPrinter } = {}): PrinterTransport {
  const { system, ...timeouts } = options;
  const parsed = parsePrinterAddress(address);
  if (parsed.kind === 'tcp') return new TcpTransport({ host: parsed.host, port: parsed.port, confirm: parsed.confirm, ...timeouts });
  if (parsed.kind === 'cups') return new CupsTransport({ queue: parsed.queue, ...(parsed.server ? { server: parsed.server } : {}), ...timeouts });
  if (!system) throw new Error(`printer ${address}: system printers are printed by the desktop app; use tcp:// or cups: here`);
  return system(parsed.name);
}
