/**
 * Alert actions the order screen cannot play yet: before it has subscribed (start-up, a
 * reload) or while its renderer is gone. The newest of each kind is kept — one sound, one
 * voice line, one summary — and handed over summary first when the screen is ready, so a
 * late screen rings at once, once, instead of replaying every alert it missed.
 */
import type { AlertAction } from './policy';

const RELEASE_ORDER: readonly AlertAction['kind'][] = ['summary', 'sound', 'voice'];

export class AlertHold {
  private readonly held = new Map<AlertAction['kind'], AlertAction>();

  hold(action: AlertAction): void {
    this.held.set(action.kind, action);
  }

  /** Everything held, in the order to play it; the hold is then empty. */
  release(): AlertAction[] {
    const actions = RELEASE_ORDER.flatMap((kind) => this.held.get(kind) ?? []);
    this.held.clear();
    return actions;
  }
}
