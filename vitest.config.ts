import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Electron's binary cannot run here; shell tests get the one shared fake instead.
    alias: { electron: fileURLToPath(new URL('./test/electron-mock.ts', import.meta.url)) },
  },
  test: {
    // Transformed by vitest so that their `import 'electron'` reaches the fake too.
    server: { deps: { inline: ['electron-store'] } },
    include: ['main/**/*.test.ts', 'docs/**/*.test.ts', 'preload/**/*.test.ts', 'renderer/**/*.test.ts', 'scripts/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // electron-updater's require('electron') gets the fake too, not the npm package's downloader.
    setupFiles: ['test/electron-require.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Child-process and socket tests share two cores: keep parallelism modest and stable.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
