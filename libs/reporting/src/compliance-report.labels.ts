import { ACTOR_ROLE_LABELS, type PerformerRole } from '@mutu/domain';

export type ReportLang = 'id' | 'en';

/**
 * Every word of the compliance report in both languages: the templates only place these. The
 * Indonesian follows Tata Naskah Dinas usage: headings in title case, dates "30 November 2026",
 * times "pukul 16.50 WIB", plain words before technical terms (which go to a footnote).
 */
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
  /** Between a date and its time: "30 November 2026 pukul 16.50 WIB". */
  readonly at: string;
  /** Who generated the report when no person did: by the scheduled job's name. */
  readonly automatic: (job: string) => string;
  /** A person named at the command line who has no account. */
  readonly commandLine: (name: string) => string;
  /** The first block of page 1: the period's share within standard against the previous period. */
  readonly headline: {
    readonly heading: string;
    readonly share: string;
    readonly previous: (period: string, share: string) => string;
    readonly noPrevious: (period: string) => string;
    readonly up: (points: string) => string;
    readonly down: (points: string) => string;
    readonly same: string;
    readonly target: (target: string) => string;
    readonly meetsTarget: string;
    readonly belowTarget: string;
    readonly breaches: string;
    readonly breachesBefore: (count: string) => string;
    readonly atRiskNow: string;
    readonly atRiskNowDetail: string;
  };
  readonly summary: string;
  readonly opened: string;
  readonly completed: string;
  readonly running: string;
  readonly cancelled: string;
  readonly leadTimeMedian: string;
  readonly leadTimeP90: string;
  readonly rework: string;
  readonly reworkDetail: (averageRounds: string) => string;
  /** What the plain words above stand for, printed at the foot of page 1. */
  readonly footnotes: readonly string[];
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
    readonly status: string;
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
    readonly meetsTarget: (target: string) => string;
    readonly belowTarget: string;
    readonly trendTitle: string;
    readonly trendOpened: string;
    readonly trendShare: string;
    readonly leadTimeTitle: string;
    readonly leadTimeBucket: (fromDays: number, toDays: number | null) => string;
    readonly noData: string;
  };
  readonly agenciesHeading: (target: string) => string;
  readonly agenciesNote: string;
  readonly belowTarget: string;
  readonly performersHeading: string;
  readonly breachesHeading: string;
  readonly noBreaches: string;
  readonly moreBreaches: (count: string) => string;
  readonly aboutHeading: string;
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

const ID_JOBS: Readonly<Record<string, string>> = {
  'monthly-report': 'jadwal bulanan',
  'weekly-digest': 'jadwal mingguan',
};

const ID: ComplianceReportLabels = {
  locale: 'id-ID',
  htmlLang: 'id',
  fileStem: 'laporan-kepatuhan',
  title: 'LAPORAN KEPATUHAN SOP',
  subtitle: 'Pemenuhan Mutu Baku Waktu per Langkah SOP',
  period: 'Periode',
  periodRange: (from, to) => `${from} s.d. ${to}`,
  agencyFilter: 'OPD',
  allAgencies: 'Semua OPD',
  sopVersionFilter: 'Versi SOP',
  allSopVersions: 'Semua versi',
  judgedAt: 'Keadaan data per',
  measure: 'Hasil ukur',
  measures: { measured: 'sebagaimana diukur', recalculated: 'sebagaimana dihitung ulang' },
  generatedAt: 'Dibuat pada',
  generatedBy: 'Dibuat oleh',
  at: 'pukul',
  automatic: (job) => `otomatis (${ID_JOBS[job] ?? 'sistem'})`,
  commandLine: (name) => `${name} (melalui baris perintah)`,
  headline: {
    heading: 'Ringkasan Utama',
    share: 'langkah layanan selesai dalam mutu baku waktu',
    previous: (period, share) => `${period}: ${share}`,
    noPrevious: (period) => `${period}: belum ada data`,
    up: (points) => `naik ${points} poin`,
    down: (points) => `turun ${points} poin`,
    same: 'tetap',
    target: (target) => `Target kantor ${target}`,
    meetsTarget: 'tercapai',
    belowTarget: 'belum tercapai',
    breaches: 'Pelanggaran mutu baku',
    breachesBefore: (count) => `periode sebelumnya ${count}`,
    atRiskNow: 'Berisiko saat ini',
    atRiskNowDetail: 'langkah berjalan yang mendekati batas waktu',
  },
  summary: 'Ringkasan Permohonan',
  opened: 'Permohonan masuk',
  completed: 'Selesai',
  running: 'Masih berjalan',
  cancelled: 'Dibatalkan',
  leadTimeMedian: 'Separuh permohonan selesai dalam',
  leadTimeP90: '9 dari 10 permohonan selesai dalam¹',
  rework: 'Dikembalikan BSrE (putaran ulang)',
  reworkDetail: (averageRounds) => `rata-rata ${averageRounds} putaran per permohonan`,
  footnotes: [
    '¹ Disebut juga persentil ke-90 (P90); "separuh selesai dalam" disebut juga median. Waktu dihitung dari permohonan masuk sampai sertifikat terbit.',
  ],
  changes: 'Perubahan Dibanding Periode Sebelumnya',
  stepsHeading: 'Kepatuhan per Langkah',
  step: (step) => `Langkah ${step}`,
  stepWithStandard: (step, standard) => `Langkah ${step} (${standard})`,
  columns: {
    step: 'Langkah',
    standard: 'Mutu baku',
    instances: 'Jumlah',
    ended: 'Selesai',
    withinStandard: 'Dalam mutu baku',
    breaches: 'Pelanggaran',
    atRiskNow: 'Berisiko saat ini',
    durationMedian: 'Separuh selesai dalam',
    durationP90: '9 dari 10 selesai dalam',
    agency: 'OPD',
    opened: 'Masuk',
    completed: 'Selesai',
    leadTimeMedian: 'Separuh selesai dalam',
    status: 'Keterangan',
    number: 'No.',
    renewal: 'Pemilik sertifikat (OPD), nomor permohonan',
    round: 'Putaran',
    performer: 'Pelaksana',
    started: 'Mulai (WIB)',
    ended_at: 'Selesai (WIB)',
    duration: 'Lama',
    overrun: 'Kelebihan waktu',
    role: 'Pelaksana',
    held: 'Lama dipegang',
    share: 'Porsi',
  },
  charts: {
    stepsTitle: 'Langkah yang Selesai dalam Mutu Baku',
    standardLine: 'Mutu baku (100%)',
    meetsTarget: (target) => `Mencapai target (≥ ${target})`,
    belowTarget: 'Di bawah target',
    trendTitle: 'Tren Bulanan',
    trendOpened: 'Permohonan masuk',
    trendShare: 'Langkah dalam mutu baku',
    leadTimeTitle: 'Sebaran Waktu Penyelesaian Permohonan',
    leadTimeBucket: (fromDays, toDays) =>
      toDays === null ? `≥ ${fromDays} hari` : `${fromDays}–${toDays} hari`,
    noData: 'Tidak ada data',
  },
  agenciesHeading: (target) => `Kepatuhan per OPD (Target ${target})`,
  agenciesNote: 'Diurutkan dari yang terendah; OPD di bawah target ditandai.',
  belowTarget: 'Di bawah target',
  performersHeading: 'Lama Dipegang per Pelaksana',
  breachesHeading: 'Daftar Pelanggaran Mutu Baku',
  noBreaches: 'Tidak ada pelanggaran mutu baku dalam periode ini.',
  moreBreaches: (count) => `Terdapat ${count} pelanggaran lainnya; daftar lengkap ada pada lampiran Excel.`,
  aboutHeading: 'Keterangan Laporan',
  sopHeading: 'Acuan SOP',
  sopNumber: 'Nomor SOP',
  sopName: 'Nama SOP',
  sopVersion: 'Versi',
  sopEffective: 'Tanggal berlaku',
  integrityHeading: 'Keutuhan Data',
  dataFingerprint: 'Sidik data (SHA-256)',
  auditHead: (seq) => `Jejak audit terakhir saat laporan dibuat: nomor ${seq}`,
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
  narrative: {
    previousPeriod: (period) => `periode sebelumnya (${period})`,
    openedUp: (from, to, change, previous) =>
      `Permohonan yang masuk naik dari ${from} menjadi ${to} (${change}) dibanding ${previous}.`,
    openedDown: (from, to, change, previous) =>
      `Permohonan yang masuk turun dari ${from} menjadi ${to} (${change}) dibanding ${previous}.`,
    openedSame: (count, previous) => `Permohonan yang masuk tetap ${count}, sama dengan ${previous}.`,
    openedNoPrevious: (count, previous) =>
      `Pada ${previous} tidak ada permohonan; pada periode ini masuk ${count} permohonan.`,
    sharesIntro: 'Langkah yang selesai dalam mutu baku:',
    shareChange: (step, share, change) => `${step} ${share} (${change})`,
    shareNew: (step, share) => `${step} ${share}`,
    pointsUp: (points) => `naik ${points} poin`,
    pointsDown: (points) => `turun ${points} poin`,
    pointsSame: 'tetap',
    breachesChange: (now, before) => `Pelanggaran mutu baku: ${now} (periode sebelumnya ${before}).`,
    worstStep: (step, count) => `Pelanggaran terbanyak pada ${step}: ${count}.`,
    noBreaches: 'Tidak ada pelanggaran mutu baku.',
    leadTimeChange: (now, before, faster) =>
      `Separuh permohonan selesai dalam ${now}, ${faster ? 'lebih cepat' : 'lebih lambat'} dari periode sebelumnya (${before}).`,
    leadTimeSame: (now) => `Separuh permohonan selesai dalam ${now}, sama dengan periode sebelumnya.`,
    leadTimeNew: (now) => `Separuh permohonan selesai dalam ${now}.`,
    noRenewals: 'Tidak ada permohonan yang masuk dalam periode ini.',
  },
};

const EN_JOBS: Readonly<Record<string, string>> = {
  'monthly-report': 'monthly schedule',
  'weekly-digest': 'weekly schedule',
};

const EN: ComplianceReportLabels = {
  locale: 'en-GB',
  htmlLang: 'en',
  fileStem: 'compliance-report',
  title: 'SOP COMPLIANCE REPORT',
  subtitle: 'Time Standards Met per SOP Step',
  period: 'Period',
  periodRange: (from, to) => `${from} to ${to}`,
  agencyFilter: 'Agency',
  allAgencies: 'All agencies',
  sopVersionFilter: 'SOP version',
  allSopVersions: 'All versions',
  judgedAt: 'Data as of',
  measure: 'Measurements',
  measures: { measured: 'as measured', recalculated: 'as recalculated' },
  generatedAt: 'Generated on',
  generatedBy: 'Generated by',
  at: 'at',
  automatic: (job) => `automatically (${EN_JOBS[job] ?? 'system'})`,
  commandLine: (name) => `${name} (command line)`,
  headline: {
    heading: 'At a Glance',
    share: 'of service steps ended within their time standard',
    previous: (period, share) => `${period}: ${share}`,
    noPrevious: (period) => `${period}: no data yet`,
    up: (points) => `up ${points} points`,
    down: (points) => `down ${points} points`,
    same: 'unchanged',
    target: (target) => `Office target ${target}`,
    meetsTarget: 'met',
    belowTarget: 'not met',
    breaches: 'Time standard breaches',
    breachesBefore: (count) => `previous period ${count}`,
    atRiskNow: 'At risk now',
    atRiskNowDetail: 'running steps close to their deadline',
  },
  summary: 'Renewals',
  opened: 'Renewals received',
  completed: 'Completed',
  running: 'Still running',
  cancelled: 'Cancelled',
  leadTimeMedian: 'Half of renewals done within',
  leadTimeP90: '9 in 10 renewals done within¹',
  rework: 'Returned by BSrE (another round)',
  reworkDetail: (averageRounds) => `${averageRounds} rounds per renewal on average`,
  footnotes: [
    '¹ Also called the 90th percentile (P90); "half done within" is also called the median. Time runs from the request to the issued certificate.',
  ],
  changes: 'Changes since the Previous Period',
  stepsHeading: 'Compliance per Step',
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
    durationMedian: 'Half done within',
    durationP90: '9 in 10 done within',
    agency: 'Agency',
    opened: 'Received',
    completed: 'Completed',
    leadTimeMedian: 'Half done within',
    status: 'Note',
    number: 'No.',
    renewal: 'Certificate holder (agency), renewal number',
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
    stepsTitle: 'Steps Ended within the Time Standard',
    standardLine: 'Standard (100%)',
    meetsTarget: (target) => `Meets target (≥ ${target})`,
    belowTarget: 'Below target',
    trendTitle: 'Monthly Trend',
    trendOpened: 'Renewals received',
    trendShare: 'Steps within standard',
    leadTimeTitle: 'Time to Complete a Renewal',
    leadTimeBucket: (fromDays, toDays) =>
      toDays === null ? `≥ ${fromDays} days` : `${fromDays}–${toDays} days`,
    noData: 'No data',
  },
  agenciesHeading: (target) => `Compliance per Agency (Target ${target})`,
  agenciesNote: 'Lowest first; agencies below the target are marked.',
  belowTarget: 'Below target',
  performersHeading: 'Time Held per Performer',
  breachesHeading: 'Time Standard Breaches',
  noBreaches: 'No time standard was breached in this period.',
  moreBreaches: (count) => `${count} more breaches are listed in the Excel attachment.`,
  aboutHeading: 'About this Report',
  sopHeading: 'SOP Reference',
  sopNumber: 'SOP number',
  sopName: 'SOP name',
  sopVersion: 'Version',
  sopEffective: 'Effective date',
  integrityHeading: 'Data Integrity',
  dataFingerprint: 'Data fingerprint (SHA-256)',
  auditHead: (seq) => `Last audit trail entry when generated: number ${seq}`,
  integrityNote:
    "The data fingerprint is the SHA-256 of the canonical JSON of this report's figures; the SHA-256 of this PDF file itself is recorded in the report archive.",
  approval: { acknowledged: 'Acknowledged by,', nip: 'NIP.' },
  pageOf: ['Page', 'of'],
  noStandard: 'No standard',
  none: '–',
  roles: { PENGGUNA: 'User', VERIFIKATOR: 'Verifier', BSRE: 'BSrE' },
  narrative: {
    previousPeriod: (period) => `the previous period (${period})`,
    openedUp: (from, to, change, previous) =>
      `Renewals received rose from ${from} to ${to} (${change}) compared with ${previous}.`,
    openedDown: (from, to, change, previous) =>
      `Renewals received fell from ${from} to ${to} (${change}) compared with ${previous}.`,
    openedSame: (count, previous) => `Renewals received stayed at ${count}, as in ${previous}.`,
    openedNoPrevious: (count, previous) =>
      `There were no renewals in ${previous}; ${count} were received in this period.`,
    sharesIntro: 'Steps ended within the standard:',
    shareChange: (step, share, change) => `${step} ${share} (${change})`,
    shareNew: (step, share) => `${step} ${share}`,
    pointsUp: (points) => `up ${points} points`,
    pointsDown: (points) => `down ${points} points`,
    pointsSame: 'unchanged',
    breachesChange: (now, before) => `Time standard breaches: ${now} (previous period ${before}).`,
    worstStep: (step, count) => `Most breaches at ${step}: ${count}.`,
    noBreaches: 'No time standard was breached.',
    leadTimeChange: (now, before, faster) =>
      `Half of renewals were done within ${now}, ${faster ? 'faster' : 'slower'} than the previous period (${before}).`,
    leadTimeSame: (now) => `Half of renewals were done within ${now}, as in the previous period.`,
    leadTimeNew: (now) => `Half of renewals were done within ${now}.`,
    noRenewals: 'No renewals were received in this period.',
  },
};

export const COMPLIANCE_REPORT_LABELS: Readonly<Record<ReportLang, ComplianceReportLabels>> = {
  id: ID,
  en: EN,
};
