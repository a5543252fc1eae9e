/**
 * Starting a new AppImage once this one has exited. Electron's app.relaunch cannot: its
 * relauncher runs from inside this AppImage's FUSE mount and is told to die with the app
 * (shell/browser/relauncher_linux.cc, PR_SET_PDEATHSIG), and the mount goes with the app
 * anyway (electron-userland/electron-builder#1727, #4650). So a shell from outside the mount,
 * in a session of its own, waits for this process to end and then starts the new file.
 */
import { spawn } from 'node:child_process';

/** What the AppImage runtime and AppRun set for this mount; the new AppImage sets its own. */
const MOUNT_VARIABLES = ['APPDIR', 'APPIMAGE', 'ARGV0', 'OWD'];

/** The environment for the new AppImage: this one's, without what points into this mount. */
export function environmentOutsideMount(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const clean = { ...env };
  for (const name of MOUNT_VARIABLES) delete clean[name];
  const mount = env.APPDIR;
  if (mount && clean.LD_LIBRARY_PATH) {
    const kept = clean.LD_LIBRARY_PATH.split(':').filter((entry) => entry && !entry.startsWith(mount));
    if (kept.length > 0) clean.LD_LIBRARY_PATH = kept.join(':');
    else delete clean.LD_LIBRARY_PATH;
  }
  return clean;
}

// $1: the pid to outlive; $2: the AppImage; then its arguments. `kill -0` only asks whether the process is there.
const WAIT_THEN_START = 'pid=$1; app=$2; shift 2; while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done; exec "$app" "$@"';

/** Starts `appImage` once process `pid` (this app) has exited; `args` are its arguments. */
export function relaunchAppImageAfterExit(appImage: string, env: NodeJS.ProcessEnv, pid = process.pid, args: string[] = []): void {
  const helper = spawn('/bin/sh', ['-c', WAIT_THEN_START, 'orderbell-relaunch', String(pid), appImage, ...args], {
    detached: true,
    stdio: 'ignore',
    // Not a folder inside the mount: the helper must not keep it busy, nor lose its cwd with it.
    cwd: '/',
    env: environmentOutsideMount(env),
  });
  helper.unref();
}
