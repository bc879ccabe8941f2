import { logSafeUrl } from './log-safe-url';

describe('logSafeUrl', () => {
  it('blanks secret-looking query values and keeps the rest', () => {
    expect(logSafeUrl('/renewals?pin=1234&status=step1&newPassphrase=a&newPassphrase=b')).toBe(
      '/renewals?pin=%5Bdisembunyikan%5D&status=step1&newPassphrase=%5Bdisembunyikan%5D',
    );
    expect(logSafeUrl('/renewals?status=step1')).toBe('/renewals?status=step1');
    expect(logSafeUrl('/health')).toBe('/health');
  });
});
