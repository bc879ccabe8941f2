import { fieldPaths } from './field-paths';

/**
 * Keys that look like a credential. The holder's new passphrase (and AMS logins) must never be
 * stored, logged or shown, so anything named like one is refused wherever data comes in. The
 * attestation flag `passphraseSet` is the one allowed name.
 */
const SECRET_KEY = /pass(word|phrase)(?!Set$)|secret|token|pin$/i;

export const SECRET_FIELD_MESSAGE =
  'Passphrase, kata sandi dan token tidak boleh dikirim ke sistem ini; cukup nyatakan bahwa passphrase baru sudah diatur di AMS';

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/** Paths (e.g. `details.newPassphrase`) of every secret-looking key anywhere in a value, at any depth. */
export function secretFieldPaths(value: unknown, prefix = ''): string[] {
  return fieldPaths(value, (key) => key !== null && isSecretKey(key), prefix);
}
