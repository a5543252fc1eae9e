/**
 * QR codes of the order screen's address, so a phone's camera finds the hub: the module grid
 * for screens, and half-block text for a terminal.
 */
import qrcode from 'qrcode-generator';

const QUIET_ZONE = 2;

/** The dark (true) and light modules of a QR code for an ASCII text such as a URL, quiet zone included. */
export function qrModules(text: string): boolean[][] {
  if (!/^[\x20-\x7e]*$/.test(text)) throw new Error('a QR code here carries printable ASCII only, such as a URL');
  const code = qrcode(0, 'M');
  code.addData(text, 'Byte');
  code.make();
  const size = code.getModuleCount() + 2 * QUIET_ZONE;
  return Array.from({ length: size }, (_, row) =>
    Array.from({ length: size }, (_, column) => {
      const r = row - QUIET_ZONE;
      const c = column - QUIET_ZONE;
      return r >= 0 && c >= 0 && r < size - 2 * QUIET_ZONE && c < size - 2 * QUIET_ZONE && code.isDark(r, c);
    }),
  );
}

// Black on white, set explicitly, so the code scans whatever the terminal's colours are.
const BLACK_ON_WHITE = '\x1b[30;47m';
const RESET = '\x1b[0m';
const HALF_BLOCKS = [' ', '▄', '▀', '█'] as const;

/** A QR code as terminal lines, two module rows per line. */
export function qrTerminal(text: string): string {
  const modules = qrModules(text);
  const lines: string[] = [];
  for (let row = 0; row < modules.length; row += 2) {
    const top = modules[row]!;
    const bottom = modules[row + 1];
    const cells = top.map((dark, column) => HALF_BLOCKS[(dark ? 2 : 0) + (bottom?.[column] ? 1 : 0)]);
    lines.push(`${BLACK_ON_WHITE}${cells.join('')}${RESET}`);
  }
  return lines.join('\n');
}
