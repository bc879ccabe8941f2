/** A model for the 'certificate-renewed' template: tests that need some real message queue this. */
export const RENEWED_MAIL_MODEL = {
  holderName: 'Siti Rahma',
  certificateSerial: 'BSRE-2025-000123',
  agency: 'Dinas Kesehatan',
  validFrom: '2026-11-27',
  validUntil: '2028-11-27',
  amsReference: 'AMS-78',
  renewalUrl: 'http://localhost:3000/permohonan/00000000-0000-4000-8000-000000000000',
};
