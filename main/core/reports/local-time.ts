/**
 * The shop's local calendar: which local day, hour and weekday an instant falls in, in an IANA
 * time zone (Intl), so midnight and daylight-saving changes put each order in the right day.
 */

export interface LocalSlot {
  /** YYYY-MM-DD */
  day: string;
  /** 0–23 */
  hour: number;
  /** 0 = Monday … 6 = Sunday */
  weekday: number;
}

/**
 * Every zone's offset changes on a whole quarter hour (UTC), and its hours begin on one, so all
 * of a quarter hour is in one local day and hour.
 */
const QUARTER_MS = 15 * 60 * 1000;
const DAY_MS = 24 * 3600 * 1000;
const QUARTERS_A_DAY = DAY_MS / QUARTER_MS;

/** The machine's own time zone. */
export function machineTimeZone(): string {
  return new Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** Why `zone` is no IANA time zone this runtime knows, or undefined when it is one. */
export function timeZoneProblem(zone: string): string | undefined {
  try {
    wallClockFormat(zone);
    return undefined;
  } catch {
    return `unknown time zone "${zone}"; use an IANA name such as Asia/Shanghai or Europe/London`;
  }
}

/** Zones whose formatter is kept, the most recently used: a shop asks in its own zone, and a hostile client's many zones cost no more than this. */
const KEPT_FORMATS = 8;
const formats = new Map<string, Intl.DateTimeFormat>();

/**
 * The zone's wall-clock formatter, made once per zone: making one costs milliseconds (ICU
 * loads the zone and builds the pattern), and each report asks for its zone three times.
 * Throws a RangeError for a zone this runtime does not know.
 */
function wallClockFormat(zone: string): Intl.DateTimeFormat {
  let format = formats.get(zone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    if (formats.size === KEPT_FORMATS) formats.delete(formats.keys().next().value!);
  }
  // Last in the map as the most recently used: the one pushed out is the least recently used.
  formats.delete(zone);
  formats.set(zone, format);
  return format;
}

export class LocalClock {
  private readonly format: Intl.DateTimeFormat;
  /** Local wall-clock ms minus UTC ms, by quarter hour: formatting is slow, a busy day has few quarters. */
  private readonly offsets = new Map<number, number>();
  private readonly slots = new Map<number, LocalSlot>();
  /** By UTC day: its one offset, or null for a day the offset changes in. */
  private readonly dayOffsets = new Map<number, number | null>();

  constructor(readonly timeZone: string) {
    this.format = wallClockFormat(timeZone);
  }

  slot(ms: number): LocalSlot {
    const quarter = Math.floor(ms / QUARTER_MS);
    let slot = this.slots.get(quarter);
    if (slot === undefined) {
      const local = new Date(ms + this.offset(ms));
      slot = { day: local.toISOString().slice(0, 10), hour: local.getUTCHours(), weekday: (local.getUTCDay() + 6) % 7 };
      this.slots.set(quarter, slot);
    }
    return slot;
  }

  /** The instant the local day `day` (YYYY-MM-DD) ends: the next day's first local instant. */
  endOfDay(day: string): number {
    const next = Date.parse(`${day}T00:00:00Z`) + 24 * 3600 * 1000;
    // Local midnight is UTC midnight minus the offset then; the offset there is found from a guess one offset off.
    const guess = next - this.offset(next);
    return next - this.offset(guess);
  }

  /**
   * A UTC day whose first and last quarter hours have the same offset has it throughout (no zone
   * changes twice in a day): two formattings a day instead of 96. A day with a change is looked
   * up by the quarter hour.
   */
  private offset(ms: number): number {
    const day = Math.floor(ms / DAY_MS);
    let dayOffset = this.dayOffsets.get(day);
    if (dayOffset === undefined) {
      const first = this.quarterOffset(day * QUARTERS_A_DAY);
      dayOffset = first === this.quarterOffset((day + 1) * QUARTERS_A_DAY - 1) ? first : null;
      this.dayOffsets.set(day, dayOffset);
    }
    return dayOffset ?? this.quarterOffset(Math.floor(ms / QUARTER_MS));
  }

  private quarterOffset(quarter: number): number {
    let offset = this.offsets.get(quarter);
    if (offset === undefined) {
      offset = this.wallClock(quarter * QUARTER_MS) - quarter * QUARTER_MS;
      this.offsets.set(quarter, offset);
    }
    return offset;
  }

  private wallClock(ms: number): number {
    const parts: Record<string, string> = {};
    for (const part of this.format.formatToParts(ms)) parts[part.type] = part.value;
    return Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  }
}

