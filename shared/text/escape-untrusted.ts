/**
 * Untrusted text (a key or value from a batch, a request, a file) shown to an operator or stored:
 * every character that can move a terminal's cursor or colour, end a log line, or reorder what is
 * read is written as `\uXXXX` instead — C0 and C1 controls and DEL, line and paragraph separators,
 * the bidi marks (U+061C, LRM, RLM), embeddings, overrides and isolates, and unpaired surrogates.
 * The result holds no NUL, so PostgreSQL takes it as text; escaping twice changes nothing more.
 * (The text rule of `control-chars.ts` refuses such input; this shows it safely instead.)
 */
function unsafe(cp: number): boolean {
  return (
    cp < 0x20 ||
    (cp >= 0x7f && cp <= 0x9f) ||
    cp === 0x061c ||
    cp === 0x200e ||
    cp === 0x200f ||
    (cp >= 0x2028 && cp <= 0x202e) ||
    (cp >= 0x2066 && cp <= 0x2069) ||
    // Iterated by code point, a surrogate half comes alone only when it is unpaired.
    (cp >= 0xd800 && cp <= 0xdfff)
  );
}

export function escapeUntrusted(text: string): string {
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0) as number;
    out += unsafe(cp) ? `\\u${cp.toString(16).padStart(4, '0')}` : ch;
  }
  return out;
}
