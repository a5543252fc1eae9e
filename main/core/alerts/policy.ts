/**
 * The alert policy: when to ring, how loud, and when to stay quiet. Pure TypeScript with an
 * injected clock (no Node, DOM or timers), so the Electron main process and the browser web
 * view run the same rules, and tests can walk through hours in microseconds. The host calls
 * the event methods as things happen and `tick(now)` about once a second, and plays what the
 * returned actions say. It also ticks right after an 'individual' order arrives, so the first
 * sound does not wait for the clock's next second.
 */
import type { Order } from '../orders/order';
import type { QuietHours, Settings } from '../settings/settings';

export interface AlertConfig {
  repeatIntervalS: number;
  /** 0 turns escalation off. */
  escalateAfterS: number;
  offlineAlertAfterS: number;
  /** 0–1. */
  volume: number;
  voice: boolean;
  quietHours: QuietHours[];
  /** An order older than this on arrival was missed while offline: it joins a summary. */
  replayedAfterS?: number;
  /** Minutes east of UTC for quiet hours; by default the host's zone. */
  utcOffsetMinutes?: (now: number) => number;
}

export interface AlertingOrder {
  id: string;
  /** When the shop's backend created it, ms; undefined when unknown. */
  createdAt?: number;
  /**
   * It came in the catch-up after a connect (or is still unhandled from before a restart),
   * not live. Only such an order can count as late: a live one rings on its own, whatever
   * the sender's clock says.
   */
  replayed?: boolean;
  table?: string;
  total?: number | string;
  currency?: string;
}

/** An order as the policy sees it. */
export function alertingOrder(order: Order, replayed: boolean): AlertingOrder {
  return {
    id: order.id,
    replayed,
    ...(order.createdAt ? { createdAt: Date.parse(order.createdAt) } : {}),
    ...(order.table ? { table: order.table } : {}),
    ...(order.total !== undefined ? { total: order.total } : {}),
    ...(order.currency ? { currency: order.currency } : {}),
  };
}

export type AlertSound = 'new-order' | 'escalation' | 'offline';

export type AlertAction =
  | { kind: 'sound'; sound: AlertSound; volume: number }
  | { kind: 'voice'; line: VoiceLine; volume: number }
  /** Orders that arrived late (missed while offline): one notification for all of them. */
  | { kind: 'summary'; count: number };

export type VoiceLine =
  | { kind: 'new-order'; table?: string; total?: number | string; currency?: string }
  | { kind: 'summary'; count: number }
  /** `source`: the label of the listed source that is down, when this device itself is online. */
  | { kind: 'offline'; source?: string }
  | { kind: 'printer' };

export type MuteState = { kind: 'none' } | { kind: 'until'; until: number } | { kind: 'until-reopened' };

export interface AlertState {
  /** Unhandled orders are ringing (or would, but for mute or silent quiet hours). */
  ringing: boolean;
  level: 'idle' | 'ringing' | 'escalated' | 'offline';
  unhandled: number;
  mute: MuteState;
  quiet: 'none' | 'quiet' | 'silent';
  /** The printer alarm: tickets are waiting for a printer that has failed for offlineAlertAfterS. */
  printer: boolean;
}

export type MutePeriod = '15m' | '1h' | 'until-reopened' | 'off';
export const MUTE_PERIODS: readonly MutePeriod[] = ['15m', '1h', 'until-reopened', 'off'];

/** The alert rules a user's settings ask for. */
export function alertConfigFrom(settings: Settings): AlertConfig {
  return {
    repeatIntervalS: settings.repeatIntervalS,
    escalateAfterS: settings.escalateAfterS,
    offlineAlertAfterS: settings.offlineAlertAfterS,
    volume: settings.volume / 100,
    voice: settings.voice,
    quietHours: settings.quietHours,
  };
}

export const QUIET_VOLUME_FACTOR = 1 / 3;
const DEFAULT_REPLAYED_AFTER_S = 180;
/** Orders arriving closer together than this ring once, not once each. */
const MIN_RING_GAP_MS = 1000;

export class AlertPolicy {
  /** Unhandled orders and when they started ringing here. */
  private readonly unhandled = new Map<string, { order: AlertingOrder; since: number }>();
  private nextRingAt: number | null = null;
  private lastRingAt = -Infinity;
  private pendingSummary = 0;
  private offlineSince: number | null = null;
  private offlineSource: string | undefined;
  private nextOfflineRingAt: number | null = null;
  private muteState: MuteState = { kind: 'none' };
  private printerFailingSince: number | null = null;
  private nextPrinterRingAt: number | null = null;
  /** Accepted orders' ready times (ms): each rings once, softly, when it passes. */
  private readonly reminders = new Map<string, number>();
  private wake: (() => void) | undefined;

  constructor(private config: AlertConfig) {}

  configure(config: AlertConfig): void {
    this.config = config;
    this.wake?.();
  }

  /** Told when something may be due sooner than before (an order rings, a link or printer fails, a reminder or mute is set, an unmute, new settings). */
  onWake(listener: () => void): void {
    this.wake = listener;
  }

  /**
   * When a tick can next do something or the state next changes (ms since the epoch): a ring
   * or reminder due, the offline or printer alarm's grace over, the ringing escalating, a mute
   * ending. Null when nothing waits for a time; the quiet hours aside, which change only as a
   * minute turns.
   */
  nextDueAt(now: number): number | null {
    let due = Infinity;
    if (this.unhandled.size > 0 && this.nextRingAt !== null) due = this.nextRingAt;
    if (this.unhandled.size > 0 && this.config.escalateAfterS > 0) {
      let oldest = Infinity;
      for (const { since } of this.unhandled.values()) oldest = Math.min(oldest, since);
      const escalatesAt = oldest + this.config.escalateAfterS * 1000;
      if (escalatesAt > now) due = Math.min(due, escalatesAt);
    }
    for (const at of [this.nextOfflineRingAt, this.nextPrinterRingAt, ...this.reminders.values()]) if (at !== null) due = Math.min(due, at);
    if (this.muteState.kind === 'until') due = Math.min(due, this.muteState.until);
    return due === Infinity ? null : due;
  }

  /**
   * A new, unhandled order was stored. Returns how to announce it: 'individual' (its own
   * notification) or 'summary' (it arrived late, e.g. replayed after downtime, and joins one
   * summary alert with the others), or 'known' for an order already ringing.
   */
  orderArrived(order: AlertingOrder, now: number): 'individual' | 'summary' | 'known' {
    if (this.unhandled.has(order.id)) return 'known';
    this.unhandled.set(order.id, { order, since: now });
    const replayedAfterMs = (this.config.replayedAfterS ?? DEFAULT_REPLAYED_AFTER_S) * 1000;
    const late = order.replayed && order.createdAt !== undefined && now - order.createdAt > replayedAfterMs;
    if (late) {
      // At the next tick: the host's clock gathers a catch-up burst into one summary.
      this.nextRingAt = now;
      this.pendingSummary++;
    } else {
      // Due at once, however recently the last ring was (a new order is news), so the host can
      // tick the moment it arrives; only a burst of orders rings once per MIN_RING_GAP_MS.
      this.nextRingAt = Math.max(now, this.lastRingAt + MIN_RING_GAP_MS);
    }
    this.wake?.();
    return late ? 'summary' : 'individual';
  }

  /** Handled here, on another device, or in the web view. */
  orderHandled(id: string): void {
    this.unhandled.delete(id);
    if (this.unhandled.size === 0) {
      this.nextRingAt = null;
      this.pendingSummary = 0;
    }
  }

  /** A soft ring once at `at` (ms), for an accepted order's ready time; null forgets it. */
  remindAt(id: string, at: number | null): void {
    if (at === null) return void this.reminders.delete(id);
    this.reminders.set(id, at);
    this.wake?.();
  }

  /**
   * `down.source`: which of several sources is down, to name it in the alarm. `down.lastHeardAt`:
   * when the link last said anything. A link that went quiet is found dead only at its heartbeat
   * limit; the grace runs from the last word heard, so the alarm comes on time after a silent drop.
   */
  connectionChanged(online: boolean, now: number, down: { source?: string; lastHeardAt?: number } = {}): void {
    this.offlineSource = online ? undefined : down.source;
    if (online) {
      this.offlineSince = null;
      this.nextOfflineRingAt = null;
    } else if (this.offlineSince === null) {
      this.offlineSince = Math.min(now, down.lastHeardAt ?? now);
      this.nextOfflineRingAt = this.offlineSince + this.config.offlineAlertAfterS * 1000;
      this.wake?.();
    }
  }

  /** The printer failed (tickets wait for it) or is back; it rings like being offline does. */
  printerChanged(failing: boolean, now: number): void {
    if (!failing) {
      this.printerFailingSince = null;
      this.nextPrinterRingAt = null;
    } else if (this.printerFailingSince === null) {
      this.printerFailingSince = now;
      this.nextPrinterRingAt = now + this.config.offlineAlertAfterS * 1000;
      this.wake?.();
    }
  }

  /** What the mute buttons do. */
  mute(period: MutePeriod, now: number): void {
    if (period === '15m') this.muteFor(15, now);
    else if (period === '1h') this.muteFor(60, now);
    else if (period === 'until-reopened') this.muteUntilReopened();
    else this.unmute();
  }

  muteFor(minutes: number, now: number): void {
    this.muteUntil(now + minutes * 60_000);
  }

  /** Muted until a time (ms since the epoch), as a mute kept across a reload ends. */
  muteUntil(until: number): void {
    this.muteState = { kind: 'until', until };
    this.wake?.();
  }

  muteUntilReopened(): void {
    this.muteState = { kind: 'until-reopened' };
  }

  /** Unmute; unhandled orders ring again at the next tick. */
  unmute(): void {
    this.muteState = { kind: 'none' };
    if (this.unhandled.size > 0) this.nextRingAt = 0;
    this.wake?.();
  }

  windowReopened(): void {
    if (this.muteState.kind === 'until-reopened') this.unmute();
  }

  /** What to play now. Call about once a second; calling more often is harmless. */
  tick(now: number): AlertAction[] {
    if (this.muteState.kind === 'until' && now >= this.muteState.until) this.unmute();
    const actions = [...this.orderActions(now), ...this.reminderActions(now), ...this.offlineActions(now), ...this.printerActions(now)];
    const quiet = this.quietMode(now);
    // Mute and silent quiet hours stop sound and voice; the summary is visual and stays.
    const audible = this.muteState.kind === 'none' && quiet !== 'silent';
    const factor = quiet === 'quiet' ? QUIET_VOLUME_FACTOR : 1;
    return actions
      .filter((action) => action.kind === 'summary' || (audible && (action.kind === 'sound' || this.config.voice)))
      .map((action) => (action.kind === 'summary' ? action : { ...action, volume: Math.min(1, action.volume * factor) }));
  }

  state(now: number): AlertState {
    const escalated = this.isEscalated(now);
    const offline = this.offlineSince !== null && now - this.offlineSince >= this.config.offlineAlertAfterS * 1000;
    return {
      ringing: this.unhandled.size > 0,
      level: offline ? 'offline' : escalated ? 'escalated' : this.unhandled.size > 0 ? 'ringing' : 'idle',
      unhandled: this.unhandled.size,
      mute: this.muteState.kind === 'until' && now >= this.muteState.until ? { kind: 'none' } : this.muteState,
      quiet: this.quietMode(now),
      printer: this.printerFailingSince !== null && now - this.printerFailingSince >= this.config.offlineAlertAfterS * 1000,
    };
  }

  private orderActions(now: number): AlertAction[] {
    if (this.nextRingAt === null || now < this.nextRingAt || this.unhandled.size === 0) return [];
    this.nextRingAt = now + this.config.repeatIntervalS * 1000;
    this.lastRingAt = now;
    const escalated = this.isEscalated(now);
    const volume = escalated ? 1 : this.config.volume;
    const actions: AlertAction[] = [{ kind: 'sound', sound: escalated ? 'escalation' : 'new-order', volume }];
    if (this.pendingSummary > 0) {
      actions.push({ kind: 'summary', count: this.pendingSummary });
      actions.push({ kind: 'voice', line: { kind: 'summary', count: this.pendingSummary }, volume });
      this.pendingSummary = 0;
    } else if (escalated) {
      actions.push(this.escalationVoice(volume));
    }
    return actions;
  }

  /** After escalation every repeat speaks, naming the oldest unhandled order. */
  private escalationVoice(volume: number): AlertAction {
    const oldest = [...this.unhandled.values()].sort((a, b) => a.since - b.since)[0]!.order;
    return { kind: 'voice', line: { kind: 'new-order', table: oldest.table, total: oldest.total, currency: oldest.currency }, volume };
  }

  private reminderActions(now: number): AlertAction[] {
    let due = false;
    for (const [id, at] of this.reminders) {
      if (at > now) continue;
      this.reminders.delete(id);
      due = true;
    }
    return due ? [{ kind: 'sound', sound: 'new-order', volume: this.config.volume * QUIET_VOLUME_FACTOR }] : [];
  }

  private offlineActions(now: number): AlertAction[] {
    if (this.nextOfflineRingAt === null || now < this.nextOfflineRingAt) return [];
    this.nextOfflineRingAt = now + this.config.repeatIntervalS * 1000;
    return [
      { kind: 'sound', sound: 'offline', volume: this.config.volume },
      { kind: 'voice', line: { kind: 'offline', ...(this.offlineSource ? { source: this.offlineSource } : {}) }, volume: this.config.volume },
    ];
  }

  private printerActions(now: number): AlertAction[] {
    if (this.nextPrinterRingAt === null || now < this.nextPrinterRingAt) return [];
    this.nextPrinterRingAt = now + this.config.repeatIntervalS * 1000;
    return [
      { kind: 'sound', sound: 'offline', volume: this.config.volume },
      { kind: 'voice', line: { kind: 'printer' }, volume: this.config.volume },
    ];
  }

  private isEscalated(now: number): boolean {
    if (this.config.escalateAfterS <= 0) return false;
    for (const { since } of this.unhandled.values()) {
      if (now - since >= this.config.escalateAfterS * 1000) return true;
    }
    return false;
  }

  private quietMode(now: number): 'none' | 'quiet' | 'silent' {
    let result: 'none' | 'quiet' | 'silent' = 'none';
    for (const period of this.config.quietHours) {
      if (!inPeriod(period, now, this.offsetMinutes(now))) continue;
      if (period.mode === 'silent') return 'silent';
      result = 'quiet';
    }
    return result;
  }

  private offsetMinutes(now: number): number {
    return this.config.utcOffsetMinutes ? this.config.utcOffsetMinutes(now) : -new Date(now).getTimezoneOffset();
  }
}

function minutesOf(time: string): number {
  const [hours, minutes] = time.split(':').map(Number);
  return hours! * 60 + minutes!;
}

/** Whether `now` falls in a weekly period; one that ends before it starts runs past midnight. */
export function inPeriod(period: QuietHours, now: number, utcOffsetMinutes: number): boolean {
  const local = new Date(now + utcOffsetMinutes * 60_000);
  const day = local.getUTCDay();
  const minute = local.getUTCHours() * 60 + local.getUTCMinutes();
  const start = minutesOf(period.start);
  const end = minutesOf(period.end);
  if (start === end) return false;
  if (start < end) return period.days.includes(day) && minute >= start && minute < end;
  // Crosses midnight: the evening part on a listed day, the morning part on the day after one.
  if (minute >= start) return period.days.includes(day);
  return minute < end && period.days.includes((day + 6) % 7);
}
