/** Browsers' origins, and what a request too garbled or too slow to parse gets. */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { forLog } from '../orders/untrusted-text';
import { HttpError, rejectUpgrade } from './http';
import type { RefusalLog } from './refusal-log';

/** Browsers send Origin; a page from elsewhere must not drive the hub with a stolen token. */
export function checkOrigin(req: IncomingMessage, allowedOrigins: readonly string[] = []): void {
  const origin = req.headers.origin;
  if (origin === undefined) return;
  // Host is one of the hub's own names by now (HostCheck), so this is truly the hub's origin.
  const own = [`http://${req.headers.host}`, `https://${req.headers.host}`];
  if (own.includes(origin) || allowedOrigins.includes(origin)) return;
  throw new HttpError(403, `origin ${origin} is not allowed; add it with --allow-origin`);
}

const REFUSALS: Record<string, [number, string]> = {
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'headers or body too slow'],
  HPE_HEADER_OVERFLOW: [431, 'headers too large'],
};

const cutOff = new WeakSet<Duplex>();

/** Whether the hub itself closed this connection (already logged): a request on it ends quietly. */
export function wasCutOff(socket: Duplex): boolean {
  return cutOff.has(socket);
}

/** Requests Node could not parse, or whose headers or body came too slowly: logged, answered, closed. */
export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex, refusals: RefusalLog): void {
  const [status, why] = REFUSALS[error.code ?? ''] ?? [400, 'not valid HTTP'];
  const refusal = new HttpError(status, `${why} (${forLog(error.code ?? error.message, 40)})`);
  // A client that hung up is not refused; mid-body, the request's handler logs it.
  if (error.code !== 'ECONNRESET' && error.code !== 'HPE_INVALID_EOF_STATE') {
    cutOff.add(socket);
    const address = (socket as Duplex & { remoteAddress?: string }).remoteAddress ?? 'unknown';
    refusals.refused(address, `a request: ${status} ${refusal.message}`);
  }
  // As Node does: an answer only where no other answer has begun on this connection.
  if (socket.writable && (socket as Duplex & { bytesWritten?: number }).bytesWritten === 0) rejectUpgrade(socket, refusal);
  socket.destroy();
}
