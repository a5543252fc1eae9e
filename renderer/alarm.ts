/**
 * The alarm page (main/alarm-window.ts): plays what main sends while the order screen is down,
 * with the same player, sounds and voice lines as the order screen.
 */
import type { AlarmApi, AlarmMessage } from '../preload/alarm-api';
import { resolveLanguage, setLanguage } from '../main/core/ui/i18n';
import { SoundPlayer } from './sound';

declare global {
  interface Window {
    orderbellAlarm?: AlarmApi;
  }
}

export function playAlarm(player: SoundPlayer, message: AlarmMessage): void {
  setLanguage(resolveLanguage(message.language, []));
  player.setChoice(message.sound);
  player.setOutputDevice(message.audioOutput);
  player.perform(message.action);
}

const api = typeof window === 'undefined' ? undefined : window.orderbellAlarm;
if (api) {
  const player = new SoundPlayer();
  api.onAlarm((message) => playAlarm(player, message));
}
