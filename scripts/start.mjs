// `npm start`: OrderBell in Electron. Where Electron's binary is not installed (its download
// failed or is impossible), says so in one line and runs the same order screen in the browser
// instead: the embedded hub on this PC, which prints the order screen's address with its token.
// Extra arguments go to Electron, or in browser mode to `orderbell hub` (e.g. --port 9000).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const electronDir = join(root, 'node_modules', 'electron');
const args = process.argv.slice(2);

/**
 * The binary, found as node_modules/electron/index.js finds it (path.txt under dist/, or
 * ELECTRON_OVERRIDE_DIST_PATH), but without the download index.js starts when it is missing.
 */
function electronBinary() {
  const pathFile = join(electronDir, 'path.txt');
  const name = existsSync(pathFile) ? readFileSync(pathFile, 'utf8') : undefined;
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const binary = override ? join(override, name || 'electron') : name ? join(electronDir, 'dist', name) : undefined;
  return binary && existsSync(binary) ? binary : undefined;
}

/** Runs a child with our terminal, passes Ctrl-C and kill on, and ends as it ends; `died` tells why it ended unasked. */
function run(command, commandArgs, options, died = () => {}) {
  const child = spawn(command, commandArgs, { cwd: root, ...options });
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => ((stopping = true), child.kill(signal)));
  child.on('close', (code, signal) => {
    if (!stopping && (code !== 0 || signal)) died(code, signal);
    process.exit(code ?? (signal ? 1 : 0));
  });
}

/** The hub stopped though nobody asked: the order screen is gone, so say so and why. */
function hubDied(code, signal) {
  const why = signal
    ? `it was killed (${signal}) by another program or the system, e.g. for lack of memory`
    : `it exited with code ${code}; its last line above says why`;
  console.error(`OrderBell: the hub stopped, so the order screen gets no orders: ${why}.`);
}

if (electronBinary()) {
  run(process.execPath, [join(electronDir, 'cli.js'), '.', ...args], { stdio: 'inherit' });
} else {
  console.log("OrderBell: Electron's binary is not installed here (node_modules/electron has no dist/), so the order screen runs in your browser instead; open the address below.");
  // `orderbell hub` prints the order screen's address with its token (and a QR code on a terminal).
  // Its own process group (not on Windows, where that means a new console): Ctrl-C reaches it
  // once, through us, and a second signal cannot cut its clean stop short.
  run(process.execPath, [join(root, 'dist', 'cli.js'), 'hub', '--host', '127.0.0.1', '--port', '8083', ...args], {
    stdio: ['ignore', 'inherit', 'inherit'],
    detached: process.platform !== 'win32',
  }, hubDied);
}
