/**
 * Paths (e.g. `details.items[1].note`) of the fields of a parsed body, query or parameter for
 * which `matches(key, value)` holds, in document order; a matched field is not searched further.
 * `key` is null for the root and for array items. Iterative, not recursive: a body may be nested
 * thousands of levels deep and must not overflow the stack.
 */
export function fieldPaths(
  value: unknown,
  matches: (key: string | null, value: unknown) => boolean,
  prefix = '',
): string[] {
  const found: string[] = [];
  const pending: Array<{ path: string; key: string | null; value: unknown }> = [
    { path: prefix, key: null, value },
  ];
  while (pending.length) {
    const field = pending.pop()!;
    if (matches(field.key, field.value)) {
      found.push(field.path);
      continue;
    }
    const inner = field.value;
    if (inner === null || typeof inner !== 'object') continue;
    const children = Array.isArray(inner)
      ? inner.map((item, i) => ({ path: `${field.path}[${i}]`, key: null, value: item as unknown }))
      : Object.entries(inner).map(([key, item]) => ({
          path: field.path ? `${field.path}.${key}` : key,
          key,
          value: item as unknown,
        }));
    // Reversed onto the stack, so fields come out in document order.
    for (let i = children.length - 1; i >= 0; i--) pending.push(children[i]);
  }
  return found;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Holds for a text (string value or key) PostgreSQL cannot store as given: one carrying U+0000,
 * or ill-formed UTF-16 (a lone surrogate, e.g. JSON "\\ud800", which no UTF-8 can encode).
 */
export function hasUnstorableCharacter(key: string | null, value: unknown): boolean {
  const bad = (text: string) => text.includes('\u0000') || LONE_SURROGATE.test(text);
  return (key !== null && bad(key)) || (typeof value === 'string' && bad(value));
}

export const UNSTORABLE_CHARACTER_MESSAGE =
  'tidak boleh berisi karakter NUL (U+0000) atau surrogate UTF-16 tunggal';
