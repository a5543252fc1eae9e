// `node --import ./test/electron-fake-loader.mjs …` with ORDERBELL_ELECTRON_FAKE=/path/to/fake.cjs:
// 'electron' resolves to the built fake, for `import` (a resolve hook) and for `require` (Node 20's
// hooks do not reach require() inside CommonJS packages), so both get the same instance.
import Module, { register } from 'node:module';
import { pathToFileURL } from 'node:url';

const fake = process.env.ORDERBELL_ELECTRON_FAKE;
if (!fake) throw new Error('ORDERBELL_ELECTRON_FAKE must name the built Electron fake');
register('./electron-fake-hooks.mjs', import.meta.url, { data: { fake: pathToFileURL(fake).href } });

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'electron' ? fake : resolveFilename.call(this, request, ...rest);
};
