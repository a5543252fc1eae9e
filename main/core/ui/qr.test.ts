import jsQR from 'jsqr';
import { describe, expect, it } from 'vitest';
import { qrModules, qrTerminal } from './qr';

const PIXELS_PER_MODULE = 4;

/** Paints a module grid as an RGBA image and reads it back with a QR decoder. */
function decode(modules: boolean[][]): string | undefined {
  const size = modules.length * PIXELS_PER_MODULE;
  const image = new Uint8ClampedArray(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const dark = modules[Math.floor(y / PIXELS_PER_MODULE)]![Math.floor(x / PIXELS_PER_MODULE)];
      image.fill(dark ? 0 : 255, (y * size + x) * 4, (y * size + x) * 4 + 3);
      image[(y * size + x) * 4 + 3] = 255;
    }
  }
  return jsQR(image, size, size)?.data;
}

/** What a terminal shows, turned back into modules: ▀ ▄ █ and space, two rows a line. */
function modulesOnScreen(terminal: string): boolean[][] {
  const lines = terminal.replace(/\x1b\[[\d;]*m/g, '').split('\n');
  return lines.flatMap((line) => {
    const cells = [...line];
    return [cells.map((cell) => cell === '▀' || cell === '█'), cells.map((cell) => cell === '▄' || cell === '█')];
  });
}

describe('qr', () => {
  const link = 'http://192.168.1.20:8083/#token=k3Jp9vQ2mZx7LwA5bN8cR1tY';

  it('encodes the text so that a QR reader reads it back', () => {
    expect(decode(qrModules(link))).toBe(link);
  });

  it('leaves a light quiet zone around the code', () => {
    const modules = qrModules(link);
    expect(modules[0]!.every((dark) => !dark)).toBe(true);
    expect(modules.map((row) => row[0]).every((dark) => !dark)).toBe(true);
    expect(modules[2]![2]).toBe(true); // the finder pattern's corner
  });

  it('draws a terminal code black on white that scans as the same text', () => {
    const terminal = qrTerminal(link);
    expect(terminal.split('\n').every((line) => line.startsWith('\x1b[30;47m') && line.endsWith('\x1b[0m'))).toBe(true);
    expect(decode(modulesOnScreen(terminal))).toBe(link);
  });

  it('refuses text it cannot carry', () => {
    expect(() => qrModules('桌 3')).toThrow('printable ASCII only');
  });
});
