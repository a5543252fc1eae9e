/**
 * Plays what the alert policy decides: sounds through audio elements, voice lines through
 * speechSynthesis. Browsers may refuse to play before the first tap; the player then
 * reports itself locked, and the page asks for a tap. It asks the browser at once, by playing
 * silence, so the page can ask for the tap before the first order rather than after it.
 */
import type { AlertAction, AlertSound } from '../main/core/alerts/policy';
import type { SoundChoice } from '../main/core/settings/settings';
import { language } from '../main/core/ui/i18n';
import { voiceText } from './format';

export class SoundPlayer {
  private readonly audio = new Map<string, HTMLAudioElement>();
  private lockedNow = false;
  /** Only the latest attempt's outcome counts: a refusal before a tap may settle after it. */
  private attempts = 0;
  private choice: SoundChoice = 'chime';
  private outputDevice = '';
  onLockChange: (locked: boolean) => void = () => {};
  /** A ring (not the silent probe) the browser refused: an order went unheard. */
  onRingRefused: () => void = () => {};
  private refusedRing = false;

  constructor(private readonly base = 'sounds/') {}

  get locked(): boolean {
    return this.lockedNow;
  }

  /** Since sound was last allowed, the browser refused to ring for an order. */
  get ringRefused(): boolean {
    return this.refusedRing;
  }

  /** Also loads the sounds now, so the first ring does not wait for its file to be fetched. */
  setChoice(choice: SoundChoice): void {
    this.choice = choice;
    for (const sound of ['new-order', 'escalation', 'offline'] as const) this.element(sound, this.fileOf(sound));
  }

  /** Routes sound to an output device, where the browser supports choosing one ('' = the system's). */
  setOutputDevice(deviceId: string): void {
    this.outputDevice = deviceId;
    for (const element of this.audio.values()) this.route(element);
  }

  private route(element: HTMLAudioElement): void {
    const sink = element as HTMLAudioElement & { setSinkId?: (id: string) => Promise<void> };
    // A device that went away (unplugged speaker) leaves the sound on the default output.
    sink.setSinkId?.(this.outputDevice).catch(() => {});
  }

  perform(action: AlertAction): void {
    if (action.kind === 'sound') this.play(action.sound, action.volume);
    else if (action.kind === 'voice') this.speak(voiceText(action.line), action.volume);
  }

  /** Learns whether the browser allows sound now, without a sound anyone hears. */
  check(): void {
    this.start(this.element('silence', 'silence.wav'));
  }

  /** Call from each tap and key press while locked: the browser may allow sound from now on. */
  unlock(): void {
    if (this.lockedNow) this.check();
  }

  private element(sound: AlertSound | 'silence', file: string): HTMLAudioElement {
    let element = this.audio.get(file);
    if (!element) {
      element = new Audio(`${this.base}${file}`);
      element.preload = 'auto';
      element.dataset.sound = sound;
      this.route(element);
      this.audio.set(file, element);
    }
    return element;
  }

  private fileOf(sound: AlertSound): string {
    return sound === 'new-order' ? `new-order-${this.choice}.wav` : `${sound}.wav`;
  }

  private play(sound: AlertSound, volume: number): void {
    const element = this.element(sound, this.fileOf(sound));
    element.volume = Math.max(0, Math.min(1, volume));
    this.start(element);
  }

  private start(element: HTMLAudioElement): void {
    const attempt = ++this.attempts;
    element.currentTime = 0;
    element.play().then(
      () => {
        if (attempt === this.attempts) this.setLocked(false);
      },
      (error: DOMException) => {
        if (error.name !== 'NotAllowedError') return;
        if (element.dataset.sound !== 'silence') {
          this.refusedRing = true;
          this.onRingRefused();
        }
        if (attempt === this.attempts) this.setLocked(true);
      },
    );
  }

  private speak(text: string, volume: number): void {
    if (typeof speechSynthesis === 'undefined') return;
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = language();
    utterance.volume = Math.max(0, Math.min(1, volume));
    speechSynthesis.speak(utterance);
  }

  private setLocked(locked: boolean): void {
    if (locked === this.lockedNow) return;
    this.lockedNow = locked;
    if (!locked) this.refusedRing = false;
    this.onLockChange(locked);
  }
}
