import { createReadStream, promises as fs } from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { envelopeError } from './http-util';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

/** The MIME type the renderer's files are served with (also by the app:// protocol). */
export function mimeOf(file: string): string {
  return MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** The real path, so that a root reached through a symlink (macOS /var, Windows short names) still matches. */
export async function realRoot(root: string): Promise<string> {
  return fs.realpath(path.resolve(root)).catch(() => path.resolve(root));
}

/**
 * The file of the built renderer a URL path names, or null: no NUL, no backslash, no "..", no
 * symlink out of the root. A path without an extension that names no file is a client-side route
 * and gets the app shell.
 */
export async function resolveStatic(root: string, pathname: string): Promise<{ file: string; size: number } | 'bad' | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return 'bad';
  }
  if (decoded.includes('\0') || decoded.includes('\\') || decoded.split('/').includes('..')) return 'bad';
  let file = path.resolve(root, '.' + decoded);
  if (file !== root && !file.startsWith(root + path.sep)) return 'bad';
  let stat = await fs.stat(file).catch(() => null);
  if (stat?.isDirectory()) {
    file = path.join(file, 'index.html');
    stat = await fs.stat(file).catch(() => null);
  }
  if (!stat && path.extname(decoded) === '') {
    file = path.join(root, 'index.html');
    stat = await fs.stat(file).catch(() => null);
  }
  if (!stat || !stat.isFile()) return null;
  const real = await fs.realpath(file);
  if (!real.startsWith(root + path.sep)) return null;
  return { file, size: stat.size };
}

/** Serves the built renderer (GET and HEAD only); `root` null serves nothing (API-only tests). */
export function staticFiles(root: string | null) {
  return async function handleStatic(req: http.IncomingMessage, res: http.ServerResponse, pathname: string): Promise<void> {
    // Refusals in the bridge's format, with their Persian sentence, never an empty page.
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return envelopeError(res, 405, 'BAD_REQUEST');
    }
    if (!root) return envelopeError(res, 404, 'NOT_FOUND');
    const found = await resolveStatic(root, pathname);
    if (found === 'bad') return envelopeError(res, 400, 'BAD_REQUEST');
    if (!found) return envelopeError(res, 404, 'NOT_FOUND');
    res.writeHead(200, {
      'Content-Type': mimeOf(found.file),
      'Content-Length': found.size,
      'Cache-Control': found.file.endsWith('index.html') ? 'no-store' : 'public, max-age=3600',
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    createReadStream(found.file).pipe(res);
  };
}
