import { fieldPaths, hasNulCharacter } from './field-paths';

describe('fieldPaths', () => {
  it('names every text carrying U+0000, keys included, in document order', () => {
    expect(
      fieldPaths(
        { name: 'a\u0000b', ok: 'fine', items: ['x', 'y\u0000'], nested: { 'k\u0000': 1 } },
        hasNulCharacter,
      ),
    ).toEqual(['name', 'items[1]', 'nested.k\u0000']);
  });

  it('names the root by the prefix given (a route parameter)', () => {
    expect(fieldPaths('%\u0000', hasNulCharacter, 'code')).toEqual(['code']);
    expect(fieldPaths('plain', hasNulCharacter, 'code')).toEqual([]);
    expect(fieldPaths(undefined, hasNulCharacter)).toEqual([]);
  });
});
