import { ACTOR_ROLE_LABELS, type PerformerRole } from '@mutu/domain';

export type ReportLang = 'id' | 'en';

interface DurationUnits {
  readonly day: readonly [string, string];
  readonly hour: readonly [string, string];
  readonly minute: readonly [string, string];
  readonly second: readonly [string, string];
}

/** Every word of the compliance report in both languages: the templates only place these. */
export interface ComplianceReportLabels {
  readonly locale: string;
  readonly htmlLang: string;
  readonly fileStem: string;
  readonly title: string;
  readonly subtitle: string;
  readonly period: string;
  readonly periodRange: (from: string, to: string) => string;
  readonly agencyFilter: string;
  readonly allAgencies: string;
  readonly sopVersionFilter: string;
  readonly allSopVersions: string;
  readonly judgedAt: string;
  /** Which stored measurement of ended steps the figures read (issue 10). */
  readonly measure: string;
  readonly measures: { readonly measured: string; readonly recalculated: string };
  readonly generatedAt: string;
  readonly generatedBy: string;
  readonly summary: string;
  readonly opened: string;
  readonly completed: string;
  readonly running: string;
  readonly cancelled: string;
  readonly breaches: string;
  readonly leadTimeMedian: string;
  readonly leadTimeP90: string;
  readonly rework: string;
  readonly reworkDetail: (averageRounds: string) => string;
  readonly changes: string;
  readonly stepsHeading: string;
  readonly step: (step: number) => string;
  readonly stepWithStandard: (step: number, standard: string) => string;
  readonly columns: {
    readonly step: string;
    readonly standard: string;
    readonly instances: string;
    readonly ended: string;
    readonly withinStandard: string;
    readonly breaches: string;
    readonly atRiskNow: string;
    readonly durationMedian: string;
    readonly durationP90: string;
    readonly agency: string;
    readonly opened: string;
    readonly completed: string;
    readonly leadTimeMedian: string;
    readonly number: string;
    readonly renewal: string;
    readonly round: string;
    readonly performer: string;
    readonly started: string;
    readonly ended_at: string;
    readonly duration: string;
    readonly overrun: string;
    readonly role: string;
    readonly held: string;
    readonly share: string;
  };
  readonly charts: {
    readonly stepsTitle: string;
    readonly standardLine: string;
    readonly trendTitle: string;
    readonly trendOpened: string;
    readonly trendShare: string;
    readonly leadTimeTitle: string;
    readonly leadTimeBucket: (fromDays: number, toDays: number | null) => string;
    readonly noData: string;
  };
  readonly agenciesHeading: string;
  readonly performersHeading: string;
  readonly breachesHeading: string;
  readonly noBreaches: string;
  readonly moreBreaches: (count: string) => string;
  readonly sopHeading: string;
  readonly sopNumber: string;
  readonly sopName: string;
  readonly sopVersion: string;
  readonly sopEffective: string;
  readonly integrityHeading: string;
  readonly dataFingerprint: string;
  readonly auditHead: (seq: string) => string;
  readonly integrityNote: string;
  readonly approval: { readonly acknowledged: string; readonly nip: string };
  readonly pageOf: readonly [string, string];
  readonly noStandard: string;
  readonly none: string;
  readonly roles: Readonly<Record<PerformerRole, string>>;
  readonly units: DurationUnits;
  readonly narrative: {
    readonly previousPeriod: (period: string) => string;
    readonly openedUp: (from: string, to: string, change: string, previous: string) => string;
    readonly openedDown: (from: string, to: string, change: string, previous: string) => string;
    readonly openedSame: (count: string, previous: string) => string;
    readonly openedNoPrevious: (count: string, previous: string) => string;
    readonly shareChange: (step: string, share: string, change: string) => string;
    readonly shareNew: (step: string, share: string) => string;
    readonly sharesIntro: string;
    readonly pointsUp: (points: string) => string;
    readonly pointsDown: (points: string) => string;
    readonly pointsSame: string;
    readonly breachesChange: (now: string, before: string) => string;
    readonly worstStep: (step: string, count: string) => string;
    readonly noBreaches: string;
    readonly leadTimeChange: (now: string, before: string, faster: boolean) => string;
    readonly leadTimeSame: (now: string) => string;
    readonly leadTimeNew: (now: string) => string;
    readonly noRenewals: string;
  };
}

const ID: ComplianceReportLabels = {
  locale: 'id-ID',
  htmlLang: 'id',
  fileStem: 'laporan-kepatuhan',
  title: 'LAPORAN KEPATUHAN SOP',
  subtitle: 'Pemenuhan mutu baku waktu per langkah SOP',
  period: 'Periode',
  periodRange: (from, to) => `${from} s.d. ${to}`,
  agencyFilter: 'OPD',
  allAgencies: 'Semua OPD',
  sopVersionFilter: 'Versi SOP',
  allSopVersions: 'Semua versi',
  judgedAt: 'Dinilai pada',
  measure: 'Hasil ukur',
  measures: { measured: 'sebagaimana diukur', recalculated: 'sebagaimana dihitung ulang' },
  generatedAt: 'Dibuat pada',
  generatedBy: 'Dibuat oleh',
  summary: 'Ringkasan',
  opened: 'Permohonan dibuka',
  completed: 'Selesai',
  running: 'Masih berjalan',
  cancelled: 'Dibatalkan',
  breaches: 'Pelanggaran mutu baku',
  leadTimeMedian: 'Median waktu tempuh',
  leadTimeP90: 'P90 waktu tempuh',
  rework: 'Pengulangan putaran',
  reworkDetail: (averageRounds) => `rata-rata ${averageRounds} putaran`,
  changes: 'Perubahan dibanding periode sebelumnya',
  stepsHeading: 'Kepatuhan per langkah',
  step: (step) => `Langkah ${step}`,
  stepWithStandard: (step, standard) => `Langkah ${step} (${standard})`,
  columns: {
    step: 'Langkah',
    standard: 'Mutu baku',
    instances: 'Jumlah',
    ended: 'Selesai',
    withinStandard: 'Dalam mutu baku',
    breaches: 'Pelanggaran',
    atRiskNow: 'Berisiko kini',
    durationMedian: 'Median durasi',
    durationP90: 'P90 durasi',
    agency: 'OPD',
    opened: 'Dibuka',
    completed: 'Selesai',
    leadTimeMedian: 'Median waktu tempuh',
    number: 'No',
    renewal: 'Pemegang (OPD), permohonan',
    round: 'Putaran',
    performer: 'Pelaksana',
    started: 'Mulai (WIB)',
    ended_at: 'Selesai (WIB)',
    duration: 'Durasi',
    overrun: 'Lewat',
    role: 'Pelaksana',
    held: 'Lama dipegang',
    share: 'Bagian',
  },
  charts: {
    stepsTitle: 'Langkah yang selesai dalam mutu baku',
    standardLine: 'mutu baku 100%',
    trendTitle: 'Tren bulanan',
    trendOpened: 'Permohonan dibuka',
    trendShare: 'Dalam mutu baku',
    leadTimeTitle: 'Sebaran waktu tempuh permohonan selesai',
    leadTimeBucket: (fromDays, toDays) =>
      toDays === null ? `≥ ${fromDays} hari` : `${fromDays}–${toDays} hari`,
    noData: 'Tidak ada data',
  },
  agenciesHeading: 'Kepatuhan per OPD',
  performersHeading: 'Lama dipegang per pelaksana',
  breachesHeading: 'Daftar pelanggaran mutu baku',
  noBreaches: 'Tidak ada pelanggaran mutu baku dalam periode ini.',
  moreBreaches: (count) => `dan ${count} pelanggaran lainnya (lihat lampiran Excel)`,
  sopHeading: 'Acuan SOP',
  sopNumber: 'Nomor SOP',
  sopName: 'Nama SOP',
  sopVersion: 'Versi',
  sopEffective: 'Tanggal efektif',
  integrityHeading: 'Keutuhan data',
  dataFingerprint: 'Sidik data (SHA-256)',
  auditHead: (seq) => `Ujung jejak audit saat dibuat: no. ${seq}`,
  integrityNote:
    'Sidik data adalah SHA-256 dari JSON kanonik angka-angka laporan ini; SHA-256 berkas PDF ini sendiri dicatat di arsip laporan.',
  approval: { acknowledged: 'Mengetahui,', nip: 'NIP.' },
  pageOf: ['Halaman', 'dari'],
  noStandard: 'Tanpa mutu baku',
  none: '–',
  roles: {
    PENGGUNA: ACTOR_ROLE_LABELS.PENGGUNA,
    VERIFIKATOR: ACTOR_ROLE_LABELS.VERIFIKATOR,
    BSRE: ACTOR_ROLE_LABELS.BSRE,
  },
  units: {
    day: ['hari', 'hari'],
    hour: ['jam', 'jam'],
    minute: ['menit', 'menit'],
    second: ['detik', 'detik'],
  },
  narrative: {
    previousPeriod: (period) => `periode sebelumnya (${period})`,
    openedUp: (from, to, change, previous) =>
      `Permohonan yang dibuka naik dari ${from} menjadi ${to} (${change}) dibanding ${previous}.`,
    openedDown: (from, to, change, previous) =>
      `Permohonan yang dibuka turun dari ${from} menjadi ${to} (${change}) dibanding ${previous}.`,
    openedSame: (count, previous) => `Permohonan yang dibuka tetap ${count}, sama dengan ${previous}.`,
    openedNoPrevious: (count, previous) =>
      `Pada ${previous} tidak ada permohonan; periode ini ${count} permohonan dibuka.`,
    sharesIntro: 'Langkah yang selesai dalam mutu baku:',
    shareChange: (step, share, change) => `${step} ${share} (${change})`,
    shareNew: (step, share) => `${step} ${share}`,
    pointsUp: (points) => `naik ${points} poin`,
    pointsDown: (points) => `turun ${points} poin`,
    pointsSame: 'tetap',
    breachesChange: (now, before) => `Pelanggaran mutu baku: ${now} (sebelumnya ${before}).`,
    worstStep: (step, count) => `Pelanggaran terbanyak pada ${step}: ${count}.`,
    noBreaches: 'Tidak ada pelanggaran mutu baku.',
    leadTimeChange: (now, before, faster) =>
      `Median waktu tempuh ${faster ? 'lebih cepat' : 'lebih lambat'}: ${now} (sebelumnya ${before}).`,
    leadTimeSame: (now) => `Median waktu tempuh tetap ${now}.`,
    leadTimeNew: (now) => `Median waktu tempuh ${now}.`,
    noRenewals: 'Tidak ada permohonan yang dibuka dalam periode ini.',
  },
};

const EN: ComplianceReportLabels = {
  locale: 'en-GB',
  htmlLang: 'en',
  fileStem: 'compliance-report',
  title: 'SOP COMPLIANCE REPORT',
  subtitle: 'Time standards met per SOP step',
  period: 'Period',
  periodRange: (from, to) => `${from} to ${to}`,
  agencyFilter: 'Agency',
  allAgencies: 'All agencies',
  sopVersionFilter: 'SOP version',
  allSopVersions: 'All versions',
  judgedAt: 'Judged at',
  measure: 'Measurements',
  measures: { measured: 'as measured', recalculated: 'as recalculated' },
  generatedAt: 'Generated at',
  generatedBy: 'Generated by',
  summary: 'Summary',
  opened: 'Renewals opened',
  completed: 'Completed',
  running: 'Still running',
  cancelled: 'Cancelled',
  breaches: 'Time standard breaches',
  leadTimeMedian: 'Median lead time',
  leadTimeP90: 'P90 lead time',
  rework: 'Rework (rounds)',
  reworkDetail: (averageRounds) => `${averageRounds} rounds on average`,
  changes: 'Changes since the previous period',
  stepsHeading: 'Compliance per step',
  step: (step) => `Step ${step}`,
  stepWithStandard: (step, standard) => `Step ${step} (${standard})`,
  columns: {
    step: 'Step',
    standard: 'Standard',
    instances: 'Count',
    ended: 'Ended',
    withinStandard: 'Within standard',
    breaches: 'Breaches',
    atRiskNow: 'At risk now',
    durationMedian: 'Median duration',
    durationP90: 'P90 duration',
    agency: 'Agency',
    opened: 'Opened',
    completed: 'Completed',
    leadTimeMedian: 'Median lead time',
    number: 'No',
    renewal: 'Holder (agency), renewal',
    round: 'Round',
    performer: 'Performer',
    started: 'Started (WIB)',
    ended_at: 'Ended (WIB)',
    duration: 'Duration',
    overrun: 'Over by',
    role: 'Performer',
    held: 'Time held',
    share: 'Share',
  },
  charts: {
    stepsTitle: 'Steps ended within the time standard',
    standardLine: 'standard 100%',
    trendTitle: 'Monthly trend',
    trendOpened: 'Renewals opened',
    trendShare: 'Within standard',
    leadTimeTitle: 'Lead time of completed renewals',
    leadTimeBucket: (fromDays, toDays) =>
      toDays === null ? `≥ ${fromDays} days` : `${fromDays}–${toDays} days`,
    noData: 'No data',
  },
  agenciesHeading: 'Compliance per agency',
  performersHeading: 'Time held per performer',
  breachesHeading: 'Time standard breaches',
  noBreaches: 'No time standard was breached in this period.',
  moreBreaches: (count) => `and ${count} more breaches (see the Excel attachment)`,
  sopHeading: 'SOP reference',
  sopNumber: 'SOP number',
  sopName: 'SOP name',
  sopVersion: 'Version',
  sopEffective: 'Effective date',
  integrityHeading: 'Data integrity',
  dataFingerprint: 'Data fingerprint (SHA-256)',
  auditHead: (seq) => `Audit trail head at generation: no. ${seq}`,
  integrityNote:
    "The data fingerprint is the SHA-256 of the canonical JSON of this report's figures; the SHA-256 of this PDF file itself is recorded in the report archive.",
  approval: { acknowledged: 'Acknowledged by,', nip: 'NIP.' },
  pageOf: ['Page', 'of'],
  noStandard: 'No standard',
  none: '–',
  roles: { PENGGUNA: 'User', VERIFIKATOR: 'Verifier', BSRE: 'BSrE' },
  units: {
    day: ['day', 'days'],
    hour: ['hour', 'hours'],
    minute: ['minute', 'minutes'],
    second: ['second', 'seconds'],
  },
  narrative: {
    previousPeriod: (period) => `the previous period (${period})`,
    openedUp: (from, to, change, previous) =>
      `Renewals opened rose from ${from} to ${to} (${change}) compared with ${previous}.`,
    openedDown: (from, to, change, previous) =>
      `Renewals opened fell from ${from} to ${to} (${change}) compared with ${previous}.`,
    openedSame: (count, previous) => `Renewals opened stayed at ${count}, as in ${previous}.`,
    openedNoPrevious: (count, previous) =>
      `There were no renewals in ${previous}; ${count} were opened in this period.`,
    sharesIntro: 'Steps ended within the standard:',
    shareChange: (step, share, change) => `${step} ${share} (${change})`,
    shareNew: (step, share) => `${step} ${share}`,
    pointsUp: (points) => `up ${points} points`,
    pointsDown: (points) => `down ${points} points`,
    pointsSame: 'unchanged',
    breachesChange: (now, before) => `Time standard breaches: ${now} (previously ${before}).`,
    worstStep: (step, count) => `Most breaches at ${step}: ${count}.`,
    noBreaches: 'No time standard was breached.',
    leadTimeChange: (now, before, faster) =>
      `Median lead time ${faster ? 'shorter' : 'longer'}: ${now} (previously ${before}).`,
    leadTimeSame: (now) => `Median lead time unchanged at ${now}.`,
    leadTimeNew: (now) => `Median lead time ${now}.`,
    noRenewals: 'No renewals were opened in this period.',
  },
};

export const COMPLIANCE_REPORT_LABELS: Readonly<Record<ReportLang, ComplianceReportLabels>> = {
  id: ID,
  en: EN,
};
