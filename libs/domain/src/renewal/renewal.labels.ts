import type { ActorRole, RenewalAction, RenewalStatus } from './renewal.types';

/** Indonesian names for messages and screens; the English codes stay the machine-readable values. */
export const RENEWAL_STATUS_LABELS: Readonly<Record<RenewalStatus, string>> = {
  step1: 'Langkah 1: menyiapkan dokumen pendukung',
  step2: 'Langkah 2: pengajuan ke BSrE melalui AMS',
  step3: 'Langkah 3: pemeriksaan berkas oleh BSrE',
  step4: 'Langkah 4: pemberitahuan kepada pemegang sertifikat',
  completed: 'Selesai',
  cancelled: 'Dibatalkan',
};

export const RENEWAL_ACTION_LABELS: Readonly<
  Record<RenewalAction | 'open_renewal' | 'upload_document', string>
> = {
  open_renewal: 'Ajukan pembaruan',
  upload_document: 'Unggah dokumen pendukung',
  documents_ready: 'Dokumen pendukung siap',
  submitted_to_ams: 'Diajukan ke BSrE melalui AMS',
  verification_complete: 'Berkas lengkap (Ya)',
  verification_incomplete: 'Berkas belum lengkap (Tidak)',
  holder_informed: 'Pemegang sertifikat sudah diberi tahu',
  cancel: 'Batalkan pembaruan',
};

export const ACTOR_ROLE_LABELS: Readonly<Record<ActorRole, string>> = {
  PENGGUNA: 'Pengguna',
  VERIFIKATOR: 'Verifikator',
  BSRE: 'BSrE',
  KEPALA_DINAS: 'Kepala Dinas',
  ADMIN: 'Admin',
};
