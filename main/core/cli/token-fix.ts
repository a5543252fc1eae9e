/**
 * `orderbell listen` with a token the server refuses: it says which token is wrong and how to
 * fix it (the connection itself slows its dials down to one a minute), and when the token is
 * in a --token-file, it takes the fixed file at once instead of waiting for the next dial.
 */
import { unwatchFile, watchFile } from 'node:fs';
import { TOKEN_REFUSED, type ConnectionStatus } from '../link/connection';
import { OrderbellSource } from '../sources/orderbell';
import type { Source } from '../sources/source';
import { tokenFlag, tokenOrigin, type TokenFlags } from './token-flag';

/** How often a --token-file is looked at: polling sees an editor's save-by-rename too. */
const WATCH_INTERVAL_MS = 1000;

export class TokenFix {
  private refused = false;
  private readonly watched: string | undefined;

  constructor(
    private readonly flags: TokenFlags,
    private token: string | undefined,
    private readonly source: Source,
    private readonly report: (line: string) => void,
  ) {
    const path = flags['token-file'];
    if (path !== undefined && source instanceof OrderbellSource) {
      this.watched = path;
      watchFile(path, { interval: WATCH_INTERVAL_MS }, () => this.reread(path));
    }
  }

  /** A run of refusals is explained once, when it starts. */
  statusChanged(status: ConnectionStatus): void {
    const refused = status.state === 'offline' && status.lastError?.startsWith(TOKEN_REFUSED) === true;
    if (refused && !this.refused) {
      const fix = this.watched
        ? `put the right token in ${this.watched}: it is read again and the connection retried at once`
        : 'start again with the right token (the hub prints it when it starts)';
      this.report(`note: the token from ${this.token === undefined ? '--url' : tokenOrigin(this.flags)} is wrong for this server; trying again less and less often, at most once a minute. To fix it, ${fix}`);
    }
    if (status.state === 'online' || refused) this.refused = refused;
  }

  stop(): void {
    if (this.watched) unwatchFile(this.watched);
  }

  private reread(path: string): void {
    let token: string | undefined;
    try {
      token = tokenFlag({ 'token-file': path }, false);
    } catch (error) {
      return this.report(`warning: ${(error as Error).message}`);
    }
    if (token === this.token) return;
    this.token = token;
    this.report(`${path} changed: connecting with its token now`);
    (this.source as OrderbellSource).receiver.connection.useHeaders({ Authorization: `Bearer ${token}` });
  }
}
