import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// Arrows point down: renderer → preload → core, main → core; inside core, each part imports only
// the parts below it (docs/architecture.md draws the same arrows). This reads every import in the
// shipped source folders and names each one that points the wrong way, and each import circle.
const root = resolve(import.meta.dirname, '..', '..');

/** Each part of main/core/ and the parts it may import. The station wires them all. */
const ALLOWED: Record<string, string[]> = {
  orders: [],
  settings: ['orders'],
  journal: ['orders'],
  link: ['orders', 'journal'],
  alerts: ['orders', 'settings'],
  ui: ['settings', 'alerts'],
  updates: ['alerts', 'settings'],
  print: ['orders', 'journal', 'settings', 'ui', 'reports'],
  sources: ['orders', 'journal', 'link', 'settings', 'ui'],
  hub: ['orders', 'journal', 'link', 'settings', 'ui', 'reports'],
  outbox: ['orders', 'journal', 'link', 'settings', 'ui'],
  reports: ['orders', 'journal', 'settings'],
  station: ['orders', 'journal', 'link', 'settings', 'alerts', 'ui', 'print', 'sources', 'hub', 'outbox', 'reports'],
  cli: ['orders', 'journal', 'link', 'settings', 'ui', 'print', 'sources', 'hub', 'outbox', 'reports'],
};

function sourceFiles(folder: string): string[] {
  return readdirSync(join(root, folder), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
    .map((file) => join(folder, file));
}

function importsOf(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  const specifiers = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]/g)];
  const dynamic = [...text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)];
  return [...specifiers, ...dynamic].map((match) => {
    const specifier = match[1]!;
    return specifier.startsWith('.') ? relative(root, resolve(root, dirname(file), specifier)) : specifier;
  });
}

function violations(folder: string, forbidden: (target: string) => boolean): string[] {
  return sourceFiles(folder).flatMap((file) =>
    importsOf(file).filter(forbidden).map((target) => `${file} → ${target}`),
  );
}

const isShell = (target: string) => target.startsWith('main/') && !target.startsWith('main/core/');

/** The part a path in main/core/ belongs to: its folder, or `station` for the one root module. */
function partOf(path: string): string | undefined {
  if (!path.startsWith('main/core/')) return undefined;
  const [first, ...rest] = relative('main/core', path).split('/');
  return rest.length > 0 ? first : first!.replace(/\.ts$/, '');
}

/** The import graph among the files of `folders` (paths without `.ts`). */
function importGraph(folders: string[]): Map<string, string[]> {
  const files = folders.flatMap(sourceFiles).map((file) => file.replace(/\.ts$/, ''));
  const known = new Set(files);
  return new Map(files.map((file) => [file, importsOf(`${file}.ts`).filter((target) => known.has(target))]));
}

/** Every circle in an import graph, each as the files around it. */
function circles(edges: Map<string, string[]>): string[][] {
  const files = [...edges.keys()];
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const visit = (file: string, path: string[]) => {
    state.set(file, 'open');
    for (const target of edges.get(file)!) {
      if (state.get(target) === 'open') found.push([...path.slice(path.indexOf(target)), file, target]);
      else if (!state.has(target)) visit(target, [...path, file]);
    }
    state.set(file, 'done');
  };
  for (const file of files) if (!state.has(file)) visit(file, []);
  return found;
}

describe('layering', () => {
  it('core imports neither electron nor the shell, preload or renderer', () => {
    expect(
      violations('main/core', (target) =>
        target === 'electron' || isShell(target) || target.startsWith('preload') || target.startsWith('renderer'),
      ),
    ).toEqual([]);
  });

  it('core is made of its parts: a folder each, and station.ts alone at the root', () => {
    const entries = readdirSync(join(root, 'main/core'), { withFileTypes: true });
    const folders = entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name);
    const modules = entries.filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts'));
    expect(folders.sort()).toEqual(Object.keys(ALLOWED).filter((part) => part !== 'station').sort());
    expect(modules.map((entry) => entry.name)).toEqual(['station.ts']);
  });

  it.each(Object.keys(ALLOWED))('%s imports only the parts below it', (part) => {
    const files = part === 'station' ? ['main/core/station.ts'] : sourceFiles(`main/core/${part}`);
    const found = files.flatMap((file) =>
      importsOf(file)
        .filter((target) => {
          const other = partOf(target);
          return other !== undefined && other !== part && !ALLOWED[part]!.includes(other);
        })
        .map((target) => `${file} → ${target}`),
    );
    expect(found).toEqual([]);
  });

  it('no import circle anywhere in the shipped code', () => {
    expect(circles(importGraph(['main', 'preload', 'renderer']))).toEqual([]);
  });

  it('the shell imports core and electron, never preload or renderer', () => {
    const shell = sourceFiles('main').filter((file) => !file.startsWith('main/core/'));
    const found = shell.flatMap((file) =>
      importsOf(file)
        .filter((target) => target.startsWith('preload') || target.startsWith('renderer'))
        .map((target) => `${file} → ${target}`),
    );
    expect(found).toEqual([]);
  });

  it('preload imports only core and electron', () => {
    expect(violations('preload', (target) => isShell(target) || target.startsWith('renderer'))).toEqual([]);
  });

  it('the renderer never imports electron or the shell', () => {
    expect(violations('renderer', (target) => target === 'electron' || isShell(target))).toEqual([]);
  });

  it('finds the imports, parts and circles it checks', () => {
    expect(importsOf('main/ipc.ts')).toContain('electron');
    expect(importsOf('renderer/app.ts')).toContain('preload/api');
    expect(importsOf('main/core/journal/journal.ts').map(partOf)).toContain('orders');
    expect(partOf('main/core/station.ts')).toBe('station');
    expect(importGraph(['main/core']).get('main/core/journal/journal')).toContain('main/core/journal/append-log');
    const circle = new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]]);
    expect(circles(circle)).toEqual([['a', 'b', 'c', 'a']]);
  });
});
