/** Serves the web view's built files, or a small status page where there is no build. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { decodeSegment, HttpError } from './http';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.wav': 'audio/wav',
  '.ogg': 'audio/ogg',
  '.mp3': 'audio/mpeg',
  '.webmanifest': 'application/manifest+json',
};

/** The web view runs no inline script and talks only to the hub it came from. */
export const WEB_VIEW_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "media-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
  // Order text must never become markup: with Trusted Types, even a stray innerHTML throws.
  "require-trusted-types-for 'script'",
  // One policy, which lets only the page's own service worker be registered (renderer/main.ts).
  "trusted-types orderbell-worker",
].join('; ');

const SECURITY_HEADERS = {
  'Content-Security-Policy': WEB_VIEW_CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

const STATUS_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>OrderBell hub</title></head>
<body><h1>OrderBell hub is running</h1>
<p>Orders go to <code>POST /api/orders</code>; devices connect to <code>/ws</code>.
Health: <a href="/api/health">/api/health</a>. The web view appears here once it is built.</p>
</body></html>
`;

function send(req: IncomingMessage, res: ServerResponse, type: string, body: Buffer | string): void {
  res.writeHead(200, {
    'Content-Type': type,
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-cache',
    ...SECURITY_HEADERS,
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

export async function serveStatic(req: IncomingMessage, res: ServerResponse, path: string, webRoot?: string): Promise<void> {
  const relative = path === '/' ? 'index.html' : decodeSegment(path.slice(1));
  if (!webRoot) {
    if (relative === 'index.html') return send(req, res, TYPES['.html']!, STATUS_PAGE);
    throw new HttpError(404, `no such file: ${path}`);
  }
  const root = resolve(webRoot);
  const file = resolve(join(root, relative));
  if (!file.startsWith(root + sep) || relative.includes('\0')) throw new HttpError(404, `no such file: ${path}`);
  const type = TYPES[extname(file)];
  if (!type) throw new HttpError(404, `no such file: ${path}`);
  try {
    send(req, res, type, await readFile(file));
  } catch {
    if (relative === 'index.html') return send(req, res, TYPES['.html']!, STATUS_PAGE);
    throw new HttpError(404, `no such file: ${path}`);
  }
}
