import { describe, expect, it } from 'vitest';
import { bundleOf, signedByDeveloper } from './mac-signature';

// What `codesign -dv --verbose=2` prints (on stderr) for each kind of build.
const DEVELOPER_ID = `Executable=/Applications/OrderBell.app/Contents/MacOS/OrderBell
Identifier=app.orderbell.desktop
Format=app bundle with Mach-O universal (x86_64 arm64)
CodeDirectory v=20500 size=1234 flags=0x10000(runtime) hashes=28+7 location=embedded
Signature size=9012
Authority=Developer ID Application: OrderBell Ltd (AB12CD34EF)
Authority=Developer ID Certification Authority
Authority=Apple Root CA
Timestamp=6 Dec 2026 at 02:00:00
TeamIdentifier=AB12CD34EF
Runtime Version=14.0.0
`;
const AD_HOC = `Executable=/Applications/OrderBell.app/Contents/MacOS/OrderBell
Identifier=Electron
Format=app bundle with Mach-O thin (arm64)
CodeDirectory v=20400 size=1234 flags=0x20002(adhoc,linker-signed) hashes=28+0 location=embedded
Signature=adhoc
Info.plist entries=28
TeamIdentifier=not set
`;

describe('the macOS signature', () => {
  it("is a developer's when codesign names a team", () => {
    expect(signedByDeveloper(DEVELOPER_ID)).toBe(true);
  });

  it("is nobody's when ad hoc, unsigned or unreadable", () => {
    expect(signedByDeveloper(AD_HOC)).toBe(false);
    expect(signedByDeveloper('/Applications/OrderBell.app: code object is not signed at all')).toBe(false);
    expect(signedByDeveloper('')).toBe(false);
  });

  it('is read from the .app bundle around the executable', () => {
    expect(bundleOf('/Applications/OrderBell.app/Contents/MacOS/OrderBell')).toBe('/Applications/OrderBell.app');
  });
});
