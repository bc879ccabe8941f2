import { isSecretKey } from '@mutu/domain';

/**
 * The request URL as it may be logged: values of secret-looking query parameters are blanked,
 * since a refused request is still logged and its query string would carry the secret.
 */
export function logSafeUrl(url: string): string {
  const query = url.indexOf('?');
  if (query < 0) return url;
  const params = new URLSearchParams(url.slice(query + 1));
  for (const key of new Set(params.keys())) {
    if (isSecretKey(key)) params.set(key, '[disembunyikan]');
  }
  return `${url.slice(0, query)}?${params.toString()}`;
}
