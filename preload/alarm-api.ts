/** The contract between the main process and the alarm page (main/alarm-window.ts, renderer/alarm.ts). */
import type { AlertAction } from '../main/core/alerts/policy';
import type { SoundChoice } from '../main/core/settings/settings';

export interface AlarmMessage {
  action: Extract<AlertAction, { kind: 'sound' | 'voice' }>;
  sound: SoundChoice;
  audioOutput: string;
  language: string;
}

export interface AlarmApi {
  /** Each sound or voice line main asks for; returns the unsubscribe. */
  onAlarm(listener: (message: AlarmMessage) => void): () => void;
}
