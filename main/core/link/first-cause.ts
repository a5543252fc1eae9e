/**
 * What a link that keeps failing says, the same for every kind: the first cause since it was
 * last up ("connection refused", "no answer from the server for 20.0 s"), kept through the
 * redials, whose own words are often generic ("xhr poll error", "transport closed"). A later
 * cause that differs is added after it, so a change (the server is back but refuses the login)
 * is seen too. Each status keeps its nextRetryAt: the screens and the CLI say when the next try is.
 */
/** A connection's or a source's status, as far as its cause goes. */
interface CausedStatus {
  state: 'connecting' | 'online' | 'offline' | 'stopped';
  lastError?: string;
}

const NOW = '; now: ';

export class FirstCause {
  private first: string | undefined;

  /** The status as it is to be shown. Online (or stopped) forgets the cause: the next failure is a first again. */
  shown<S extends CausedStatus>(status: S): S {
    if (status.state === 'online' || status.state === 'stopped') {
      this.first = undefined;
      return status;
    }
    const latest = status.lastError;
    if (this.first === undefined) {
      // A note while connecting (a protocol fallback) is no failure.
      if (status.state === 'offline' && latest !== undefined) this.first = latest;
      return status;
    }
    if (latest === undefined) return { ...status, lastError: this.first };
    if (latest === this.first || latest.startsWith(`${this.first}${NOW}`)) return status;
    return { ...status, lastError: `${this.first}${NOW}${latest}` };
  }
}
