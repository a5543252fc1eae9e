/**
 * Headless Chromium here never demands a tap before playing sound (Playwright's automation
 * relaxes the autoplay policy), so this one browser behaviour is faked: an Audio whose play()
 * is refused the way Chrome refuses it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SoundPlayer } from './sound';

class FakeAudio {
  static refuse = true;
  static played: string[] = [];
  volume = 1;
  currentTime = 0;
  preload = '';
  dataset: Record<string, string> = {};
  sinks: string[] = [];
  constructor(readonly src: string) {}
  play(): Promise<void> {
    if (FakeAudio.refuse) return Promise.reject(Object.assign(new Error('play() failed because the user did not interact'), { name: 'NotAllowedError' }));
    FakeAudio.played.push(`${this.src}@${this.volume}`);
    return Promise.resolve();
  }
  setSinkId(id: string): Promise<void> {
    this.sinks.push(id);
    return Promise.resolve();
  }
}

(globalThis as unknown as { Audio: typeof FakeAudio }).Audio = FakeAudio;
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

afterEach(() => {
  FakeAudio.refuse = true;
  FakeAudio.played = [];
});

describe('SoundPlayer', () => {
  it('reports itself locked when the browser refuses to play, and unlocked after a tap', async () => {
    const player = new SoundPlayer();
    const changes: boolean[] = [];
    player.onLockChange = (locked) => changes.push(locked);
    player.perform({ kind: 'sound', sound: 'new-order', volume: 0.5 });
    await flush();
    expect(player.locked).toBe(true);
    player.unlock();
    FakeAudio.refuse = false;
    player.perform({ kind: 'sound', sound: 'new-order', volume: 0.5 });
    await flush();
    expect(changes).toEqual([true, false]);
    expect(FakeAudio.played).toEqual(['sounds/new-order-chime.wav@0.5']);
  });

  it('plays the chosen sound at the chosen volume, on the chosen output', async () => {
    FakeAudio.refuse = false;
    const player = new SoundPlayer();
    player.setChoice('marimba');
    player.setOutputDevice('speaker-2');
    player.perform({ kind: 'sound', sound: 'new-order', volume: 2 });
    player.perform({ kind: 'sound', sound: 'offline', volume: 0.3 });
    await flush();
    expect(FakeAudio.played).toEqual(['sounds/new-order-marimba.wav@1', 'sounds/offline.wav@0.3']);
  });
});
