// Module resolution hook (node:module register()): logs each package import. Written
// synchronously, so nothing is lost when the program exits right after.
import { appendFileSync } from 'node:fs';

let log;

export function initialize(data) {
  log = data.log;
}

export function resolve(specifier, context, next) {
  if (!/^(node:|\.|\/|file:|data:)/.test(specifier)) appendFileSync(log, `${specifier}\n`);
  return next(specifier, context);
}
