import { isSecretKey, secretFieldPaths } from './secret-fields';

describe('secret fields', () => {
  it.each([
    'passphrase',
    'newPassphrase',
    'password',
    'amsPassword',
    'token',
    'accessToken',
    'clientSecret',
    'pin',
    'PASSPHRASE',
  ])('treats %s as a secret', (key) => expect(isSecretKey(key)).toBe(true));

  it.each(['passphraseSet', 'amsReference', 'reason', 'missingItems', 'spinner'])(
    'lets %s through',
    (key) => {
      expect(isSecretKey(key)).toBe(false);
    },
  );

  it('finds them at any depth and names their paths', () => {
    expect(
      secretFieldPaths({
        version: 1,
        details: { passphrase: 'x', items: [{ ok: 1 }, { amsToken: 'y' }] },
        password: 'z',
      }),
    ).toEqual(['details.passphrase', 'details.items[1].amsToken', 'password']);
    expect(secretFieldPaths('passphrase')).toEqual([]);
  });

  it('searches a value nested far deeper than the call stack would allow', () => {
    let deep: unknown = { newPassphrase: 'x' };
    for (let i = 0; i < 100_000; i++) deep = i % 2 ? { next: deep } : [deep];
    const [path] = secretFieldPaths(deep);
    expect(path.endsWith('[0].newPassphrase')).toBe(true);
    expect(secretFieldPaths({ ok: deep as object })).toHaveLength(1);
  });
});
