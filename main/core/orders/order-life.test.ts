import { describe, expect, it } from 'vitest';
import { checkAnswer, currentState, nextStates, type StateChange } from './order-life';

const NOW = Date.parse('2026-12-06T12:00:00Z');
const change = (state: StateChange['state'], seq: number, extra: Partial<StateChange> = {}): StateChange => ({ id: 'A', state, at: '2026-12-06T11:59:00Z', by: 'Till', seq, ...extra });

describe('the order life', () => {
  it('accepts a new order with minutes from now, as an ISO ready time, signed and numbered', () => {
    const result = checkAnswer('A', [], { state: 'accepted', readyInMin: 20 }, 'Kitchen', NOW);
    expect(result).toEqual({ ok: true, change: { id: 'A', state: 'accepted', at: '2026-12-06T12:00:00.000Z', by: 'Kitchen', readyAt: '2026-12-06T12:20:00.000Z', seq: 1 } });
  });

  it('goes accepted → ready → done, and back to any earlier state', () => {
    expect(nextStates('new')).toEqual(['accepted', 'rejected', 'done']);
    expect(nextStates('accepted')).toEqual(['ready', 'done', 'rejected', 'new']);
    expect(nextStates('ready')).toEqual(['done', 'new', 'accepted']);
    expect(nextStates('done')).toEqual(['new', 'accepted', 'rejected', 'ready']);
    expect(nextStates('rejected')).toEqual(['new']);
    const history = [change('accepted', 1, { readyAt: '2026-12-06T12:20:00Z' }), change('ready', 2), change('done', 3)];
    expect(checkAnswer('A', history, { state: 'new' }, 'Till', NOW)).toMatchObject({ ok: true, change: { state: 'new', seq: 4 } });
  });

  it('says who answered first when the same state is asked for again, or the asker saw an older state', () => {
    const history = [change('accepted', 1, { readyAt: '2026-12-06T12:20:00Z' })];
    expect(checkAnswer('A', history, { state: 'accepted', readyInMin: 10 }, 'Bar', NOW)).toEqual({ ok: false, code: 'answered-already', error: 'already accepted by Till at 2026-12-06T11:59:00Z' });
    expect(checkAnswer('A', history, { state: 'rejected', reason: 'closed', after: 0 }, 'Bar', NOW)).toEqual({ ok: false, code: 'answered-already', error: 'already accepted by Till at 2026-12-06T11:59:00Z' });
  });

  it('refuses a jump the life does not have', () => {
    expect(checkAnswer('A', [], { state: 'ready' }, 'Bar', NOW)).toEqual({ ok: false, code: 'not-allowed', error: 'a new order cannot be set to ready' });
  });

  it.each([
    [{ state: 'cooking' }, 'state: must be one of new, accepted, rejected, ready, done'],
    [{ state: 'accepted' }, 'readyAt: an accepted order needs a ready time (minutes from now or a time)'],
    [{ state: 'accepted', readyAt: '2026-12-06T11:00:00Z' }, 'readyAt: the ready time is in the past'],
    [{ state: 'accepted', readyAt: '2026-12-08T12:00:00Z' }, 'readyAt: the ready time is more than 12 hours ahead'],
    [{ state: 'accepted', readyAt: 'noon' }, 'readyAt: must be an ISO 8601 date and time, e.g. 2026-12-06T12:40:00+08:00'],
    [{ state: 'accepted', readyInMin: -5 }, 'ready: minutes must be a whole number, 0 or more'],
    [{ state: 'rejected' }, 'reason: a rejected order needs a reason (sold-out, too-busy, closed, or your own words)'],
    [{ state: 'rejected', reason: '   ' }, 'reason: a rejected order needs a reason (sold-out, too-busy, closed, or your own words)'],
    [{ state: 'done', reason: 'x' }, 'reason: only a rejected order has a reason'],
    [{ state: 'done', readyInMin: 5 }, 'readyAt: only an accepted order has a ready time'],
  ])('refuses %j: %s', (request, error) => {
    expect(checkAnswer('A', [], request as never, 'Bar', NOW)).toEqual({ ok: false, code: 'bad-answer', error });
  });

  it('counts an order handled by a v1 device as done', () => {
    expect(currentState([], true)).toBe('done');
    expect(checkAnswer('A', [], { state: 'new' }, 'Bar', NOW, true)).toMatchObject({ ok: true, change: { state: 'new', seq: 1 } });
  });
});
