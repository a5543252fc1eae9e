/** Sleep and wake: redial after resume or unlock, and keep the app or the PC from sleeping. */
import { powerMonitor, powerSaveBlocker } from 'electron';

/** Returns the function that stops listening. */
export function reconnectOnWake(reconnectNow: () => void): () => void {
  const events = ['resume', 'unlock-screen'] as const;
  for (const event of events) powerMonitor.on(event as 'resume', reconnectNow);
  return () => events.forEach((event) => powerMonitor.off(event as 'resume', reconnectNow));
}

/**
 * One 'prevent-app-suspension' blocker, held while any reason asks for it: the "keep this PC
 * awake" setting, or (macOS) an open connection or unhandled orders — App Nap throttles the
 * timers and sockets of an app with no visible window, so a napping app would hear the day's
 * first order late, and the alert clock ticks once a second in the main process
 * (docs/api/power-save-blocker.md).
 */
export class KeepAwake {
  private blocker: number | undefined;
  private readonly reasons = new Set<'setting' | 'alerting' | 'connected'>();

  set(enabled: boolean): void {
    this.want('setting', enabled);
  }

  alerting(active: boolean): void {
    this.want('alerting', active);
  }

  /** The hub runs, or a source is connected: an order may come at any moment. */
  connected(active: boolean): void {
    this.want('connected', active);
  }

  /** Lets the system sleep again, whatever asked (the shell is going). */
  release(): void {
    this.reasons.clear();
    this.want('setting', false);
  }

  get active(): boolean {
    return this.blocker !== undefined && powerSaveBlocker.isStarted(this.blocker);
  }

  private want(reason: 'setting' | 'alerting' | 'connected', on: boolean): void {
    if (on) this.reasons.add(reason);
    else this.reasons.delete(reason);
    if (this.reasons.size > 0 && this.blocker === undefined) this.blocker = powerSaveBlocker.start('prevent-app-suspension');
    if (this.reasons.size === 0 && this.blocker !== undefined) {
      powerSaveBlocker.stop(this.blocker);
      this.blocker = undefined;
    }
  }
}
