import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// electron-builder's own loader and macro expansion, as `electron-builder` runs them.
import { getConfig } from 'app-builder-lib/out/util/config/config.js';
import { expandMacro } from 'app-builder-lib/out/util/macroExpander.js';

const root = join(import.meta.dirname, '..');

describe('electron-builder.yml publish', () => {
  it('publishes to a generic feed whose URL the packager sets in ORDERBELL_UPDATE_URL', async () => {
    const config = (await getConfig(root, null, null)) as Record<string, any>;
    expect(config.publish).toEqual({ provider: 'generic', url: '${env.ORDERBELL_UPDATE_URL}', channel: 'latest' });
    const appInfo = {} as never;
    process.env.ORDERBELL_UPDATE_URL = 'https://updates.reseller.example/orderbell/';
    try {
      expect(expandMacro(config.publish.url, null, appInfo)).toBe('https://updates.reseller.example/orderbell/');
    } finally {
      delete process.env.ORDERBELL_UPDATE_URL;
    }
    // Unset, packaging stops with this message rather than ship apps that ask nowhere.
    expect(() => expandMacro(config.publish.url, null, appInfo)).toThrow(/env ORDERBELL_UPDATE_URL is not defined/);
  });
});
