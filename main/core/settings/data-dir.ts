/** Where OrderBell keeps its data when no --data is given: the platform's per-user data folder. */
import { homedir } from 'node:os';
import { join } from 'node:path';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'OrderBell');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'OrderBell');
  return join(env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'orderbell');
}
