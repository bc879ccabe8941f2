import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ValidationError } from '../common/domain-errors';
import { parseSopDefinition, SopDefinitionError } from './sop-definition';

const SHIPPED = join(__dirname, '../../../sops/definitions/pembaruan-sertifikat-elektronik.v1.json');
const shipped = () => JSON.parse(readFileSync(SHIPPED, 'utf8'));

function problemsOf(input: unknown): { field: string; message: string }[] {
  try {
    parseSopDefinition(input);
  } catch (error) {
    expect(error).toBeInstanceOf(SopDefinitionError);
    expect(error).toBeInstanceOf(ValidationError);
    return [...(error as SopDefinitionError).problems];
  }
  throw new Error('expected the definition to be rejected');
}

describe('parseSopDefinition', () => {
  it('reads the shipped renewal SOP as the source document has it', () => {
    const sop = parseSopDefinition(shipped());
    expect(sop.code).toBe('pembaruan-sertifikat-elektronik');
    expect(sop.identity).toMatchObject({
      number: '555/SOP-DISKOMINFOTIK/X/2022/003',
      name: 'PEMBARUAN SERTIFIKAT ELEKTRONIK',
      madeOn: '2022-10-11',
      revisedOn: null,
      effectiveOn: '2022-10-14',
      signatory: { name: 'Muhlisin, S.Kom.', nip: '197904092010011014' },
    });
    expect(sop.identity.legalBasis).toHaveLength(7);
    expect(sop.identity.qualifications).toHaveLength(3);
    expect(
      sop.steps.map((s) => [s.number, s.performers, s.standard.duration, s.standard.durationMs, s.timeLabel]),
    ).toEqual([
      [1, ['PENGGUNA', 'VERIFIKATOR'], 'PT5M', 5 * 60_000, '5 Menit'],
      [2, ['PENGGUNA', 'VERIFIKATOR'], 'PT5M', 5 * 60_000, '5 Menit'],
      [3, ['BSRE'], null, null, '-'],
      [4, ['PENGGUNA'], 'P7D', 7 * 86_400_000, '7 Hari'],
    ]);
    expect(sop.steps[2].branches).toEqual([
      { label: 'Ya', outcome: 'complete', goto: 4 },
      { label: 'Tidak', outcome: 'incomplete', goto: 1 },
    ]);
    expect(sop.steps[3].note).toBe('Informasi Pembaruan Dapat dilihat Melalui AMS / Akun Email Terdaftar');
  });

  it('reads the checklist of supporting documents, three of four required', () => {
    expect(parseSopDefinition(shipped()).checklist).toEqual([
      { code: 'surat-rekomendasi', label: expect.stringContaining('rekomendasi'), required: true },
      { code: 'ktp', label: expect.stringContaining('KTP'), required: true },
      { code: 'sk-jabatan', label: expect.stringContaining('SK'), required: true },
      { code: 'formulir-pembaruan', label: expect.stringContaining('formulir'), required: false },
    ]);
  });

  it('leaves the checklist out when a definition has none, so its hash stays what it was', () => {
    const input = shipped();
    delete input.checklist;
    expect(parseSopDefinition(input)).not.toHaveProperty('checklist');
  });

  it('names duplicate checklist codes, codes that are not slugs and empty labels', () => {
    const input = shipped();
    input.checklist[1].code = 'surat-rekomendasi';
    expect(problemsOf(input)).toEqual([
      { field: 'checklist[1].code', message: 'kode "surat-rekomendasi" sudah dipakai butir lain' },
    ]);
    input.checklist[1] = { code: 'Scan KTP', label: ' ', required: 'ya' };
    expect(problemsOf(input).map((p) => p.field)).toEqual([
      'checklist[1].code',
      'checklist[1].label',
      'checklist[1].required',
    ]);
  });

  it('names an unknown step reference', () => {
    const input = shipped();
    input.steps[2].branches[1].goto = 9;
    expect(problemsOf(input)).toEqual([
      { field: 'steps[2].branches[1].goto', message: 'langkah 9 tidak ada' },
    ]);
  });

  it('names a negative duration', () => {
    const input = shipped();
    input.steps[0].time.duration = '-PT5M';
    expect(problemsOf(input)).toEqual([
      { field: 'steps[0].time.duration', message: expect.stringContaining('"-PT5M" bukan durasi ISO-8601') },
    ]);
  });

  it('names an unreadable duration', () => {
    const input = shipped();
    input.steps[3].time.duration = '7 hari';
    expect(problemsOf(input).map((p) => p.field)).toEqual(['steps[3].time.duration']);
  });

  it('names every missing field', () => {
    const input = shipped();
    delete input.identity.number;
    delete input.steps[1].activity;
    expect(problemsOf(input)).toEqual([
      { field: 'identity.number', message: 'wajib diisi' },
      { field: 'steps[1].activity', message: 'wajib diisi' },
    ]);
  });

  it('refuses unknown fields rather than ignoring them', () => {
    const input = shipped();
    input.steps[0].waktu = '5 Menit';
    expect(problemsOf(input)).toEqual([{ field: 'steps[0]', message: 'kolom tidak dikenal: waktu' }]);
  });

  it.each([
    [
      'a bad NIP',
      (d: any) => (d.identity.signatory.nip = '1979'),
      'identity.signatory.nip',
      'NIP harus 18 digit',
    ],
    [
      'an impossible date',
      (d: any) => (d.identity.effectiveOn = '2022-02-30'),
      'identity.effectiveOn',
      'bukan tanggal yang ada',
    ],
    [
      'an unknown performer',
      (d: any) => (d.steps[0].performers = ['CAMAT']),
      'steps[0].performers[0]',
      'harus salah satu dari PENGGUNA, VERIFIKATOR, BSRE',
    ],
    [
      'an unknown time basis',
      (d: any) => (d.steps[0].time.basis = 'lunar'),
      'steps[0].time.basis',
      'harus salah satu dari "calendar", "working", "office_hours"',
    ],
    [
      'steps out of order',
      (d: any) => (d.steps[1].number = 5),
      'steps[1].number',
      'harus 2 (langkah berurutan mulai 1)',
    ],
    ['no steps', (d: any) => (d.steps = []), 'steps', 'minimal satu langkah'],
    [
      'a decision with one branch',
      (d: any) => d.steps[2].branches.pop(),
      'steps[2].branches',
      'keputusan butuh minimal dua cabang',
    ],
    [
      'a bad code',
      (d: any) => (d.code = 'Pembaruan SE'),
      'code',
      'harus slug huruf kecil, angka dan tanda hubung',
    ],
  ])('names %s', (_what, mutate, field, message) => {
    const input = shipped();
    mutate(input);
    expect(problemsOf(input)).toContainEqual({ field, message });
  });

  it('rejects something that is not a definition at all', () => {
    expect(problemsOf('hello')).toEqual([{ field: '(root)', message: expect.any(String) }]);
  });
});
