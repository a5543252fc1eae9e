import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { calls } from '../test/electron-mock';
import { applyStartAtLogin, desktopEntry, linuxAutostartFile } from './autostart';
import { tempDir, waitFor } from '../test/helpers';

describe('start at login', () => {
  it('writes and removes an XDG autostart entry on Linux', async () => {
    const env = { XDG_CONFIG_HOME: await tempDir(), APPIMAGE: '/opt/Order Bell/OrderBell.AppImage' };
    const file = linuxAutostartFile(env);
    expect(file).toBe(join(env.XDG_CONFIG_HOME, 'autostart', 'orderbell.desktop'));
    applyStartAtLogin(true, 'linux', env);
    expect(readFileSync(file, 'utf8')).toContain('Exec="/opt/Order Bell/OrderBell.AppImage" --hidden\n');
    applyStartAtLogin(true, 'linux', { ...env, ORDERBELL_USER_DATA: '/srv/till 2' });
    expect(readFileSync(file, 'utf8')).toContain('Exec=env "ORDERBELL_USER_DATA=/srv/till 2" "/opt/Order Bell/OrderBell.AppImage" --hidden\n');
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

  it('quotes an executable path that needs it, as the Desktop Entry Specification says', () => {
    expect(desktopEntry('/usr/bin/orderbell')).toContain('Exec=/usr/bin/orderbell --hidden\n');
    expect(desktopEntry('/a b/$x')).toContain('Exec="/a b/\\\\$x" --hidden\n');
    expect(desktopEntry('/opt/100%/orderbell')).toContain('Exec=/opt/100%%/orderbell --hidden\n');
  });

  it.runIf(existsSync('/usr/bin/gio'))('writes an Exec line that GLib runs with the exact path and profile', async () => {
    const dir = await tempDir();
    const folder = join(dir, 'we ird$x\\q"u%o`te (1)');
    await mkdir(folder);
    const script = join(folder, 'orderbell');
    const out = join(dir, 'out');
    await writeFile(script, `#!/bin/sh\nprintf '%s\\n' "$0" "$@" "$ORDERBELL_USER_DATA" > '${out}'\n`, { mode: 0o755 });
    const profile = join(dir, "a b's $HOME");
    const entry = join(dir, 'orderbell.desktop');
    await writeFile(entry, desktopEntry(script, profile));
    await promisify(execFile)('/usr/bin/gio', ['launch', entry]);
    await waitFor(() => existsSync(out), 5000, 'the launched script');
    await waitFor(() => readFileSync(out, 'utf8').split('\n').length === 4, 5000, 'its output');
    expect(readFileSync(out, 'utf8').split('\n')).toEqual([script, '--hidden', profile, '']);
  });
});
