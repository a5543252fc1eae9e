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

/** The token a request carries: `Authorization: Bearer …`, or `?token=` for browsers. */
export function presentedToken(req: IncomingMessage, url: URL): string | undefined {
  const header = req.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    return match ? match[1] : undefined;
  }
  return url.searchParams.get('token') ?? undefined;
}

function digest(value: string): Buffer {
  // The one-shot form: a request's check makes no Hash objects.
  return hash('sha256', value, 'buffer');
}

/** The hub's token, kept as its digest, so that a request's check hashes only what it presents. */
export class TokenCheck {
  private readonly expected: Buffer;

  constructor(token: string) {
    this.expected = digest(token);
  }

  /** Compares in constant time: hashing first makes the lengths equal too. */
  matches(presented: string): boolean {
    return timingSafeEqual(digest(presented), this.expected);
  }

  require(req: IncomingMessage, url: URL): void {
    const presented = presentedToken(req, url);
    if (presented === undefined) {
      throw new HttpError(401, 'missing token: send "Authorization: Bearer <token>" or ?token=<token>', {
        'WWW-Authenticate': 'Bearer realm="orderbell"',
      });
    }
    if (!this.matches(presented)) {
      throw new HttpError(401, 'wrong token', { 'WWW-Authenticate': 'Bearer realm="orderbell", error="invalid_token"' });
    }
  }
}
