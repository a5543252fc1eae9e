/**
 * Tickets as one HTML page for a system printer (Electron's webContents.print): each copy an
 * SVG from receiptline (which escapes the order's text), on paper exactly the ticket's width.
 * The page runs nothing and loads nothing.
 */
import type { PaperWidth } from './ticket';

export function ticketPage(svgs: string[], paper: PaperWidth): string {
  return `<!doctype html>
<html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>OrderBell ticket</title>
<style>
@page { size: ${paper}mm auto; margin: 0 }
html, body { margin: 0; padding: 0; background: #fff }
.ticket { width: ${paper}mm; break-after: page }
.ticket:last-child { break-after: auto }
.ticket svg { display: block; width: 100%; height: auto }
</style></head>
<body>${svgs.map((svg) => `<div class="ticket">${svg}</div>`).join('')}</body></html>
`;
}
