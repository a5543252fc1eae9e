// Builds every bundle into dist/: the CLI (plain Node), and later the Electron main,
// preload and renderer. esbuild: one fast, dependency-free bundler for all of them.
import { build } from 'esbuild';
import { chmod, rm } from 'node:fs/promises';

const common = { bundle: true, sourcemap: true, logLevel: 'warning', legalComments: 'none' };

await rm('dist', { recursive: true, force: true });

await build({
  ...common,
  entryPoints: { cli: 'main/core/cli/main.ts' },
  outdir: 'dist',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
});
await chmod('dist/cli.js', 0o755);
