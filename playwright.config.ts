import { defineConfig } from '@playwright/test';

/** Browser tests run in Debian's Chromium (never a downloaded browser). */
export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results/e2e',
  timeout: 30_000,
  workers: 2,
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    viewport: { width: 1024, height: 600 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  projects: [
    { name: 'web-view', testMatch: /.*\.spec\.ts/, testIgnore: /electron/ },
    { name: 'desktop', testMatch: /electron\.spec\.ts/ },
  ],
});
