/** `orderbell hub`'s flags for answering orders: auto-accept rules and `order.unanswered`. */
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
  --unanswered-after <s>  an order nobody answered in this many seconds is logged once as unanswered`;

interface AnswerFlags {
  'auto-accept'?: string[];
  'auto-accept-ready'?: string;
  'auto-accept-hours'?: string;
  'unanswered-after'?: string;
}

export function answerOptions(flags: AnswerFlags): { autoAccept?: AutoAcceptRule; unansweredAfterS?: number } {
  const options: { autoAccept?: AutoAcceptRule; unansweredAfterS?: number } = {};
  if (flags['auto-accept']) {
    const ready = flags['auto-accept-ready'] ?? '20';
    if (!/^\d+$/.test(ready) || Number(ready) > 720) throw new UsageError(`--auto-accept-ready must be whole minutes from 0 to 720, got "${ready}"`);
    const hours = flags['auto-accept-hours'];
    if (hours !== undefined && checkHours(hours)) throw new UsageError(`--auto-accept-hours: ${checkHours(hours)}`);
    options.autoAccept = { channels: flags['auto-accept'], readyInMin: Number(ready), ...(hours ? { hours } : {}) };
  } else if (flags['auto-accept-ready'] !== undefined || flags['auto-accept-hours'] !== undefined) {
    throw new UsageError('--auto-accept-ready and --auto-accept-hours need --auto-accept <channel>');
  }
  if (flags['unanswered-after'] !== undefined) {
    if (!/^\d+$/.test(flags['unanswered-after']) || Number(flags['unanswered-after']) === 0) throw new UsageError(`--unanswered-after must be a positive whole number of seconds, got "${flags['unanswered-after']}"`);
    options.unansweredAfterS = Number(flags['unanswered-after']);
  }
  return options;
}
