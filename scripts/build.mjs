// Builds every bundle into dist/: the CLI (plain Node), and later the Electron main,
// preload and renderer. esbuild: one fast, dependency-free bundler for all of them.
import { build } from 'esbuild';
import { chmod, cp, rm } from 'node:fs/promises';

const common = { bundle: true, sourcemap: true, logLevel: 'warning', legalComments: 'none' };

await rm('dist', { recursive: true, force: true });

// Split, so that each source kind's adapter (main/core/sources/create.ts imports it when a source
// of that kind is made) is a chunk of its own, and its client library loads only with it.
await build({
  ...common,
  entryPoints: { cli: 'main/core/cli/main.ts' },
  outdir: 'dist',
  chunkNames: 'cli-chunks/[name]-[hash]',
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
});
await chmod('dist/cli.js', 0o755);

// `npm run bench`: the benchmark and its separate client process.
await build({
  ...common,
  entryPoints: { bench: 'bench/bench.ts', 'bench-clients': 'bench/clients.ts', 'bench-chain-backend': 'bench/chain-backend.ts', 'bench-load': 'bench/load-journal.ts', 'bench-web': 'bench/web-view.ts', 'bench-relay': 'bench/relay.ts', 'bench-socketio': 'bench/socketio-server.ts', 'bench-idle-station': 'bench/idle-station.ts' },
  outdir: 'dist',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
});

// The Electron main process (ESM; electron and npm packages stay external) and the
// sandboxed preload, which must be a single CommonJS file.
await build({
  ...common,
  entryPoints: { main: 'main/main.ts' },
  outdir: 'dist/main',
  chunkNames: 'chunks/[name]-[hash]',
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  packages: 'external',
});
await build({
  ...common,
  entryPoints: { preload: 'preload/preload.ts', 'alarm-preload': 'preload/alarm-preload.ts' },
  outdir: 'dist/preload',
  outExtension: { '.js': '.cjs' },
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  external: ['electron'],
});

// receiptline (ticket previews) requires these only for printer commands, images and streams,
// none of which the page uses: in the browser bundle they are empty modules.
const nodeOnlyForReceiptline = {
  name: 'node-only-for-receiptline',
  setup(builder) {
    builder.onResolve({ filter: /^(iconv-lite|pngjs|stream|string_decoder)$/ }, (args) => ({ path: args.path, namespace: 'empty' }));
    builder.onLoad({ filter: /.*/, namespace: 'empty' }, () => ({ contents: 'module.exports = {};' }));
  },
};

// The order screen: one classic script (file:// pages cannot always load ES modules) plus
// its static files, served by the hub as the web view and loaded by the Electron window.
await build({
  ...common,
  entryPoints: { app: 'renderer/main.ts', alarm: 'renderer/alarm.ts', 'offline-worker': 'renderer/offline-worker.ts' },
  outdir: 'dist/renderer',
  platform: 'browser',
  format: 'iife',
  target: ['chrome120', 'safari16', 'firefox120'],
  plugins: [nodeOnlyForReceiptline],
});
for (const file of ['index.html', 'alarm.html', 'styles.css', 'station.css', 'manifest.webmanifest']) await cp(`renderer/${file}`, `dist/renderer/${file}`);
await cp('assets/icons/icon.png', 'dist/renderer/icon.png');
await cp('assets/sounds', 'dist/renderer/sounds', { recursive: true });
// The blocked-sound banner links the pictures of where Chrome's sound setting is.
for (const picture of ['sound-setting-chrome.png', 'sound-setting-chrome-zh-CN.png']) await cp(`docs/screenshots/${picture}`, `dist/renderer/help/${picture}`);
