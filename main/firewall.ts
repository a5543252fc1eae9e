/**
 * The Windows firewall asks whether an app may accept network connections the first time it
 * listens on the network. The embedded hub does so when phones and tablets may connect (LAN on),
 * so the shop is told why the prompt comes, and may keep the hub on this PC (loopback, no
 * prompt) instead. Asked once; the answer can be changed in Settings. Nothing waits for the
 * answer: an unattended start at login runs with nobody to click it.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dialog } from 'electron';
import type { Settings, SettingsResult } from './core/settings/settings';
import { t } from './core/ui/i18n';

export const FIREWALL_ASKED_FILE = 'firewall-explained';

/** Resolves true when the shop chose "Only this PC": the settings were saved with LAN off. */
export async function explainFirewallOnce(
  settings: { get(): Settings; save(input: unknown): SettingsResult },
  userData: string,
  platform: NodeJS.Platform,
): Promise<boolean> {
  const current = settings.get();
  const marker = join(userData, FIREWALL_ASKED_FILE);
  if (platform !== 'win32' || current.source.kind !== 'hub' || !current.source.lan || existsSync(marker)) return false;
  // Written at once: a second call while this box is open must not open another.
  writeFileSync(marker, new Date().toISOString());
  const { response } = await dialog.showMessageBox({
    type: 'question',
    title: t('firewallTitle'),
    message: t('firewallMessage'),
    detail: t('firewallDetail'),
    buttons: [t('firewallAllow'), t('firewallLocal')],
    defaultId: 0,
    cancelId: 1,
  });
  if (response !== 1) return false;
  const now = settings.get();
  if (now.source.kind !== 'hub') return false;
  return settings.save({ ...now, source: { ...now.source, lan: false } }).ok;
}
