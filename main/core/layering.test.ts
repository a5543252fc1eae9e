import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// Arrows point down: renderer → preload → core, main → core. This reads every import in the
// shipped source folders and names each one that points the wrong way.
const root = resolve(import.meta.dirname, '..', '..');

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

describe('layering', () => {
  it('core imports neither electron nor the shell, preload or renderer', () => {
    expect(
      violations('main/core', (target) =>
        target === 'electron' || isShell(target) || target.startsWith('preload') || target.startsWith('renderer'),
      ),
    ).toEqual([]);
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

  it('finds the imports it checks', () => {
    expect(importsOf('main/ipc.ts')).toContain('electron');
    expect(importsOf('renderer/app.ts')).toContain('preload/api');
  });
});
