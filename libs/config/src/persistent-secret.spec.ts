import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { persistentSecret } from './persistent-secret';

describe('persistentSecret', () => {
  it('prefers the configured value and writes nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mutu-secret-'));
    expect(persistentSecret('x'.repeat(40), dir, 'key')).toBe('x'.repeat(40));
    expect(() => statSync(join(dir, 'key'))).toThrow();
  });

  it('generates a secret once, private to its owner, and returns the same one afterwards', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'mutu-secret-')), 'nested');
    const first = persistentSecret(null, dir, 'key');
    expect(first.length).toBeGreaterThanOrEqual(64);
    expect(statSync(join(dir, 'key')).mode & 0o777).toBe(0o600);
    expect(persistentSecret(null, dir, 'key')).toBe(first);
    expect(readFileSync(join(dir, 'key'), 'utf8')).toBe(first);
  });
});
