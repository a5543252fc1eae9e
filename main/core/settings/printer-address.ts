/**
 * How a printer is named in settings and on the command line: tcp://HOST[:PORT] for a network
 * receipt printer (raw ESC/POS, port 9100 by default), cups:QUEUE or cups://HOST:PORT/QUEUE
 * for a system printer through CUPS' `lp`, system:NAME for a printer the desktop app prints
 * to through the operating system. A tcp printer that never answers status requests is named
 * tcp://HOST[:PORT]?confirm=write (see print/tcp-transport.ts). Pure TypeScript (no Node): the settings form checks
 * addresses with it as the user types.
 */
export type PrinterAddress =
  | { kind: 'tcp'; host: string; port: number; confirm: 'status' | 'write' }
  | { kind: 'cups'; queue: string; server?: string }
  | { kind: 'system'; name: string };

export const DEFAULT_RAW_PORT = 9100;
const QUEUE_NAME = /^[A-Za-z0-9_.-]{1,127}$/;

/** Parses a printer address; throws an Error whose message says what is wrong. */
export function parsePrinterAddress(value: string): PrinterAddress {
  const system = /^system:(.*)$/s.exec(value);
  if (system) return { kind: 'system', name: checkSystemName(system[1]!, value) };
  const cupsQueue = /^cups:([^/].*)$/.exec(value);
  if (cupsQueue) return { kind: 'cups', queue: checkQueue(cupsQueue[1]!, value) };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`printer must look like tcp://HOST:9100, cups:QUEUE or system:NAME, got "${value}"`);
  }
  if (url.protocol === 'tcp:') {
    if (!url.hostname) throw new Error(`printer ${value} has no host`);
    if (url.pathname !== '' && url.pathname !== '/') throw new Error(`printer ${value}: a tcp printer takes no path`);
    return { kind: 'tcp', host: url.hostname.replace(/^\[|\]$/g, ''), port: url.port ? Number(url.port) : DEFAULT_RAW_PORT, confirm: confirmBy(url, value) };
  }
  if (url.protocol === 'cups:') {
    if (!url.host) throw new Error(`printer ${value} has no CUPS server; use cups:QUEUE for this computer's`);
    return { kind: 'cups', server: url.host, queue: checkQueue(decodeURIComponent(url.pathname.slice(1)), value) };
  }
  throw new Error(`printer must start with tcp://, cups: or system:, got "${value}"`);
}

/** `?confirm=write` for a printer that never answers status requests; nothing else is a tcp option. */
function confirmBy(url: URL, value: string): 'status' | 'write' {
  const keys = [...url.searchParams.keys()];
  const confirm = url.searchParams.get('confirm');
  if (keys.some((key) => key !== 'confirm') || keys.length > 1 || (confirm !== null && confirm !== 'write' && confirm !== 'status')) {
    throw new Error(`printer ${value}: the only option of a tcp printer is ?confirm=write`);
  }
  return confirm === 'write' ? 'write' : 'status';
}

function checkQueue(queue: string, value: string): string {
  if (!QUEUE_NAME.test(queue)) throw new Error(`printer ${value}: a CUPS queue name is letters, digits, "-", "_" and "." only`);
  return queue;
}

/** A system printer's name as the OS lists it: any text but control characters. */
function checkSystemName(name: string, value: string): string {
  // eslint-disable-next-line no-control-regex
  if (name.trim() === '' || name.length > 256 || /[\u0000-\u001f\u007f]/.test(name)) {
    throw new Error(`printer ${JSON.stringify(value)}: a system printer needs its name, as the system lists it`);
  }
  return name;
}
