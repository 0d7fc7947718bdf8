import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../src-main/ipc/http-bridge';

/**
 * Electron loads the renderer from file://, where no response header can carry a policy: the
 * <meta> tag must hold the bridge's policy (less frame-ancestors, which only a header can set).
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
