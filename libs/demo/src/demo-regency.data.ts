/*
 * Made-up but plausible people and paperwork of Pemkab Kepulauan Meranti for the demo history.
 * Weights follow headcount: health, education and the hospital have the most certificate holders.
 */

export interface DemoAgency {
  readonly name: string;
  readonly weight: number;
  /** Degrees common among its staff; "dr." is written before the name, the others after it. */
  readonly degrees: readonly string[];
}

export const DEMO_AGENCIES: readonly DemoAgency[] = [
  { name: 'Dinas Kesehatan', weight: 14, degrees: ['dr.', 'S.K.M.', 'S.Kep.', 'A.Md.Keb.', 'S.Farm.'] },
  { name: 'Dinas Pendidikan', weight: 16, degrees: ['S.Pd.', 'S.Pd.I.', 'M.Pd.', 'S.Sos.'] },
  { name: 'RSUD Kepulauan Meranti', weight: 12, degrees: ['dr.', 'S.Kep.', 'A.Md.Kep.', 'S.Farm.'] },
  { name: 'Sekretariat Daerah', weight: 10, degrees: ['S.H.', 'S.Sos.', 'S.A.P.', 'S.STP.', 'M.Si.'] },
  { name: 'BPKAD', weight: 9, degrees: ['S.E.', 'S.Ak.', 'A.Md.', 'M.Ak.'] },
  { name: 'BAPPEDA', weight: 6, degrees: ['S.T.', 'S.E.', 'S.P.', 'M.Si.'] },
  { name: 'Dinas PUPR', weight: 7, degrees: ['S.T.', 'A.Md.T.', 'M.T.'] },
  { name: 'Dinas Sosial', weight: 5, degrees: ['S.Sos.', 'S.Kesos.', 'S.A.P.'] },
  { name: 'Inspektorat', weight: 5, degrees: ['S.E.', 'S.H.', 'S.Ak.'] },
  { name: 'Kecamatan Tebing Tinggi', weight: 5, degrees: ['S.Sos.', 'S.STP.', 'S.A.P.'] },
  { name: 'Kecamatan Rangsang', weight: 4, degrees: ['S.Sos.', 'S.STP.', 'A.Md.'] },
  { name: 'Diskominfotik', weight: 6, degrees: ['S.Kom.', 'S.T.', 'A.Md.Kom.', 'S.I.Kom.'] },
];

/** Indexed by the NIP's sex digit less one: 1 = laki-laki, 2 = perempuan. */
export const GIVEN_NAMES: readonly [readonly string[], readonly string[]] = [
  [
    'Muhammad',
    'Ahmad',
    'Rizki',
    'Fajar',
    'Hendra',
    'Syahrul',
    'Zulkifli',
    'Irwan',
    'Dedi',
    'Agus',
    'Rahmat',
    'Hafiz',
    'Iqbal',
    'Arif',
    'Firdaus',
    'Yusri',
    'Azwar',
    'Khairul',
    'Fadli',
    'Taufik',
    'Ridwan',
    'Joko',
  ],
  [
    'Siti',
    'Nurhayati',
    'Fitriani',
    'Rahmawati',
    'Dewi',
    'Yulia',
    'Rina',
    'Sri',
    'Nurul',
    'Aisyah',
    'Fatimah',
    'Zuraidah',
    'Rosmawati',
    'Suryani',
    'Wahyuni',
    'Putri',
    'Mardiana',
    'Intan',
    'Nadia',
    'Hasanah',
  ],
];

export const SECOND_NAMES: readonly [readonly string[], readonly string[]] = [
  [
    'Hidayat',
    'Saputra',
    'Syahputra',
    'Pratama',
    'Ramadhan',
    'Kurniawan',
    'Setiawan',
    'Hakim',
    'Fauzi',
    'Rahman',
    'Hamzah',
    'Effendi',
    'Maulana',
    'Nasution',
    'Siregar',
    'Lubis',
  ],
  [
    'Sari',
    'Anggraini',
    'Safitri',
    'Amelia',
    'Lestari',
    'Handayani',
    'Rahmadani',
    'Azizah',
    'Fitri',
    'Ningsih',
    'Nasution',
    'Siregar',
    'Lubis',
  ],
];

/** What BSrE most often finds missing from a renewal file. */
/** What BSrE sends back for, by the codes of the shipped SOP's checklist. */
export const MISSING_ITEMS = ['surat-rekomendasi', 'sk-jabatan', 'ktp', 'formulir-pembaruan'] as const;

export const CANCEL_REASONS = [
  'Pemegang sertifikat pindah tugas ke luar Kabupaten Kepulauan Meranti',
  'Pemegang sertifikat memasuki masa pensiun',
  'Permohonan ganda; diteruskan pada permohonan lain',
  'Kekurangan berkas tidak dapat dilengkapi pemohon',
] as const;
