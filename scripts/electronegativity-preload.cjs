// Loaded with `node -r` before electronegativity (see scripts/electronegativity.test.ts).
//
// 1. electronegativity parses TypeScript with typescript-estree 4, which needs the
//    TypeScript 4 compiler API. npm hoists typescript-estree next to this project's
//    TypeScript 7 (which has no JS API), so its `require('typescript')` is pointed at
//    electronegativity's own TypeScript 4.
// 2. The tool looks up Electron releases and translations online. Tests never reach beyond
//    this machine, so every name lookup fails at once, before any packet is sent.
const Module = require('node:module');
const path = require('node:path');
const dns = require('node:dns');

const ownTypescript = path.join(__dirname, '..', 'node_modules', '@doyensec', 'electronegativity', 'node_modules', 'typescript');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
  if (request === 'typescript' && parent && /[\\/]@typescript-eslint[\\/]/.test(parent.filename)) {
    return resolve.call(this, ownTypescript, parent, ...rest);
  }
  return resolve.call(this, request, parent, ...rest);
};

function offline(hostname) {
  const error = new Error(`getaddrinfo ENOTFOUND ${hostname} (offline by design in tests)`);
  error.code = 'ENOTFOUND';
  return error;
}
dns.lookup = (hostname, options, callback) => {
  const done = typeof options === 'function' ? options : callback;
  process.nextTick(() => done(offline(hostname)));
};
dns.promises.lookup = async (hostname) => {
  throw offline(hostname);
};
// got resolves through cacheable-lookup, which asks DNS servers directly: refuse those too.
for (const Resolver of [dns.Resolver, dns.promises.Resolver]) {
  for (const method of ['resolve', 'resolve4', 'resolve6', 'resolveAny']) {
    Resolver.prototype[method] = function (hostname, ...rest) {
      const callback = rest.find((arg) => typeof arg === 'function');
      if (callback) return void process.nextTick(() => callback(offline(hostname)));
      return Promise.reject(offline(hostname));
    };
  }
}
