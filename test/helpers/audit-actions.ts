import { mainSources } from './main-source';

/** Every `action: …` main passes to audit(), literal or chosen by a condition (`a ? 'x.y' : 'x.z'`). */
export function actionsMainRecords(): string[] {
  const found = new Set<string>();
  for (const text of mainSources()) {
    for (const m of text.matchAll(/\baction:\s*([^,}\n]+)/g)) {
      for (const name of m[1]!.matchAll(/'([a-z]+\.[a-z-]+)'/g)) found.add(name[1]!);
    }
  }
  return [...found].sort();
}

/** The text of each balanced `{ … }` that follows `details:` in main's source. */
function detailObjects(): string[] {
  const out: string[] = [];
  for (const text of mainSources()) {
    for (const m of text.matchAll(/\bdetails:\s*\{/g)) {
      const start = m.index + m[0].length;
      let depth = 1;
      let i = start;
      for (; i < text.length && depth > 0; i++) {
        if (text[i] === '{') depth++;
        else if (text[i] === '}') depth--;
      }
      out.push(text.slice(start, i - 1));
    }
  }
  return out;
}

/** The object's top-level `key: value` (or shorthand `key`) parts; spreads are left out. */
function topLevelProperties(body: string): Array<{ key: string; value: string }> {
  const parts: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if ('{[('.includes(c)) depth++;
    else if ('}])'.includes(c)) depth--;
    else if (c === ',' && depth === 0) {
      parts.push(body.slice(from, i));
      from = i + 1;
    }
  }
  parts.push(body.slice(from));
  return parts
    .map((p) => p.trim())
    .filter((p) => p !== '' && !p.startsWith('...'))
    .map((p) => {
      const m = /^([A-Za-z_$][\w$]*)\s*(?::\s*([\s\S]*))?$/.exec(p);
      if (!m) throw new Error(`cannot read the audit details property «${p}»`);
      return { key: m[1]!, value: m[2] ?? m[1]! };
    });
}

/**
 * Every key main writes into an audit entry's details (the object literals after `details:`), with
 * the string literals its value can be (`kind: a ? 'nationalCode' : 'foreignId'`).
 */
export function detailKeysMainRecords(): Map<string, Set<string>> {
  const keys = new Map<string, Set<string>>();
  for (const body of detailObjects()) {
    for (const { key, value } of topLevelProperties(body)) {
      const literals = keys.get(key) ?? new Set<string>();
      // Literals that name something (not a separator given to join()).
      for (const lit of value.matchAll(/'([A-Za-z][\w-]*)'/g)) literals.add(lit[1]!);
      keys.set(key, literals);
    }
  }
  return keys;
}
