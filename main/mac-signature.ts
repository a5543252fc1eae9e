/**
 * Whether this macOS app is signed by a developer. An unsigned build is signed ad hoc
 * (electron-builder.yml, resetAdHocDarwinSignature), and macOS treats it as nobody's: Squirrel.Mac
 * refuses its updates ("Code signature … did not pass validation"), notifications are refused,
 * and the login item may not be registered (docs/api/app.md, setLoginItemSettings).
 */
import { execFile } from 'node:child_process';
import { dirname } from 'node:path';

/** codesign -dv prints, on stderr, "TeamIdentifier=<team>" for a developer's signature and "TeamIdentifier=not set" ad hoc. */
export function signedByDeveloper(codesignOutput: string): boolean {
  const team = /^TeamIdentifier=(.+)$/m.exec(codesignOutput)?.[1]?.trim();
  return team !== undefined && team !== 'not set' && !/^Signature=adhoc$/m.test(codesignOutput);
}

/** The .app bundle of an executable at Contents/MacOS/<name>. */
export function bundleOf(execPath: string): string {
  return dirname(dirname(dirname(execPath)));
}

/** Asks codesign about this app's bundle; an unsigned or unreadable one counts as not signed. */
export function macSignedByDeveloper(execPath = process.execPath): Promise<boolean> {
  return new Promise((resolve) => {
    execFile('/usr/bin/codesign', ['-dv', '--verbose=2', bundleOf(execPath)], { timeout: 10_000 }, (error, _stdout, stderr) => {
      resolve(!error && signedByDeveloper(String(stderr)));
    });
  });
}
