/** The transport for a printer address (see transport.ts for the address forms). */
import { CupsTransport } from './cups-transport';
import { TcpTransport } from './tcp-transport';
import { parsePrinterAddress, type PrinterTransport } from './transport';

export function transportFor(address: string, options: { timeoutMs?: number } = {}): PrinterTransport {
  const parsed = parsePrinterAddress(address);
  if (parsed.kind === 'tcp') return new TcpTransport({ host: parsed.host, port: parsed.port, ...options });
  return new CupsTransport({ queue: parsed.queue, ...(parsed.server ? { server: parsed.server } : {}), ...options });
}
