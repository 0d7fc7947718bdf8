import { protocol } from 'electron';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { mimeOf, realRoot, resolveStatic } from '../ipc/bridge/static-files';
import { CONTENT_SECURITY_POLICY } from '../ipc/http-bridge';

/** Issue 10 item 8: the renderer is served from `app://desk/`, never from file://. */
export const APP_SCHEME = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://desk`;

/** The built renderer (out/renderer beside out/main); the only folder app:// serves. */
export const RENDERER_DIR = path.join(__dirname, '../renderer');

/** The app's own URL of a page of the renderer (`index.html`, `updating.html`), with its fragment. */
export function appPageUrl(page: string, hash = ''): string {
  return `${APP_ORIGIN}/${page}${hash ? `#${hash}` : ''}`;
}

/**
 * Whether `url` is exactly the window's own page: the whole URL (scheme, host, port, path, query)
 * must equal it; only the fragment (the renderer's route) may differ.
 */
export function isOwnPage(url: string, own: string): boolean {
  return url.split('#')[0] === own.split('#')[0];
}

/** Must run before the app is ready: app:// is standard (a real origin for 'self') and secure. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true } }]);
}

function refused(status: number): Response {
  return new Response(null, { status, headers: { 'X-Content-Type-Options': 'nosniff' } });
}

/**
 * The app:// handler: GET/HEAD of a file inside `root` on host `desk` only. The path is taken from
 * the raw URL (before any normalising), so "..", encoded "%2e%2e"/"%2f", backslashes and NUL are
 * refused (400), another host is 403, a missing file 404. HTML carries the CSP header.
 */
export function appFileHandler(root: string): (request: Pick<Request, 'url' | 'method'>) => Promise<Response> {
  const realRootDir = realRoot(root);
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return refused(405);
    const raw = /^app:\/\/([^/?#]*)(\/[^?#]*)?/i.exec(request.url);
    if (!raw || raw[1]!.toLowerCase() !== 'desk') return refused(403);
    const found = await resolveStatic(await realRootDir, raw[2] ?? '/');
    if (found === 'bad') return refused(400);
    if (!found) return refused(404);
    const type = mimeOf(found.file);
    const headers: Record<string, string> = { 'Content-Type': type, 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' };
    if (type.startsWith('text/html')) headers['Content-Security-Policy'] = CONTENT_SECURITY_POLICY;
    const body = request.method === 'HEAD' ? null : await fs.readFile(found.file);
    return new Response(body, { status: 200, headers });
  };
}

/** After ready: app:// serves the built renderer and nothing else. */
export function serveAppProtocol(root: string = RENDERER_DIR): void {
  protocol.handle(APP_SCHEME, appFileHandler(root));
}
