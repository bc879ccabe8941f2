import { isCalendarDate } from '../calendar/calendar-date';

/**
 * NIP (Nomor Induk Pegawai) of an ASN, 18 digits (PP 11/2017 and Peraturan BKN on NIP):
 *
 * | digits | part                                                                    |
 * | ------ | ----------------------------------------------------------------------- |
 * | 1–8    | birth date YYYYMMDD (a real calendar day, year 1900 or later)           |
 * | 9–14   | appointment: year YYYY and month 01–12 (PNS), or year and `21` (PPPK)   |
 * | 15     | sex: 1 = laki-laki, 2 = perempuan                                       |
 * | 16–18  | sequence 001–999                                                        |
 *
 * PPPK (government employees on contract) get their NIP from BKN in the same layout, with the
 * code `21` where a PNS has the month of appointment, e.g. `199001012022211001`. Appointment
 * comes at 18 at the earliest (minimum age of an ASN), so its year is at least the birth year + 18.
 */
export const NIP_PPPK_CODE = '21';

const NIP_SHAPE = /^(\d{4})(\d{2})(\d{2})(\d{4})(\d{2})(\d)(\d{3})$/;

/**
 * What is wrong with a NIP, naming every part at fault (Indonesian, joined by "; "), or null when
 * it can exist. Pure: says nothing of whether such a person is on record.
 */
export function nipProblem(nip: string): string | null {
  const match = NIP_SHAPE.exec(nip);
  if (!match) return 'NIP harus 18 digit angka';
  const [, bornYear, bornMonth, bornDay, appointedYear, appointedMonth, sex, sequence] = match;
  const problems: string[] = [];
  if (Number(bornYear) < 1900 || !isCalendarDate(`${bornYear}-${bornMonth}-${bornDay}`)) {
    problems.push(`tanggal lahir (digit 1–8) ${bornYear}-${bornMonth}-${bornDay} bukan tanggal yang ada`);
  }
  const month = Number(appointedMonth);
  if (!((month >= 1 && month <= 12) || appointedMonth === NIP_PPPK_CODE)) {
    problems.push(
      `bulan pengangkatan (digit 13–14) ${appointedMonth} harus 01–12 (PNS) atau ${NIP_PPPK_CODE} (PPPK)`,
    );
  }
  if (Number(appointedYear) < Number(bornYear) + 18) {
    problems.push(
      `tahun pengangkatan (digit 9–12) ${appointedYear} harus paling cepat 18 tahun setelah tahun lahir ${bornYear}`,
    );
  }
  if (sex !== '1' && sex !== '2') {
    problems.push(`digit jenis kelamin (digit 15) ${sex} harus 1 (laki-laki) atau 2 (perempuan)`);
  }
  if (sequence === '000') problems.push('nomor urut (digit 16–18) harus 001–999');
  return problems.length ? problems.join('; ') : null;
}

export function isNip(nip: string): boolean {
  return nipProblem(nip) === null;
}
