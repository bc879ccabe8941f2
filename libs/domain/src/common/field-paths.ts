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

/** Holds for a text (string value or key) carrying U+0000, which PostgreSQL text cannot store. */
export function hasNulCharacter(key: string | null, value: unknown): boolean {
  return (key !== null && key.includes('\u0000')) || (typeof value === 'string' && value.includes('\u0000'));
}

export const NUL_CHARACTER_MESSAGE = 'tidak boleh berisi karakter NUL (U+0000)';
