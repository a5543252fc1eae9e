import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { app, dialog } from '../test/electron-mock';
import { DEFAULT_SETTINGS, type Settings } from './core/settings/settings';
import { FIREWALL_ASKED_FILE, explainFirewallOnce } from './firewall';
import { tempDir } from '../test/helpers';

function store(initial: Settings) {
  let settings = initial;
  return { get: () => settings, save: (input: unknown) => ((settings = input as Settings), { ok: true as const, value: settings }) };
}

app.becomeReady();

describe('the Windows firewall prompt for the LAN hub', () => {
  it('is explained once before the hub first listens on the network; "Only this PC" keeps the hub on loopback', async () => {
    const userData = await tempDir();
    const settings = store(DEFAULT_SETTINGS);
    dialog.messages.length = 0;
    const explained = explainFirewallOnce(settings, userData, 'win32');
    dialog.press(1);
    expect(await explained).toBe(true);
    expect(dialog.messages.map((m) => m.buttons)).toEqual([['Yes, phones and tablets too', 'Only this PC']]);
    expect(settings.get().source).toMatchObject({ kind: 'hub', lan: false });
    expect(existsSync(join(userData, FIREWALL_ASKED_FILE))).toBe(true);
    await explainFirewallOnce(store(DEFAULT_SETTINGS), userData, 'win32');
    expect(dialog.messages).toHaveLength(1);
  });

  it('keeps LAN access when the shop wants phones and tablets', async () => {
    const settings = store(DEFAULT_SETTINGS);
    const explained = explainFirewallOnce(settings, await tempDir(), 'win32');
    dialog.press(0);
    expect(await explained).toBe(false);
    expect(settings.get().source).toMatchObject({ lan: true });
  });

  it('asks nothing elsewhere, or when the hub stays on this PC', async () => {
    dialog.messages.length = 0;
    await explainFirewallOnce(store(DEFAULT_SETTINGS), await tempDir(), 'darwin');
    await explainFirewallOnce(store({ ...DEFAULT_SETTINGS, source: { kind: 'hub', port: 8083, token: '', lan: false } }), await tempDir(), 'win32');
    expect(dialog.messages).toEqual([]);
  });
});
