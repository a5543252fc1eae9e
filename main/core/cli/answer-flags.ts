/** `orderbell hub`'s flags for answering orders: auto-accept rules, and when an order is `order.unanswered`. */
import { UsageError } from './args';
import { checkHours, type AutoAcceptRule } from '../orders/auto-accept';

export const ANSWER_FLAGS = {
  'auto-accept': { type: 'string', multiple: true },
  'auto-accept-ready': { type: 'string' },
  'auto-accept-hours': { type: 'string' },
  'unanswered-after': { type: 'string' },
} as const;

export const ANSWER_FLAGS_USAGE = `  --auto-accept <channel> accept orders of this channel or source at once (repeatable)
  --auto-accept-ready <n> their ready time, minutes (default 20)
  --auto-accept-hours <HH:MM-HH:MM>  only inside these opening hours (local time)
  --unanswered-after <m>  tell every webhook and reply channel once (order.unanswered) about an order
                          nobody answered this many minutes after it came; 90s for seconds
                          (default: never; docs/integration.md)`;

interface AnswerFlags {
  'auto-accept'?: string[];
  'auto-accept-ready'?: string;
  'auto-accept-hours'?: string;
  'unanswered-after'?: string;
}

export function answerOptions(flags: AnswerFlags): { autoAccept?: AutoAcceptRule } {
  const options: { autoAccept?: AutoAcceptRule } = {};
  if (flags['auto-accept']) {
    const ready = flags['auto-accept-ready'] ?? '20';
    if (!/^\d+$/.test(ready) || Number(ready) > 720) throw new UsageError(`--auto-accept-ready must be whole minutes from 0 to 720, got "${ready}"`);
    const hours = flags['auto-accept-hours'];
    if (hours !== undefined && checkHours(hours)) throw new UsageError(`--auto-accept-hours: ${checkHours(hours)}`);
    options.autoAccept = { channels: flags['auto-accept'], readyInMin: Number(ready), ...(hours ? { hours } : {}) };
  } else if (flags['auto-accept-ready'] !== undefined || flags['auto-accept-hours'] !== undefined) {
    throw new UsageError('--auto-accept-ready and --auto-accept-hours need --auto-accept <channel>');
  }
  return options;
}

/** The longest `--unanswered-after`: the outbox gives an event up after 24 h. */
const UNANSWERED_MAX_S = 24 * 3600;

/** `--unanswered-after`: minutes (`10`, `10m`) or seconds (`90s`), in seconds; 0 when not given. */
export function unansweredAfterS(flags: AnswerFlags): number {
  const value = flags['unanswered-after'];
  if (value === undefined) return 0;
  const match = /^(\d+)\s*(s|m|min)?$/i.exec(value.trim());
  const seconds = match ? Number(match[1]) * (match[2]?.toLowerCase() === 's' ? 1 : 60) : NaN;
  if (!(seconds > 0 && seconds <= UNANSWERED_MAX_S)) {
    throw new UsageError(`--unanswered-after must be whole minutes (10) or seconds (90s), more than 0 and at most 24 hours, got "${value}"`);
  }
  return seconds;
}
