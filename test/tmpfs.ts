/** A tiny tmpfs, the most real "disk full" this machine offers; undefined where mounting is not allowed. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defer } from './helpers';

export function smallTmpfs(sizeKiB: number): string | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'orderbell-tmpfs-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKiB}k`, 'tmpfs', dir], { stdio: 'ignore' });
  } catch {
    return undefined;
  }
  defer(() => execFileSync('umount', ['-l', dir], { stdio: 'ignore' }));
  return dir;
}

export const TMPFS_SKIP_REASON = 'mounting a tmpfs is not permitted on this machine (needs root), so a full disk cannot be simulated';
