import { canSee, type Principal, scopeFilter } from './renewal-scope';

const renewal = { holderNip: '198701012010011001', agency: 'Dinas Kesehatan' };
const principal = (role: Principal['role'], extra: Partial<Principal> = {}): Principal => ({
  id: 'u',
  role,
  holderNip: null,
  agencies: [],
  ...extra,
});

describe('renewal scope', () => {
  it('lets a holder see only their own renewals', () => {
    expect(canSee(principal('PENGGUNA', { holderNip: renewal.holderNip }), renewal)).toBe(true);
    expect(canSee(principal('PENGGUNA', { holderNip: '199001012015011002' }), renewal)).toBe(false);
    expect(canSee(principal('PENGGUNA'), renewal)).toBe(false);
  });

  it("lets a verifier see only their agencies' renewals", () => {
    expect(canSee(principal('VERIFIKATOR', { agencies: ['Dinas Kesehatan', 'BAPPEDA'] }), renewal)).toBe(
      true,
    );
    expect(canSee(principal('VERIFIKATOR', { agencies: ['BAPPEDA'] }), renewal)).toBe(false);
  });

  it.each(['BSRE', 'KEPALA_DINAS', 'ADMIN'] as const)('lets %s see every renewal', (role) => {
    expect(canSee(principal(role), renewal)).toBe(true);
    expect(scopeFilter(principal(role))).toEqual({});
  });

  it('turns the rule into list filters, matching nothing for a holder without a NIP', () => {
    expect(scopeFilter(principal('PENGGUNA', { holderNip: renewal.holderNip }))).toEqual({
      holderNip: renewal.holderNip,
    });
    expect(scopeFilter(principal('PENGGUNA'))).toEqual({ holderNip: '-' });
    expect(scopeFilter(principal('VERIFIKATOR', { agencies: ['BAPPEDA'] }))).toEqual({
      agencies: ['BAPPEDA'],
    });
  });
});
