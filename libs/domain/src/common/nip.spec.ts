import fc from 'fast-check';
import { isNip, nipProblem } from './nip';

describe('nipProblem', () => {
  it('accepts the PNS and PPPK forms', () => {
    expect(nipProblem('198701012010011001')).toBeNull();
    expect(nipProblem('199203042015032002')).toBeNull();
    expect(nipProblem('199001012022211001')).toBeNull(); // PPPK: 21 in place of the month
    expect(nipProblem('200002292024121999')).toBeNull(); // born on a leap day
  });

  it.each([
    ['19900101201501100', 'NIP harus 18 digit angka'],
    ['1990010120150110011', 'NIP harus 18 digit angka'],
    ['19900101201501100a', 'NIP harus 18 digit angka'],
    ['199013452015011001', 'tanggal lahir (digit 1–8) 1990-13-45 bukan tanggal yang ada'],
    ['199102292015011001', 'tanggal lahir (digit 1–8) 1991-02-29 bukan tanggal yang ada'],
    [
      '000000000000000000',
      'tanggal lahir (digit 1–8) 0000-00-00 bukan tanggal yang ada; ' +
        'bulan pengangkatan (digit 13–14) 00 harus 01–12 (PNS) atau 21 (PPPK); ' +
        'tahun pengangkatan (digit 9–12) 0000 harus paling cepat 18 tahun setelah tahun lahir 0000; ' +
        'digit jenis kelamin (digit 15) 0 harus 1 (laki-laki) atau 2 (perempuan); ' +
        'nomor urut (digit 16–18) harus 001–999',
    ],
    ['199001012015131001', 'bulan pengangkatan (digit 13–14) 13 harus 01–12 (PNS) atau 21 (PPPK)'],
    ['199001012015001001', 'bulan pengangkatan (digit 13–14) 00 harus 01–12 (PNS) atau 21 (PPPK)'],
    [
      '199001012000011001',
      'tahun pengangkatan (digit 9–12) 2000 harus paling cepat 18 tahun setelah tahun lahir 1990',
    ],
    ['199001012015017001', 'digit jenis kelamin (digit 15) 7 harus 1 (laki-laki) atau 2 (perempuan)'],
    ['199001012015010001', 'digit jenis kelamin (digit 15) 0 harus 1 (laki-laki) atau 2 (perempuan)'],
    [
      '199001012015010000',
      'digit jenis kelamin (digit 15) 0 harus 1 (laki-laki) atau 2 (perempuan); nomor urut (digit 16–18) harus 001–999',
    ],
    ['199001012015011000', 'nomor urut (digit 16–18) harus 001–999'],
  ])('refuses %s: %s', (nip, message) => {
    expect(nipProblem(nip)).toBe(message);
    expect(isNip(nip)).toBe(false);
  });

  it('accepts exactly the NIPs built from valid parts', () => {
    const pad = (n: number, width: number) => String(n).padStart(width, '0');
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1900-01-01T00:00:00Z'),
          max: new Date('2009-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.integer({ min: 18, max: 60 }),
        fc.constantFrom(...[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 21].map((m) => pad(m, 2))),
        fc.integer({ min: 0, max: 9 }),
        fc.integer({ min: 0, max: 999 }),
        (born, age, month, sex, sequence) => {
          const nip =
            born.toISOString().slice(0, 10).replaceAll('-', '') +
            `${born.getUTCFullYear() + age}${month}${sex}${pad(sequence, 3)}`;
          expect(isNip(nip)).toBe((sex === 1 || sex === 2) && sequence > 0);
        },
      ),
    );
  });
});
