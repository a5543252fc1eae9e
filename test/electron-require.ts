/**
 * vitest setup: CommonJS code under test (electron-updater: MacUpdater's constructor,
 * ElectronHttpExecutor) loads Electron with require('electron'), which vitest's alias does not
 * reach. It would get the npm package, whose index.js tries to download Electron's binary from
 * the internet and throws. It gets the shared fake here, as `import 'electron'` does.
 */
import Module, { createRequire } from 'node:module';
import electron from './electron-mock';

const require = createRequire(import.meta.url);
const id = require.resolve('electron');
const fake = new Module(id);
fake.filename = id;
fake.loaded = true;
fake.exports = electron;
require.cache[id] = fake;
