/**
 * The alarm window's page (renderer/alarm.ts, built) in real Chromium: what main sends it is
 * played with the real sound files and spoken, under the page's own CSP. The Electron window
 * has autoplayPolicy 'no-user-gesture-required' (main/alarm-window.ts); the flag here is its twin.
 */
import { expect, test } from '@playwright/test';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';

const page = pathToFileURL(join(import.meta.dirname, '..', 'dist', 'renderer', 'alarm.html')).href;

test.use({
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--autoplay-policy=no-user-gesture-required', '--allow-file-access-from-files'],
  },
});

test('plays each sound main sends, from its own files, with no tap', async ({ page: tab }) => {
  await tab.addInitScript(() => {
    const record = window as unknown as { played: string[]; spoken: string[]; send?: (message: unknown) => void };
    record.played = [];
    record.spoken = [];
    const play = HTMLMediaElement.prototype.play;
    HTMLMediaElement.prototype.play = function (this: HTMLMediaElement) {
      return play.call(this).then(() => void record.played.push(`${this.src.split('/').pop()}@${this.volume}`));
    };
    speechSynthesis.speak = (utterance: SpeechSynthesisUtterance) => void record.spoken.push(`${utterance.lang}: ${utterance.text}`);
    (window as unknown as { orderbellAlarm: unknown }).orderbellAlarm = {
      onAlarm: (listener: (message: unknown) => void) => {
        record.send = listener;
        return () => {};
      },
    };
  });
  const errors: string[] = [];
  tab.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  await tab.goto(page);
  await tab.waitForFunction(() => typeof (window as unknown as { send?: unknown }).send === 'function');
  const send = (message: unknown) => tab.evaluate((m) => (window as unknown as { send: (message: unknown) => void }).send(m), message);
  await send({ action: { kind: 'sound', sound: 'new-order', volume: 0.5 }, sound: 'bell', audioOutput: '', language: 'en' });
  await expect.poll(() => tab.evaluate(() => (window as unknown as { played: string[] }).played)).toContain('new-order-bell.wav@0.5');
  await send({ action: { kind: 'sound', sound: 'offline', volume: 1 }, sound: 'bell', audioOutput: '', language: 'en' });
  await expect.poll(() => tab.evaluate(() => (window as unknown as { played: string[] }).played)).toContain('offline.wav@1');
  await send({ action: { kind: 'voice', line: { kind: 'new-order', table: '5' }, volume: 1 }, sound: 'bell', audioOutput: '', language: 'zh-CN' });
  await expect.poll(() => tab.evaluate(() => (window as unknown as { spoken: string[] }).spoken)).toEqual([expect.stringMatching(/^zh-CN: .*5/)]);
  expect(errors).toEqual([]);
});
