import { describe, expect, it } from 'vitest';
import { defaultDeviceName, renameInviteAnswered, renameInviteDue, storedDefaultName } from './device-name';

const AGENTS = {
  androidChrome: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
  iPhoneSafari: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
  iPadChrome: 'Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0 Mobile/15E148 Safari/604.1',
  windowsEdge: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
  macFirefox: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:132.0) Gecko/20100101 Firefox/132.0',
  samsung: 'Mozilla/5.0 (Linux; Android 14; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Safari/537.36',
};

function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return { getItem: (key: string) => items.get(key) ?? null, setItem: (key: string, value: string) => void items.set(key, value) } as Storage;
}

describe('a web view\'s default name', () => {
  it('names the platform and browser, then the suffix', () => {
    expect(defaultDeviceName(AGENTS.androidChrome, 'k7q2')).toBe('Android Chrome k7q2');
    expect(defaultDeviceName(AGENTS.iPhoneSafari, 'k7q2')).toBe('iPhone Safari k7q2');
    expect(defaultDeviceName(AGENTS.iPadChrome, 'k7q2')).toBe('iPad Chrome k7q2');
    expect(defaultDeviceName(AGENTS.windowsEdge, 'k7q2')).toBe('Windows Edge k7q2');
    expect(defaultDeviceName(AGENTS.macFirefox, 'k7q2')).toBe('Mac Firefox k7q2');
    expect(defaultDeviceName(AGENTS.samsung, 'k7q2')).toBe('Android Samsung Internet k7q2');
    expect(defaultDeviceName('', 'k7q2')).toBe('Web browser k7q2');
  });

  it('is made once per browser and differs between two browsers alike', () => {
    const tablet = memoryStorage();
    const name = storedDefaultName(tablet, AGENTS.androidChrome);
    expect(name).toMatch(/^Android Chrome [a-z2-9]{4}$/);
    expect(storedDefaultName(tablet, AGENTS.androidChrome)).toBe(name);
    const names = new Set(Array.from({ length: 20 }, () => storedDefaultName(memoryStorage(), AGENTS.androidChrome)));
    expect(names.size).toBeGreaterThan(15);
  });

  it('invites a rename until it is answered, then never again', () => {
    const storage = memoryStorage();
    expect(renameInviteDue(storage)).toBe(true);
    expect(renameInviteDue(storage)).toBe(true);
    renameInviteAnswered(storage);
    expect(renameInviteDue(storage)).toBe(false);
  });
});
