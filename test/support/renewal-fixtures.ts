import type { Principal } from '@mutu/domain';
import type { OpenRenewalInput } from '@mutu/renewals';

/** Who acts in the renewal tests: a verifier of Dinas Kesehatan and a BSrE operator. */
export const VERIFIER: Principal = {
  id: 'verifikator-1',
  role: 'VERIFIKATOR',
  holderNip: null,
  agencies: ['Dinas Kesehatan'],
};
export const BSRE: Principal = { id: 'bsre-1', role: 'BSRE', holderNip: null, agencies: [] };

/** Siti Rahma of Dinas Kesehatan asks to renew a certificate expiring at the end of 2026. */
export const APPLICATION: OpenRenewalInput = {
  nip: '198701012010011001',
  name: 'Siti Rahma',
  email: 'siti@merantikab.go.id',
  agency: 'Dinas Kesehatan',
  certificateSerial: 'BSRE-2025-000123',
  currentExpiry: '2026-12-31',
};
