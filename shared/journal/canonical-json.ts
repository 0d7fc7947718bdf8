/**
 * The one serialisation of every byte that is hashed or signed in the branch → headquarters
 * journal (JOURNAL-FORMAT.md): object keys sorted recursively (by UTF-16 code unit, JavaScript's
 * default sort, the same on every engine), no whitespace, arrays in order, only JSON types.
 *
 * Anything that JSON.stringify would drop or change silently (undefined, NaN/Infinity, functions,
 * bigint, Date and other non-plain objects, sparse arrays) is refused with a TypeError naming the
 * path, so two sides can never hash different bytes for what they believe is the same value.
 */
export function canonicalJson(value: unknown): string {
  return write(value, '$');
}

function write(value: unknown, path: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${path} is not a finite number`);
      return JSON.stringify(value);
    case 'object':
      return Array.isArray(value) ? writeArray(value, path) : writeObject(value as object, path);
    default:
      throw new TypeError(`canonicalJson: ${path} is ${typeof value}, not a JSON value`);
  }
}

function writeArray(items: unknown[], path: string): string {
  const parts: string[] = [];
  for (let i = 0; i < items.length; i++) {
    if (!(i in items)) throw new TypeError(`canonicalJson: ${path}[${i}] is a hole in a sparse array`);
    parts.push(write(items[i], `${path}[${i}]`));
  }
  return `[${parts.join(',')}]`;
}

function writeObject(obj: object, path: string): string {
  const proto = Object.getPrototypeOf(obj) as unknown;
  if (proto !== Object.prototype && proto !== null) {
    throw new TypeError(`canonicalJson: ${path} is not a plain object`);
  }
  const record = obj as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  const parts = keys.map((key) => `${JSON.stringify(key)}:${write(record[key], `${path}.${key}`)}`);
  return `{${parts.join(',')}}`;
}
