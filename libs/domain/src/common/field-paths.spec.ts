import { fieldPaths, hasUnstorableCharacter } from './field-paths';

describe('fieldPaths', () => {
  it('names every text carrying U+0000, keys included, in document order', () => {
    expect(
      fieldPaths(
        { name: 'a\u0000b', ok: 'fine', items: ['x', 'y\u0000'], nested: { 'k\u0000': 1 } },
        hasUnstorableCharacter,
      ),
    ).toEqual(['name', 'items[1]', 'nested.k\u0000']);
  });

  it('names texts with a lone surrogate, which no UTF-8 can carry', () => {
    expect(fieldPaths({ email: '\uD800', ok: '😀' }, hasUnstorableCharacter)).toEqual(['email']);
  });

  it('names the root by the prefix given (a route parameter)', () => {
    expect(fieldPaths('%\u0000', hasUnstorableCharacter, 'code')).toEqual(['code']);
    expect(fieldPaths('plain', hasUnstorableCharacter, 'code')).toEqual([]);
    expect(fieldPaths(undefined, hasUnstorableCharacter)).toEqual([]);
  });
});
