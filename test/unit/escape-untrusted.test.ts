import { describe, expect, it } from 'vitest';
import { escapeUntrusted } from '../../shared/text/escape-untrusted';

/** What the probe sent headquarters: NUL, a forged log line with an ANSI escape, bidi overrides. */
const UNSAFE = ['\u0000', '\u0007', '\n', '\r', '\u001b', '\u007f', '\u0085', '\u009b', '\u061c', '\u200e', '\u200f', '\u2028', '\u2029', '\u202a', '\u202e', '\u2066', '\u2069', '\ud800', '\udfff'];

describe('escapeUntrusted: untrusted text in a log line, a recorded refusal or an answer', () => {
  it('writes every control, separator, bidi character and lone surrogate as \\uXXXX', () => {
    for (const ch of UNSAFE) {
      const code = ch.charCodeAt(0).toString(16).padStart(4, '0');
      expect(escapeUntrusted(`a${ch}b`), JSON.stringify(ch)).toBe(`a\\u${code}b`);
    }
    expect(escapeUntrusted('x\n2026-12-07T03:00:00.000Z accepted 9999-01-1-5\u001b[2K')).toBe('x\\u000a2026-12-07T03:00:00.000Z accepted 9999-01-1-5\\u001b[2K');
  });

  it('leaves ordinary text alone (Persian with ZWNJ, emoji, punctuation, a backslash), and escaping twice changes nothing more', () => {
    for (const text of ['مهر\u200cآبادی', 'سلام 😀', 'sequences 1–5 (expected 6): "x" \\u0000']) expect(escapeUntrusted(text)).toBe(text);
    const once = escapeUntrusted(UNSAFE.join('.'));
    expect(once).toMatch(/^[\x20-\x7e]+$/);
    expect(escapeUntrusted(once)).toBe(once);
  });
});
