import { describe, expect, it } from 'vitest';
import { waitFor } from '../../../test/helpers';
import { arrive, openKitchen, printedIds, setup } from '../../../test/kitchen-harness';
import type { BacklogChoice, BacklogPolicy } from './backlog';

const HOUR = 3600_000;

/**
 * A printer off for three hours: 11 orders came in its first half hour and 2 in its last
 * half hour. Then it is back: 13 old tickets wait, more than the 10 a backlog starts above.
 */
async function nightOff(policy: BacklogPolicy) {
  let clock = Date.now() - 3 * HOUR;
  const now = () => clock;
  const s = await setup(now);
  await s.printer.down();
  const opened = await openKitchen(s, { now, backlog: { policy } });
  for (let i = 1; i <= 11; i++) await arrive(s.journal, opened.kitchen, { id: `night-${i}` });
  clock += 2.5 * HOUR;
  for (const id of ['late-1', 'late-2']) await arrive(s.journal, opened.kitchen, { id });
  clock += 0.5 * HOUR;
  await s.printer.up();
  opened.kitchen.retryNow();
  return { ...s, ...opened };
}

describe('the backlog question', () => {
  it.each([
    ['all', ['late-1', 'late-2'].length + 11],
    ['last-hour', 2],
    ['skip', 0],
  ] as const)('asked on the desktop, answered "%s": prints what the answer says, then new orders as usual', async (choice: BacklogChoice, count) => {
    const { kitchen, printer, journal, confirmed } = await nightOff('ask');
    await waitFor(() => kitchen.status.backlog === 13, 10_000, 'the question');
    expect(printedIds(printer)).toEqual([]);
    kitchen.answerBacklog(choice);
    await arrive(journal, kitchen, { id: 'now-1' });
    await waitFor(() => confirmed.includes('now-1'), 10_000, 'the new order');
    const expected = choice === 'all' ? [...Array.from({ length: 11 }, (_, i) => `night-${i + 1}`), 'late-1', 'late-2'] : choice === 'last-hour' ? ['late-1', 'late-2'] : [];
    expect(printedIds(printer)).toEqual([...expected, 'now-1']);
    expect(expected).toHaveLength(count);
    expect(confirmed).toEqual([...expected, 'now-1']);
    expect(kitchen.status.backlog).toBeUndefined();
  });

  it('answered in advance (listen --backlog last-hour): no question, only the last hour prints, and a restart does not bring the skipped back', async () => {
    const { kitchen, printer, dir, journal } = await nightOff('last-hour');
    await waitFor(() => printedIds(printer).length === 2, 10_000, 'the last hour');
    expect(printedIds(printer)).toEqual(['late-1', 'late-2']);
    await kitchen.close();
    const again = await openKitchen({ dir, journal, printer }, {});
    await arrive(journal, again.kitchen, { id: 'after' });
    await waitFor(() => printedIds(printer).length === 3, 10_000, 'the new order');
    expect(printedIds(printer)).toEqual(['late-1', 'late-2', 'after']);
  });
});
