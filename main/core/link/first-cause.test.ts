import { describe, expect, it } from 'vitest';
import type { ConnectionStatus } from './connection';
import { FirstCause } from './first-cause';

describe('FirstCause', () => {
  it('keeps the first cause through the redials, adds a later one that differs once, and starts over once the link is up', () => {
    const first = new FirstCause();
    const causes = { shown: (status: ConnectionStatus) => first.shown(status) };
    expect(causes.shown({ state: 'connecting', lastError: 'the broker refused MQTT 5; trying MQTT 3.1.1' }).lastError).toBe('the broker refused MQTT 5; trying MQTT 3.1.1');
    expect(causes.shown({ state: 'offline', lastError: 'connection refused', nextRetryAt: 5 })).toEqual({ state: 'offline', lastError: 'connection refused', nextRetryAt: 5 });
    expect(causes.shown({ state: 'connecting' }).lastError).toBe('connection refused');
    expect(causes.shown({ state: 'offline', lastError: 'xhr poll error' }).lastError).toBe('connection refused; now: xhr poll error');
    // A source that passes the shown words on again gets them as they are.
    expect(causes.shown({ state: 'offline', lastError: 'connection refused; now: xhr poll error' }).lastError).toBe('connection refused; now: xhr poll error');
    expect(causes.shown({ state: 'offline', lastError: 'connection refused' }).lastError).toBe('connection refused');
    expect(causes.shown({ state: 'online' })).toEqual({ state: 'online' });
    expect(causes.shown({ state: 'offline', lastError: 'the server refused the login' }).lastError).toBe('the server refused the login');
  });
});
