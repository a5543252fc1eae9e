import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../test/helpers';

const root = join(import.meta.dirname, '..');

/** Findings reviewed and justified in a comment beside the code they point at. */
const REVIEWED: Record<string, { file: string; comment: string }> = {
  CSP_GLOBAL_CHECK: { file: 'renderer/index.html', comment: 'electronegativity CSP_GLOBAL_CHECK (low): reviewed.' },
  PRELOAD_JS_CHECK: { file: 'main/window.ts', comment: 'electronegativity PRELOAD_JS_CHECK: reviewed.' },
  OPEN_EXTERNAL_JS_CHECK: { file: 'main/window.ts', comment: 'electronegativity OPEN_EXTERNAL_JS_CHECK: reviewed.' },
};

interface SarifResult {
  ruleId: string;
  locations?: { physicalLocation?: { artifactLocation?: { uri?: string } } }[];
}

describe('electronegativity over the built app (dist/)', () => {
  it('finds nothing beyond the reviewed, justified findings', async () => {
    const output = join(await tempDir(), 'findings.sarif');
    await promisify(execFile)(
      process.execPath,
      ['-r', join(root, 'scripts/electronegativity-preload.cjs'), join(root, 'node_modules/@doyensec/electronegativity/dist/index.js'), '-i', join(root, 'dist'), '-e', '45.5.0', '-r', '-o', output],
      { cwd: root, timeout: 120_000 },
    );
    const sarif = JSON.parse(await readFile(output, 'utf8')) as { runs: { results: SarifResult[] }[] };
    const findings = sarif.runs[0]!.results.map((result) => `${result.ruleId} in ${result.locations?.[0]?.physicalLocation?.artifactLocation?.uri}`);
    const unreviewed = sarif.runs[0]!.results.filter((result) => !(result.ruleId in REVIEWED));
    expect(unreviewed, findings.join('\n')).toEqual([]);
    for (const ruleId of new Set(sarif.runs[0]!.results.map((result) => result.ruleId))) {
      const { file, comment } = REVIEWED[ruleId]!;
      expect(await readFile(join(root, file), 'utf8'), `${ruleId} justified in ${file}`).toContain(comment);
    }
  }, 150_000);
});
