import { describe, expect, it } from 'vitest';
import { isPerMachineInstall } from './windows-install';

const env = { ProgramFiles: 'C:\\Program Files', 'ProgramFiles(x86)': 'C:\\Program Files (x86)', LOCALAPPDATA: 'C:\\Users\\shop\\AppData\\Local' };

describe('a Windows install for all users', () => {
  it('is one under Program Files, whatever the case of the path', () => {
    expect(isPerMachineInstall('C:\\Program Files\\OrderBell\\OrderBell.exe', env)).toBe(true);
    expect(isPerMachineInstall('c:\\program files (x86)\\OrderBell\\OrderBell.exe', env)).toBe(true);
  });

  it('is not a per-user one, nor a folder that only starts with the same letters', () => {
    expect(isPerMachineInstall('C:\\Users\\shop\\AppData\\Local\\Programs\\orderbell\\OrderBell.exe', env)).toBe(false);
    expect(isPerMachineInstall('C:\\Program Files Extra\\OrderBell\\OrderBell.exe', env)).toBe(false);
    expect(isPerMachineInstall('C:\\Program Files\\OrderBell\\OrderBell.exe', {})).toBe(false);
  });
});
