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
});
