/**
 * The one serialisation of every byte that is hashed or signed in the branch → headquarters
 * journal (JOURNAL-FORMAT.md): object keys sorted recursively (by UTF-16 code unit, JavaScript's
 * default sort, the same on every engine), no whitespace, arrays in order, only JSON types.
 *
 * Anything that JSON.stringify would drop or change silently (undefined, NaN/Infinity, functions,
 * bigint, Date and other non-plain objects, sparse arrays) is refused with a TypeError naming the
 * path, so two sides can never hash different bytes for what they believe is the same value.
 * (Headquarters runs this on every ingested entry: the path is built only when it throws.)
 */
export function canonicalJson(value: unknown): string {
  const path: (string | number)[] = [];
  try {
    return write(value, path);
  } catch (e) {
    if (e instanceof NotJson) {
      const where = '$' + path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('');
      throw new TypeError(`canonicalJson: ${where} ${e.message}`);
    }
    throw e;
  }
}

class NotJson extends Error {}

/** Keys and strings that need no escaping are written as they are (most keys, most values). */
const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;
const str = (s: string) => (PLAIN.test(s) ? `"${s}"` : JSON.stringify(s));

function write(value: unknown, path: (string | number)[]): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return str(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new NotJson('is not a finite number');
      return JSON.stringify(value);
    case 'object':
      return Array.isArray(value) ? writeArray(value, path) : writeObject(value as object, path);
    default:
      throw new NotJson(`is ${typeof value}, not a JSON value`);
  }
}

function writeArray(items: unknown[], path: (string | number)[]): string {
  let out = '[';
  for (let i = 0; i < items.length; i++) {
    path.push(i);
    if (!(i in items)) throw new NotJson('is a hole in a sparse array');
    out += (i ? ',' : '') + write(items[i], path);
    path.pop();
  }
  return `${out}]`;
}

function writeObject(obj: object, path: (string | number)[]): string {
  const proto = Object.getPrototypeOf(obj) as unknown;
  if (proto !== Object.prototype && proto !== null) throw new NotJson('is not a plain object');
  const record = obj as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  let out = '{';
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    path.push(key);
    out += `${i ? ',' : ''}${str(key)}:${write(record[key], path)}`;
    path.pop();
  }
  return `${out}}`;
}

/**
 * True when `text` is exactly `canonicalJson(value)`, for a `value` that JSON.parse made from
 * `text`: JSON.stringify of a parsed value keeps the text's key order and writes the minimal form,
 * so only the key order is left to check — without building a second string tree (headquarters
 * checks every line of every batch). An object with array-index keys ("9", "10"), which JavaScript
 * orders numerically, may be called not canonical when it is: no journal schema has such keys.
 */
export function isCanonicalJsonText(text: string, value: unknown): boolean {
  return JSON.stringify(value) === text && keysSorted(value);
}

function keysSorted(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return true;
  if (Array.isArray(value)) return value.every(keysSorted);
  const record = value as Record<string, unknown>;
  let prev: string | null = null;
  for (const key in record) {
    if (prev !== null && !(prev < key)) return false;
    if (!keysSorted(record[key])) return false;
    prev = key;
  }
  return true;
}
