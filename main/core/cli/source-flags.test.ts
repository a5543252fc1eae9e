import { describe, expect, it } from 'vitest';
import { UsageError } from './args';
import { sourceFromFlags } from './source-flags';

describe('orderbell listen --source pusher flags', () => {
  it('keeps --cluster, and without --url names Pusher\'s host for that cluster', () => {
    expect(sourceFromFlags({ source: 'pusher', key: 'k', cluster: 'eu', channel: 'orders' })).toEqual({
      kind: 'pusher',
      label: 'pusher',
      url: 'wss://ws-eu.pusher.com/',
      key: 'k',
      cluster: 'eu',
      channel: 'orders',
    });
    expect(sourceFromFlags({ source: 'pusher', url: 'ws://127.0.0.1:8080', key: 'k', cluster: 'mt1', channel: 'orders' })).toMatchObject({ url: 'ws://127.0.0.1:8080/', cluster: 'mt1' });
  });

  it('refuses a cluster that is not a short host-name part, and a missing --url without a cluster', () => {
    expect(() => sourceFromFlags({ source: 'pusher', key: 'k', cluster: 'eu.evil.example/', channel: 'orders' })).toThrow(
      new UsageError('--cluster must be a cluster name such as mt1 or eu (lowercase letters, digits, -), got "eu.evil.example/"'),
    );
    expect(() => sourceFromFlags({ source: 'pusher', key: 'k', channel: 'orders' })).toThrow(new UsageError('--url is required'));
  });
});

describe('orderbell listen --source mqtt flags', () => {
  it('--mqtt-version is 5, 3.1.1 or auto; without it the settings\' default (auto) applies', () => {
    const mqtt = { source: 'mqtt', url: 'mqtt://127.0.0.1:1883', topic: 'orders' };
    expect(sourceFromFlags({ ...mqtt, 'mqtt-version': '3.1.1' })).toMatchObject({ kind: 'mqtt', protocolVersion: '3.1.1' });
    expect(sourceFromFlags(mqtt)).not.toHaveProperty('protocolVersion');
    expect(() => sourceFromFlags({ ...mqtt, 'mqtt-version': '4' })).toThrow(new UsageError('--mqtt-version must be one of auto, 5, 3.1.1, got "4"'));
    expect(() => sourceFromFlags({ source: 'socketio', url: 'http://127.0.0.1:2120', 'mqtt-version': '5' })).toThrow(new UsageError('--mqtt-version is not used by --source socketio'));
  });
});

describe('orderbell listen liveness flags', () => {
  it('takes --dead-after-s for every kind and --idle-s for sse, and refuses what is not 1 to 3600 seconds', () => {
    expect(sourceFromFlags({ source: 'socketio', url: 'http://127.0.0.1:2120', 'dead-after-s': '30' })).toMatchObject({ kind: 'socketio', deadAfterS: 30 });
    expect(sourceFromFlags({ source: 'sse', url: 'http://127.0.0.1:80/sub', 'idle-s': '60', 'dead-after-s': '5' })).toMatchObject({ idleS: 60, deadAfterS: 5 });
    expect(() => sourceFromFlags({ source: 'mqtt', url: 'mqtt://127.0.0.1', topic: 't', 'idle-s': '60' })).toThrow(new UsageError('--idle-s is not used by --source mqtt'));
    expect(() => sourceFromFlags({ source: 'text', url: 'ws://127.0.0.1', 'dead-after-s': '0' })).toThrow(new UsageError('--dead-after-s must be a number of seconds from 1 to 3600, got "0"'));
    expect(() => sourceFromFlags({ source: 'sse', url: 'http://127.0.0.1', 'idle-s': 'never' })).toThrow(new UsageError('--idle-s must be a number of seconds from 1 to 3600, got "never"'));
  });
});
