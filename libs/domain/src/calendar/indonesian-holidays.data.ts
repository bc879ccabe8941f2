import type { Holiday } from './holiday.types';

/*
 * Days the office is closed besides weekends (a day off on a weekend is listed anyway, as the SKB
 * lists it, and counts for nothing).
 *
 * 2026: SKB 3 Menteri (Menteri Agama, Menteri Ketenagakerjaan, Menteri PANRB) Nomor 1497 Tahun 2025,
 * Nomor 2 Tahun 2025, Nomor 5 Tahun 2025: 17 hari libur nasional and 8 hari cuti bersama.
 *
 * 2027: the SKB for 2027 was not yet published when this list was written. The fixed-date holidays
 * are certain; the lunar and Islamic ones (Isra Mikraj, Imlek, Nyepi, Idulfitri, Iduladha, Waisak,
 * Tahun Baru Islam, Maulid Nabi) are the government's projected dates (hisab, MABIMS criteria) and
 * Easter-based ones follow the computus. No cuti bersama is listed for 2027 because none is decreed
 * yet: guessing one would silently shorten working-day SLAs. Admins edit these dates in the
 * application (the database copy is the one in force) once the SKB appears.
 */
export const INDONESIAN_HOLIDAYS: readonly Holiday[] = [
  { date: '2026-01-01', name: 'Tahun Baru 2026 Masehi', kind: 'libur_nasional' },
  { date: '2026-01-16', name: 'Isra Mikraj Nabi Muhammad SAW', kind: 'libur_nasional' },
  { date: '2026-02-16', name: 'Cuti Bersama Tahun Baru Imlek 2577 Kongzili', kind: 'cuti_bersama' },
  { date: '2026-02-17', name: 'Tahun Baru Imlek 2577 Kongzili', kind: 'libur_nasional' },
  { date: '2026-03-18', name: 'Cuti Bersama Hari Suci Nyepi (Tahun Baru Saka 1948)', kind: 'cuti_bersama' },
  { date: '2026-03-19', name: 'Hari Suci Nyepi (Tahun Baru Saka 1948)', kind: 'libur_nasional' },
  { date: '2026-03-20', name: 'Cuti Bersama Idulfitri 1447 Hijriah', kind: 'cuti_bersama' },
  { date: '2026-03-21', name: 'Idulfitri 1447 Hijriah', kind: 'libur_nasional' },
  { date: '2026-03-22', name: 'Idulfitri 1447 Hijriah', kind: 'libur_nasional' },
  { date: '2026-03-23', name: 'Cuti Bersama Idulfitri 1447 Hijriah', kind: 'cuti_bersama' },
  { date: '2026-03-24', name: 'Cuti Bersama Idulfitri 1447 Hijriah', kind: 'cuti_bersama' },
  { date: '2026-04-03', name: 'Wafat Yesus Kristus', kind: 'libur_nasional' },
  { date: '2026-04-05', name: 'Kebangkitan Yesus Kristus (Paskah)', kind: 'libur_nasional' },
  { date: '2026-05-01', name: 'Hari Buruh Internasional', kind: 'libur_nasional' },
  { date: '2026-05-14', name: 'Kenaikan Yesus Kristus', kind: 'libur_nasional' },
  { date: '2026-05-15', name: 'Cuti Bersama Kenaikan Yesus Kristus', kind: 'cuti_bersama' },
  { date: '2026-05-27', name: 'Iduladha 1447 Hijriah', kind: 'libur_nasional' },
  { date: '2026-05-28', name: 'Cuti Bersama Iduladha 1447 Hijriah', kind: 'cuti_bersama' },
  { date: '2026-05-31', name: 'Hari Raya Waisak 2570 BE', kind: 'libur_nasional' },
  { date: '2026-06-01', name: 'Hari Lahir Pancasila', kind: 'libur_nasional' },
  { date: '2026-06-16', name: '1 Muharam Tahun Baru Islam 1448 Hijriah', kind: 'libur_nasional' },
  { date: '2026-08-17', name: 'Proklamasi Kemerdekaan', kind: 'libur_nasional' },
  { date: '2026-08-25', name: 'Maulid Nabi Muhammad SAW', kind: 'libur_nasional' },
  { date: '2026-12-24', name: 'Cuti Bersama Kelahiran Yesus Kristus', kind: 'cuti_bersama' },
  { date: '2026-12-25', name: 'Kelahiran Yesus Kristus', kind: 'libur_nasional' },

  { date: '2027-01-01', name: 'Tahun Baru 2027 Masehi', kind: 'libur_nasional' },
  { date: '2027-01-05', name: 'Isra Mikraj Nabi Muhammad SAW', kind: 'libur_nasional' },
  { date: '2027-02-06', name: 'Tahun Baru Imlek 2578 Kongzili', kind: 'libur_nasional' },
  { date: '2027-03-08', name: 'Hari Suci Nyepi (Tahun Baru Saka 1949)', kind: 'libur_nasional' },
  { date: '2027-03-10', name: 'Idulfitri 1448 Hijriah', kind: 'libur_nasional' },
  { date: '2027-03-11', name: 'Idulfitri 1448 Hijriah', kind: 'libur_nasional' },
  { date: '2027-03-26', name: 'Wafat Yesus Kristus', kind: 'libur_nasional' },
  { date: '2027-03-28', name: 'Kebangkitan Yesus Kristus (Paskah)', kind: 'libur_nasional' },
  { date: '2027-05-01', name: 'Hari Buruh Internasional', kind: 'libur_nasional' },
  { date: '2027-05-06', name: 'Kenaikan Yesus Kristus', kind: 'libur_nasional' },
  { date: '2027-05-17', name: 'Iduladha 1448 Hijriah', kind: 'libur_nasional' },
  { date: '2027-05-20', name: 'Hari Raya Waisak 2571 BE', kind: 'libur_nasional' },
  { date: '2027-06-01', name: 'Hari Lahir Pancasila', kind: 'libur_nasional' },
  { date: '2027-06-06', name: '1 Muharam Tahun Baru Islam 1449 Hijriah', kind: 'libur_nasional' },
  { date: '2027-08-15', name: 'Maulid Nabi Muhammad SAW', kind: 'libur_nasional' },
  { date: '2027-08-17', name: 'Proklamasi Kemerdekaan', kind: 'libur_nasional' },
  { date: '2027-12-25', name: 'Kelahiran Yesus Kristus', kind: 'libur_nasional' },
  // 27 Rajab comes round twice in 2027 (the Hijri year is ~11 days shorter).
  { date: '2027-12-26', name: 'Isra Mikraj Nabi Muhammad SAW', kind: 'libur_nasional' },
];
