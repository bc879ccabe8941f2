import { RENEWAL_ACTIONS } from '../renewal/renewal.types';
import { auditActionLabel, auditEventSummary } from './audit-action-labels';

describe('audit actions as people read them', () => {
  it('names every renewal action in Indonesian, BSrE verification as the SOP says it', () => {
    expect(auditActionLabel('renewal.verification_complete')).toBe('Verifikasi BSrE: lengkap');
    for (const action of RENEWAL_ACTIONS)
      expect(auditActionLabel(`renewal.${action}`)).not.toMatch(/renewal\./);
    expect(auditActionLabel('renewal.opened')).toBe('Permohonan pembaruan dibuka');
    // An action added later shows its code rather than nothing.
    expect(auditActionLabel('renewal.reopened')).toBe('renewal.reopened');
  });

  it('summarises a renewal event from its data: who, where it went, what the command carried', () => {
    expect(
      auditEventSummary('renewal.opened', {
        agency: 'Sekretariat Daerah',
        holder: { nip: '199904192023101283', name: 'Ridwan Maulana, M.Si.' },
        status: 'step1',
        round: 1,
      }),
    ).toBe(
      'Ridwan Maulana, M.Si. (NIP 199904192023101283); Sekretariat Daerah; status: Langkah 1: menyiapkan dokumen pendukung; putaran 1',
    );
    expect(
      auditEventSummary('renewal.verification_incomplete', {
        round: 3,
        status: 'step1',
        command: { action: 'verification_incomplete', missingItems: ['surat-rekomendasi', 'ktp'] },
      }),
    ).toBe('status: Langkah 1: menyiapkan dokumen pendukung; putaran 3; kurang: surat-rekomendasi, ktp');
  });

  it('summarises other events by their known fields, and nothing from nothing', () => {
    expect(
      auditEventSummary('user.created', {
        role: 'VERIFIKATOR',
        agencies: ['Dinas Kesehatan'],
        displayName: 'Verifikator Dinas Kesehatan',
      }),
    ).toBe('Verifikator Dinas Kesehatan; peran VERIFIKATOR; OPD: Dinas Kesehatan');
    expect(auditEventSummary('document.uploaded', { name: 'SK.png', item: 'sk-jabatan', size: 154 })).toBe(
      'SK.png; butir sk-jabatan',
    );
    expect(auditEventSummary('auth.login', null)).toBe('');
  });
});
