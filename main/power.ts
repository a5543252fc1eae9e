/** Sleep and wake: redial after resume or unlock, and optionally keep the PC awake. */
import { powerMonitor, powerSaveBlocker } from 'electron';

/** Returns the function that stops listening. */
export function reconnectOnWake(reconnectNow: () => void): () => void {
  const events = ['resume', 'unlock-screen'] as const;
  for (const event of events) powerMonitor.on(event as 'resume', reconnectNow);
  return () => events.forEach((event) => powerMonitor.off(event as 'resume', reconnectNow));
}

export class KeepAwake {
  private blocker: number | undefined;

  set(enabled: boolean): void {
    if (enabled && this.blocker === undefined) this.blocker = powerSaveBlocker.start('prevent-app-suspension');
    if (!enabled && this.blocker !== undefined) {
      powerSaveBlocker.stop(this.blocker);
      this.blocker = undefined;
    }
  }

  get active(): boolean {
    return this.blocker !== undefined && powerSaveBlocker.isStarted(this.blocker);
  }
}
