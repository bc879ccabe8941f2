/** A model for the 'certificate-renewed' template: tests that need some real message queue this. */
export const RENEWED_MAIL_MODEL = {
  holderName: 'Siti Rahma',
  certificateSerial: 'BSRE-2025-000123',
  agency: 'Dinas Kesehatan',
  validFrom: '2026-11-27',
  validUntil: '2028-11-27',
  amsReference: 'AMS-78',
  renewalUrl: 'http://localhost:3000/permohonan/0d6f6a52-4b1e-4c55-9a51-2f1c1f0f6a11',
};
