/**
 * A QR code drawn as SVG: one path of unit squares, built with createElementNS and
 * setAttribute, never markup, so the page's Trusted Types policy has nothing to refuse.
 */
import { qrModules } from '../../main/core/ui/qr';

const SVG = 'http://www.w3.org/2000/svg';

export function qrCode(text: string, label: string): SVGSVGElement {
  const modules = qrModules(text);
  const size = modules.length;
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${size} ${size}`);
  svg.setAttribute('class', 'qr');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label);
  // Crisp module edges at any size: a camera needs the contrast, not anti-aliasing.
  svg.setAttribute('shape-rendering', 'crispEdges');
  const background = document.createElementNS(SVG, 'rect');
  for (const [name, value] of [['width', size], ['height', size], ['fill', '#fff']] as const) background.setAttribute(name, String(value));
  const path = document.createElementNS(SVG, 'path');
  const squares: string[] = [];
  modules.forEach((row, y) => row.forEach((dark, x) => dark && squares.push(`M${x} ${y}h1v1h-1z`)));
  path.setAttribute('d', squares.join(''));
  path.setAttribute('fill', '#000');
  svg.append(background, path);
  return svg;
}
