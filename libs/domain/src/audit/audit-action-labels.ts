import { RENEWAL_STATUS_LABELS } from '../renewal/renewal.labels';
import type { RenewalStatus } from '../renewal/renewal.types';

/**
 * Indonesian names of the audit trail's actions, as an archive reader reads them ("Verifikasi
 * BSrE: lengkap"); the codes ("renewal.verification_complete") stay the machine-readable values.
 */
export const AUDIT_ACTION_LABELS: Readonly<Record<string, string>> = {
  'renewal.opened': 'Permohonan pembaruan dibuka',
  'renewal.documents_ready': 'Dokumen pendukung siap',
  'renewal.submitted_to_ams': 'Diajukan ke BSrE melalui AMS',
  'renewal.verification_complete': 'Verifikasi BSrE: lengkap',
  'renewal.verification_incomplete': 'Verifikasi BSrE: belum lengkap (dikembalikan)',
  'renewal.holder_informed': 'Pemegang sertifikat diberi tahu',
  'renewal.cancel': 'Permohonan dibatalkan',
  'document.uploaded': 'Dokumen pendukung diunggah',
  'document.downloaded': 'Dokumen pendukung diunduh',
  'auth.login': 'Masuk ke Mutu',
  'auth.login_failed': 'Gagal masuk',
  'auth.login_throttled': 'Percobaan masuk ditahan',
  'calendar.holiday_set': 'Hari libur ditetapkan',
  'calendar.holiday_removed': 'Hari libur dihapus',
  'outbox.retried': 'Surel dikirim ulang',
  'report.generated': 'Laporan dibuat',
  'report.downloaded': 'Laporan diunduh',
  'sop.version_loaded': 'Versi SOP dimuat',
  'token.issued': 'Token API diterbitkan',
  'token.revoked': 'Token API dicabut',
  'user.created': 'Akun dibuat',
  'user.deactivated': 'Akun dinonaktifkan',
};

/** The label of an audit action; an action without one (added later) shows its code. */
export function auditActionLabel(action: string): string {
  return AUDIT_ACTION_LABELS[action] ?? action;
}

type Payload = Readonly<Record<string, unknown>>;

const isObject = (value: unknown): value is Payload =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown) =>
  typeof value === 'string' || typeof value === 'number' ? String(value) : null;

/** The facts of a renewal event: where it went, the round, what the command carried. */
function renewalFacts(payload: Payload): string[] {
  const command = isObject(payload.command) ? payload.command : {};
  const holder = isObject(payload.holder) ? payload.holder : null;
  const status = text(payload.status);
  const facts = [
    holder && text(holder.name) ? `${text(holder.name)} (NIP ${text(holder.nip)})` : null,
    text(payload.agency),
    status ? `status: ${RENEWAL_STATUS_LABELS[status as RenewalStatus] ?? status}` : null,
    text(payload.round) ? `putaran ${text(payload.round)}` : null,
    text(command.amsReference) ? `nomor AMS ${text(command.amsReference)}` : null,
    Array.isArray(command.missingItems) && command.missingItems.length
      ? `kurang: ${command.missingItems.join(', ')}`
      : null,
    text(command.reason) ? `alasan: ${text(command.reason)}` : null,
    text(command.channel) ? `melalui ${text(command.channel)}` : null,
    text(command.validUntil) ? `berlaku s.d. ${text(command.validUntil)}` : null,
  ];
  return facts.filter((fact): fact is string => fact !== null);
}

/** Known fields of the other events, in the order a reader wants them. */
const FIELDS: readonly [key: string, label: string | null][] = [
  ['displayName', null],
  ['name', null],
  ['item', 'butir'],
  ['role', 'peran'],
  ['number', 'nomor'],
  ['version', 'versi'],
  ['effectiveOn', 'berlaku'],
  ['date', 'tanggal'],
  ['username', 'akun'],
  ['kind', 'jenis'],
  ['format', 'format'],
  ['fileName', 'berkas'],
];

/**
 * A one-line summary of an audit event's data for people ("Ridwan Maulana (NIP 1999…);
 * Sekretariat Daerah; status: Langkah 1: …; putaran 1"); `payload` is the event's `after`
 * (else `before`) JSON. Empty when there is nothing to say; the raw JSON is kept beside it.
 */
export function auditEventSummary(action: string, payload: unknown): string {
  if (!isObject(payload)) return '';
  if (action.startsWith('renewal.')) return renewalFacts(payload).join('; ');
  const facts = FIELDS.flatMap(([key, label]) => {
    const value = text(payload[key]);
    return value === null ? [] : [label ? `${label} ${value}` : value];
  });
  if (Array.isArray(payload.agencies) && payload.agencies.length)
    facts.push(`OPD: ${payload.agencies.join(', ')}`);
  return facts.join('; ');
}
