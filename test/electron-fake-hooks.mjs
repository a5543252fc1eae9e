// Module resolution hook (node:module register()): `import 'electron'` gets the built fake.
let fake;

export function initialize(data) {
  fake = data.fake;
}

export function resolve(specifier, context, next) {
  if (specifier === 'electron') return { url: fake, shortCircuit: true };
  return next(specifier, context);
}
