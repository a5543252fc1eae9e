/** The hub's shared secret: where it comes from and how a request proves it knows it. */
import { hash, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { IncomingMessage } from 'node:http';
import { HttpError } from './http';

export const TOKEN_FILE = 'token';

/** The token kept in `dataDir`, created (and reported as new) on first start. */
export async function loadOrCreateToken(dataDir: string): Promise<{ token: string; created: boolean }> {
  const path = join(dataDir, TOKEN_FILE);
  try {
    const token = (await readFile(path, 'utf8')).trim();
    if (token.length >= 16) return { token, created: false };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const token = newToken();
  await writeFile(path, `${token}\n`, { mode: 0o600 });
  return { token, created: true };
}

/**
 * 24 random bytes in base64url. Never starting with "-": given on a command line
 * (`orderbell send --token …`), such a token is taken for a flag and the command refused.
 */
export function newToken(): string {
  for (;;) {
    const token = randomBytes(24).toString('base64url');
    if (!token.startsWith('-')) return token;
  }
}

/** The token a request carries: `Authorization: Bearer …`, or `?token=` for browsers (no URL: a request without a query). */
export function presentedToken(req: IncomingMessage, url: URL | undefined): string | undefined {
  const header = req.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    return match ? match[1] : undefined;
  }
  return url?.searchParams.get('token') ?? undefined;
}

function digest(value: string): Buffer {
  // The one-shot form: a request's check makes no Hash objects.
  return hash('sha256', value, 'buffer');
}

/**
 * The hub's token, kept as its digest, so that a request's check hashes only what it presents.
 * A connection that proved it is not asked to hash it again on each request of its keep-alive
 * life: what it presents next is compared, in constant time, with the token it proved. A
 * TokenCheck holds one token; a hub given another makes a new one, which has proven nothing.
 */
export class TokenCheck {
  private readonly expected: Buffer;
  private readonly token: Buffer;
  /** Connections (their sockets) that presented the token: gone with them. */
  private readonly proven = new WeakSet<object>();

  constructor(token: string) {
    this.expected = digest(token);
    this.token = Buffer.from(token, 'utf8');
  }

  /** Compares in constant time: hashing first makes the lengths equal too. */
  matches(presented: string): boolean {
    return timingSafeEqual(digest(presented), this.expected);
  }

  require(req: IncomingMessage, url: URL | undefined): void {
    const presented = presentedToken(req, url);
    if (presented === undefined) {
      throw new HttpError(401, 'missing token: send "Authorization: Bearer <token>" or ?token=<token>', {
        'WWW-Authenticate': 'Bearer realm="orderbell"',
      });
    }
    if (this.proven.has(req.socket) ? !this.sameAsToken(presented) : !this.matches(presented)) {
      this.proven.delete(req.socket);
      throw new HttpError(401, 'wrong token', { 'WWW-Authenticate': 'Bearer realm="orderbell", error="invalid_token"' });
    }
    this.proven.add(req.socket);
  }

  /** For a connection that proved the token: no hash, the bytes compared in constant time (a token's length is no secret). */
  private sameAsToken(presented: string): boolean {
    const bytes = Buffer.from(presented, 'utf8');
    return bytes.length === this.token.length && timingSafeEqual(bytes, this.token);
  }
}
