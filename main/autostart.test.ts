import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { calls } from '../test/electron-mock';
import { applyStartAtLogin, desktopEntry, linuxAutostartFile } from './autostart';
import { tempDir } from '../test/helpers';

describe('start at login', () => {
  it('writes and removes an XDG autostart entry on Linux', async () => {
    const env = { XDG_CONFIG_HOME: await tempDir(), APPIMAGE: '/opt/Order Bell/OrderBell.AppImage' };
    const file = linuxAutostartFile(env);
    expect(file).toBe(join(env.XDG_CONFIG_HOME, 'autostart', 'orderbell.desktop'));
    applyStartAtLogin(true, 'linux', env);
    expect(readFileSync(file, 'utf8')).toContain('Exec="/opt/Order Bell/OrderBell.AppImage" --hidden');
    applyStartAtLogin(false, 'linux', env);
    expect(existsSync(file)).toBe(false);
  });

  it('uses the login item API on Windows and macOS, starting hidden', () => {
    calls.loginItems.length = 0;
    applyStartAtLogin(true, 'win32');
    applyStartAtLogin(false, 'darwin');
    expect(calls.loginItems).toEqual([
      { openAtLogin: true, args: ['--hidden'] },
      { openAtLogin: false, args: ['--hidden'] },
    ]);
  });

  it('quotes an executable path that needs it', () => {
    expect(desktopEntry('/usr/bin/orderbell')).toContain('Exec=/usr/bin/orderbell --hidden');
    expect(desktopEntry('/a b/$x')).toContain('Exec="/a b/\\$x" --hidden');
  });
});
