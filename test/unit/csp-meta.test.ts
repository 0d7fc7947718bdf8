import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../src-main/ipc/http-bridge';

/**
 * Electron serves the renderer from app:// with the bridge's policy as a header (issue 10 item 8,
 * test/unit/app-window.test.ts); the <meta> tag holds the same policy as a second line of defence
 * (less frame-ancestors, which only a header can set), so a page opened any other way keeps it.
 */
describe('the CSP meta tag of the renderer', () => {
  it.each(['index.html', 'updating.html'])('%s matches the header policy the bridge sends', (page) => {
    const html = readFileSync(path.resolve(__dirname, '../../src-renderer', page), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html);
    expect(meta, `${page} has no CSP meta tag`).not.toBeNull();
    const asSet = (p: string) => new Set(p.split(';').map((d) => d.trim()).filter((d) => d && !d.startsWith('frame-ancestors')));
    expect(asSet(meta![1]!)).toEqual(asSet(CONTENT_SECURITY_POLICY));
  });
});
