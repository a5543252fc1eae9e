/**
 * Node has no audio, so this one browser behaviour is faked: an Audio whose play() is refused
 * the way Chrome refuses it before a tap. e2e/web-view.spec.ts meets the real refusal in Chromium.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SoundPlayer } from './sound';

class FakeAudio {
  static refuse = true;
  static played: string[] = [];
  /** Plays whose outcome the test decides, in the order they were asked for. */
  static hold = false;
  static held: { resolve: () => void; reject: (error: Error) => void }[] = [];
  static created: string[] = [];
  volume = 1;
  currentTime = 0;
  preload = '';
  dataset: Record<string, string> = {};
  sinks: string[] = [];
  constructor(readonly src: string) {
    FakeAudio.created.push(src);
  }
  play(): Promise<void> {
    if (FakeAudio.hold) return new Promise((resolve, reject) => FakeAudio.held.push({ resolve, reject }));
    if (FakeAudio.refuse) return Promise.reject(refusal());
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
  FakeAudio.hold = false;
  FakeAudio.held = [];
  FakeAudio.created = [];
});

const refusal = () => Object.assign(new Error('play() failed because the user did not interact'), { name: 'NotAllowedError' });

describe('SoundPlayer', () => {
  it('learns before any order that the browser refuses sound, and stays locked until a tap lets silence play', async () => {
    const player = new SoundPlayer();
    const changes: boolean[] = [];
    player.onLockChange = (locked) => changes.push(locked);
    player.check();
    await flush();
    expect(player.locked).toBe(true);
    player.unlock(); // a finger touching down: browsers do not count that yet
    await flush();
    expect(player.locked).toBe(true);
    FakeAudio.refuse = false;
    player.unlock(); // the finger lifted
    await flush();
    expect(changes).toEqual([true, false]);
    expect(FakeAudio.played).toEqual(['sounds/silence.wav@1']);
    player.perform({ kind: 'sound', sound: 'new-order', volume: 0.5 });
    await flush();
    expect(FakeAudio.played.at(-1)).toBe('sounds/new-order-chime.wav@0.5');
  });

  it('locks again when the browser refuses an order\'s sound, and checks nothing while unlocked', async () => {
    FakeAudio.refuse = false;
    const player = new SoundPlayer();
    player.check();
    await flush();
    expect(player.locked).toBe(false);
    FakeAudio.refuse = true;
    player.unlock();
    player.perform({ kind: 'sound', sound: 'escalation', volume: 1 });
    await flush();
    expect(player.locked).toBe(true);
    expect(FakeAudio.played).toEqual(['sounds/silence.wav@1']);
  });

  it('goes by the latest attempt: a refusal that settles after a tap\'s success does not lock it again', async () => {
    FakeAudio.hold = true;
    const player = new SoundPlayer();
    player.perform({ kind: 'sound', sound: 'new-order', volume: 1 }); // before the tap
    player.check(); // from the tap
    const [beforeTap, fromTap] = FakeAudio.held;
    fromTap!.resolve();
    beforeTap!.reject(refusal());
    await flush();
    expect(player.locked).toBe(false);
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

  it('loads every sound as soon as the choice is known, before anything rings', () => {
    const player = new SoundPlayer();
    player.setChoice('marimba');
    expect(FakeAudio.created).toEqual(['sounds/new-order-marimba.wav', 'sounds/escalation.wav', 'sounds/offline.wav']);
    expect(FakeAudio.played).toEqual([]);
  });
});
